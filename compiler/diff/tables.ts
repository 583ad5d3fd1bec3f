/**
 * Creating and dropping whole tables. A created table's CREATE TABLE carries its columns,
 * primary key, uniques and checks; foreign keys, indexes and comments become operations of
 * their own (so FK cycles work and each statement stays one change). A dropped table's
 * foreign keys are dropped first, by their own operations; the dropTable operation carries the
 * rest of the old table, indexes and comments included, so its inverse recreates all of it.
 */
import type { QualifiedName, Table } from "../graph.js";
import type { Operation } from "../operations.js";

/**
 * The part of a table that CREATE TABLE itself creates: no FKs, indexes or comments. Columns
 * without a comment are the table's own (graphs are immutable): a first migration of thousands
 * of tables copies no column.
 */
export function tableShell(table: Table): Table {
  return {
    ...table,
    columns: table.columns.every((c) => c.comment === null) ? table.columns : table.columns.map((c) => (c.comment === null ? c : { ...c, comment: null })),
    foreignKeys: [],
    indexes: [],
    comment: null,
  };
}

/** The indexes and comments of a table as operations that follow its CREATE TABLE. */
export function tableExtras(table: Table): Operation[] {
  const name: QualifiedName = { schema: table.schema, name: table.name };
  const ops: Operation[] = table.indexes.map((index) => ({ kind: "createIndex", table: name, index }));
  if (table.comment !== null) ops.push({ kind: "setTableComment", table: name, from: null, to: table.comment });
  for (const c of table.columns) {
    if (c.comment !== null) ops.push({ kind: "setColumnComment", table: name, column: c.name, from: null, to: c.comment });
  }
  return ops;
}

/** Operations that create a table the `before` graph does not have. */
export function createTableOperations(table: Table): Operation[] {
  const name: QualifiedName = { schema: table.schema, name: table.name };
  return [
    { kind: "createTable", table: tableShell(table) },
    ...table.foreignKeys.map((foreignKey): Operation => ({ kind: "addForeignKey", table: name, foreignKey })),
    ...tableExtras(table),
  ];
}

/** Operations that drop a table the `after` graph no longer has: its FKs, then the table. */
export function dropTableOperations(table: Table): Operation[] {
  const name: QualifiedName = { schema: table.schema, name: table.name };
  return [
    ...table.foreignKeys.map((foreignKey): Operation => ({ kind: "dropForeignKey", table: name, foreignKey })),
    { kind: "dropTable", table: { ...table, foreignKeys: [] } },
  ];
}
