/**
 * Parses every generated statement with libpg-query (PostgreSQL's own parser, WASM) before
 * anything is written, so a rendering bug never reaches a migration file.
 *
 * A first migration of thousands of tables holds tens of thousands of statements, and parsing
 * each costs about 0.1 ms. But the statements of the fast layouts differ mostly in names and
 * literals, and PostgreSQL's grammar never looks at those: a statement parses exactly when its
 * *shape* does, the same text with every name that is not a keyword written `x` and every
 * string literal written `''` (its lexer yields the same tokens, only with other values). So
 * each distinct shape is parsed once; a shape that fails has its statements parsed one by one
 * to name the errors. Keywords stay as they are, told apart by PostgreSQL's own scanner.
 */
import { loadModule, parse, scanSync } from "libpg-query";
import { diagnostic, SchemacError } from "../diagnostics.js";
import type { LaidOut } from "./format.js";
import type { Unit } from "./layout.js";

/** Throws SchemacError (InvalidSql) naming every statement that does not parse as exactly one statement. */
export async function assertStatementsParse(statements: readonly string[]): Promise<void> {
  const failures = [];
  for (const statement of statements) {
    const reason = await parseProblem(statement);
    if (reason !== null) failures.push(diagnostic("InvalidSql", null, statement, reason));
  }
  if (failures.length > 0) throw new SchemacError(failures);
}

