/**
 * Round-trip helpers: `compareGraphs`, which names the first difference between the graph a
 * database must have and the one read back from it, and the example's committed migrations.
 * Expressions (checks, index predicates, generated columns, defaults) compare by meaning with
 * `expressionsEqual`, since the compiler keeps what the user wrote and PostgreSQL prints its
 * own rewrite; every other field compares exactly.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expressionsEqual } from "../../compiler/db/expressions.js";
import type { Column, ForeignKey, Graph, Index, Table } from "../../compiler/graph.js";
import { qualifiedKey } from "../../compiler/graph.js";
import { formatColumnType } from "../../compiler/type-names.js";

export { loadExpressionParser } from "../../compiler/db/expressions.js";

/** A field-level difference: what it is, then expected ≠ actual. */
function differs(what: string, expected: string, actual: string): string {
  return `${what} ${expected} ≠ ${actual}`;
}

function show(value: unknown): string {
  return value === null ? "null" : typeof value === "string" ? value : JSON.stringify(value);
}

function sameExpression(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : expressionsEqual(a, b);
}

/**
 * Matches two named lists regardless of order: the first name missing from `actual`, or
 * unexpected in it, or the first difference `compare` finds between two of the same name.
 */
function compareByName<T>(
  what: string,
  expected: readonly T[],
  actual: readonly T[],
  nameOf: (item: T) => string,
  compare: (e: T, a: T) => string | null,
): string | null {
  const byName = new Map(actual.map((a) => [nameOf(a), a]));
  for (const e of expected) {
    const a = byName.get(nameOf(e));
    if (a === undefined) return `${what} ${nameOf(e)}: missing`;
    const difference = compare(e, a);
    if (difference !== null) return `${what} ${nameOf(e)}: ${difference}`;
  }
  const names = new Set(expected.map(nameOf));
  const extra = actual.find((a) => !names.has(nameOf(a)));
  return extra === undefined ? null : `${what} ${nameOf(extra)}: unexpected`;
}

/** The first field of a column that differs. */
function compareColumn(e: Column, a: Column): string | null {
  if (formatColumnType(e.type) !== formatColumnType(a.type)) return differs("type", formatColumnType(e.type), formatColumnType(a.type));
  if (JSON.stringify(e.type) !== JSON.stringify(a.type)) return differs("type", JSON.stringify(e.type), JSON.stringify(a.type));
  if (e.notNull !== a.notNull) return differs("not null", String(e.notNull), String(a.notNull));
  if (!sameExpression(e.default, a.default)) return differs("default", show(e.default), show(a.default));
  if (JSON.stringify(e.identity) !== JSON.stringify(a.identity)) return differs("identity", show(e.identity), show(a.identity));
  if (!sameExpression(e.generated, a.generated)) return differs("generated", show(e.generated), show(a.generated));
  if (e.collation !== a.collation) return differs("collation", show(e.collation), show(a.collation));
  if (e.comment !== a.comment) return differs("comment", show(e.comment), show(a.comment));
  if (e.sequence !== a.sequence) return differs("sequence", show(e.sequence), show(a.sequence));
  return null;
}

/** How strict `compareGraphs` is. */
export interface CompareOptions {
  /**
   * Ignore the physical order of columns. PostgreSQL can only append a column, so a `down`
   * that recreates a dropped column puts it last; DESIGN.md: "a reorder alone is no change".
   */
  readonly ignoreColumnOrder?: boolean;
}

function compareColumns(e: Table, a: Table, options: CompareOptions): string | null {
  const byName = compareByName("column", e.columns, a.columns, (c) => c.name, compareColumn);
  if (byName !== null || options.ignoreColumnOrder === true) return byName;
  const order = (t: Table): string => t.columns.map((c) => c.name).join(", ");
  return order(e) === order(a) ? null : differs("column order", `(${order(e)})`, `(${order(a)})`);
}

const list = (items: readonly string[]): string => `(${items.join(", ")})`;

