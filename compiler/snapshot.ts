/**
 * Graph ↔ `snapshot.json`: the schema after the newest migration. The file has a version field,
 * a stable key order and no spans or one-shot hints, so moving code between files is not a
 * schema change. It is validated on read; a corrupt or unreadable snapshot is an error and is
 * never overwritten.
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
  Index,
  PgSchema,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from "./graph.js";
import { emptyGraph } from "./graph.js";

/** The snapshot format this version of schemac reads and writes. */
export const snapshotVersion = 1;

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

function canonicalColumn(c: Column): Column {
  return {
    name: c.name,
    type: canonicalType(c.type),
    notNull: c.notNull,
    default: c.default,
    identity: c.identity === null ? null : { ...c.identity },
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
      const before = old.get(`${table.schema}.${table.name}`);
      if (before === undefined) return table;
      const position = new Map(before.columns.map((c, i) => [c.name, i]));
      const kept = table.columns.filter((c) => position.has(c.name)).sort((a, b) => (position.get(a.name) ?? 0) - (position.get(b.name) ?? 0));
      return { ...table, columns: [...kept, ...table.columns.filter((c) => !position.has(c.name))] };
    }),
  };
}

/** The snapshot file's text: versioned, two-space JSON, trailing newline. */
export function serializeSnapshot(graph: Graph): string {
  return `${JSON.stringify({ version: snapshotVersion, ...canonicalGraph(graph) }, null, 2)}\n`;
}

/** True when two graphs are the same schema (spans and hints ignored). */
export function graphsEqual(a: Graph, b: Graph): boolean {
  return JSON.stringify(canonicalGraph(a)) === JSON.stringify(canonicalGraph(b));
}

/** Reads a snapshot; a missing file is the empty graph (no migration yet). */
export function readSnapshot(path: string, displayPath: string = path): Graph {
  if (!existsSync(path)) return emptyGraph;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, (error as Error).message)]);
  }
  return parseSnapshot(text, displayPath);
}

/** Parses and validates snapshot text. */
export function parseSnapshot(text: string, displayPath: string): Graph {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, `not valid JSON (${(error as Error).message})`)]);
  }
  if (!isRecord(raw)) throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, "not a JSON object")]);
  if (raw["version"] !== snapshotVersion) {
    throw new SchemacError([diagnostic("SnapshotVersion", null, displayPath, JSON.stringify(raw["version"] ?? null))]);
  }
  const problem = graphShapeProblem(raw);
  if (problem !== null) throw new SchemacError([diagnostic("SnapshotUnreadable", null, displayPath, problem)]);
  const graph = raw as unknown as Graph;
  return canonicalGraph(graph);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Shape = "string" | "number" | "boolean" | "string?" | "strings" | ((v: unknown) => string | null);

function checkShape(v: unknown, shape: Record<string, Shape>, where: string): string | null {
  if (!isRecord(v)) return `${where} is not an object`;
  for (const [key, kind] of Object.entries(shape)) {
    const value = v[key];
    const ok =
      typeof kind === "function"
        ? kind(value)
        : kind === "string?"
          ? value === null || typeof value === "string"
            ? null
            : "expected a string or null"
          : kind === "strings"
            ? Array.isArray(value) && value.every((s) => typeof s === "string")
              ? null
              : "expected a list of strings"
            : typeof value === kind
              ? null
              : `expected a ${kind}`;
    if (ok !== null) return `${where}.${key}: ${ok}`;
  }
  return null;
}

function list(shape: Record<string, Shape> | ((v: unknown, where: string) => string | null), where: string): (v: unknown) => string | null {
  return (v) => {
    if (!Array.isArray(v)) return "expected a list";
    for (let i = 0; i < v.length; i++) {
      const p = typeof shape === "function" ? shape(v[i], `${where}[${i}]`) : checkShape(v[i], shape, `${where}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  };
}

const typeShape = (v: unknown): string | null => {
  if (!isRecord(v)) return "expected a type object";
  if (v["kind"] === "enum") return checkShape(v["enum"], { schema: "string", name: "string" }, "enum");
  if (v["kind"] !== "builtin" || typeof v["name"] !== "string" || !Array.isArray(v["params"])) return "expected a builtin or enum type";
  return typeof v["dimensions"] === "number" ? null : "expected dimensions";
};

const nullableObject = (v: unknown): string | null => (v === null || isRecord(v) ? null : "expected an object or null");

function graphShapeProblem(raw: Record<string, unknown>): string | null {
  const table = (v: unknown, where: string): string | null =>
    checkShape(v, {
      schema: "string",
      name: "string",
      columns: list(
        { name: "string", type: typeShape, notNull: "boolean", default: "string?", identity: nullableObject, generated: "string?", collation: "string?", comment: "string?", sequence: "string?" },
        `${where}.columns`,
      ),
      primaryKey: nullableObject,
      uniques: list({ name: "string", columns: "strings" }, `${where}.uniques`),
      checks: list({ name: "string", expression: "string" }, `${where}.checks`),
      foreignKeys: list({ name: "string", columns: "strings", referencedColumns: "strings", onDelete: "string", onUpdate: "string" }, `${where}.foreignKeys`),
      indexes: list({ name: "string", unique: "boolean", method: "string", where: "string?" }, `${where}.indexes`),
      comment: "string?",
    }, where);
  return checkShape(raw, {
    schemas: list({ name: "string" }, "schemas"),
    enums: list({ schema: "string", name: "string", values: "strings" }, "enums"),
    tables: list(table, "tables"),
  }, "snapshot");
}