/** Why a text is not exactly one statement PostgreSQL parses, or null when it is. */
async function parseProblem(text: string): Promise<string | null> {
  try {
    const result = await parse(text);
    return result.stmts?.length === 1 ? null : `expected one statement, found ${result.stmts?.length ?? 0}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The same check for laid-out statements: those a fast layout took are checked by shape (see
 * above), the others one by one.
 */
export async function assertLaidOutStatementsParse(statements: readonly LaidOut[]): Promise<void> {
  // Pieces of units repeat (a table's name, an `id` column): each distinct one is shaped once,
  // and a unit's shape is its pieces' shapes joined (they meet only between tokens, see layout.ts).
  // A piece's shape is known by a number (-1: none), the same for pieces of the same shape.
  const shapeOf = new Map<string, number>();
  let previous: Unit = [];
  for (const statement of statements) {
    for (const unit of statement.units ?? []) {
      // The units of a CREATE TABLE start with the same pieces (the same strings): skipped here.
      for (let i = sharedStart(unit, previous, previous.length); i < unit.length; i++) shapeOf.set(unit[i] as string, -1);
      previous = unit;
    }
  }
  await loadModule(); // the scanner below is synchronous: the WASM module must be ready
  const shaper = new Shaper([...shapeOf.keys()]);
  const shapeTexts: string[] = [];
  const shapeNumbers = new Map<string, number>();
  for (const piece of shapeOf.keys()) {
    const shape = shaper.shape(piece);
    if (shape === null) continue;
    let number = shapeNumbers.get(shape);
    if (number === undefined) shapeNumbers.set(shape, (number = shapeTexts.push(shape) - 1));
    shapeOf.set(piece, number);
  }
  // Units of one shape end at the same node of a tree of piece shapes: no unit's text is built.
  const shapes = new ShapeTree();
  const unshaped = new Set<number>();
  statements.forEach((statement, index) => {
    // A statement with a piece of no shape is parsed alone (a unit of it added already only
    // makes its shape parsed too).
    if (statement.units === null || !statement.units.every((unit) => shapes.add(unit, shapeOf, index))) unshaped.add(index);
  });
  // Two paths can spell one shape (pieces cut elsewhere): each shape is parsed once.
  const byShape = new Map<string, number[]>();
  for (const { unit, indexes } of shapes.leaves) {
    const shape = unit.map((piece) => shapeTexts[shapeOf.get(piece) ?? -1] ?? "").join("");
    byShape.set(shape, [...(byShape.get(shape) ?? []), ...indexes]);
  }
  for (const [shape, indexes] of byShape) {
    if ((await parseProblem(shape)) !== null) for (const index of indexes) unshaped.add(index);
  }
  // Parsed one by one, in file order: the statements no shape stands for, and those of failed shapes.
  await assertStatementsParse([...unshaped].sort((a, b) => a - b).map((index) => statements[index]?.text ?? ""));
}

/** One node of a `ShapeTree`: the next piece shapes, and the statements whose unit ends here. */
interface ShapeNode {
  readonly next: Map<number, ShapeNode>;
  leaf: { readonly unit: Unit; readonly indexes: number[] } | null;
}

/** How many first pieces `unit` has in common with `previous` (at most `limit`), compared as the same strings first. */
function sharedStart(unit: Unit, previous: Unit, limit: number): number {
  let shared = 0;
  while (shared < limit && shared < unit.length && unit[shared] === previous[shared]) shared++;
  return shared;
}

/** Units grouped by shape: a path of piece shape numbers per distinct unit shape. */
class ShapeTree {
  private readonly root: ShapeNode = { next: new Map(), leaf: null };
  /** One per distinct unit shape: a unit of that shape, and the statements that have one. */
  readonly leaves: { readonly unit: Unit; readonly indexes: number[] }[] = [];
  /** The unit added last and the nodes its first pieces led to (`path[i]`: after `i` pieces), for the next unit that starts alike. */
  private previous: Unit = [];
  private readonly path: ShapeNode[] = [this.root];
  private walked = 0;

  /** Adds the unit of statement `index`; false when a piece of it has no shape in `shapeOf` (its shape is then not added). */
  add(unit: Unit, shapeOf: ReadonlyMap<string, number>, index: number): boolean {
    let at = sharedStart(unit, this.previous, this.walked);
    let node = this.path[at] as ShapeNode;
    this.previous = unit;
    for (; at < unit.length; at++) {
      const number = shapeOf.get(unit[at] as string) ?? -1;
      if (number < 0) {
        this.walked = at;
        return false;
      }
      let child = node.next.get(number);
      if (child === undefined) node.next.set(number, (child = { next: new Map(), leaf: null }));
      node = child;
      this.path[at + 1] = node;
    }
    this.walked = unit.length;
    if (node.leaf === null) this.leaves.push((node.leaf = { unit, indexes: [index] }));
    else if (node.leaf.indexes.at(-1) !== index) node.leaf.indexes.push(index);
    return true;
  }
}

/** Atoms of a plain statement: a name, a quoted name, a string literal without backslashes, a number. */
const atom = /([A-Za-z_][A-Za-z0-9_$]*)|"(?:[^"]|"")+"|'(?:[^'\\]|'')*'|\d+/g;

/** A piece that is one unquoted name (or keyword): most pieces are (see layout.ts). */
const plainName = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * PostgreSQL's keywords (kwlist.h: about 500) are made of letters and underscores, 17 at most;
 * only such words are asked of the scanner (a word it does not read as one plain name is kept as
 * written, the safe side), the others are names.
 */
const mayBeKeyword = /^[A-Za-z_]{1,17}$/;

/** Writes statements as their shapes; knows the keywords among their words from PostgreSQL's scanner. */
class Shaper {
  private readonly keywords = new Map<string, boolean>();

  /** Scans every word of the pieces that may be a keyword, in one call. */
  constructor(pieces: readonly string[]) {
    const words = [...new Set(pieces.join(" ").match(/\b[A-Za-z_]{1,17}\b/g))];
    const tokens = words.length === 0 ? [] : scanSync(words.join(" ")).tokens;
    if (tokens.length !== words.length) return; // then each word is asked on its own
    tokens.forEach((token, i) => this.keywords.set(words[i] as string, token.keywordKind !== 0 || token.tokenName !== "IDENT"));
  }

  private isKeyword(word: string): boolean {
    if (!mayBeKeyword.test(word)) return false;
    let known = this.keywords.get(word);
    if (known === undefined) {
      const tokens = scanSync(word).tokens;
      known = tokens.length !== 1 || tokens[0]?.keywordKind !== 0 || tokens[0]?.tokenName !== "IDENT";
      this.keywords.set(word, known);
    }
    return known;
  }

  /**
   * The shape of a plain statement, or null when two atoms touch (`E'…'`, `1e5`, `a"b"`): there
   * the lexer reads the pair as one token, which a rewritten pair would not be.
   */
  shape(piece: string): string | null {
    if (plainName.test(piece)) return this.isKeyword(piece) ? piece : "x"; // one word, as below
    let touching = false;
    let end = -1;
    const shape = piece.replace(atom, (match: string, word: string | undefined, offset: number) => {
      const next = piece.charCodeAt(offset + match.length);
      if (offset === end || next === 34 || next === 39 || next === 38) touching = true; // " ' &
      end = offset + match.length;
      if (word !== undefined) return this.isKeyword(word) ? word : "x";
      if (match.startsWith('"')) return "x";
      if (match.startsWith("'")) return "''";
      return match;
    });
    return touching ? null : shape;
  }
}
