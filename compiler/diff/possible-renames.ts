/**
 * Renames the model may mean but did not say: without a hint, a column dropped and another
 * added in one table with a type the old one converts to, or a table dropped and another created
 * in the same schema with the same columns, is planned as a drop and a create (the data is gone).
 * These pairs are reported (SC4006) with the hint that would make them a rename; the plan itself
 * is unchanged and the data-loss gate still applies.
 */
import type { Column, Graph, Span, Table } from "../graph.js";
import { displayName, qualifiedKey } from "../graph.js";
import { formatColumnType } from "../type-names.js";
import { diffByKey } from "./keyed.js";
import { hasAssignmentCast } from "./type-changes.js";

/** A dropped object and a created one that may be the same, renamed. */
export interface PossibleRename {
  readonly kind: "table" | "column";
  /** The new object as the plan names it: `column customer.full_name`, `table line_item`. */
  readonly what: string;
  /** The dropped object: `customer.name`, `order_line`. */
  readonly old: string;
  /** The old name alone, as the hint takes it. */
  readonly oldName: string;
  /** The new object's declaration (a column's property, a table's name). */
  readonly span: Span | null;
}

/** `name type` of every column, sorted: two tables with the same columns have the same shape. */
function shape(table: Table): string {
  return table.columns
    .map((c) => `${c.name} ${formatColumnType(c.type)}`)
    .sort()
    .join(", ");
}

function possibleColumnRenames(before: Table, after: Table): PossibleRename[] {
  // Most tables of a model are unchanged: only one that gained a column can hold a rename.
  if (before.columns === after.columns) return [];
  if (before.columns.length === after.columns.length && before.columns.every((c, i) => c.name === after.columns[i]?.name)) return [];
  const names = new Set(before.columns.map((c) => c.name));
  if (after.columns.every((c) => names.has(c.name))) return [];
  const columns = diffByKey(before.columns, after.columns, (c) => c.name);
  const added = after.columns.filter((c) => columns.added.includes(c));
  const found: PossibleRename[] = [];
  const taken = new Set<Column>();
  for (const dropped of columns.removed) {
    const match = added.find((c) => !taken.has(c) && hasAssignmentCast(dropped.type, c.type));
    if (match === undefined) continue;
    taken.add(match);
    found.push({
      kind: "column",
      what: `column ${displayName(after)}.${match.name}`,
      old: `${displayName(before)}.${dropped.name}`,
      oldName: dropped.name,
      span: match.span ?? null,
    });
  }
  return found;
}

/**
 * The possible renames between `before` (the snapshot, translated to the names the hints give)
 * and `after` (the model), tables first, in name order.
 */
export function possibleRenames(before: Graph, after: Graph): PossibleRename[] {
  // Nothing is renamed from an empty snapshot (a first build): no need to sort every table's name.
  if (before.tables.length === 0) return [];
  const tables = diffByKey(before.tables, after.tables, qualifiedKey);
  const found: PossibleRename[] = [];
  const taken = new Set<Table>();
  for (const dropped of tables.removed) {
    const match = tables.added.find((t) => !taken.has(t) && t.schema === dropped.schema && t.columns.length > 0 && shape(t) === shape(dropped));
    if (match === undefined) continue;
    taken.add(match);
    found.push({ kind: "table", what: `table ${displayName(match)}`, old: displayName(dropped), oldName: dropped.name, span: match.span ?? null });
  }
  for (const { before: b, after: a } of tables.kept) found.push(...possibleColumnRenames(b, a));
  return found;
}
