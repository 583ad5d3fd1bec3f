/**
 * Every pair of column attribute changes made in one step (type, default, not null, identity
 * added / dropped / changed, generated, collation, rename), each on a table of its own: column
 * `c` before and after, and the row inserted before the change. Pairs that cannot coexist on
 * one column (identity and a default, generated and a default ...) change one attribute away
 * and the other in, which is the ordering PostgreSQL is strictest about.
 */
import type { Graph } from "../../compiler/graph.js";
import { bigint, integer, sql, table, text, varchar } from "../../schema/index.js";
import { model } from "./pairs.js";

type AnyColumn = Parameters<typeof table>[1][string];

/** One pair: column `c` of a table before and after, and the values of the row inserted first. */
export interface AttributePair {
  readonly name: string;
  readonly table: string;
  readonly before: () => Graph;
  readonly after: () => Graph;
  /** `INSERT` column list and values for the row that exists before the change. */
  readonly row: string;
}

/** A pair; in a rename pair (named "... rename") column `c` was called `c_old` before. */
function pair(name: string, before: AnyColumn, after: AnyColumn, row = "(id, {c}) VALUES (1, 1)"): AttributePair {
  const slug = `p_${name.replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "")}`.slice(0, 50);
  const old = name.endsWith("rename") ? "c_old" : "c";
  const build = (key: string, c: AnyColumn) => (): Graph => model(table(slug, { id: integer().primaryKey(), [key]: c }));
  return { name, table: slug, before: build(old, before), after: build("c", after), row: row.replace("{c}", old) };
}

const textRow = "(id, {c}) VALUES (1, '1')";
const idOnly = "(id) VALUES (1)";

/** Every pair, named by the two attributes that change. */
export const attributePairs: readonly AttributePair[] = [
  pair("type and default", integer().default(1), bigint().default(2)),
  pair("type and default of a varchar going to text", varchar(10).default("x"), text().default("x"), textRow),
  pair("type and not null", integer(), bigint().notNull()),
  pair("type and identity added", integer(), bigint().identity("by default")),
  pair("type and identity dropped", integer().identity("always"), text(), idOnly),
  pair("type and identity changed", integer().identity("by default"), bigint().identity("always", { start: 10 })),
  pair("type and generated", integer(), bigint().generatedAs(sql`id * 2`)),
  pair("type and collation", varchar(10), text().collate("C"), textRow),
  pair("type and rename", integer(), bigint().renamedFrom("c_old")),
  pair("default and not null", integer(), integer().default(1).notNull()),
  pair("default dropped and identity added", integer().default(1), integer().identity("by default")),
  pair("identity dropped and default set", integer().identity("always"), integer().default(7), idOnly),
  pair("identity changed and default", integer().identity("always"), integer().identity("by default", { increment: 2 }), idOnly),
  pair("default dropped and generated", integer().default(1), integer().generatedAs(sql`id + 1`)),
  pair("default and collation", text().default("a"), text().collate("C").default("b"), textRow),
  pair("default and rename", integer().default(1), integer().default(2).renamedFrom("c_old")),
  pair("not null and identity added", integer(), integer().identity("always")),
  pair("not null and identity dropped", integer().identity("by default"), integer(), idOnly),
  // down re-adds the plain NOT NULL column filled with 0 (its type's zero value): see fill-value.ts.
  pair("not null and generated", integer().notNull(), integer().generatedAs(sql`id * 3`)),
  pair("not null and collation", text(), text().collate("C").notNull(), textRow),
  pair("not null and rename", integer(), integer().notNull().renamedFrom("c_old")),
  pair("identity dropped and generated", integer().identity("always"), integer().generatedAs(sql`id * 4`), idOnly),
  pair("identity dropped and collation", integer().identity("by default"), text().collate("C"), idOnly),
  pair("identity added and rename", integer(), integer().identity("by default").renamedFrom("c_old")),
  pair("identity dropped and rename", integer().identity("by default"), integer().renamedFrom("c_old"), idOnly),
  pair("generated and collation", text().generatedAs(sql`id::text`), text().collate("C"), idOnly),
  pair("generated and rename", integer().generatedAs(sql`id * 2`), integer().generatedAs(sql`id * 5`).renamedFrom("c_old"), idOnly),
  pair("collation and rename", text(), text().collate("C").renamedFrom("c_old"), textRow),
];
