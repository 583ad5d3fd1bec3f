/**
 * Rebuilding an enum type: PostgreSQL can add a value to an enum but never remove or move one,
 * so a value list that loses or reorders values is made by swapping the type (migra's recipe):
 * the old type is renamed away, the new one created under the real name, every column of the
 * type converted through text (`USING col::text::t`), the old type dropped. A default, check or
 * partial-index predicate that compares such a column stores the old type in its expression
 * (PostgreSQL then fails with "operator does not exist: t = t__old"), so defaults are dropped
 * and set again around the swap, and those checks and indexes are dropped and recreated.
 */
import type { Column, EnumType, Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { EnumUsage, Operation } from "../operations.js";
import { columnKey, expressionColumns } from "./constraints.js";
import { sameValue } from "./keyed.js";

function isOfEnum(type: { kind: string; enum?: QualifiedName }, name: QualifiedName): boolean {
  return type.kind === "enum" && type.enum !== undefined && type.enum.schema === name.schema && type.enum.name === name.name;
}

/** Every column of `graph` whose type is the enum, with its default kept across the rebuild. */
export function enumUsages(graph: Graph, name: QualifiedName): EnumUsage[] {
  const usages: EnumUsage[] = [];
  for (const table of graph.tables) {
    for (const column of table.columns) {
      if (!isOfEnum(column.type, name)) continue;
      const ref = { schema: table.schema, name: table.name };
      usages.push({ table: ref, column: column.name, dimensions: column.type.dimensions, default: column.default, newDefault: column.default });
    }
  }
  return usages;
}

/** Every column of `graph` by its `columnKey`. */
function columnsByKey(graph: Graph): ReadonlyMap<string, Column> {
  return new Map(graph.tables.flatMap((t) => t.columns.map((c) => [columnKey(t, c.name), c] as const)));
}

/** The usage columns of one table. */
function columnsOf(usages: readonly EnumUsage[], table: Table): string[] {
  return usages.filter((u) => u.table.schema === table.schema && u.table.name === table.name).map((u) => u.column);
}

/**
 * The checks and partial indexes of `before`'s tables that compare a usage column and are the
 * same in `after` (a changed or removed one is already dropped and added by the diff): dropped
 * before the rebuild and recreated after it.
 */
function dependents(before: Graph, after: Graph, usages: readonly EnumUsage[]): { drops: Operation[]; adds: Operation[] } {
  const drops: Operation[] = [];
  const adds: Operation[] = [];
  const afterTables = new Map(after.tables.map((t) => [qualifiedKey(t), t]));
  for (const table of before.tables) {
    const columns = columnsOf(usages, table);
    const kept = afterTables.get(qualifiedKey(table));
    if (columns.length === 0 || kept === undefined) continue;
    const ref = { schema: table.schema, name: table.name };
    const compares = (expression: string): boolean => expressionColumns(expression, table).some((c) => columns.includes(c));
    for (const index of table.indexes) {
      if (index.where === null || !compares(index.where) || !kept.indexes.some((i) => sameValue(i, index))) continue;
      drops.push({ kind: "dropIndex", table: ref, index });
      adds.push({ kind: "createIndex", table: ref, index });
    }
    for (const check of table.checks) {
      if (!compares(check.expression) || !kept.checks.some((c) => sameValue(c, check))) continue;
      drops.push({ kind: "dropCheck", table: ref, check });
      adds.push({ kind: "addCheck", table: ref, check });
    }
  }
  return { drops, adds };
}

/**
 * The rebuild of enum `from` into `to` when the columns are those of `graph` and nothing else
 * changes (the inverse of an added value): the rebuild with the checks and partial indexes
 * around it.
 */
export function enumRebuildOperations(graph: Graph, from: EnumType, to: EnumType): Operation[] {
  const usages = enumUsages(graph, from);
  const { drops, adds } = dependents(graph, graph, usages);
  return [...drops, { kind: "rebuildEnum", from, to, usages }, ...adds];
}

/**
 * The rebuild of a kept enum in a migration from `before` to `after`. Its columns are those of
 * the enum's type in both graphs (a dropped column or table is gone before the rebuild runs; a
 * new one is created after it, with the new type); each column's default goes from its
 * `before` to its `after` value inside the rebuild (the old value may not exist in the new
 * type), so the diff's own default change of those columns is left out (see `foldedDefaults`).
 */
export function enumRebuildInDiff(before: Graph, after: Graph, from: EnumType, to: EnumType): Operation[] {
  const afterColumns = columnsByKey(after);
  const usages: EnumUsage[] = [];
  for (const usage of enumUsages(before, from)) {
    const next = afterColumns.get(columnKey(usage.table, usage.column));
    if (next === undefined || !isOfEnum(next.type, to) || next.type.dimensions !== usage.dimensions) continue;
    usages.push({ ...usage, newDefault: next.default });
  }
  const { drops, adds } = dependents(before, after, usages);
  return [...drops, { kind: "rebuildEnum", from, to, usages }, ...adds];
}

/**
 * The `table.column` keys whose default a rebuild in `ops` sets itself: the diff's setDefault
 * operations of those columns are dropped.
 */
export function foldedDefaults(ops: readonly Operation[]): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const op of ops) {
    if (op.kind !== "rebuildEnum") continue;
    for (const u of op.usages) keys.add(columnKey(u.table, u.column));
  }
  return keys;
}

/**
 * Columns that leave enum `from` (another type) while it is rebuilt: their type change runs
 * after the rebuild, so the old type could not be dropped. Returned as `table.column` keys.
 */
export function columnsLeavingEnum(before: Graph, after: Graph, from: EnumType): string[] {
  const afterColumns = columnsByKey(after);
  return enumUsages(before, from)
    .filter((u) => {
      const next = afterColumns.get(columnKey(u.table, u.column));
      return next !== undefined && (!isOfEnum(next.type, from) || next.type.dimensions !== u.dimensions);
    })
    .map((u) => columnKey(u.table, u.column));
}
