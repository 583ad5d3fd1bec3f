/**
 * What every database handle shares: the row and session types, the narrower handle the runner,
 * the lock and the bookkeeping table need, and how a failed statement becomes SC6004. Its own file
 * so that connection.ts, the pg-mem adapter and the runner's parts import it instead of each other.
 */
import { SchemacError, diagnostic } from "../diagnostics.js";

/** A row as a driver returns it: column name → value. */
export type Row = Record<string, unknown>;

/**
 * One open database session. On PostgreSQL every call goes over the same connection, in order,
 * so `BEGIN` … `COMMIT` and `pg_advisory_lock` behave as in psql.
 */
export interface Database {
  readonly kind: "postgres" | "pg-mem";
  /** Runs one statement, with `$1`-style parameters; a failure is a SchemacError (SC6004). */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements (no parameters); stops at the first failure. */
  exec(sql: string): Promise<void>;
  /** Closes the connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * What the runner needs of a database; every object with these methods fits (the connection of
 * connection.ts, a pg-mem wrapper in tests). `kind: "pg-mem"` marks pg-mem (no advisory locks).
 */
export interface RunnerDatabase {
  query(sql: string, params?: readonly unknown[]): Promise<{ readonly rows: readonly unknown[] }>;
  exec(sql: string): Promise<void>;
  readonly kind?: string;
}

/** SC6004 for a statement PostgreSQL rejected: its message, SQLSTATE and the statement's start. */
export function statementFailed(sql: string, error: unknown): SchemacError {
  if (error instanceof SchemacError) return error;
  const e = error as { code?: string; message?: string };
  const reason = `${firstLine(e.message ?? String(error))}${e.code ? ` [${e.code}]` : ""}`;
  return new SchemacError([diagnostic("StatementFailed", null, abbreviate(sql), reason)]);
}

/** The first line of a driver message, trimmed. */
export function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim();
}

/** The statement on one line, cut at 200 characters, for messages. */
export function abbreviate(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
