/**
 * Graph ↔ `snapshot.json`: the schema after the newest migration. The file has a version field,
 * a stable order and no spans or one-shot hints, so moving code between files is not a schema
 * change (its line layout is in snapshot-format.ts). It is validated on read; a corrupt or
 * unreadable snapshot is an error and is never overwritten. The previous format (version 1) is
 * still read, and the next write moves the file to the current one.
 */
import { existsSync, readFileSync } from "node:fs";
import { SchemacError, diagnostic } from "./diagnostics.js";
import type {
  CheckConstraint,
  Column,
  ColumnType,
  EnumType,
  ForeignKey,
  Graph,
  Identity,
  Index,
  PgSchema,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from "./graph.js";
import { emptyGraph } from "./graph.js";
import { formatSnapshot, readSnapshotObject, snapshotVersion } from "./snapshot-format.js";
import { isRecord, readLegacySnapshot } from "./snapshot-v1.js";

export { snapshotVersion };

/** The graph without spans and hints, every object with its keys in one fixed order. */
export function canonicalGraph(graph: Graph): Graph {
  return {
    schemas: graph.schemas.map((s): PgSchema => ({ name: s.name })),
    enums: graph.enums.map((e): EnumType => ({ schema: e.schema, name: e.name, values: [...e.values] })),
    tables: graph.tables.map(canonicalTable),
  };
}

function canonicalType(t: ColumnType): ColumnType {
  return t.kind === "enum"
    ? { kind: "enum", enum: { schema: t.enum.schema, name: t.enum.name }, dimensions: t.dimensions }
    : { kind: "builtin", name: t.name, params: [...t.params], dimensions: t.dimensions };
}

function canonicalIdentity(i: Identity): Identity {
  return { always: i.always, start: i.start, increment: i.increment, min: i.min, max: i.max, cache: i.cache, cycle: i.cycle };
}

function canonicalColumn(c: Column): Column {
  return {
    name: c.name,
    type: canonicalType(c.type),
    notNull: c.notNull,
    default: c.default,
    identity: c.identity === null ? null : canonicalIdentity(c.identity),
    generated: c.generated,
    collation: c.collation,
    comment: c.comment,
    sequence: c.sequence,
  };
}

function canonicalTable(t: Table): Table {
  const pk = (p: PrimaryKey): PrimaryKey => ({ name: p.name, columns: [...p.columns] });
  const unique = (u: UniqueConstraint): UniqueConstraint => ({ name: u.name, columns: [...u.columns] });
  const check = (c: CheckConstraint): CheckConstraint => ({ name: c.name, expression: c.expression });
  const fk = (f: ForeignKey): ForeignKey => ({
    name: f.name,
    columns: [...f.columns],
    references: { schema: f.references.schema, name: f.references.name },
    referencedColumns: [...f.referencedColumns],
    onDelete: f.onDelete,
    onUpdate: f.onUpdate,
  });
  const index = (i: Index): Index => ({
    name: i.name,
    unique: i.unique,
    keys: i.keys.map((k) => ({ kind: k.kind, column: k.column })),
    method: i.method,
    where: i.where,
  });
  return {
    schema: t.schema,
    name: t.name,
    columns: t.columns.map(canonicalColumn),
    primaryKey: t.primaryKey === null ? null : pk(t.primaryKey),
    uniques: t.uniques.map(unique),
    checks: t.checks.map(check),
    foreignKeys: t.foreignKeys.map(fk),
    indexes: t.indexes.map(index),
    comment: t.comment,
  };
}

/**
 * The model with each existing table's columns in the order the database has them: PostgreSQL
 * can only append a column, so columns already in `previous` keep their place and new ones
 * follow in declaration order. A reorder in the model alone is therefore no change.
 */
export function physicalColumnOrder(previous: Graph, next: Graph): Graph {
  const old = new Map(previous.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  return {
    ...next,
    tables: next.tables.map((table) => {
      // A table or column renamed in place (a `renamedFrom` hint) keeps its place too.
      const hinted = table.renamedFrom === undefined ? undefined : old.get(`${table.schema}.${table.renamedFrom}`);
      const before = old.get(`${table.schema}.${table.name}`) ?? hinted;
      if (before === undefined) return table;
      // Most tables keep their columns in place: same names in the same order, nothing to sort.
      if (sameColumnNames(before.columns, table.columns)) return table;
      const position = new Map(before.columns.map((c, i) => [c.name, i]));
      const at = (c: Column): number | undefined => position.get(c.name) ?? (c.renamedFrom === undefined ? undefined : position.get(c.renamedFrom));
      const kept = table.columns.filter((c) => at(c) !== undefined).sort((a, b) => (at(a) ?? 0) - (at(b) ?? 0));
      return { ...table, columns: [...kept, ...table.columns.filter((c) => at(c) === undefined)] };
    }),
  };
}

/** The snapshot file's text: versioned JSON, one line per object (snapshot-format.ts), trailing newline. */
export function serializeSnapshot(graph: Graph): string {
  return formatSnapshot(graph);
}

function sameColumnNames(a: readonly Column[], b: readonly Column[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.name !== b[i]?.name) return false;
  return true;
}

/** True when two graphs are the same schema (spans and hints ignored). */
export function graphsEqual(a: Graph, b: Graph): boolean {
  return JSON.stringify(canonicalGraph(a)) === JSON.stringify(canonicalGraph(b));
}

/** A snapshot as read: the graph and the format version of the file (null when there is no file). */
export interface SnapshotRead {
  readonly graph: Graph;
  readonly version: number | null;
}

/** Reads a snapshot; a missing file is the empty graph (no migration yet). */
export function readSnapshot(path: string, displayPath: string = path): Graph {
  return readSnapshotFile(path, displayPath).graph;
}

/** Reads a snapshot and tells which format version the file had. */
export function readSnapshotFile(path: string, displayPath: string = path): SnapshotRead {
  if (!existsSync(path)) return { graph: emptyGraph, version: null };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, (error as Error).message)]);
  }
  return parseSnapshotText(text, displayPath);
}

/** Parses and validates snapshot text (the current format or an older one). */
export function parseSnapshot(text: string, displayPath: string): Graph {
  return parseSnapshotText(text, displayPath).graph;
}

function parseSnapshotText(text: string, displayPath: string): SnapshotRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, `not valid JSON (${(error as Error).message})`)]);
  }
  if (!isRecord(raw)) throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, "not a JSON object")]);
  const version = raw["version"];
  const read = version === snapshotVersion ? readSnapshotObject : version === 1 ? readLegacySnapshot : null;
  if (read === null) throw new SchemacError([diagnostic("SnapshotVersion", null, displayPath, JSON.stringify(version ?? null))]);
  const graph = read(raw);
  if (typeof graph === "string") throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, graph)]);
  return { graph: version === snapshotVersion ? graph : canonicalGraph(graph), version: version as number };
}
