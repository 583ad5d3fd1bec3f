/**
 * Expressions for the fast reader: the static subset (literals, arrays, objects, references,
 * member chains, calls, templates, tagged templates, `+`, signs, arrows returning one value, and
 * `as`/`satisfies`/parentheses, which the summary looks through) read straight into the
 * `StaticNode`s `summarize.ts` makes from TypeScript's AST, with the same offsets: a node starts
 * at its first token and ends after its last one, as `getStart()` and `end` give them.
 * Everything else throws `Unsupported`.
 */
import { contextualWords, reservedWords, Unsupported, type Scanner } from "./fast-scan.js";
import { skipType } from "./fast-types.js";
import { shorten, type ObjectEntry, type StaticNode } from "./summary.js";

const noParams: ReadonlySet<string> = new Set();
/** Binding power of `+` and of `as`/`satisfies` (TypeScript's additive and relational levels). */
const additive = 2;
const relational = 1;

/** Reads expressions from a scanner; `params` are the names of the enclosing functions' parameters. */
export class ExpressionReader {
  constructor(readonly s: Scanner) {}

  /** An assignment-level expression: an arrow function or a binary expression. */
  expression(params: ReadonlySet<string> = noParams): StaticNode {
    const s = this.s;
    if (s.kind() === "(" || s.kind() === "ident") {
      const arrow = this.arrow(params);
      if (arrow !== undefined) return arrow;
    }
    return this.binary(relational - 1, params);
  }

  /** Throws unless the current token is `kind`; then moves past it. */
  expect(kind: string): void {
    if (this.s.kind() !== kind) throw new Unsupported(`expected ${kind}`);
    this.s.next();
  }

  /** A name this reader may bind (`binding`) or refer to. */
  name(binding = true): string {
    const s = this.s;
    if (s.kind() !== "ident" || reservedWords.has(s.value) || (binding && contextualWords.has(s.value))) throw new Unsupported("name");
    const value = s.value;
    s.next();
    return value;
  }

  /**
   * Parameters `(a, b: T, c = value)` from `(` to after `)`: the names; the count is the length.
   * Default values are read (they must be valid) and dropped, as the summary drops them.
   */
  parameters(params: ReadonlySet<string>): string[] {
    const names: string[] = [];
    this.expect("(");
    while (this.s.kind() !== ")") {
      names.push(this.name());
      if (this.s.kind() === ":") {
        this.s.next();
        skipType(this.s);
      }
      if (this.s.kind() === "=") {
        this.s.next();
        this.expression(params);
      }
      if (this.s.kind() !== ",") break;
      this.s.next();
    }
    this.expect(")");
    return names;
  }

  /**
   * A function's body `{ return value; }` (or an arrow's expression body); other bodies are
   * refused, though the summary would keep them as a `bad` node.
   */
  functionBody(names: ReadonlySet<string>, block: boolean): StaticNode {
    const s = this.s;
    if (!block && s.kind() !== "{") return this.expression(names);
    this.expect("{");
    if (!s.is("return")) throw new Unsupported("function body");
    s.next();
    if (s.lineBefore || s.kind() === ";" || s.kind() === "}") throw new Unsupported("empty return");
    const value = this.expression(names);
    if (s.kind() === ";") s.next();
    else if (s.kind() !== "}") throw new Unsupported("function body");
    this.expect("}");
    return value;
  }

  /** An arrow function at the current token, or undefined (nothing read) when there is none. */
  private arrow(outer: ReadonlySet<string>): StaticNode | undefined {
    const s = this.s;
    const start = s.start;
    let names: string[];
    if (s.kind() === "ident") {
      if (!s.arrowFollows()) return undefined;
      names = [this.name()];
    } else {
      const state = s.save();
      try {
        names = this.parameters(outer);
        if (s.kind() === ":") {
          s.next();
          skipType(s);
        }
        if (s.kind() !== "=>") throw new Unsupported("not an arrow");
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        s.restore(state);
        return undefined;
      }
    }
    if (s.lineBefore) throw new Unsupported("line break before =>");
    s.next();
    const scope = new Set(outer);
    for (const name of names) scope.add(name);
    const body = this.functionBody(scope, false);
    return { k: "fn", params: names.length, body, start, end: s.prevEnd };
  }

  /** Precedence climbing over `+` (left to right) and `as`/`satisfies` (postfix, looser). */
  private binary(min: number, params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    const start = s.start;
    let left = this.unary(params);
    for (;;) {
      if (s.kind() === "+" && additive > min) {
        s.next();
        const right = this.binary(additive, params);
        left = { k: "plus", left, right, start, end: s.prevEnd };
      } else if ((s.is("as") || s.is("satisfies")) && !s.lineBefore && relational > min) {
        const as = s.is("as");
        s.next();
        if (as && s.is("const")) s.next();
        else skipType(s);
      } else return left;
    }
  }

  private unary(params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    if (s.kind() !== "-" && s.kind() !== "+") return this.postfix(params);
    const start = s.start;
    const minus = s.kind() === "-";
    s.next();
    const operand = this.unary(params);
    const end = s.prevEnd;
    if (operand.k === "lit" && typeof operand.v === "number") return { k: "lit", v: minus && operand.v !== 0 ? -operand.v : operand.v, start, end };
    return { k: "bad", found: `the expression ${shorten(s.text.slice(start, end))}`, start, end };
  }

