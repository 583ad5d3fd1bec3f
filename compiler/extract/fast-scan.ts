/**
 * The scanner of the fast reader (`fast-summarize.ts`): tokens of the DSL's static subset of
 * TypeScript, with the values TypeScript's own scanner gives them (a string's cooked text, a
 * template's cooked text with line ends as `\n`). It refuses (throws `Unsupported`) everything it
 * is not sure to read exactly as TypeScript does: non-ASCII identifiers and whitespace, legacy
 * octal, hexadecimal and separated numbers, odd escapes, operators the subset never uses. A
 * refusal is no error: the reader returns null and the TypeScript parser reads the file.
 */

/** Thrown when the text leaves the subset; caught once, by `fastSummarize`. */
export class Unsupported extends Error {}

/** The kinds of token. A punctuator's kind is its text. */
export type TokenKind = "ident" | "string" | "number" | "template" | "eof" | "{" | "}" | "(" | ")" | "[" | "]" | ";" | "," | "." | "..." | ":" | "=" | "=>" | "+" | "-" | "<" | ">" | "*" | "|" | "&" | "?";

/** A template piece: its cooked text, and whether a substitution `${` follows it. */
export interface TemplatePiece {
  readonly text: string;
  readonly head: boolean;
}

const simplePunctuators = new Set(["{", "}", "(", ")", "[", "]", ";", ",", ":", ">"]);
/** Characters that must not follow a punctuator (they would make another operator). */
const notAfter: Readonly<Record<string, string>> = { "+": "+=", "-": "-=", "<": "<=", "*": "*=/", "|": "|=", "&": "&=", "?": "?.", "=": "=" };

const tab = 9;
const lineFeed = 10;
const verticalTab = 11;
const formFeed = 12;
const carriageReturn = 13;
const space = 32;
const dollar = 36;
const star = 42;
const slash = 47;
const backslash = 92;
const backtick = 96;
const openBrace = 123;
const lineSeparator = 0x2028;
const paragraphSeparator = 0x2029;

