/**
 * Small builders of normalized graph nodes for unit tests: every field filled with
 * PostgreSQL's defaults so a test states only what it is about.
 */
import type { Column, ColumnType, EnumType, Graph, Table } from "../../compiler/graph.js";

/** A builtin column type. */
export function builtin(name: Extract<ColumnType, { kind: "builtin" }>["name"], params: number[] = [], dimensions = 0): ColumnType {
  return { kind: "builtin", name, params, dimensions };
}

/** An enum column type in schema public unless given. */
export function enumOf(name: string, schema = "public", dimensions = 0): ColumnType {
  return { kind: "enum", enum: { schema, name }, dimensions };
}

/** A nullable column of the type, with no default. */
export function column(name: string, type: ColumnType = builtin("text"), extra: Partial<Column> = {}): Column {
  return { name, type, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null, sequence: null, ...extra };
}

/** A table in schema public unless `extra.schema` says otherwise. */
export function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    schema: "public",
    name,
    columns,
    primaryKey: null,
    uniques: [],
    checks: [],
    foreignKeys: [],
    indexes: [],
    comment: null,
    ...extra,
  };
}

/** An enum type in schema public. */
export function enumType(name: string, values: string[], schema = "public"): EnumType {
  return { schema, name, values };
}

/** A graph with its lists sorted as resolve sorts them. */
export function graph(parts: { schemas?: string[]; enums?: EnumType[]; tables?: Table[] }): Graph {
  const key = (x: { schema: string; name: string }): string => `${x.schema}.${x.name}`;
  const byKey = <T extends { schema: string; name: string }>(a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    schemas: (parts.schemas ?? []).sort().map((name) => ({ name })),
    enums: [...(parts.enums ?? [])].sort(byKey),
    tables: [...(parts.tables ?? [])].sort(byKey),
  };
}

/** Drops one-shot hints and spans, which the planner does not carry over. */
function stripHints<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === "using" || k === "renamedFrom" || k === "span" ? undefined : v))) as T;
}

/** A graph with lists inside tables sorted by name, for comparing graphs built in different orders. */
export function canonical(g: Graph, options: { ignoreColumnOrder?: boolean } = {}): Graph {
  const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return stripHints({
    ...g,
    tables: g.tables.map((t) => ({
      ...t,
      columns: options.ignoreColumnOrder ? byName(t.columns) : [...t.columns],
      uniques: byName(t.uniques),
      checks: byName(t.checks),
      foreignKeys: byName(t.foreignKeys),
      indexes: byName(t.indexes),
    })),
  });
}
