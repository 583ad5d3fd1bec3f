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
  const unshaped = new Set<number>();
  // Pieces of units repeat (a table's name, an `id` column): each distinct one is shaped once,
  // and a unit's shape is its pieces' shapes joined (they meet only between tokens, see layout.ts).
  const shapeOf = new Map<string, string | null>();
  for (const statement of statements) for (const unit of statement.units ?? []) for (const piece of unit) shapeOf.set(piece, null);
  await loadModule(); // the scanner below is synchronous: the WASM module must be ready
  const shaper = new Shaper([...shapeOf.keys()]);
  for (const piece of shapeOf.keys()) shapeOf.set(piece, shaper.shape(piece));
  const unitShape = (unit: Unit): string | null => {
    let shape = "";
    for (const piece of unit) {
      const pieceShape = shapeOf.get(piece) ?? null;
      if (pieceShape === null) return null;
      shape += pieceShape;
    }
    return shape;
  };
  const byShape = new Map<string, number[]>();
  statements.forEach((statement, index) => {
    const shapes = statement.units?.map(unitShape) ?? [null];
    if (shapes.some((shape) => shape === null)) {
      unshaped.add(index);
      return;
    }
    for (const shape of shapes as string[]) {
      const indexes = byShape.get(shape);
      if (indexes === undefined) byShape.set(shape, [index]);
      else indexes.push(index);
    }
  });
  for (const [shape, indexes] of byShape) {
    if ((await parseProblem(shape)) !== null) for (const index of indexes) unshaped.add(index);
  }
  // Parsed one by one, in file order: the statements no shape stands for, and those of failed shapes.
  await assertStatementsParse([...unshaped].sort((a, b) => a - b).map((index) => statements[index]?.text ?? ""));
}

/** Atoms of a plain statement: a name, a quoted name, a string literal without backslashes, a number. */
const atom = /([A-Za-z_][A-Za-z0-9_$]*)|"(?:[^"]|"")+"|'(?:[^'\\]|'')*'|\d+/g;

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
