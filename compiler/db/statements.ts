/**
 * Splits a migration file into its statements with PostgreSQL's own parser (libpg-query), so
 * the runner executes them one by one and can name the statement, and its line, that failed.
 */
import type { ParseResult } from "libpg-query";
import { SchemacError, diagnostic } from "../diagnostics.js";

/** One statement of a migration file. */
export interface FileStatement {
  /** The statement's text, without the final semicolon. */
  readonly sql: string;
  /** Character offset of the statement in the file (what a diagnostic span holds). */
  readonly start: number;
  readonly end: number;
  /** 1-based line of the statement's first character. */
  readonly line: number;
}

/** The marker that makes a migration run outside a transaction (first line of the file). */
export const noTransactionMarker = "-- schemac:no-transaction";

/** True when the file opts out of the per-migration transaction. */
export function isNoTransaction(text: string): boolean {
  return text.trimStart().startsWith(noTransactionMarker);
}

/**
 * Converts the parser's UTF-8 byte offsets to character offsets and lines, for offsets asked in
 * increasing order: each call walks only the text since the previous one (linear in the file,
 * which holds thousands of statements in a first migration).
 */
class Positions {
  private byte = 0;
  private char = 0;
  private line = 1;
  private lineAt = 0;

  constructor(
    private readonly text: string,
    private readonly bytes: Buffer,
  ) {}

  /** Character offset of a byte offset (at or after the previous one asked). */
  charOffset(byteOffset: number): number {
    if (byteOffset < this.byte) return this.bytes.subarray(0, byteOffset).toString("utf8").length;
    this.char += this.bytes.subarray(this.byte, byteOffset).toString("utf8").length;
    this.byte = byteOffset;
    return this.char;
  }

  /** 1-based line of a character offset (at or after the previous one asked). */
  lineOf(offset: number): number {
    if (offset < this.lineAt) {
      this.line = 1;
      this.lineAt = 0;
    }
    for (let i = this.lineAt; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.line++;
    this.lineAt = Math.max(this.lineAt, Math.min(offset, this.text.length));
    return this.line;
  }
}

/**
 * The statements of a migration file, in order. A file PostgreSQL cannot parse is a
 * SchemacError (SC6006) at the parser's position, before anything runs.
 */
export async function splitStatements(text: string, displayPath: string): Promise<FileStatement[]> {
  const bytes = Buffer.from(text, "utf8");
  // Loaded on first use: every command imports this module, few of them run migrations.
  const { parse } = await import("libpg-query");
  let result: ParseResult;
  try {
    result = await parse(text);
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = new Positions(text, bytes).charOffset(Math.max(0, details?.cursorPosition ?? 0));
    const reason = error instanceof Error ? error.message : String(error);
    throw new SchemacError([diagnostic("MigrationUnparsable", { file: displayPath, start: at, end: at }, displayPath, reason)]);
  }
  const statements: FileStatement[] = [];
  const positions = new Positions(text, bytes);
  for (const raw of result.stmts ?? []) {
    const byteStart = raw.stmt_location ?? 0;
    const byteEnd = raw.stmt_len ? byteStart + raw.stmt_len : bytes.length;
    const start = positions.charOffset(byteStart);
    const end = positions.charOffset(byteEnd);
    const sql = text.slice(start, end).trim();
    if (sql.length === 0) continue;
    const lead = text.slice(start, end).length - text.slice(start, end).trimStart().length;
    statements.push({ sql, start: start + lead, end, line: positions.lineOf(start + lead) });
  }
  return statements;
}
