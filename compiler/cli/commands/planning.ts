/**
 * What build and diff share: notices about one-shot `renamedFrom` hints that the snapshot has
 * already moved past.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { Graph } from "../../graph.js";

/**
 * Notices for `renamedFrom` hints whose old name no longer exists in the snapshot: the rename
 * already happened in an earlier migration, so the hint is ignored (and may be deleted).
 */
export function hintNotices(snapshot: Graph, model: Graph): Diagnostic[] {
  const notices: Diagnostic[] = [];
  const before = new Map(snapshot.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  for (const table of model.tables) {
    const shown = table.schema === "public" ? table.name : `${table.schema}.${table.name}`;
    if (table.renamedFrom !== undefined && !before.has(`${table.schema}.${table.renamedFrom}`)) {
      notices.push(diagnostic("StaleHint", table.span ?? null, `renamedFrom("${table.renamedFrom}")`, `table ${shown}`));
    }
    const old = before.get(`${table.schema}.${table.renamedFrom ?? table.name}`);
    for (const column of table.columns) {
      if (column.renamedFrom !== undefined && !old?.columns.some((c) => c.name === column.renamedFrom)) {
        notices.push(diagnostic("StaleHint", column.span ?? null, `renamedFrom("${column.renamedFrom}")`, `column ${shown}.${column.name}`));
      }
    }
  }
  return notices;
}
