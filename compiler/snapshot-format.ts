/**
 * The text of `snapshot.json` (format version 2): valid JSON laid out one line per schema,
 * enum, column, key, check, foreign key and index, each line a compact JSON object that leaves
 * out what is null, false, empty or PostgreSQL's default (`no action`, `btree`). Tables are in
 * qualified-name order and each line names its own object, so two branches that change
 * different tables touch different lines and git merges them without a conflict; a review
 * reads one changed line per changed column. Reading expands every line back to the full graph.
 * Each table, enum and Postgres schema also records the module that declared it (`"module"`,
 * left out when unknown), so a migration that drops it can still name its module; the diff
 * never compares it (canonicalGraph leaves it out), and a snapshot without it still reads.
 */
import type {
  CheckConstraint,
  Column,
  ColumnType,
  EnumType,
  ForeignKey,
  Graph,
  Identity,
  Index,
  IndexMethod,
  PgSchema,
  PrimaryKey,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "./graph.js";

/** The snapshot format this version of schemac writes. */
export const snapshotVersion = 2;

type Json = Record<string, unknown>;

/** `varchar(255)`, `numeric(10,2)`, `text[]`: a builtin type in one string. */
function builtinText(type: Extract<ColumnType, { kind: "builtin" }>): string {
  return `${type.name}${type.params.length > 0 ? `(${type.params.join(",")})` : ""}${"[]".repeat(type.dimensions)}`;
}

function columnJson(c: Column): Json {
  const line: Json = { name: c.name };
  if (c.type.kind === "builtin") line["type"] = builtinText(c.type);
  else line["type"] = c.type.dimensions > 0 ? { schema: c.type.enum.schema, enum: c.type.enum.name, dimensions: c.type.dimensions } : { schema: c.type.enum.schema, enum: c.type.enum.name };
  if (c.notNull) line["notNull"] = true;
  if (c.default !== null) line["default"] = c.default;
  if (c.identity !== null) line["identity"] = identityJson(c.identity);
  if (c.generated !== null) line["generated"] = c.generated;
  if (c.collation !== null) line["collation"] = c.collation;
  if (c.comment !== null) line["comment"] = c.comment;
  if (c.sequence !== null) line["sequence"] = c.sequence;
  return line;
}

function identityJson(i: Identity): Identity {
  return { always: i.always, start: i.start, increment: i.increment, min: i.min, max: i.max, cache: i.cache, cycle: i.cycle };
}

function foreignKeyJson(f: ForeignKey): Json {
  const line: Json = { name: f.name, columns: f.columns, references: { schema: f.references.schema, name: f.references.name }, referencedColumns: f.referencedColumns };
  if (f.onDelete !== "no action") line["onDelete"] = f.onDelete;
  if (f.onUpdate !== "no action") line["onUpdate"] = f.onUpdate;
  return line;
}

function indexJson(i: Index): Json {
  const line: Json = { name: i.name };
  if (i.unique) line["unique"] = true;
  line["keys"] = i.keys.map((k) => k.column);
  if (i.method !== "btree") line["method"] = i.method;
  if (i.where !== null) line["where"] = i.where;
  return line;
}

/** `"key": [` + one line per item + `]`, or null when there are no items. */
function block(key: string, items: readonly unknown[], indent: string): string | null {
  if (items.length === 0) return null;
  return `${indent}${JSON.stringify(key)}: [\n${items.map((i) => `${indent}  ${JSON.stringify(i)}`).join(",\n")}\n${indent}]`;
}

function tableText(t: Table): string {
  const parts = [
    t.module === undefined ? null : `  "module": ${JSON.stringify(t.module)}`,
    t.comment === null ? null : `  "comment": ${JSON.stringify(t.comment)}`,
    block("columns", t.columns.map(columnJson), "  "),
    t.primaryKey === null ? null : `  "primaryKey": ${JSON.stringify({ name: t.primaryKey.name, columns: t.primaryKey.columns })}`,
    block("uniques", t.uniques.map((u) => ({ name: u.name, columns: u.columns })), "  "),
    block("checks", t.checks.map((c) => ({ name: c.name, expression: c.expression })), "  "),
    block("foreignKeys", t.foreignKeys.map(foreignKeyJson), "  "),
    block("indexes", t.indexes.map(indexJson), "  "),
  ].filter((p): p is string => p !== null);
  // The opening line names the table and nothing else, so it never changes: a table inserted
  // before it and a change inside it stay apart in a merge.
  const opening = JSON.stringify({ schema: t.schema, name: t.name }).slice(0, -1);
  return parts.length === 0 ? `  ${opening}}` : `  ${opening},\n${parts.join(",\n")}}`;
}

/** The snapshot file's text for a graph: version 2, one line per object, trailing newline. */
export function formatSnapshot(graph: Graph): string {
  const list = (key: string, items: readonly string[]): string =>
    items.length === 0 ? `"${key}": []` : `"${key}": [\n${items.join(",\n")}\n]`;
  const schemas = graph.schemas.map((s) => `  ${JSON.stringify({ name: s.name, module: s.module })}`);
  const enums = graph.enums.map((e) => `  ${JSON.stringify({ schema: e.schema, name: e.name, values: e.values, module: e.module })}`);
  return `{\n"version": ${snapshotVersion},\n${list("schemas", schemas)},\n${list("enums", enums)},\n${list("tables", graph.tables.map(tableText))}\n}\n`;
}

/**
 * A wrong shape found while reading: the path of the bad value, relative to the object being read
 * (the callers put their own step before it: `tables[3]`, `columns[2]`), and what is wrong. Paths
 * are built only when something is wrong: a snapshot of 10,000 tables has a million fields.
 */
class ShapeError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}${problem}`);
  }
}

/** The error with `step` put before its path (other errors as they are). */
function within(error: unknown, step: string): unknown {
  if (!(error instanceof ShapeError)) return error;
  const rest = error.where;
  return new ShapeError(rest === "" ? step : rest.startsWith("[") ? `${step}${rest}` : `${step}.${rest}`, error.problem);
}

/** Reads every item of a list with `read`, naming `where[i]` in the error of a bad item. */
function items<T>(v: unknown, where: string, read: (item: unknown) => T): T[] {
  return array(v, where).map((item, i) => {
    try {
      return read(item);
    } catch (error) {
      throw within(error, `${where}[${i}]`);
    }
  });
}

function record(v: unknown, where: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ShapeError(where, " is not an object");
  return v as Json;
}

function array(v: unknown, where: string): readonly unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ShapeError(where, ": expected a list");
  return v;
}

function string(v: unknown, where: string): string {
  if (typeof v !== "string") throw new ShapeError(where, ": expected a string");
  return v;
}

function optionalString(v: unknown, where: string): string | null {
  return v === undefined || v === null ? null : string(v, where);
}

function strings(v: unknown, where: string): string[] {
  return array(v, where).map((s, i) => {
    if (typeof s !== "string") throw new ShapeError(`${where}[${i}]`, ": expected a string");
    return s;
  });
}

function flag(v: unknown, where: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new ShapeError(where, ": expected true or false");
  return v;
}

const builtinPattern = /^([a-z][a-z ]*?)(?:\((\d+(?:,\d+)*)\))?((?:\[\])*)$/;

function readType(v: unknown): ColumnType {
  if (typeof v === "string") {
    const match = builtinPattern.exec(v);
    if (match === null) throw new ShapeError("type", `: "${v}" is not a type`);
    const params = match[2] === undefined ? [] : match[2].split(",").map(Number);
    return { kind: "builtin", name: (match[1] ?? "") as Extract<ColumnType, { kind: "builtin" }>["name"], params, dimensions: (match[3] ?? "").length / 2 };
  }
  const t = record(v, "type");
  const dimensions = t["dimensions"] === undefined ? 0 : t["dimensions"];
  if (typeof dimensions !== "number") throw new ShapeError("type.dimensions", ": expected a number");
  return { kind: "enum", enum: { schema: string(t["schema"], "type.schema"), name: string(t["enum"], "type.enum") }, dimensions };
}

function readIdentity(v: unknown): Identity | null {
  if (v === undefined || v === null) return null;
  const i = record(v, "identity");
  const n = (key: string): number => {
    if (typeof i[key] !== "number") throw new ShapeError(`identity.${key}`, ": expected a number");
    return i[key];
  };
  return { always: flag(i["always"], "identity.always"), start: n("start"), increment: n("increment"), min: n("min"), max: n("max"), cache: n("cache"), cycle: flag(i["cycle"], "identity.cycle") };
}

function readColumn(v: unknown): Column {
  const c = record(v, "");
  return {
    name: string(c["name"], "name"),
    type: readType(c["type"]),
    notNull: flag(c["notNull"], "notNull"),
    default: optionalString(c["default"], "default"),
    identity: readIdentity(c["identity"]),
    generated: optionalString(c["generated"], "generated"),
    collation: optionalString(c["collation"], "collation"),
    comment: optionalString(c["comment"], "comment"),
    sequence: optionalString(c["sequence"], "sequence"),
  };
}

function readNamedColumns(v: unknown): PrimaryKey & UniqueConstraint {
  const o = record(v, "");
  return { name: string(o["name"], "name"), columns: strings(o["columns"], "columns") };
}

function readForeignKey(v: unknown): ForeignKey {
  const f = record(v, "");
  const target = record(f["references"], "references");
  return {
    name: string(f["name"], "name"),
    columns: strings(f["columns"], "columns"),
    references: { schema: string(target["schema"], "references.schema"), name: string(target["name"], "references.name") },
    referencedColumns: strings(f["referencedColumns"], "referencedColumns"),
    onDelete: (optionalString(f["onDelete"], "onDelete") ?? "no action") as ReferentialAction,
    onUpdate: (optionalString(f["onUpdate"], "onUpdate") ?? "no action") as ReferentialAction,
  };
}

function readIndex(v: unknown): Index {
  const i = record(v, "");
  return {
    name: string(i["name"], "name"),
    unique: flag(i["unique"], "unique"),
    keys: strings(i["keys"], "keys").map((column) => ({ kind: "column", column })),
    method: (optionalString(i["method"], "method") ?? "btree") as IndexMethod,
    where: optionalString(i["where"], "where"),
  };
}

function readCheck(v: unknown): CheckConstraint {
  const c = record(v, "");
  return { name: string(c["name"], "name"), expression: string(c["expression"], "expression") };
}

/** The `module` field of an object, when the snapshot records it (snapshots before it did not). */
function moduleField(o: Json): { module?: string } {
  const module = optionalString(o["module"], "module");
  return module === null ? {} : { module };
}

function readTable(v: unknown): Table {
  const t = record(v, "");
  return {
    schema: string(t["schema"], "schema"),
    name: string(t["name"], "name"),
    columns: items(t["columns"], "columns", readColumn),
    primaryKey: t["primaryKey"] === undefined || t["primaryKey"] === null ? null : within1(() => readNamedColumns(t["primaryKey"]), "primaryKey"),
    uniques: items(t["uniques"], "uniques", readNamedColumns),
    checks: items(t["checks"], "checks", readCheck),
    foreignKeys: items(t["foreignKeys"], "foreignKeys", readForeignKey),
    indexes: items(t["indexes"], "indexes", readIndex),
    comment: optionalString(t["comment"], "comment"),
    ...moduleField(t),
  };
}

/** Reads one value with `read`, naming `step` in the error of a bad one. */
function within1<T>(read: () => T, step: string): T {
  try {
    return read();
  } catch (error) {
    throw within(error, step);
  }
}

/** Reads a parsed version-2 snapshot into the full graph; returns a reason string when its shape is wrong. */
export function readSnapshotObject(raw: Json): Graph | string {
  try {
    const schemas = items(raw["schemas"], "schemas", (v): PgSchema => {
      const s = record(v, "");
      return { name: string(s["name"], "name"), ...moduleField(s) };
    });
    const enums = items(raw["enums"], "enums", (v): EnumType => {
      const e = record(v, "");
      return { schema: string(e["schema"], "schema"), name: string(e["name"], "name"), values: strings(e["values"], "values"), ...moduleField(e) };
    });
    const tables = items(raw["tables"], "tables", readTable);
    return { schemas, enums, tables };
  } catch (error) {
    if (error instanceof ShapeError) return error.message;
    throw error;
  }
}
