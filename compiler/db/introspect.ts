/**
 * Reads a live PostgreSQL database (pg_catalog) back into the same normalized Graph the compiler
 * resolves, so `verify` and `drift` compare graphs structurally. The queries are named files in
 * `queries/` (schemainspect's layout). What the graph cannot hold yet (expression indexes,
 * deferrable constraints, types schemac does not model) is an SC6005 error, never a wrong graph.
 *
 * Lists the graph keeps in declaration order elsewhere (uniques, checks, foreign keys, indexes)
 * come back sorted by name: the catalog does not remember declaration order.
 */
import { loadExpressionParser } from "./expressions.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EnumType, Graph, Table } from "../graph.js";
import { SchemacError, diagnostic } from "../diagnostics.js";
import type { Database, Row } from "./database.js";
import {
  readColumn,
  readConstraints,
  readIndex,
  type ColumnRow,
  type CommentRow,
  type ConstraintRow,
  type EnumRow,
  type IndexRow,
  type SequenceRow,
  type TableRow,
} from "./catalog-rows.js";

/** Options of `introspect`. */
export interface IntrospectOptions {
  /** Schemas to read (public only when listed); default: every user schema and public. */
  readonly schemas?: readonly string[];
  /** Tables left out, as `schema.name`; default: the runner's own `public.schemac_migrations`. */
  readonly excludeTables?: readonly string[];
  /**
   * When given, an object the graph cannot hold (an expression index, a deferrable constraint, a
   * column of a type schemac does not model, a partitioned table) is left out of the graph and
   * its SC6005 message pushed here, instead of failing the whole introspection (`schemac pull`).
   */
  readonly unsupported?: string[];
  /**
   * Reads a foreign key or check added NOT VALID as the constraint (the graph does not record
   * validity): `verify` reads the schema between the migrations of `build --online`, which adds
   * them NOT VALID and validates them in the next migration. Elsewhere NOT VALID is refused.
   */
  readonly acceptNotValid?: boolean;
}

type QueryName = "schemas" | "enums" | "tables" | "columns" | "sequences" | "constraints" | "indexes" | "comments" | "unsupported";

/** The text of a named query in `queries/`, read at run time. */
export function readQuery(name: QueryName): string {
  return readFileSync(join(import.meta.dirname, "queries", `${name}.sql`), "utf8");
}

/** Catalog rows of one introspection, read in sequence (one connection, one query at a time). */
interface CatalogRows {
  readonly enums: EnumRow[];
  readonly tables: TableRow[];
  readonly columns: ColumnRow[];
  readonly sequences: SequenceRow[];
  readonly constraints: ConstraintRow[];
  readonly indexes: IndexRow[];
  readonly comments: CommentRow[];
}

async function readCatalog(db: Database, schemas: readonly string[]): Promise<CatalogRows> {
  const run = async <R extends Row>(name: QueryName): Promise<R[]> => (await db.query<R>(readQuery(name), [schemas])).rows;
  return {
    enums: await run<EnumRow>("enums"),
    tables: await run<TableRow>("tables"),
    columns: await run<ColumnRow>("columns"),
    sequences: await run<SequenceRow>("sequences"),
    constraints: await run<ConstraintRow>("constraints"),
    indexes: await run<IndexRow>("indexes"),
    comments: await run<CommentRow>("comments"),
  };
}

function groupByTable<R extends { schema: string; table: string }>(rows: readonly R[]): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const row of rows) {
    const key = `${row.schema}.${row.table}`;
    const list = map.get(key) ?? [];
    list.push(row);
    map.set(key, list);
  }
  return map;
}

/**
 * Reads the database's schema into a Graph. On pg-mem this is SC6003: its pg_catalog is empty
 * and its information_schema reports wrong types, so any graph read there would be wrong.
 */
export async function introspect(db: Database, options: IntrospectOptions = {}): Promise<Graph> {
  await loadExpressionParser(); // callers compare the graph with alignExpressions
  if (db.kind === "pg-mem") {
    throw new SchemacError([
      diagnostic("PgMemUnsupported", null, "introspection (pg-mem's pg_catalog is empty and its information_schema reports wrong types)"),
    ]);
  }
  const all = (await db.query<{ name: string }>(readQuery("schemas"))).rows.map((r) => r.name);
  const present = new Set(["public", ...all]);
  const schemas = (options.schemas ?? ["public", ...all]).filter((s) => present.has(s));
  const rows = await readCatalog(db, schemas);
  const excluded = new Set(options.excludeTables ?? ["public.schemac_migrations"]);
  const columns = groupByTable(rows.columns);
  const constraints = groupByTable(rows.constraints);
  const indexes = groupByTable(rows.indexes);
  const sequences = new Map(rows.sequences.map((s) => [`${s.schema}.${s.table}.${s.column}`, s]));
  const comments = new Map(rows.comments.map((c) => [`${c.schema}.${c.table}.${c.column ?? ""}`, c.comment]));
  const skip = leniently(options.unsupported);
  const tables: Table[] = rows.tables
    .filter((t) => !excluded.has(`${t.schema}.${t.name}`))
    .filter((t) => skip(() => (t.kind === "p" ? fail(`table ${t.schema}.${t.name} is partitioned, which schemac does not model yet`) : true)) !== null)
    .map((t) => {
      const key = `${t.schema}.${t.name}`;
      const keys = (constraints.get(key) ?? []).map((row) => skip(() => readConstraints(key, [row], options.acceptNotValid === true)));
      const present = <T>(list: readonly (T | null)[]): T[] => list.filter((x): x is T => x !== null);
      const read = present(keys);
      return {
        schema: t.schema,
        name: t.name,
        columns: present((columns.get(key) ?? []).map((c) => skip(() => readColumn(c, sequences.get(`${key}.${c.name}`), comments.get(`${key}.${c.name}`) ?? null)))),
        primaryKey: read.find((k) => k.primaryKey !== null)?.primaryKey ?? null,
        uniques: read.flatMap((k) => k.uniques),
        checks: read.flatMap((k) => k.checks),
        foreignKeys: read.flatMap((k) => k.foreignKeys),
        indexes: present((indexes.get(key) ?? []).map((i) => skip(() => readIndex(i)))),
        comment: comments.get(`${key}.`) ?? null,
      };
    });
  const enums: EnumType[] = rows.enums.map((e) => ({ schema: e.schema, name: e.name, values: e.values }));
  const userSchemas = schemas.filter((s) => s !== "public").sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { schemas: userSchemas.map((name) => ({ name })), enums, tables };
}

/**
 * Runs one object's reader: without a collector a SchemacError propagates (introspection fails);
 * with one, its messages are collected and the object is left out (null).
 */
function leniently(collector: string[] | undefined): <T>(read: () => T) => T | null {
  return (read) => {
    if (collector === undefined) return read();
    try {
      return read();
    } catch (error) {
      if (!(error instanceof SchemacError)) throw error;
      collector.push(...error.diagnostics.map((d) => d.message.replace(/^cannot read the database schema: /, "")));
      return null;
    }
  };
}

function fail(what: string): never {
  throw new SchemacError([diagnostic("IntrospectionFailed", null, what)]);
}