function isLineBreak(c: number): boolean {
  return c === lineFeed || c === carriageReturn || c === lineSeparator || c === paragraphSeparator;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === dollar;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function hexValue(text: string): number {
  return /^[0-9a-fA-F]+$/.test(text) ? parseInt(text, 16) : -1;
}

/**
 * A scanner over one file's text. `next()` moves to the next token: `kind`, `value` (an
 * identifier's name, a string's or template's cooked text, a number's source), `start`/`end`, and
 * `lineBefore` (a line break in the trivia before it). `prevEnd` is where the last token ended.
 */
export class Scanner {
  private tokenKind: TokenKind = "eof";
  value = "";
  start = 0;
  end = 0;
  prevEnd = 0;
  lineBefore = false;
  /** For a template token: whether a substitution follows the first piece. */
  templateHead = false;
  private triviaLine = false;

  constructor(readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) throw new Unsupported("byte order mark");
    this.next();
  }

  /** The state to come back to after a speculative read. */
  save(): readonly [TokenKind, string, number, number, number, boolean, boolean] {
    return [this.tokenKind, this.value, this.start, this.end, this.prevEnd, this.lineBefore, this.templateHead];
  }

  restore(state: readonly [TokenKind, string, number, number, number, boolean, boolean]): void {
    [this.tokenKind, this.value, this.start, this.end, this.prevEnd, this.lineBefore, this.templateHead] = state;
  }

  /** The current token's kind (a method: a field would stay narrowed across `next()` calls). */
  kind(): TokenKind {
    return this.tokenKind;
  }

  /** True when the current token is the identifier (or keyword) `name`. */
  is(name: string): boolean {
    return this.tokenKind === "ident" && this.value === name;
  }

  next(): void {
    this.prevEnd = this.end;
    const text = this.text;
    const pos = this.skipTrivia(this.end);
    const line = this.triviaLine;
    this.lineBefore = line;
    this.start = pos;
    this.templateHead = false;
    if (pos >= text.length) {
      this.tokenKind = "eof";
      this.value = "";
      this.end = pos;
      return;
    }
    const c = text.charCodeAt(pos);
    if (isIdentStart(c)) {
      let end = pos + 1;
      while (isIdentPart(text.charCodeAt(end))) end++;
      if (text.charCodeAt(end) === backslash || text.charCodeAt(end) > 127) throw new Unsupported("identifier");
      this.token("ident", text.slice(pos, end), end);
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(pos + 1)))) this.number(pos);
    else if (c === 34 || c === 39) this.string(pos, c);
    else if (c === backtick) {
      const piece = this.templatePiece(pos + 1);
      this.templateHead = piece.head;
      this.token("template", piece.text, this.end);
    } else this.punctuator(pos);
  }

  /** True when the next token after the current one is `=>` (an identifier's arrow), without moving. */
  arrowFollows(): boolean {
    const pos = this.skipTrivia(this.end);
    return this.text.charCodeAt(pos) === 61 && this.text.charCodeAt(pos + 1) === 62;
  }

  /** The position of the next token from `pos`; `triviaLine` tells whether a line break came first. */
  private skipTrivia(from: number): number {
    const text = this.text;
    let pos = from;
    let line = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === space || c === tab || c === verticalTab || c === formFeed) pos++;
      else if (isLineBreak(c)) {
        line = true;
        pos++;
      } else if (c === slash && text.charCodeAt(pos + 1) === slash) {
        pos += 2;
        while (pos < text.length && !isLineBreak(text.charCodeAt(pos))) pos++;
      } else if (c === slash && text.charCodeAt(pos + 1) === star) {
        const close = text.indexOf("*/", pos + 2);
        if (close < 0) throw new Unsupported("unterminated comment");
        for (let i = pos + 2; i < close && !line; i++) line = isLineBreak(text.charCodeAt(i));
        pos = close + 2;
      } else break;
    }
    this.triviaLine = line;
    return pos;
  }

  private token(kind: TokenKind, value: string, end: number): void {
    this.tokenKind = kind;
    this.value = value;
    this.end = end;
  }

  private punctuator(pos: number): void {
    const text = this.text;
    const ch = text.charAt(pos);
    if (simplePunctuators.has(ch)) return this.token(ch as TokenKind, ch, pos + 1);
    const after = text.charAt(pos + 1);
    if (ch === "." && after === "." && text.charAt(pos + 2) === ".") return this.token("...", "...", pos + 3);
    if (ch === "." && after !== ".") return this.token(".", ".", pos + 1);
    if (ch === "=" && after === ">") return this.token("=>", "=>", pos + 2);
    const refused = notAfter[ch];
    if (refused === undefined || refused.includes(after) || after === ch) throw new Unsupported(`punctuator ${ch}`);
    this.token(ch as TokenKind, ch, pos + 1);
  }

  /** Decimal literals only: `12`, `1.5`, `.5`, `1e3`; TypeScript's value is the same `Number`. */
  private number(pos: number): void {
    const match = /^(?:0|[1-9][0-9]*)?(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    match.lastIndex = 0;
    const raw = match.exec(this.text.slice(pos, pos + 400))?.[0] ?? "";
    const end = pos + raw.length;
    const following = this.text.charCodeAt(end);
    if (raw === "" || isIdentPart(following) || following === 46 || following === backslash || following > 127) throw new Unsupported("number");
    this.token("number", raw, end);
  }

  private string(pos: number, quote: number): void {
    const text = this.text;
    let out = "";
    let from = pos + 1;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || isLineBreak(c)) throw new Unsupported("unterminated string");
      if (c === quote) break;
      if (c === backslash) {
        out += text.slice(from, i);
        const [value, next] = escape(text, i + 1);
        out += value;
        i = from = next;
      } else i++;
    }
    this.token("string", out + text.slice(from, i), i + 1);
  }

  /** Reads a template piece from `pos` (after a backtick or a substitution's `}`) to its end. */
  templatePiece(pos: number): TemplatePiece {
    const text = this.text;
    let out = "";
    let from = pos;
    let i = pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) throw new Unsupported("unterminated template");
      if (c === backtick || (c === dollar && text.charCodeAt(i + 1) === openBrace)) {
        const head = c === dollar;
        this.end = i + (head ? 2 : 1);
        return { text: out + text.slice(from, i), head };
      }
      if (c === carriageReturn) {
        out += `${text.slice(from, i)}\n`;
        i += text.charCodeAt(i + 1) === lineFeed ? 2 : 1;
        from = i;
      } else if (c === backslash) {
        out += text.slice(from, i);
        const [value, next] = escape(text, i + 1);
        out += value;
        i = from = next;
      } else i++;
    }
  }

  /**
   * After a substitution's expression: the current token must be `}`; reads the template piece
   * after it (the `}` is part of that piece, as in TypeScript).
   */
  continueTemplate(): TemplatePiece {
    if (this.tokenKind !== "}") throw new Unsupported("template substitution");
    const piece = this.templatePiece(this.start + 1);
    this.tokenKind = "template";
    this.value = piece.text;
    this.templateHead = piece.head;
    return piece;
  }
}

