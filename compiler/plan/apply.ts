/**
 * A graph-level simulator: applies operations to a graph as PostgreSQL would apply their SQL
 * to a database. The planner uses it to know the schema around each operation (for inverses)
 * and the tests use it as an oracle: applying `up` to `before` must give `after`, and `down`
 * to `after` must give `before`. It throws on an operation that does not fit the graph (a
 * planner bug, never a user error).
 */
import type { Column, EnumType, Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation, OperationKind, OperationOf } from "../operations.js";
import { compareText } from "../diff/keyed.js";
import { expressionColumns } from "../diff/constraints.js";
import { applyRename } from "../diff/rename-graph.js";
import { identityAfterTypeChange } from "../resolve.js";

type Apply<K extends OperationKind> = (graph: Graph, op: OperationOf<K>) => Graph;

function fail(message: string): never {
  throw new Error(`applyOperations: ${message}`);
}

/**
 * Position of a table in the graph's sorted list (binary search), or -1. Planning simulates every
 * operation on the graph, so a linear scan (or a re-sort) per operation would make a plan of
 * thousands of tables quadratic.
 */
function tableIndex(graph: Graph, name: QualifiedName): number {
  let low = 0;
  let high = graph.tables.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const order = compareKeys(graph.tables[middle] as Table, name);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  // A graph from elsewhere (introspection) may be sorted by another collation: scan it.
  if (isSorted(graph.tables)) return -1;
  return graph.tables.findIndex((t) => t.schema === name.schema && t.name === name.name);
}

/**
 * `compareText(qualifiedKey(a), qualifiedKey(b))` without building the keys: in one schema the
 * keys share their `schema.` prefix, so the names decide. A search over thousands of tables
 * compares about fourteen times per operation.
 */
function compareKeys(a: QualifiedName, b: QualifiedName): number {
  return a.schema === b.schema ? compareText(a.name, b.name) : compareText(qualifiedKey(a), qualifiedKey(b));
}

/** Whether a table list is sorted by qualified name, remembered per list (lists are immutable). */
const sortedLists = new WeakMap<readonly Table[], boolean>();

function isSorted(tables: readonly Table[]): boolean {
  let sorted = sortedLists.get(tables);
  if (sorted === undefined) {
    sorted = tables.every((t, i) => i === 0 || compareKeys(tables[i - 1] as Table, t) < 0);
    sortedLists.set(tables, sorted);
  }
  return sorted;
}

/** A list made from `from` without changing its order: sorted exactly when `from` was. */
function sameOrder(tables: Table[], from: readonly Table[]): Table[] {
  sortedLists.set(tables, isSorted(from));
  return tables;
}

/**
 * Table lists that one `applyOperations` call made for itself and changes in place: nobody else
 * holds them until it returns. Copying a list of thousands of tables for each of thousands of
 * operations would make a first migration quadratic in time and in garbage.
 */
const draftLists = new WeakSet<readonly Table[]>();

/**
 * The graph with its table list edited: in place for a draft list, else on a copy. `keepsOrder`
 * says whether the edit leaves a sorted list sorted.
 */
function editTables(graph: Graph, edit: (tables: Table[]) => void, keepsOrder: boolean): Graph {
  if (draftLists.has(graph.tables)) {
    const sorted = isSorted(graph.tables);
    edit(graph.tables as Table[]);
    if (keepsOrder) sortedLists.set(graph.tables, sorted);
    else sortedLists.delete(graph.tables);
    return graph;
  }
  const tables = graph.tables.slice();
  edit(tables);
  return { ...graph, tables: keepsOrder ? sameOrder(tables, graph.tables) : tables };
}

