/**
 * Diff of a kept table's indexes, keyed by name: a changed definition, or an index on a
 * recreated column (dropped by PostgreSQL with the column), is a drop and a create.
 */
import type { QualifiedName, Table } from "../graph.js";
import type { Operation } from "../operations.js";
import { columnKey, expressionColumns, type RecreatedColumns } from "./constraints.js";
import { diffByKey, sameValue } from "./keyed.js";

/** Diffs the indexes of a table present in both graphs. */
export function diffIndexes(before: Table, after: Table, recreated: RecreatedColumns): Operation[] {
  const table: QualifiedName = { schema: after.schema, name: after.name };
  const ops: Operation[] = [];
  const indexes = diffByKey(before.indexes, after.indexes, (i) => i.name);
  for (const index of indexes.removed) ops.push({ kind: "dropIndex", table, index });
  for (const index of indexes.added) ops.push({ kind: "createIndex", table, index });
  for (const pair of indexes.kept) {
    const columns = [
      ...pair.after.keys.map((k) => k.column),
      ...(pair.after.where === null ? [] : expressionColumns(pair.after.where, after)),
    ];
    const onRecreated = columns.some((c) => recreated.has(columnKey(table, c)));
    if (sameValue(pair.before, pair.after) && !onRecreated) continue;
    ops.push({ kind: "dropIndex", table, index: pair.before }, { kind: "createIndex", table, index: pair.after });
  }
  return ops;
}
