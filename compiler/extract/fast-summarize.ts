/**
 * The fast reader: a hand-written reader of exactly the static subset of TypeScript that schema
 * modules are written in, giving the same `ModuleSummary` as `summarizeModule` (the reference,
 * TypeScript's own parser) without loading TypeScript. It returns null for any file it does not
 * fully understand, and for any syntax error: the reference then reads that file and reports.
 * `test/unit/fast-summarize.test.ts` holds the two equal on every case file, the example, the
 * benchmark's modules and random module trees.
 */
import { ExpressionReader } from "./fast-expressions.js";
import { contextualWords, Scanner, reservedWords, Unsupported } from "./fast-scan.js";
import { skipObjectType, skipType, skipTypeParameters } from "./fast-types.js";
import { defaultBinding, dslSpecifier, skippedSummary, type Binding, type ExportTarget, type ModuleSummary, type StaticNode, type TopStatement } from "./summary.js";

/**
 * The summary of one file as `summarizeModule(file, text, { force })` gives it, or null when
 * the file leaves the subset the fast reader knows (then only the reference can say).
 */
export function fastSummarize(file: string, text: string, force = false): ModuleSummary | null {
  const skipped = skippedSummary(file, text, force);
  if (skipped !== null) return skipped;
  try {
    const reader = new StatementReader(new Scanner(text));
    reader.module();
    return {
      file,
      importsSchemac: reader.specifiers.includes(dslSpecifier),
      specifiers: reader.specifiers,
      bindings: reader.bindings,
      exports: reader.exports,
      stars: reader.stars,
      statements: reader.statements,
      diagnostics: [],
    };
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/** Words that begin a declaration the reader does not know when they start a statement. */
const declarationWords = new Set(["declare", "abstract", "namespace", "module", "global", "using", "accessor", "type", "interface"]);

/** One import or export specifier: `name`, `name as alias`; type-only ones are marked. */
interface Specifier {
  readonly name: string;
  readonly alias: string;
  readonly typeOnly: boolean;
  readonly start: number;
  readonly end: number;
}

class StatementReader extends ExpressionReader {
  readonly bindings: Record<string, Binding> = {};
  readonly exports: Record<string, ExportTarget> = {};
  readonly stars: string[] = [];
  readonly specifiers: string[] = [];
  readonly statements: TopStatement[] = [];

  module(): void {
    while (this.s.kind() !== "eof") this.statement();
  }

  private statement(): void {
    const s = this.s;
    const start = s.start;
    if (s.kind() === ";") return s.next();
    if (s.kind() !== "ident") return this.expressionStatement();
    switch (s.value) {
      case "import":
        return this.importDeclaration(start);
      case "export":
        return this.exportDeclaration(start);
      case "const":
      case "let":
      case "var":
        return this.variableStatement(false);
      case "function":
        return this.functionDeclaration(start, false, false);
      default:
        if (this.typeDeclaration()) return;
        if (declarationWords.has(s.value)) throw new Unsupported("declaration");
        return this.expressionStatement();
    }
  }

  /** Ends a statement: `;`, or a line break or `}` or the end where no token could go on. */
  private semicolon(): void {
    const s = this.s;
    if (s.kind() === ";") return s.next();
    if (s.kind() === "eof" || s.kind() === "}") return;
    const startsAnother = s.kind() === "string" || s.kind() === "number" || (s.kind() === "ident" && s.value !== "in" && s.value !== "instanceof" && s.value !== "as" && s.value !== "satisfies");
    if (!s.lineBefore || !startsAnother) throw new Unsupported("statement end");
  }

  private expressionStatement(): void {
    const s = this.s;
    if (s.kind() !== "ident" && s.kind() !== "string" && s.kind() !== "(") throw new Unsupported("statement");
    const value = this.expression();
    this.semicolon();
    this.statements.push({ k: "expr", value });
  }

  /** `type X<T> = ...;` or `interface X<T> extends Y { ... }` (read over); false when neither. */
  private typeDeclaration(): boolean {
    const s = this.s;
    if (!s.is("type") && !s.is("interface")) return false;
    const alias = s.is("type");
    const state = s.save();
    s.next();
    if (s.kind() !== "ident" || s.lineBefore) {
      s.restore(state);
      return false;
    }
    this.name();
    skipTypeParameters(s);
    if (alias) {
      this.expect("=");
      skipType(s);
      this.semicolon();
      return true;
    }
    if (s.is("extends")) {
      do {
        s.next();
        skipType(s);
      } while (s.kind() === ",");
    }
    skipObjectType(s);
    return true;
  }

  private moduleSpecifier(): string {
    const s = this.s;
    if (!s.is("from")) throw new Unsupported("from");
    s.next();
    if (s.kind() !== "string") throw new Unsupported("module specifier");
    const specifier = s.value;
    s.next();
    if ((s.is("with") || s.is("assert")) && !s.lineBefore) throw new Unsupported("import attributes");
    this.semicolon();
    return specifier;
  }

  private importDeclaration(start: number): void {
    const s = this.s;
    s.next();
    if (s.kind() === "string") {
      this.specifiers.push(s.value);
      s.next();
      if ((s.is("with") || s.is("assert")) && !s.lineBefore) throw new Unsupported("import attributes");
      return this.semicolon();
    }
    let typeOnly = false;
    if (s.is("type")) {
      const state = s.save();
      s.next();
      typeOnly = s.kind() === "{" || s.kind() === "*" || (s.kind() === "ident" && s.value !== "from");
      if (!typeOnly) s.restore(state);
    }
    let defaultName: string | undefined;
    let namespace: { readonly name: string; readonly start: number; readonly end: number } | undefined;
    let named: Specifier[] | undefined;
    let more = true;
    if (s.kind() === "ident" && !s.is("from")) {
      defaultName = this.name();
      more = s.kind() === ",";
      if (more) {
        if (typeOnly) throw new Unsupported("type-only import of both kinds");
        s.next();
        if (s.kind() !== "{" && s.kind() !== "*") throw new Unsupported("import clause");
      }
    }
    if (!more) {
      // A default import alone: `from` follows.
    } else if (s.kind() === "*") {
      const namespaceStart = s.start;
      s.next();
      if (!s.is("as")) throw new Unsupported("namespace import");
      s.next();
      const name = this.name();
      namespace = { name, start: namespaceStart, end: s.prevEnd };
    } else if (s.kind() === "{") named = this.specifierList(true);
    if (defaultName === undefined && namespace === undefined && named === undefined) throw new Unsupported("import clause");
    const specifier = this.moduleSpecifier();
    if (typeOnly) return;
    this.specifiers.push(specifier);
    const end = s.prevEnd;
    if (defaultName !== undefined) this.bindings[defaultName] = { k: "import", specifier, imported: "default", start, end };
    if (namespace) this.bindings[namespace.name] = { k: "import", specifier, imported: "*", start: namespace.start, end: namespace.end };
    for (const element of named ?? []) {
      if (!element.typeOnly) this.bindings[element.alias] = { k: "import", specifier, imported: element.name, start: element.start, end: element.end };
    }
  }

  /**
   * `{ a, b as c, type d }`. In imports the alias (or the lone name) is a binding, so no
   * reserved word; elsewhere any identifier name (the caller checks local export names).
   */
  private specifierList(isImport: boolean): Specifier[] {
    const s = this.s;
    const list: Specifier[] = [];
    s.next();
    while (s.kind() !== "}") {
      const start = s.start;
      let typeOnly = false;
      if (s.is("type")) {
        const state = s.save();
        s.next();
        if (s.kind() === "ident" && !s.is("as")) typeOnly = true;
        else if (s.kind() === "," || s.kind() === "}") s.restore(state);
        else throw new Unsupported("type specifier");
      }
      if (s.kind() !== "ident") throw new Unsupported("specifier");
      const name = s.value;
      s.next();
      let alias = name;
      if (s.is("as")) {
        s.next();
        if (s.kind() !== "ident") throw new Unsupported("specifier alias");
        alias = s.value;
        s.next();
        if (isImport && (reservedWords.has(alias) || contextualWords.has(alias))) throw new Unsupported("reserved binding");
      } else if (isImport && (reservedWords.has(name) || contextualWords.has(name))) throw new Unsupported("reserved binding");
      list.push({ name, alias, typeOnly, start, end: s.prevEnd });
      if (s.kind() !== ",") break;
      s.next();
    }
    this.expect("}");
    return list;
  }

  private exportDeclaration(start: number): void {
    const s = this.s;
    s.next();
    if (s.kind() === "ident") {
      switch (s.value) {
        case "const":
        case "let":
        case "var":
          return this.variableStatement(true);
        case "function":
          return this.functionDeclaration(start, true, false);
        case "default":
          return this.exportDefault(start);
        case "type":
          if (this.typeDeclaration()) return;
          s.next();
          if (s.kind() !== "{" && s.kind() !== "*") throw new Unsupported("export type");
          this.exportClause(true);
          return;
        case "interface":
          if (this.typeDeclaration()) return;
          throw new Unsupported("export interface");
        default:
          throw new Unsupported("export");
      }
    }
    this.exportClause(false);
  }

  /** `* from`, `* as ns from`, `{ ... }` and `{ ... } from`; type-only ones only read. */
  private exportClause(typeOnly: boolean): void {
    const s = this.s;
    if (s.kind() === "*") {
      s.next();
      let alias: string | undefined;
      if (s.is("as")) {
        s.next();
        if (s.kind() !== "ident") throw new Unsupported("export alias");
        alias = s.value;
        s.next();
      }
      const from = this.moduleSpecifier();
      if (typeOnly) return;
      this.specifiers.push(from);
      if (alias === undefined) this.stars.push(from);
      else this.exports[alias] = { k: "from", specifier: from, imported: "*" };
      return;
    }
    if (s.kind() !== "{") throw new Unsupported("export");
    const list = this.specifierList(false);
    const from = s.is("from") ? this.moduleSpecifier() : undefined;
    if (from === undefined) {
      this.semicolon();
      if (list.some((e) => reservedWords.has(e.name))) throw new Unsupported("reserved local name");
    }
    if (typeOnly) return;
    if (from !== undefined) this.specifiers.push(from);
    for (const e of list) {
      if (!e.typeOnly) this.exports[e.alias] = from === undefined ? { k: "local", name: e.name } : { k: "from", specifier: from, imported: e.name };
    }
  }

  private exportDefault(start: number): void {
    const s = this.s;
    s.next();
    if (s.is("function")) return this.functionDeclaration(start, true, true);
    if (s.kind() === "ident" && (declarationWords.has(s.value) || s.value === "class" || s.value === "enum" || s.value === "async")) throw new Unsupported("export default");
    const value = this.expression();
    this.semicolon();
    this.bindings[defaultBinding] = { k: "value", value, start, end: s.prevEnd };
    this.exports["default"] = { k: "local", name: defaultBinding };
    this.statements.push({ k: "binding", name: defaultBinding });
  }

  private variableStatement(exported: boolean): void {
    const s = this.s;
    const keyword = s.value;
    s.next();
    for (;;) {
      const start = s.start;
      const name = this.name();
      if (s.kind() === ":") {
        s.next();
        skipType(s);
      }
      let value: StaticNode | undefined;
      if (s.kind() === "=") {
        s.next();
        value = this.expression();
      }
      const end = s.prevEnd;
      if (keyword !== "const") this.bindings[name] = { k: "other", found: `the ${keyword} variable ${name}`, start, end };
      else if (value === undefined) this.bindings[name] = { k: "other", found: `the declared constant ${name}`, start, end };
      else {
        this.bindings[name] = { k: "value", value, start, end };
        this.statements.push({ k: "binding", name });
      }
      if (exported) this.exports[name] = { k: "local", name };
      if (s.kind() !== ",") break;
      s.next();
    }
    this.semicolon();
  }

  /** `function f(a, b) { return value; }`, from its first modifier (`start`) on. */
  private functionDeclaration(start: number, exported: boolean, isDefault: boolean): void {
    const s = this.s;
    s.next();
    let name = defaultBinding;
    if (s.kind() === "ident") name = this.name();
    else if (!isDefault) throw new Unsupported("function name");
    const names = this.parameters(new Set());
    if (s.kind() === ":") {
      s.next();
      skipType(s);
    }
    if (s.kind() !== "{") throw new Unsupported("function without a body");
    const body = this.functionBody(new Set(names), true);
    const end = s.prevEnd;
    this.bindings[name] = { k: "value", value: { k: "fn", params: names.length, body, start, end }, start, end };
    if (isDefault) this.exports["default"] = { k: "local", name };
    else if (exported) this.exports[name] = { k: "local", name };
  }
}