/** Where `item` goes in a list sorted by qualified name (binary search): before the first item not below it. */
function insertionPoint(items: readonly QualifiedName[], item: QualifiedName): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareKeys(items[middle] as QualifiedName, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function findTable(graph: Graph, name: QualifiedName): Table {
  return graph.tables[tableIndex(graph, name)] ?? fail(`no table ${qualifiedKey(name)}`);
}

/**
 * The graph with `table` added at its place in the sorted list (binary search). A graph sorted by
 * another collation gets the table appended and the list re-sorted, as a sorted graph would be.
 */
function withTableAdded(graph: Graph, table: Table): Graph {
  const tables = graph.tables;
  const low = insertionPoint(tables, table);
  const before = tables[low - 1];
  const after = tables[low];
  const fits = (before === undefined || compareKeys(before, table) < 0) && (after === undefined || compareKeys(table, after) < 0);
  if (!fits) {
    return editTables(graph, (list) => {
      list.push(table);
      list.sort(compareKeys);
    }, false);
  }
  return editTables(graph, (list) => list.splice(low, 0, table), true);
}

function updateTable(graph: Graph, name: QualifiedName, update: (table: Table) => Table): Graph {
  const index = tableIndex(graph, name);
  const table = graph.tables[index] ?? fail(`no table ${qualifiedKey(name)}`);
  const updated = update(table);
  const renamed = updated.schema !== table.schema || updated.name !== table.name;
  return editTables(graph, (list) => {
    list[index] = updated;
  }, !renamed);
}

function updateColumn(graph: Graph, name: QualifiedName, column: string, update: (c: Column) => Column): Graph {
  return updateTable(graph, name, (t) => {
    if (!t.columns.some((c) => c.name === column)) fail(`no column ${qualifiedKey(name)}.${column}`);
    return { ...t, columns: t.columns.map((c) => (c.name === column ? update(c) : c)) };
  });
}

/** Enum lists this module sorted itself (lists are immutable), where a new enum is inserted in place of a re-sort. */
const sortedEnums = new WeakSet<readonly EnumType[]>();

function withEnums(graph: Graph, enums: readonly EnumType[]): Graph {
  const sorted = [...enums].sort(compareKeys);
  sortedEnums.add(sorted);
  return { ...graph, enums: sorted };
}

/**
 * The graph with `added` among its enums, sorted as `withEnums` sorts them: inserted at its place
 * when the list is known sorted (a first migration creates hundreds of enums, one at a time).
 * Fails when an enum of the same qualified key is there.
 */
function withEnumAdded(graph: Graph, added: EnumType): Graph {
  if (!sortedEnums.has(graph.enums)) {
    const key = qualifiedKey(added);
    if (graph.enums.some((e) => qualifiedKey(e) === key)) fail(`enum ${key} exists`);
    return withEnums(graph, [...graph.enums, added]);
  }
  // Sorted by qualified key: an enum of the same key would be the one at the insertion point.
  const at = insertionPoint(graph.enums, added);
  const there = graph.enums[at];
  if (there !== undefined && compareKeys(there, added) === 0) fail(`enum ${qualifiedKey(added)} exists`);
  const enums = graph.enums.slice();
  enums.splice(at, 0, added);
  sortedEnums.add(enums);
  return { ...graph, enums };
}

function updateEnum(graph: Graph, name: QualifiedName, update: (e: EnumType) => EnumType): Graph {
  const key = qualifiedKey(name);
  if (!graph.enums.some((e) => qualifiedKey(e) === key)) fail(`no enum ${key}`);
  return withEnums(graph, graph.enums.map((e) => (qualifiedKey(e) === key ? update(e) : e)));
}

function without<T extends { readonly name: string }>(items: readonly T[], name: string, what: string): T[] {
  if (!items.some((i) => i.name === name)) fail(`no ${what} ${name}`);
  return items.filter((i) => i.name !== name);
}

function adding<T extends { readonly name: string }>(items: readonly T[], item: T, what: string): T[] {
  if (items.some((i) => i.name === item.name)) fail(`${what} ${item.name} exists`);
  return [...items, item];
}

/** Refuses to drop a column that an index or constraint still uses (the plan must drop those first). */
function assertUnused(table: Table, column: string): void {
  const used =
    (table.primaryKey?.columns.includes(column) ?? false) ||
    table.uniques.some((u) => u.columns.includes(column)) ||
    table.foreignKeys.some((f) => f.columns.includes(column)) ||
    table.indexes.some((i) => i.keys.some((k) => k.column === column)) ||
    table.checks.some((c) => expressionColumns(c.expression, table).includes(column));
  if (used) fail(`column ${table.name}.${column} is still used by an index or constraint`);
}

const appliers: { readonly [K in OperationKind]: Apply<K> } = {
  createSchema: (g, op) => ({ ...g, schemas: [...adding(g.schemas, op.schema, "schema")].sort((a, b) => compareText(a.name, b.name)) }),
  dropSchema: (g, op) => {
    const name = op.schema.name;
    if (g.tables.some((t) => t.schema === name) || g.enums.some((e) => e.schema === name)) fail(`schema ${name} is not empty`);
    return { ...g, schemas: without(g.schemas, name, "schema") };
  },
  createEnum: (g, op) => withEnumAdded(g, op.enum),
  dropEnum: (g, op) => {
    const key = qualifiedKey(op.enum);
    if (!g.enums.some((e) => qualifiedKey(e) === key)) fail(`no enum ${key}`);
    return withEnums(g, g.enums.filter((e) => qualifiedKey(e) !== key));
  },
  addEnumValue: (g, op) =>
    updateEnum(g, op.enum, (e) => {
      if (e.values.includes(op.value)) fail(`enum value ${op.value} exists`);
      const at = op.before === null ? e.values.length : e.values.indexOf(op.before);
      if (at < 0) fail(`no enum value ${String(op.before)}`);
      return { ...e, values: [...e.values.slice(0, at), op.value, ...e.values.slice(at)] };
    }),
  rebuildEnum: (g, op) =>
    op.usages.reduce(
      (graph, u) => updateColumn(graph, u.table, u.column, (c) => ({ ...c, default: u.newDefault })),
      updateEnum(g, op.from, (e) => ({ ...e, values: op.to.values })),
    ),
  createTable: (g, op) => {
    if (tableIndex(g, op.table) >= 0) fail(`table ${qualifiedKey(op.table)} exists`);
    return withTableAdded(g, op.table);
  },
  dropTable: (g, op) => {
    const index = tableIndex(g, op.table);
    if (index < 0) fail(`no table ${qualifiedKey(op.table)}`);
    return editTables(g, (list) => list.splice(index, 1), true);
  },
  renameTable: applyRename,
  addColumn: (g, op) => updateTable(g, op.table, (t) => ({ ...t, columns: adding(t.columns, op.column, "column") })),
  dropColumn: (g, op) =>
    updateTable(g, op.table, (t) => {
      assertUnused(t, op.column.name);
      return { ...t, columns: without(t.columns, op.column.name, "column") };
    }),
  renameColumn: applyRename,
  renameSchema: applyRename,
  renameEnum: applyRename,
  renameEnumValue: applyRename,
  renameConstraint: applyRename,
  renameIndex: applyRename,
  renameSequence: applyRename,
  // PostgreSQL moves an identity's sequence to the new type, and its type-default bounds with it.
  alterColumnType: (g, op) =>
    updateColumn(g, op.table, op.column, (c) => ({
      ...c,
      type: op.to,
      collation: op.toCollation ?? null,
      identity: c.identity === null ? null : identityAfterTypeChange(c.identity, c.type, op.to),
    })),
  dropExpression: (g, op) => updateColumn(g, op.table, op.column.name, (c) => ({ ...c, generated: null })),
  setNotNull: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, notNull: true })),
  dropNotNull: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, notNull: false })),
  setDefault: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, default: op.to })),
  setIdentity: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, identity: op.to })),
  createSequence: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, sequence: op.sequence })),
  dropSequence: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, sequence: null })),
  addPrimaryKey: (g, op) =>
    updateTable(g, op.table, (t) => (t.primaryKey === null ? { ...t, primaryKey: op.primaryKey } : fail("primary key exists"))),
  dropPrimaryKey: (g, op) =>
    updateTable(g, op.table, (t) => (t.primaryKey?.name === op.primaryKey.name ? { ...t, primaryKey: null } : fail("no primary key"))),
  addUnique: (g, op) => updateTable(g, op.table, (t) => ({ ...t, uniques: adding(t.uniques, op.unique, "unique") })),
  dropUnique: (g, op) => updateTable(g, op.table, (t) => ({ ...t, uniques: without(t.uniques, op.unique.name, "unique") })),
  addCheck: (g, op) => updateTable(g, op.table, (t) => ({ ...t, checks: adding(t.checks, op.check, "check") })),
  dropCheck: (g, op) => updateTable(g, op.table, (t) => ({ ...t, checks: without(t.checks, op.check.name, "check") })),
  addForeignKey: (g, op) => {
    findTable(g, op.foreignKey.references);
    return updateTable(g, op.table, (t) => ({ ...t, foreignKeys: adding(t.foreignKeys, op.foreignKey, "foreign key") }));
  },
  dropForeignKey: (g, op) =>
    updateTable(g, op.table, (t) => ({ ...t, foreignKeys: without(t.foreignKeys, op.foreignKey.name, "foreign key") })),
  // Validity is not in the graph: the constraint must be there, and stays as it is.
  validateConstraint: (g, op) => {
    const t = findTable(g, op.table);
    const list: readonly { readonly name: string }[] = op.constraint === "check" ? t.checks : t.foreignKeys;
    return list.some((c) => c.name === op.name) ? g : fail(`no ${op.constraint === "check" ? "check" : "foreign key"} ${op.name} on ${qualifiedKey(op.table)}`);
  },
  createIndex: (g, op) => updateTable(g, op.table, (t) => ({ ...t, indexes: adding(t.indexes, op.index, "index") })),
  dropIndex: (g, op) => updateTable(g, op.table, (t) => ({ ...t, indexes: without(t.indexes, op.index.name, "index") })),
  setTableComment: (g, op) => updateTable(g, op.table, (t) => ({ ...t, comment: op.to })),
  setColumnComment: (g, op) => updateColumn(g, op.table, op.column, (c) => ({ ...c, comment: op.to })),
};

/** Applies one operation to a graph. */
export function applyOperation(graph: Graph, op: Operation): Graph {
  return (appliers[op.kind] as Apply<OperationKind>)(graph, op as OperationOf<OperationKind>);
}

/** Applies operations in order to a graph and returns the resulting graph. */
export function applyOperations(graph: Graph, ops: readonly Operation[]): Graph {
  if (ops.length === 0) return graph;
  const tables = graph.tables.slice();
  sameOrder(tables, graph.tables);
  draftLists.add(tables);
  try {
    return ops.reduce(applyOperation, { ...graph, tables });
  } finally {
    draftLists.delete(tables);
  }
}
