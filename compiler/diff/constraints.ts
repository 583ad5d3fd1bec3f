/**
 * Diff of a kept table's primary key, unique, check and foreign key constraints, keyed by
 * name. A changed definition is a drop and an add; so is a constraint on a recreated column
 * (PostgreSQL drops it with the column).
 */
import type { ForeignKey, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
import { diffByKey, sameValue } from "./keyed.js";

/** Keys `schema.table.column` of columns dropped and re-added in this migration. */
export type RecreatedColumns = ReadonlySet<string>;

/** The key of a column in a `RecreatedColumns` set. */
export function columnKey(table: QualifiedName, column: string): string {
  return `${qualifiedKey(table)}.${column}`;
}

function touches(recreated: RecreatedColumns, table: QualifiedName, columns: readonly string[]): boolean {
  return columns.some((c) => recreated.has(columnKey(table, c)));
}

/**
 * The column names an SQL expression mentions (bare or double-quoted words that are columns
 * of the table), used to tell which checks a recreated column takes with it.
 */
export function expressionColumns(expression: string, table: Table): string[] {
  const stripped = expression.replace(/'(?:[^']|'')*'/g, " ");
  const words = new Set(
    (stripped.match(/"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*/g) ?? []).map((w) =>
      w.startsWith('"') ? w.slice(1, -1).replace(/""/g, '"') : w.toLowerCase(),
    ),
  );
  return table.columns.filter((c) => words.has(c.name)).map((c) => c.name);
}

function isForeignKeyRecreated(recreated: RecreatedColumns, table: QualifiedName, fk: ForeignKey): boolean {
  return touches(recreated, table, fk.columns) || touches(recreated, fk.references, fk.referencedColumns);
}

/**
 * Diffs the constraints of a table present in both graphs. A foreign key on a `retyped` column
 * (on either side) is dropped and added back around the type change; the rest stays.
 */
export function diffConstraints(before: Table, after: Table, recreated: RecreatedColumns, retyped: RecreatedColumns = new Set()): Operation[] {
  const table: QualifiedName = { schema: after.schema, name: after.name };
  const ops: Operation[] = [];
  const b = before.primaryKey;
  const a = after.primaryKey;
  const pkChanged = !sameValue(b, a) || (a !== null && touches(recreated, table, a.columns));
  if (pkChanged && b !== null) ops.push({ kind: "dropPrimaryKey", table, primaryKey: b });
  if (pkChanged && a !== null) ops.push({ kind: "addPrimaryKey", table, primaryKey: a });

  const uniques = diffByKey(before.uniques, after.uniques, (u) => u.name);
  for (const unique of uniques.removed) ops.push({ kind: "dropUnique", table, unique });
  for (const unique of uniques.added) ops.push({ kind: "addUnique", table, unique });
  for (const pair of uniques.kept) {
    if (sameValue(pair.before, pair.after) && !touches(recreated, table, pair.after.columns)) continue;
    ops.push({ kind: "dropUnique", table, unique: pair.before }, { kind: "addUnique", table, unique: pair.after });
  }

  const checks = diffByKey(before.checks, after.checks, (c) => c.name);
  for (const check of checks.removed) ops.push({ kind: "dropCheck", table, check });
  for (const check of checks.added) ops.push({ kind: "addCheck", table, check });
  for (const pair of checks.kept) {
    const columns = expressionColumns(pair.after.expression, after);
    if (sameValue(pair.before, pair.after) && !touches(recreated, table, columns)) continue;
    ops.push({ kind: "dropCheck", table, check: pair.before }, { kind: "addCheck", table, check: pair.after });
  }
  return [...ops, ...diffForeignKeys(before, after, retyped.size === 0 ? recreated : new Set([...recreated, ...retyped]))];
}

/** Diffs the foreign keys of a table present in both graphs. */
export function diffForeignKeys(before: Table, after: Table, recreated: RecreatedColumns): Operation[] {
  const table: QualifiedName = { schema: after.schema, name: after.name };
  const ops: Operation[] = [];
  const fks = diffByKey(before.foreignKeys, after.foreignKeys, (f) => f.name);
  for (const foreignKey of fks.removed) ops.push({ kind: "dropForeignKey", table, foreignKey });
  for (const foreignKey of fks.added) ops.push({ kind: "addForeignKey", table, foreignKey });
  for (const pair of fks.kept) {
    if (sameValue(pair.before, pair.after) && !isForeignKeyRecreated(recreated, table, pair.after)) continue;
    ops.push(
      { kind: "dropForeignKey", table, foreignKey: pair.before },
      { kind: "addForeignKey", table, foreignKey: pair.after },
    );
  }
  return ops;
}
