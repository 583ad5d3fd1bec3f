/**
 * The graph's checks for the incremental build (`incremental.ts`): `validateGraph`'s checks of a
 * graph come in three parts, the enums', each table's, then the relation names'; a tree keeps how
 * many diagnostics each table had, so that after an edit only the tables it can change are
 * checked again: the tables of the relinked files, and the tables whose foreign keys or enum
 * columns name a table or enum of those files. Enums and relation names are checked again whole
 * (they are cheap).
 */
import type { Diagnostic } from "./diagnostics.js";
import type { Graph, Table } from "./graph.js";
import { validateGraph, validateRelationNames, validateTables } from "./validate.js";

/** A graph's checks, the tables' one list per table (in `graph.tables` order). */
export interface GraphChecks {
  readonly enums: readonly Diagnostic[];
  readonly tables: readonly (readonly Diagnostic[])[];
  readonly relations: readonly Diagnostic[];
}

/** All of `validateGraph([], graph)`, in its order, by part. */
export function checkGraph(graph: Graph): GraphChecks {
  return { enums: checkEnums(graph), tables: validateTables(graph, graph.tables), relations: validateRelationNames(graph) };
}

/** The diagnostics of checks, in `validateGraph`'s order. */
export function flatten(checks: GraphChecks): Diagnostic[] {
  return [...checks.enums, ...checks.tables.flat(), ...checks.relations];
}

/**
 * The checks of `graph`, made from those of `before` (the cached graph, whose checks' diagnostics
 * are `previous`, with `tableCounts` per table) by checking again only the tables in `changed`
 * (by `schema.name`) and the tables that reference a table or enum in `changed` or
 * `changedEnums`. Undefined when `previous` does not fit the counts.
 */
export function recheckGraph(
  graph: Graph,
  before: Graph,
  previous: readonly Diagnostic[],
  enumCount: number,
  tableCounts: readonly number[],
  changed: ReadonlySet<string>,
  changedEnums: ReadonlySet<string>,
): GraphChecks | undefined {
  if (tableCounts.length !== before.tables.length) return undefined;
  const old = new Map<string, readonly Diagnostic[]>();
  let at = enumCount;
  for (const [i, table] of before.tables.entries()) {
    const count = tableCounts[i] ?? 0;
    old.set(key(table), previous.slice(at, at + count));
    at += count;
  }
  if (at > previous.length) return undefined;
  const stale = (t: Table): boolean =>
    changed.has(key(t)) ||
    !old.has(key(t)) ||
    t.foreignKeys.some((fk) => changed.has(`${fk.references.schema}.${fk.references.name}`)) ||
    t.columns.some((c) => c.type.kind === "enum" && changedEnums.has(`${c.type.enum.schema}.${c.type.enum.name}`));
  const again = graph.tables.filter(stale);
  const fresh = new Map(validateTables(graph, again).map((diagnostics, i) => [again[i] as Table, diagnostics]));
  const tables = graph.tables.map((t) => fresh.get(t) ?? old.get(key(t)) ?? []);
  return { enums: checkEnums(graph), tables, relations: validateRelationNames(graph) };
}

function checkEnums(graph: Graph): Diagnostic[] {
  return validateGraph([], { schemas: graph.schemas, enums: graph.enums, tables: [] });
}

function key(t: { readonly schema: string; readonly name: string }): string {
  return `${t.schema}.${t.name}`;
}
