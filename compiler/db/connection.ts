/**
 * Opens the database a command works on: real PostgreSQL through `pg` (one connection, so a
 * runner can BEGIN/COMMIT/ROLLBACK and hold a session advisory lock on it), or pg-mem for
 * `memory`. Connection problems become SchemacErrors with SC6xxx codes and one-line messages.
 */
import type pg from "pg";
import { SchemacError, diagnostic } from "../diagnostics.js";
import { firstLine, statementFailed, type Database, type Row } from "./database.js";

export type { Database } from "./database.js";

/** How long to wait for a server that does not answer, before SC6001. */
const connectTimeoutMs = 10_000;

/**
 * Opens `target`: `"memory"` for a fresh pg-mem database, else a `postgres://` URL.
 * Throws SchemacError SC6002 for a malformed URL and SC6001 when the server cannot be reached.
 */
export async function openDatabase(target: string): Promise<Database> {
  // Loaded on first use: build and check never open a database and should not pay for pg/pg-mem.
  if (target === "memory") return (await import("./pg-mem-adapter.js")).openPgMem();
  const { default: pgModule } = await import("pg");
  const url = checkUrl(target);
  const client = new pgModule.Client({ connectionString: target, connectionTimeoutMillis: connectTimeoutMs });
  // A connection the server drops later emits "error"; without a listener Node would crash.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new SchemacError([diagnostic("DatabaseUnreachable", null, displayUrl(url), connectReason(error))]);
  }
  return postgresDatabase(client);
}

function postgresDatabase(client: pg.Client): Database {
  let closed = false;
  return {
    kind: "postgres",
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      try {
        const result = await client.query<R>(sql, [...params]);
        return { rows: result.rows };
      } catch (error) {
        throw statementFailed(sql, error);
      }
    },
    async exec(sql) {
      try {
        // Without parameters pg uses the simple query protocol, which runs several statements.
        await client.query(sql);
      } catch (error) {
        throw statementFailed(sql, error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end().catch(() => undefined);
    },
  };
}

/** Validates the shape of a connection URL before any network access. */
function checkUrl(target: string): URL {
  const bad = (reason: string): SchemacError =>
    new SchemacError([diagnostic("BadDatabaseUrl", null, redact(target), reason)]);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw bad("not a URL");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw bad(`scheme must be postgres:// or postgresql:// (found ${url.protocol.replace(/:$/, "")})`);
  }
  if (url.hostname === "" && !url.searchParams.has("host")) throw bad("no host");
  if (url.port !== "" && !/^\d+$/.test(url.port)) throw bad(`port ${url.port} is not a number`);
  return url;
}

/** The URL without its password, for messages. */
function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== "") copy.password = "***";
  return copy.href;
}

function redact(target: string): string {
  return target.replace(/(\/\/[^:/@]*:)[^@/]*@/, "$1***@");
}

/** A short reason for a failed connect, from Node's network error codes and PostgreSQL's SQLSTATE. */
function connectReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused (is the server running?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "unknown host";
    case "ETIMEDOUT":
      return "connection timed out";
    case "3D000":
    case "28P01":
    case "28000":
      return firstLine(e.message ?? e.code);
    default:
      return firstLine(e.message ?? String(error)) || "connection failed";
  }
}
