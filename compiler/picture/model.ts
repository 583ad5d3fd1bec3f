/**
 * The picture of a schema, before any drawing syntax: one cluster per module holding its tables
 * (name and key columns: primary and foreign key columns), and one edge per foreign key, marked
 * when it crosses modules. `schemac graph --diff` marks what the pending migration adds, drops
 * or changes. Mermaid, DOT and SVG are drawn from this one model (mermaid.ts, dot.ts, svg.ts).
 */
import type { Graph, QualifiedName, Table } from "../graph.js";
import { displayName, qualifiedKey } from "../graph.js";
import type { PlannedOperation } from "../operations.js";
import { formatColumnType } from "../type-names.js";

/** What the pending migration does to a table or foreign key; "same" outside `--diff`. */
export type Status = "same" | "added" | "dropped" | "changed";

/** A key column as drawn: `id uuid PK`. */
export interface PictureColumn {
  readonly name: string;
  readonly type: string;
  readonly keys: readonly ("PK" | "FK")[];
}

/** A table as drawn. `id` is unique in the picture and safe in Mermaid and DOT. */
export interface PictureTable {
  readonly id: string;
  readonly label: string;
  readonly module: string | null;
  readonly columns: readonly PictureColumn[];
  readonly status: Status;
}

/** A foreign key as drawn, from the referencing table to the referenced one. */
export interface PictureEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** True when the two tables belong to different modules (drawn apart). */
  readonly crossModule: boolean;
  readonly status: Status;
}

/** Tables grouped by module (sorted; tables of no known module last), and the edges between them. */
export interface Picture {
  readonly clusters: readonly { readonly module: string | null; readonly tables: readonly PictureTable[] }[];
  readonly edges: readonly PictureEdge[];
}

/** What to draw: one module and its neighbours, and/or the changes of a pending plan. */
export interface PictureOptions {
  readonly module?: string;
  readonly diff?: { readonly before: Graph; readonly plan: readonly PlannedOperation[] };
}

/** Builds the picture of a model (whose tables carry their modules). */
export function buildPicture(model: Graph, options: PictureOptions = {}): Picture {
  const tables = new Map<string, { table: Table; status: Status }>(model.tables.map((t) => [qualifiedKey(t), { table: t, status: "same" }]));
  const edgeStatus = new Map<string, Status>();
  const edgeKey = (table: QualifiedName, fk: string): string => `${qualifiedKey(table)}\u0000${fk}`;
  let shown: Set<string> | null = null;
  if (options.diff !== undefined) {
    shown = new Set();
    for (const { operation: op } of options.diff.plan) {
      if (op.kind === "renameTable") {
        const renamed = tables.get(qualifiedKey({ schema: op.from.schema, name: op.to }));
        if (renamed !== undefined) renamed.status = "changed";
        shown.add(qualifiedKey({ schema: op.from.schema, name: op.to }));
      }
      if (!("table" in op)) continue;
      const key = qualifiedKey(op.table);
      shown.add(key);
      const entry = tables.get(key);
      if (op.kind === "createTable" && entry !== undefined) entry.status = "added";
      else if (op.kind === "dropTable") tables.set(key, { table: op.table, status: "dropped" });
      else if (entry !== undefined && entry.status === "same") entry.status = "changed";
      if (op.kind === "addForeignKey") edgeStatus.set(edgeKey(op.table, op.foreignKey.name), "added");
      if (op.kind === "dropForeignKey") edgeStatus.set(edgeKey(op.table, op.foreignKey.name), "dropped");
    }
    // A dropped foreign key is drawn from the snapshot's definition.
    for (const table of options.diff.before.tables) {
      const entry = tables.get(qualifiedKey(table));
      const dropped = table.foreignKeys.filter((fk) => edgeStatus.get(edgeKey(table, fk.name)) === "dropped");
      if (entry !== undefined && entry.status !== "dropped" && dropped.length > 0) {
        tables.set(qualifiedKey(table), { ...entry, table: { ...entry.table, foreignKeys: [...entry.table.foreignKeys, ...dropped] } });
      }
    }
  }
  const moduleOf = (key: string): string | null => tables.get(key)?.table.module ?? null;
  const allEdges = [...tables.values()].flatMap(({ table }) =>
    table.foreignKeys.map((fk) => ({ from: qualifiedKey(table), to: qualifiedKey(fk.references), fk, status: edgeStatus.get(edgeKey(table, fk.name)) ?? ("same" as Status) })),
  );
  const focus = (key: string): boolean => (shown === null || shown.has(key)) && (options.module === undefined || moduleOf(key) === options.module);
  const edges = allEdges.filter((e) => tables.has(e.to) && (focus(e.from) || focus(e.to)));
  const drawn = new Set([...[...tables.keys()].filter(focus), ...edges.flatMap((e) => [e.from, e.to])]);
  const ids = new Ids();
  const pictured = [...tables.entries()]
    .filter(([key]) => drawn.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { table, status }]): [string, PictureTable] => [key, { id: ids.of(key), label: displayName(table), module: table.module ?? null, columns: keyColumns(table), status }]);
  const byKey = new Map(pictured);
  const modules = [...new Set(pictured.map(([, t]) => t.module))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
  return {
    clusters: modules.map((module) => ({ module, tables: pictured.filter(([, t]) => t.module === module).map(([, t]) => t) })),
    edges: edges.map((e) => ({
      from: byKey.get(e.from)?.id ?? "",
      to: byKey.get(e.to)?.id ?? "",
      label: e.fk.columns.join(", "),
      crossModule: moduleOf(e.from) !== moduleOf(e.to),
      status: e.status,
    })),
  };
}

function keyColumns(table: Table): PictureColumn[] {
  const pk = new Set(table.primaryKey?.columns ?? []);
  const fk = new Set(table.foreignKeys.flatMap((f) => f.columns));
  return table.columns
    .filter((c) => pk.has(c.name) || fk.has(c.name))
    .map((c) => ({ name: c.name, type: formatColumnType(c.type), keys: [...(pk.has(c.name) ? ["PK" as const] : []), ...(fk.has(c.name) ? ["FK" as const] : [])] }));
}

/** Hands out ids made of the name's letters and digits (`t_billing_invoice`), unique in one picture. */
export class Ids {
  private readonly taken = new Map<string, string>();
  private readonly used = new Set<string>();
  constructor(private readonly prefix = "t_") {}
  of(key: string): string {
    const known = this.taken.get(key);
    if (known !== undefined) return known;
    const base = `${this.prefix}${key.replace(/^public\./, "").replace(/[^A-Za-z0-9]+/g, "_")}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.taken.set(key, id);
    return id;
  }
}
