/**
 * Column groups for `schemac pull`: a run of two or more consecutive columns declared the same way
 * in two or more tables (`created_at`, `updated_at` …) is written once, in the leaf file
 * `shared/columns.ts`, and spread into each table, as hand-written modules do. Only plain columns
 * join a group (no key, reference or enum type: those belong to their table or module), so the
 * leaf file imports nothing but "schemac".
 */
import type { ColumnDecl, TableDecl } from "../../schema/declarations.js";

/** A group of columns and the identifier it is exported as. */
export interface ColumnGroup {
  readonly name: string;
  readonly columns: readonly ColumnDecl[];
}

/** Where a group is spread in a table: at column `start`, replacing `group.columns.length` columns. */
export interface GroupUse {
  readonly start: number;
  readonly group: ColumnGroup;
}

/** The groups of a pull and where each table spreads them (key: `schema.name`). */
export interface ColumnGroups {
  readonly groups: readonly ColumnGroup[];
  readonly uses: ReadonlyMap<string, readonly GroupUse[]>;
}

const plain = (c: ColumnDecl): boolean =>
  c.type.kind === "builtin" && c.primaryKey === undefined && c.unique === undefined && c.references === undefined;

const tableKey = (t: TableDecl): string => `${t.schema ?? "public"}.${t.name}`;

function camel(names: readonly string[]): string {
  const words = names.join("_").split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const text = words.map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join("");
  return /^[A-Za-z_]/.test(text) ? text : `_${text}`;
}

/**
 * Finds the groups greedily: the window covering the most columns over all tables (length ×
 * tables) first, then the next among the columns still free. `taken` lists identifiers in use.
 */
export function findColumnGroups(tables: readonly TableDecl[], taken: ReadonlySet<string>): ColumnGroups {
  const free = new Map(tables.map((t) => [tableKey(t), t.columns.map(plain)]));
  const uses = new Map<string, GroupUse[]>();
  const groups: ColumnGroup[] = [];
  const used = new Set(taken);
  for (;;) {
    const windows = new Map<string, { columns: ColumnDecl[]; at: { table: string; start: number }[] }>();
    for (const t of tables) {
      const open = free.get(tableKey(t)) ?? [];
      for (let start = 0; start < t.columns.length; start++) {
        for (let end = start + 2; end <= t.columns.length && open[end - 1] === true; end++) {
          if (!open.slice(start, end).every(Boolean)) break;
          const columns = t.columns.slice(start, end);
          const key = JSON.stringify(columns);
          const entry = windows.get(key) ?? { columns, at: [] };
          if (!entry.at.some((a) => a.table === tableKey(t))) entry.at.push({ table: tableKey(t), start });
          windows.set(key, entry);
        }
      }
    }
    const best = [...windows.values()]
      .filter((w) => w.at.length >= 2)
      .sort((a, b) => b.columns.length * b.at.length - a.columns.length * a.at.length || b.columns.length - a.columns.length || (JSON.stringify(a.columns) < JSON.stringify(b.columns) ? -1 : 1))[0];
    if (best === undefined) break;
    let name = `${camel(best.columns.map((c) => c.name).slice(0, 2))}Columns`;
    for (let n = 2; used.has(name); n++) name = `${camel(best.columns.map((c) => c.name).slice(0, 2))}Columns${n}`;
    used.add(name);
    const group: ColumnGroup = { name, columns: best.columns };
    groups.push(group);
    for (const at of best.at) {
      const open = free.get(at.table) ?? [];
      for (let i = at.start; i < at.start + best.columns.length; i++) open[i] = false;
      uses.set(at.table, [...(uses.get(at.table) ?? []), { start: at.start, group }].sort((a, b) => a.start - b.start));
    }
  }
  return { groups, uses };
}
