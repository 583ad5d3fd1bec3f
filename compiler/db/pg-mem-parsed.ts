/**
 * The parsing the pg-mem adapter does, each result kept per statement text for the life of the
 * process, so SQL that runs again is not parsed again: `verify` runs every up file twice and
 * builds the snapshot's database from the same texts (laid out as `build` writes them), and an
 * application's tests call `createTestDatabase` once per test file.
 *
 * Two parsers read every statement. PostgreSQL's own (libpg-query) splits a script and says
 * what the adapter does with each statement (pg-mem-rewrite.ts); pg-mem's (pgsql-ast-parser, a
 * nearley grammar: about 1 ms per CREATE TABLE, most of a migration's time on pg-mem) makes the
 * tree pg-mem runs. pg-mem keeps its trees in an LRU of 1,000 entries keyed by a hash of the
 * text, so a migration of more statements than that was parsed again on every run. Both parses
 * are functions of the text alone, and pg-mem itself runs a cached tree again, so a kept result
 * is what parsing again would give. Failures are not kept: they are raised again each time.
 */
import { loadModule, parse } from "libpg-query";
import type { IMemoryDb } from "pg-mem";
import { statementFailed } from "./database.js";
import { planStatement, type PgMemAction } from "./pg-mem-rewrite.js";

/** One parsed statement of a script: its node type and text (its parse tree is kept only until it is planned). */
export interface ParsedStatement {
  readonly type: string;
  readonly sql: string;
}

/**
 * Parse trees of statements not planned yet. libpg-query's tree of a CREATE TABLE is tens of
 * kilobytes of objects; planning needs it once, and the kept statements (and the session's log
 * of committed ones) would otherwise hold every tree for the life of the process.
 */
const unplanned = new WeakMap<ParsedStatement, Record<string, unknown>>();

/** pg-mem's tree of one or more statements, as `prepare` accepts it instead of a text. */
export type PgMemStatements = Exclude<Parameters<IMemoryDb["public"]["prepare"]>[0], string>;

/** Entries kept per cache before it starts over (a long-lived process applying many schemas). */
const limit = 50_000;

const scripts = new Map<string, readonly ParsedStatement[]>();
const actions = new WeakMap<ParsedStatement, PgMemAction>();
const trees = new Map<string, PgMemStatements>();

function keep<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= limit) cache.clear();
  cache.set(key, value);
  return value;
}

/** The statements of a script, split and parsed by PostgreSQL's parser (SC6004 when it cannot). */
export async function parseScript(sql: string): Promise<readonly ParsedStatement[]> {
  const cached = scripts.get(sql);
  if (cached !== undefined) return cached;
  if (sql.trim() === "") return []; // PostgreSQL accepts an empty script; the parser does not
  await loadModule();
  let result: Awaited<ReturnType<typeof parse>>;
  try {
    result = await parse(sql);
  } catch (error) {
    throw statementFailed(sql, error);
  }
  const bytes = Buffer.from(sql, "utf8");
  const statements = (result.stmts ?? []).map((raw): ParsedStatement => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const [type, fields] = Object.entries(raw.stmt ?? {})[0] ?? ["", {}];
    const statement: ParsedStatement = { type, sql: bytes.subarray(start, end).toString("utf8").trim() };
    unplanned.set(statement, fields as Record<string, unknown>);
    return statement;
  });
  return keep(scripts, sql, statements);
}

/** What the adapter does with a parsed statement (`planStatement`, which throws SC6003 for what pg-mem cannot run). */
export function plannedAction(statement: ParsedStatement): PgMemAction {
  const known = actions.get(statement);
  if (known !== undefined) return known;
  const fields = unplanned.get(statement);
  if (fields === undefined) throw new Error(`pg-mem adapter: no parse tree for ${statement.sql.slice(0, 60)}`);
  const action = planStatement(statement.type, fields, statement.sql);
  actions.set(statement, action);
  unplanned.delete(statement);
  return action;
}

/**
 * pg-mem's tree of `sql`, parsed by pg-mem's own `schema.parse` (the parser and entry point its
 * `prepare` uses for a text). Null when pg-mem has no such method or cannot parse the text:
 * `prepare(sql)` then runs as it always did and raises pg-mem's own error.
 */
export function pgMemTree(memory: IMemoryDb, sql: string): PgMemStatements | null {
  const cached = trees.get(sql);
  if (cached !== undefined) return cached;
  const schema = memory.public as unknown as { parse?: unknown };
  if (typeof schema.parse !== "function") return null;
  let parsed: unknown;
  try {
    // `prepare` parses the text with a ";" appended; so does this.
    parsed = (schema.parse as (query: string) => unknown).call(schema, `${sql};`);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return null;
  return keep(trees, sql, parsed as PgMemStatements);
}

/**
 * pg-mem's tree of `DROP INDEX "schema"."a", "schema"."b"`, built without parsing (the tree
 * pg-mem's parser gives for that text; test/db/pg-mem.test.ts holds them equal).
 */
export function dropIndexesTree(schema: string, indexes: readonly string[]): PgMemStatements {
  return { type: "drop index", names: indexes.map((name) => ({ schema, name })) };
}
