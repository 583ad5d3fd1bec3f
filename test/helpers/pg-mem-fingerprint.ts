/**
 * A schema fingerprint of a pg-mem database, read from pg-mem's own JavaScript API (its
 * pg_catalog is empty, so `introspect` refuses it). Weaker than a graph but real: schemas,
 * enum types with their values, tables with their comment, columns (type name with length,
 * nullability, has-default, generated, comment), the primary key, indexes (name, columns,
 * unique) and the names of every constraint. pg-mem does not keep numeric precision, check
 * expressions or foreign key targets in a readable form, so those are not part of it.
 *
 * Public API used: `listTables`, `getColumns`, `listIndices`, `primaryIndex`, `comment`.
 * pg-mem 3 internals read through narrow guards (a pg-mem upgrade that moves them makes the
 * fingerprint throw, never silently shrink): `listSchemas()`, a schema's `relsByNameCas`
 * (for enum types) and a table's `constraintsByName`.
 */
import type { Database } from "../../compiler/db/connection.js";
import { pgMemState } from "../../compiler/db/pg-mem-adapter.js";

type Loose = Record<string, unknown>;

function loose(value: unknown, what: string): Loose {
  if (value === null || typeof value !== "object") throw new Error(`pg-mem fingerprint: ${what} is not an object (pg-mem's internals changed?)`);
  return value as Loose;
}

function call<T>(target: Loose, method: string, what: string): T {
  const fn = target[method];
  if (typeof fn !== "function") throw new Error(`pg-mem fingerprint: ${what}.${method}() is missing (pg-mem's internals changed?)`);
  return (fn as () => T).call(target);
}

const systemSchemas: ReadonlySet<string> = new Set(["pg_catalog", "information_schema"]);

/** A column's type as pg-mem names it, with a varchar length: `character varying(32)`, `text[]`. */
function typeName(type: Loose): string {
  const name = String(type["name"]);
  return typeof type["len"] === "number" ? `${name}(${type["len"]})` : name;
}

/**
 * A comment, with "" read as none: the adapter runs `COMMENT ON … IS NULL` as `IS ''`, and
 * PostgreSQL removes the comment for both.
 */
function commentOf(node: Loose): string {
  const comment = node["comment"];
  return comment === undefined || comment === null || comment === "" ? "null" : String(comment);
}

function tableLines(schema: string, table: Loose): string[] {
  const name = `${schema}.${String(table["name"])}`;
  const lines = [`table ${name} comment=${commentOf(table)}`];
  for (const column of call<Iterable<Loose>>(table, "getColumns", "table")) {
    const flags = [column["nullable"] ? "null" : "not null", column["hasDefault"] ? "default" : "", column["generated"] ? "generated" : ""];
    lines.push(`column ${name}.${String(column["name"])} ${typeName(loose(column["type"], "column type"))} ${flags.filter(Boolean).join(" ")} comment=${commentOf(column)}`);
  }
  const primary = table["primaryIndex"] as Loose | null | undefined;
  if (primary) lines.push(`primary key ${name} ${String(primary["name"])} (${String(primary["expressions"])})`);
  for (const index of call<Loose[]>(table, "listIndices", "table")) {
    lines.push(`index ${name} ${String(index["name"])} (${String(index["expressions"])})${index["unique"] ? " unique" : ""}`);
  }
  const constraints = table["constraintsByName"];
  if (!(constraints instanceof Map)) throw new Error("pg-mem fingerprint: table.constraintsByName is not a Map (pg-mem's internals changed?)");
  for (const constraint of constraints.keys()) lines.push(`constraint ${name} ${String(constraint)}`);
  return lines;
}

function enumLines(schema: string, relations: unknown): string[] {
  if (!(relations instanceof Map)) throw new Error("pg-mem fingerprint: schema.relsByNameCas is not a Map (pg-mem's internals changed?)");
  const lines: string[] = [];
  for (const [name, relation] of relations) {
    const values = (relation as Loose | null)?.["values"];
    if (Array.isArray(values)) lines.push(`enum ${schema}.${String(name)} (${values.join(", ")})`);
  }
  return lines;
}

/**
 * The fingerprint of a pg-mem `Database` (opened with "memory"): sorted lines, one per schema,
 * enum, table, column, key, index and constraint. Throws for a PostgreSQL database.
 */
export function pgMemFingerprint(db: Database): string[] {
  const state = pgMemState(db);
  if (state === null) throw new Error("pg-mem fingerprint: not a pg-mem database");
  const memory = loose(state.memory, "the pg-mem database");
  const lines: string[] = [];
  for (const schema of call<unknown[]>(memory, "listSchemas", "db").map((s) => loose(s, "schema"))) {
    const name = String(schema["name"]);
    if (systemSchemas.has(name) || state.droppedSchemas.has(name)) continue;
    lines.push(`schema ${name}`);
    lines.push(...enumLines(name, schema["relsByNameCas"]));
    for (const table of call<Iterable<unknown>>(schema, "listTables", "schema")) lines.push(...tableLines(name, loose(table, "table")));
  }
  return lines.sort();
}

/** The first line in which two fingerprints differ, in words, or null when they are equal. */
export function fingerprintDifference(expected: readonly string[], actual: readonly string[]): string | null {
  const have = new Set(actual);
  const missing = expected.find((line) => !have.has(line));
  if (missing !== undefined) return `missing: ${missing}`;
  const want = new Set(expected);
  const extra = actual.find((line) => !want.has(line));
  return extra === undefined ? null : `unexpected: ${extra}`;
}
