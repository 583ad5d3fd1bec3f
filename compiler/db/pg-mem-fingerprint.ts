/**
 * A schema fingerprint of a pg-mem database, read from pg-mem's own JavaScript API (its
 * pg_catalog is empty, so `introspect` refuses it): what `verify` compares on pg-mem, and what
 * the tests' pg-mem round trips compare. Weaker than a graph but real: schemas,
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
import type { Database } from "./connection.js";
import { pgMemState } from "./pg-mem-adapter.js";

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

/** One thing the fingerprint holds: what it is (`column public.user.email`) and what it is like. */
export interface FingerprintEntry {
  readonly key: string;
  readonly detail: string;
}

/**
 * A comment, with "" read as none: the adapter runs `COMMENT ON … IS NULL` as `IS ''`, and
 * PostgreSQL removes the comment for both.
 */
function commentOf(node: Loose): string {
  const comment = node["comment"];
  return comment === undefined || comment === null || comment === "" ? "null" : String(comment);
}

function tableEntries(schema: string, table: Loose): FingerprintEntry[] {
  const name = `${schema}.${String(table["name"])}`;
  const entries: FingerprintEntry[] = [{ key: `table ${name}`, detail: `comment=${commentOf(table)}` }];
  for (const column of call<Iterable<Loose>>(table, "getColumns", "table")) {
    const flags = [column["nullable"] ? "null" : "not null", column["hasDefault"] ? "default" : "", column["generated"] ? "generated" : ""];
    entries.push({ key: `column ${name}.${String(column["name"])}`, detail: `${typeName(loose(column["type"], "column type"))} ${flags.filter(Boolean).join(" ")} comment=${commentOf(column)}` });
  }
  const primary = table["primaryIndex"] as Loose | null | undefined;
  if (primary) entries.push({ key: `primary key ${name}`, detail: `${String(primary["name"])} (${String(primary["expressions"])})` });
  for (const index of call<Loose[]>(table, "listIndices", "table")) {
    entries.push({ key: `index ${name} ${String(index["name"])}`, detail: `(${String(index["expressions"])})${index["unique"] ? " unique" : ""}` });
  }
  const constraints = table["constraintsByName"];
  if (!(constraints instanceof Map)) throw new Error("pg-mem fingerprint: table.constraintsByName is not a Map (pg-mem's internals changed?)");
  for (const constraint of constraints.keys()) entries.push({ key: `constraint ${name} ${String(constraint)}`, detail: "" });
  return entries;
}

function enumEntries(schema: string, relations: unknown): FingerprintEntry[] {
  if (!(relations instanceof Map)) throw new Error("pg-mem fingerprint: schema.relsByNameCas is not a Map (pg-mem's internals changed?)");
  const entries: FingerprintEntry[] = [];
  for (const [name, relation] of relations) {
    const values = (relation as Loose | null)?.["values"];
    if (Array.isArray(values)) entries.push({ key: `enum ${schema}.${String(name)}`, detail: `(${values.join(", ")})` });
  }
  return entries;
}

/** The fingerprint of a pg-mem `Database` as entries sorted by key. Throws for a PostgreSQL database. */
export function pgMemFingerprintEntries(db: Database): FingerprintEntry[] {
  const state = pgMemState(db);
  if (state === null) throw new Error("pg-mem fingerprint: not a pg-mem database");
  const memory = loose(state.memory, "the pg-mem database");
  const entries: FingerprintEntry[] = [];
  for (const schema of call<unknown[]>(memory, "listSchemas", "db").map((s) => loose(s, "schema"))) {
    const name = String(schema["name"]);
    if (systemSchemas.has(name) || state.droppedSchemas.has(name)) continue;
    entries.push({ key: `schema ${name}`, detail: "" });
    entries.push(...enumEntries(name, schema["relsByNameCas"]));
    for (const table of call<Iterable<unknown>>(schema, "listTables", "schema")) {
      const t = loose(table, "table");
      if (name === "public" && t["name"] === "schemac_migrations") continue;
      entries.push(...tableEntries(name, t));
    }
  }
  return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The fingerprint of a pg-mem `Database` (opened with "memory"): sorted lines, one per schema,
 * enum, table, column, key, index and constraint. Throws for a PostgreSQL database.
 */
export function pgMemFingerprint(db: Database): string[] {
  return pgMemFingerprintEntries(db).map((e) => (e.detail === "" ? e.key : `${e.key} ${e.detail}`)).sort();
}

/**
 * Every difference between two fingerprints, one line each, in plan form: `- what expected has`,
 * `+ what actual has instead`, `~ key: expected → actual`. Empty when they are equal.
 */
export function fingerprintChanges(expected: readonly FingerprintEntry[], actual: readonly FingerprintEntry[]): string[] {
  const want = new Map(expected.map((e) => [e.key, e.detail]));
  const have = new Map(actual.map((e) => [e.key, e.detail]));
  const changes: string[] = [];
  const shown = (key: string, detail: string): string => (detail === "" ? key : `${key} ${detail}`);
  for (const key of [...new Set([...want.keys(), ...have.keys()])].sort()) {
    const a = want.get(key);
    const b = have.get(key);
    if (a === b) continue;
    if (b === undefined) changes.push(`- ${shown(key, a ?? "")}`);
    else if (a === undefined) changes.push(`+ ${shown(key, b)}`);
    else changes.push(`~ ${key}: ${a} → ${b}`);
  }
  return changes;
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