const simpleEscapes: Readonly<Record<string, string>> = { b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r" };

/** One escape sequence after a backslash at `pos - 1`: its value and where the text goes on. */
function escape(text: string, pos: number): readonly [string, number] {
  const c = text.charCodeAt(pos);
  const ch = text.charAt(pos);
  if (c === carriageReturn) return ["", text.charCodeAt(pos + 1) === lineFeed ? pos + 2 : pos + 1];
  if (c === lineFeed) return ["", pos + 1];
  if (isDigit(c)) {
    if (c === 48 && !isDigit(text.charCodeAt(pos + 1))) return ["\0", pos + 1];
    throw new Unsupported("octal escape");
  }
  if (ch === "x") {
    const value = hexValue(text.slice(pos + 1, pos + 3));
    if (value < 0 || text.length < pos + 3) throw new Unsupported("escape");
    return [String.fromCharCode(value), pos + 3];
  }
  if (ch === "u") {
    if (text.charAt(pos + 1) === "{") {
      const close = text.indexOf("}", pos + 2);
      const value = close < 0 ? -1 : hexValue(text.slice(pos + 2, close));
      if (value < 0 || value > 0x10ffff || close - pos > 12) throw new Unsupported("escape");
      return [String.fromCodePoint(value), close + 1];
    }
    const value = hexValue(text.slice(pos + 1, pos + 5));
    if (value < 0 || text.length < pos + 5) throw new Unsupported("escape");
    return [String.fromCharCode(value), pos + 5];
  }
  if (Number.isNaN(c) || c > 127) throw new Unsupported("escape");
  return [simpleEscapes[ch] ?? ch, pos + 1];
}

/**
 * Words the fast reader never takes for a name of its own choosing (a binding, a reference, a
 * type's name): JavaScript's reserved words, strict mode's, and the contextual words whose
 * meaning as a name TypeScript decides by lookahead the reader does not repeat. Any of them as a
 * property name (`a.default`, `{ type: ... }`) is fine.
 */
export const reservedWords: ReadonlySet<string> = new Set([
  ..."break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with".split(" "),
  ..."implements interface let package private protected public static yield await async".split(" "),
]);

/**
 * Contextual keywords of TypeScript that begin constructs of their own (`type as = ...` is read
 * as a type-only export): the fast reader binds no name of these, though it reads them as
 * references and keys. Type names such as `boolean` or `string` are ordinary names here.
 */
export const contextualWords: ReadonlySet<string> = new Set(
  "abstract accessor as asserts assert declare from get global infer is keyof module namespace of out override readonly satisfies set type unique using".split(" "),
);