function compareForeignKey(e: ForeignKey, a: ForeignKey): string | null {
  if (list(e.columns) !== list(a.columns)) return differs("columns", list(e.columns), list(a.columns));
  const target = (f: ForeignKey): string => `${qualifiedKey(f.references)}${list(f.referencedColumns)}`;
  if (target(e) !== target(a)) return differs("references", target(e), target(a));
  if (e.onDelete !== a.onDelete) return differs("on delete", e.onDelete, a.onDelete);
  if (e.onUpdate !== a.onUpdate) return differs("on update", e.onUpdate, a.onUpdate);
  return null;
}

function compareIndex(e: Index, a: Index): string | null {
  const keys = (i: Index): string => list(i.keys.map((k) => k.column));
  if (e.unique !== a.unique) return differs("unique", String(e.unique), String(a.unique));
  if (keys(e) !== keys(a)) return differs("keys", keys(e), keys(a));
  if (e.method !== a.method) return differs("method", e.method, a.method);
  if (!sameExpression(e.where, a.where)) return differs("where", show(e.where), show(a.where));
  return null;
}

/** The first difference inside one table (names of constraints and indexes matched by name). */
function compareTable(e: Table, a: Table, options: CompareOptions): string | null {
  const columns = compareColumns(e, a, options);
  if (columns !== null) return columns;
  const pk = (t: Table): string => (t.primaryKey === null ? "none" : `${t.primaryKey.name} ${list(t.primaryKey.columns)}`);
  if (pk(e) !== pk(a)) return differs("primary key", pk(e), pk(a));
  const keyColumns = (x: { columns: readonly string[] }, y: { columns: readonly string[] }): string | null =>
    list(x.columns) === list(y.columns) ? null : differs("columns", list(x.columns), list(y.columns));
  return (
    compareByName("unique", e.uniques, a.uniques, (u) => u.name, keyColumns) ??
    compareByName("check", e.checks, a.checks, (c) => c.name, (x, y) =>
      sameExpression(x.expression, y.expression) ? null : differs("expression", x.expression, y.expression),
    ) ??
    compareByName("foreign key", e.foreignKeys, a.foreignKeys, (f) => f.name, compareForeignKey) ??
    compareByName("index", e.indexes, a.indexes, (i) => i.name, compareIndex) ??
    (e.comment === a.comment ? null : differs("comment", show(e.comment), show(a.comment)))
  );
}

/**
 * The first difference between the graph a database must have (`expected`) and the one read
 * from it (`actual`), in words (`table public.user: column email: type varchar(255) ≠
 * varchar(320)`), or null when they are the same schema. Call `loadExpressionParser()` first.
 */
export function compareGraphs(expected: Graph, actual: Graph, options: CompareOptions = {}): string | null {
  const key = (x: { schema: string; name: string }): string => qualifiedKey(x);
  return (
    compareByName("schema", expected.schemas, actual.schemas, (s) => s.name, () => null) ??
    compareByName("enum", expected.enums, actual.enums, key, (e, a) =>
      list(e.values) === list(a.values) ? null : differs("values", list(e.values), list(a.values)),
    ) ??
    compareByName("table", expected.tables, actual.tables, key, (e, a) => compareTable(e, a, options))
  );
}

/** One committed migration: `0002_add_display_name` with the text of its two files. */
export interface ExampleMigration {
  readonly id: string;
  readonly up: string;
  readonly down: string;
}

/**
 * Where an example's generated folder is: `generated/<example>`, or under
 * `SCHEMAC_GENERATED_ROOT` when set (to run the round trips on a scratch replay).
 */
export function generatedDir(example: string): string {
  return join(process.env["SCHEMAC_GENERATED_ROOT"] ?? join(import.meta.dirname, "..", "..", "generated"), example);
}

/** The example's migrations in version order; throws when the folder is missing or a pair is broken. */
export function readExampleMigrations(example: string): ExampleMigration[] {
  const dir = join(generatedDir(example), "migrations");
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: the example's migrations are not committed`);
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith(".up.sql"))
    .map((f) => f.slice(0, -".up.sql".length))
    .sort();
  if (ids.length === 0) throw new Error(`${dir} holds no migration`);
  return ids.map((id) => ({
    id,
    up: readFileSync(join(dir, `${id}.up.sql`), "utf8"),
    down: readFileSync(join(dir, `${id}.down.sql`), "utf8"),
  }));
}