  private postfix(params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    const start = s.start;
    let node = this.primary(params);
    for (;;) {
      if (s.kind() === ".") {
        s.next();
        // TypeScript takes `a.\nb c` for a missing name: a name on the next line is refused.
        if (s.kind() !== "ident" || s.lineBefore) throw new Unsupported("member name");
        const name = s.value;
        s.next();
        node = { k: "member", object: node, name, start, end: s.prevEnd };
      } else if (s.kind() === "[") {
        s.next();
        if (s.kind() !== "string" && !(s.kind() === "template" && !s.templateHead)) throw new Unsupported("element access");
        const name = s.value;
        s.next();
        this.expect("]");
        node = { k: "member", object: node, name, start, end: s.prevEnd };
      } else if (s.kind() === "(") {
        node = this.call(node, start, params);
      } else if (s.kind() === "template") {
        const { parts, subs } = this.template(params);
        node = { k: "tagged", tag: node, parts, subs, start, end: s.prevEnd };
      } else return node;
    }
  }

  private call(callee: StaticNode, start: number, params: ReadonlySet<string>): StaticNode {
    this.s.next();
    // A spread argument is never static: what it spreads is read, and it stands as a `bad` node.
    const args = this.items(")", params, (_value, at, end) => ({ k: "bad", found: "a spread argument", start: at, end }));
    return { k: "call", callee, args, start, end: this.s.prevEnd };
  }

  /** A template from its first piece (the current token) to after its closing backtick. */
  private template(params: ReadonlySet<string>): { parts: string[]; subs: StaticNode[] } {
    const s = this.s;
    const parts = [s.value];
    const subs: StaticNode[] = [];
    let head = s.templateHead;
    s.next();
    while (head) {
      subs.push(this.expression(params));
      const piece = s.continueTemplate();
      parts.push(piece.text);
      head = piece.head;
      s.next();
    }
    return { parts, subs };
  }

  private primary(params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    const start = s.start;
    switch (s.kind()) {
      case "ident":
        return this.identifier(params);
      case "string": {
        const v = s.value;
        s.next();
        return { k: "lit", v, start, end: s.prevEnd };
      }
      case "number": {
        const v = Number(s.value);
        if (!Number.isFinite(v)) throw new Unsupported("infinite number");
        s.next();
        return { k: "lit", v, start, end: s.prevEnd };
      }
      case "template": {
        if (!s.templateHead) {
          const v = s.value;
          s.next();
          return { k: "lit", v, start, end: s.prevEnd };
        }
        const { parts, subs } = this.template(params);
        return { k: "tpl", parts, subs, start, end: s.prevEnd };
      }
      case "(": {
        s.next();
        const inner = this.expression(params);
        this.expect(")");
        return inner;
      }
      case "[":
        return this.array(params);
      case "{":
        return this.object(params);
      default:
        throw new Unsupported("expression");
    }
  }

  private identifier(params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    const start = s.start;
    const word = s.value;
    if (word === "true" || word === "false" || word === "null") {
      s.next();
      return { k: "lit", v: word === "null" ? null : word === "true", start, end: s.prevEnd };
    }
    const name = this.name(false);
    return reference(name, params, start, s.prevEnd);
  }

  private array(params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    const start = s.start;
    s.next();
    const items = this.items("]", params, (value, at, end) => ({ k: "spread", value, start: at, end }));
    return { k: "arr", items, start, end: s.prevEnd };
  }

  /**
   * Comma-separated expressions (a trailing comma allowed) up to `close`, which it reads too; a
   * `...value` item becomes what `spread` makes of it (its value, start and end).
   */
  private items(close: ")" | "]", params: ReadonlySet<string>, spread: (value: StaticNode, start: number, end: number) => StaticNode): StaticNode[] {
    const s = this.s;
    const items: StaticNode[] = [];
    while (s.kind() !== close) {
      if (s.kind() === "...") {
        const spreadStart = s.start;
        s.next();
        const value = this.expression(params);
        items.push(spread(value, spreadStart, s.prevEnd));
      } else items.push(this.expression(params));
      if (s.kind() !== ",") break;
      s.next();
    }
    this.expect(close);
    return items;
  }

  private object(params: ReadonlySet<string>): StaticNode {
    const s = this.s;
    const start = s.start;
    s.next();
    const entries: ObjectEntry[] = [];
    while (s.kind() !== "}") {
      const entryStart = s.start;
      if (s.kind() === "...") {
        s.next();
        const value = this.expression(params);
        entries.push({ k: "spread", value, start: entryStart, end: s.prevEnd });
      } else {
        const kind = s.kind();
        const word = s.value;
        const key = kind === "number" ? numberKey(word) : word;
        if (kind !== "ident" && kind !== "string" && kind !== "number") throw new Unsupported("property name");
        s.next();
        if (s.kind() === ":") {
          s.next();
          const value = this.expression(params);
          entries.push({ k: "prop", key, value, start: entryStart, end: s.prevEnd });
        } else if (kind === "ident" && !reservedWords.has(word) && (s.kind() === "," || s.kind() === "}")) {
          entries.push({ k: "prop", key, value: reference(word, params, entryStart, s.prevEnd), start: entryStart, end: s.prevEnd });
        } else throw new Unsupported("property");
      }
      if (s.kind() !== ",") break;
      s.next();
    }
    this.expect("}");
    return { k: "obj", entries, start, end: s.prevEnd };
  }
}

/** An identifier as `summarize.ts` reads one: `undefined`, a parameter, or a reference. */
function reference(name: string, params: ReadonlySet<string>, start: number, end: number): StaticNode {
  if (name === "undefined") return { k: "undef", start, end };
  if (params.has(name)) return { k: "bad", found: "a parameter", start, end };
  return { k: "ref", name, start, end };
}

/** A numeric property name's text as TypeScript gives it: integers as written, others normalized. */
function numberKey(raw: string): string {
  return /^[0-9]+$/.test(raw) ? raw : String(Number(raw));
}
