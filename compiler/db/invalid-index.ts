/**
 * An index left INVALID by a failed `CREATE [UNIQUE] INDEX CONCURRENTLY` (`build --online`'s
 * no-transaction migrations). PostgreSQL builds such an index in several transactions; when the
 * build fails (a duplicate for a unique index, a lock timeout, a cancel) the index stays in the
 * catalog marked `pg_index.indisvalid = false`: never used by queries, yet writes may still pay
 * to maintain it (PostgreSQL's CREATE INDEX docs), and its name is taken, so running the
 * migration again fails with "already exists". The runner
 * names it, with the statement that drops it, in the migration's error.
 */
import { quoteIdentifier } from "../quote.js";
import type { RunnerDatabase } from "./database.js";

/** The index a `CREATE INDEX CONCURRENTLY` statement builds: its name and its table's schema (null: the search path's). */
export async function concurrentIndexOf(sql: string): Promise<{ readonly schema: string | null; readonly name: string } | null> {
  const { parse } = await import("libpg-query");
  let tree: Awaited<ReturnType<typeof parse>>;
  try {
    tree = await parse(sql);
  } catch {
    return null;
  }
  const stmt = tree.stmts?.[0]?.stmt;
  const index = stmt !== undefined && "IndexStmt" in stmt ? stmt.IndexStmt : undefined;
  if (index?.concurrent !== true || typeof index.idxname !== "string") return null;
  return { schema: index.relation?.schemaname ?? null, name: index.idxname };
}

/**
 * The hint for a failed statement that left its index INVALID: what it is and the statement to
 * run before retrying; null when the statement builds no index CONCURRENTLY or left none behind.
 */
export async function invalidIndexHint(db: RunnerDatabase, sql: string): Promise<string | null> {
  if (db.kind === "pg-mem") return null; // no CONCURRENTLY there, and an empty pg_catalog
  const index = await concurrentIndexOf(sql);
  if (index === null) return null;
  let rows: readonly unknown[];
  try {
    ({ rows } = await db.query(
      "SELECT n.nspname::text AS schema FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = coalesce($2, current_schema()) AND NOT i.indisvalid",
      [index.name, index.schema],
    ));
  } catch {
    return null; // the connection is gone: the error itself says so
  }
  const schema = (rows[0] as { schema?: unknown } | undefined)?.schema;
  if (typeof schema !== "string") return null;
  const qualified = `${schema === "public" ? "" : `${quoteIdentifier(schema)}.`}${quoteIdentifier(index.name)}`;
  return `the failed build left index ${qualified} INVALID (pg_index.indisvalid is false: queries never use it, writes may still pay to maintain it, and its name is taken); run \`DROP INDEX CONCURRENTLY ${qualified};\` before running up again`;
}
