/**
 * The diff phase: two normalized graphs in, the operations that turn one into the other out
 * (unordered; plan/order.ts orders them). It compares nodes structurally by key and never
 * renders SQL to compare.
 */
import type { Graph, QualifiedName } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
import { diffColumns } from "./columns.js";
import { columnKey, diffConstraints } from "./constraints.js";
import { foldedDefaults } from "./enum-rebuild.js";
import { diffEnums } from "./enums.js";
import { diffIndexes } from "./indexes.js";
import { matchRenames } from "./renames.js";
import { SchemacError } from "../diagnostics.js";
import { diffByKey } from "./keyed.js";
import { sameTable } from "./same-table.js";
import { createTableOperations, dropTableOperations } from "./tables.js";

/**
 * Computes the operations from `snapshot` to `after`, renames from the model's hints first.
 * Throws SchemacError for changes it cannot plan (UnsupportedChange: a type change without a
 * cast, a column leaving an enum that is rebuilt; RenameConflict: a hint that cannot apply).
 */
export function diffGraphs(snapshot: Graph, after: Graph): Operation[] {
  const renames = matchRenames(snapshot, after);
  if (renames.conflicts.length > 0) throw new SchemacError(renames.conflicts);
  // Everything below compares the snapshot translated to the new names with the model.
  const before = renames.translated;
  const ops: Operation[] = [...renames.operations];
  const schemas = diffByKey(before.schemas, after.schemas, (s) => s.name);
  for (const schema of schemas.added) ops.push({ kind: "createSchema", schema });
  for (const schema of schemas.removed) ops.push({ kind: "dropSchema", schema });
  ops.push(...diffEnums(before, after));
  const folded = foldedDefaults(ops);

  const tables = diffByKey(before.tables, after.tables, qualifiedKey);
  for (const table of tables.added) ops.push(...createTableOperations(table));
  for (const table of tables.removed) ops.push(...dropTableOperations(table));

  // Most tables of a large model are unchanged: one structural comparison settles each of them.
  const changed = tables.kept.filter(({ before: b, after: a }) => !sameTable(b, a));
  const recreated = new Set<string>();
  const retyped = new Set<string>();
  for (const { before: b, after: a } of changed) {
    const columns = diffColumns(b, a);
    ops.push(...columns.operations.filter((op) => op.kind !== "setDefault" || !folded.has(columnKey(op.table, op.column))));
    const name: QualifiedName = { schema: a.schema, name: a.name };
    for (const c of columns.recreated) recreated.add(columnKey(name, c));
    for (const c of columns.retyped) retyped.add(columnKey(name, c));
  }
  // A recreated (or retyped) column takes the foreign keys of unchanged tables that reference it along.
  for (const { before: b, after: a } of recreated.size === 0 && retyped.size === 0 ? changed : tables.kept) {
    ops.push(...diffConstraints(b, a, recreated, retyped), ...diffIndexes(b, a, recreated));
    if (b.comment !== a.comment) {
      ops.push({ kind: "setTableComment", table: { schema: a.schema, name: a.name }, from: b.comment, to: a.comment });
    }
  }
  return ops;
}
