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

/** A wrong shape found while reading: the path of the bad value and what was expected. */
class ShapeError extends Error {}

function record(v: unknown, where: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ShapeError(`${where} is not an object`);
  return v as Json;
}

function array(v: unknown, where: string): readonly unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ShapeError(`${where}: expected a list`);
  return v;
}

function string(v: unknown, where: string): string {
  if (typeof v !== "string") throw new ShapeError(`${where}: expected a string`);
  return v;
}

function optionalString(v: unknown, where: string): string | null {
  return v === undefined || v === null ? null : string(v, where);
}

function strings(v: unknown, where: string): string[] {
  return array(v, where).map((s, i) => string(s, `${where}[${i}]`));
}

function flag(v: unknown, where: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new ShapeError(`${where}: expected true or false`);
  return v;
}

const builtinPattern = /^([a-z][a-z ]*?)(?:\((\d+(?:,\d+)*)\))?((?:\[\])*)$/;

function readType(v: unknown, where: string): ColumnType {
  if (typeof v === "string") {
    const match = builtinPattern.exec(v);
    if (match === null) throw new ShapeError(`${where}: "${v}" is not a type`);
    const params = match[2] === undefined ? [] : match[2].split(",").map(Number);
    return { kind: "builtin", name: (match[1] ?? "") as Extract<ColumnType, { kind: "builtin" }>["name"], params, dimensions: (match[3] ?? "").length / 2 };
  }
  const t = record(v, where);
  const dimensions = t["dimensions"] === undefined ? 0 : t["dimensions"];
  if (typeof dimensions !== "number") throw new ShapeError(`${where}.dimensions: expected a number`);
  return { kind: "enum", enum: { schema: string(t["schema"], `${where}.schema`), name: string(t["enum"], `${where}.enum`) }, dimensions };
}

function readIdentity(v: unknown, where: string): Identity | null {
  if (v === undefined || v === null) return null;
  const i = record(v, where);
  const n = (key: string): number => {
    if (typeof i[key] !== "number") throw new ShapeError(`${where}.${key}: expected a number`);
    return i[key];
  };
  return { always: flag(i["always"], `${where}.always`), start: n("start"), increment: n("increment"), min: n("min"), max: n("max"), cache: n("cache"), cycle: flag(i["cycle"], `${where}.cycle`) };
}

function readColumn(v: unknown, where: string): Column {
  const c = record(v, where);
  return {
    name: string(c["name"], `${where}.name`),
    type: readType(c["type"], `${where}.type`),
    notNull: flag(c["notNull"], `${where}.notNull`),
    default: optionalString(c["default"], `${where}.default`),
    identity: readIdentity(c["identity"], `${where}.identity`),
    generated: optionalString(c["generated"], `${where}.generated`),
    collation: optionalString(c["collation"], `${where}.collation`),
    comment: optionalString(c["comment"], `${where}.comment`),
    sequence: optionalString(c["sequence"], `${where}.sequence`),
  };
}

function readNamedColumns(v: unknown, where: string): PrimaryKey & UniqueConstraint {
  const o = record(v, where);
  return { name: string(o["name"], `${where}.name`), columns: strings(o["columns"], `${where}.columns`) };
}

function readForeignKey(v: unknown, where: string): ForeignKey {
  const f = record(v, where);
  const target = record(f["references"], `${where}.references`);
  return {
    name: string(f["name"], `${where}.name`),
    columns: strings(f["columns"], `${where}.columns`),
    references: { schema: string(target["schema"], `${where}.references.schema`), name: string(target["name"], `${where}.references.name`) },
    referencedColumns: strings(f["referencedColumns"], `${where}.referencedColumns`),
    onDelete: (optionalString(f["onDelete"], `${where}.onDelete`) ?? "no action") as ReferentialAction,
    onUpdate: (optionalString(f["onUpdate"], `${where}.onUpdate`) ?? "no action") as ReferentialAction,
  };
}

function readIndex(v: unknown, where: string): Index {
  const i = record(v, where);
  return {
    name: string(i["name"], `${where}.name`),
    unique: flag(i["unique"], `${where}.unique`),
    keys: strings(i["keys"], `${where}.keys`).map((column) => ({ kind: "column", column })),
    method: (optionalString(i["method"], `${where}.method`) ?? "btree") as IndexMethod,
    where: optionalString(i["where"], `${where}.where`),
  };
}

/** The `module` field of an object, when the snapshot records it (snapshots before it did not). */
function moduleField(o: Json, where: string): { module?: string } {
  const module = optionalString(o["module"], `${where}.module`);
  return module === null ? {} : { module };
}

function readTable(v: unknown, where: string): Table {
  const t = record(v, where);
  const each = <T>(key: string, read: (item: unknown, at: string) => T): T[] => array(t[key], `${where}.${key}`).map((item, i) => read(item, `${where}.${key}[${i}]`));
  return {
    schema: string(t["schema"], `${where}.schema`),
    name: string(t["name"], `${where}.name`),
    columns: each("columns", readColumn),
    primaryKey: t["primaryKey"] === undefined || t["primaryKey"] === null ? null : readNamedColumns(t["primaryKey"], `${where}.primaryKey`),
    uniques: each("uniques", readNamedColumns),
    checks: each("checks", (item, at): CheckConstraint => {
      const c = record(item, at);
      return { name: string(c["name"], `${at}.name`), expression: string(c["expression"], `${at}.expression`) };
    }),
    foreignKeys: each("foreignKeys", readForeignKey),
    indexes: each("indexes", readIndex),
    comment: optionalString(t["comment"], `${where}.comment`),
    ...moduleField(t, where),
  };
}

/** Reads a parsed version-2 snapshot into the full graph; returns a reason string when its shape is wrong. */
export function readSnapshotObject(raw: Json): Graph | string {
  try {
    const schemas = array(raw["schemas"], "schemas").map((v, i): PgSchema => {
      const s = record(v, `schemas[${i}]`);
      return { name: string(s["name"], `schemas[${i}].name`), ...moduleField(s, `schemas[${i}]`) };
    });
    const enums = array(raw["enums"], "enums").map((v, i): EnumType => {
      const e = record(v, `enums[${i}]`);
      return { schema: string(e["schema"], `enums[${i}].schema`), name: string(e["name"], `enums[${i}].name`), values: strings(e["values"], `enums[${i}].values`), ...moduleField(e, `enums[${i}]`) };
    });
    const tables = array(raw["tables"], "tables").map((t, i) => readTable(t, `tables[${i}]`));
    return { schemas, enums, tables };
  } catch (error) {
    if (error instanceof ShapeError) return error.message;
    throw error;
  }
}
