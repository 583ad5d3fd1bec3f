/**
 * Property: for random pairs of graphs, the rendered migration does on a real PostgreSQL 15
 * what the plan says: create(before), up → introspection equals after; down → equals before.
 * Column order is ignored (PostgreSQL appends added columns; DESIGN.md: a reorder is no change).
 * Runs are capped (≤ 40, well under a minute): each one makes a database.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase } from "../../compiler/db/connection.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { introspect } from "../../compiler/db/introspect.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import type { Column, ForeignKey, Graph, Table } from "../../compiler/graph.js";
import type { Plan } from "../../compiler/operations.js";
import { planMigration } from "../../compiler/plan/index.js";
import { builtin, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";

const enabled = requirePostgres("test/property/diff.test.ts");

const id = column("id", builtin("integer"), { notNull: true });

/** Each slot is one column name with a few variants, so two graphs often differ in one field. */
const slots: readonly (readonly Column[])[] = [
  [column("a", builtin("integer")), column("a", builtin("integer"), { notNull: true, default: "0" }), column("a", builtin("bigint"))],
  [column("b", builtin("varchar", [20])), column("b", builtin("varchar", [40]), { comment: "wider" }), column("b", builtin("text"), { default: "'x'" })],
  [column("c", builtin("numeric", [10, 2]), { default: "1.5" }), column("c", builtin("numeric", [12, 2]), { notNull: true, default: "0" })],
  [column("d", enumOf("mood")), column("d", enumOf("mood"), { notNull: true, default: "'ok'" })],
  [column("e", builtin("text", [], 1)), column("e", builtin("varchar", [10], 1), { default: "'{a}'::varchar(10)[]" })],
  [column("f", builtin("jsonb")), column("f", builtin("jsonb"), { notNull: true, default: "'[]'::jsonb" })],
];

const fkTo = (name: string, target: string): ForeignKey => ({
  name: `${name}_id_fkey`,
  columns: ["id"],
  references: { schema: "public", name: target },
  referencedColumns: ["id"],
  onDelete: "cascade",
  onUpdate: "no action",
});

const arbitraryColumns = fc.tuple(...slots.map((variants) => fc.option(fc.constantFrom(...variants), { nil: null })));

function arbitraryTable(name: string, other: string): fc.Arbitrary<Table> {
  return fc
    .record({ columns: arbitraryColumns, fk: fc.boolean(), comment: fc.option(fc.constantFrom("t", "it's"), { nil: null }), indexed: fc.boolean() })
    .map(({ columns, fk, comment, indexed }) => {
      const present = columns.filter((c): c is Column => c !== null);
      const first = present[0];
      return table(name, [id, ...present], {
        primaryKey: { name: `${name}_pkey`, columns: ["id"] },
        comment,
        foreignKeys: fk ? [fkTo(name, other)] : [],
        indexes: indexed && first ? [{ name: `${name}_${first.name}_idx`, unique: false, keys: [{ kind: "column", column: first.name }], method: "btree", where: null }] : [],
      });
    });
}

const moods = fc.constantFrom(["ok", "sad"], ["ok", "sad", "happy"]);

const arbitraryGraph: fc.Arbitrary<Graph> = fc
  .record({ p: arbitraryTable("p", "q"), q: arbitraryTable("q", "p"), hasQ: fc.boolean(), mood: moods })
  .map(({ p, q, hasQ, mood }) => graph({ enums: [enumType("mood", [...mood])], tables: hasQ ? [p, q] : [{ ...p, foreignKeys: [] }] }));

/** The plan, or a failed precondition for a change the planner refuses by design (SC4002). */
function planOrSkip(before: Graph, after: Graph): Plan {
  try {
    return planMigration(before, after);
  } catch (error) {
    if (error instanceof SchemacError && error.diagnostics[0]?.code === "SC4002") fc.pre(false);
    throw error;
  }
}

async function roundTrip(before: Graph, after: Graph): Promise<void> {
  const plan = planOrSkip(before, after);
  const files = await renderMigrationFiles(plan, { version: "0002", name: "random", parent: "0001_random", after });
  const db = await openDatabase(await freshDatabase("rt_property"));
  try {
    await db.exec(await renderCreateScript(before));
    await db.exec(files.up);
    const up = compareGraphs(after, await introspect(db), { ignoreColumnOrder: true });
    assert.is(up, null, `after up: ${up}\n--- up ---\n${files.up}`);
    await db.exec(files.down);
    const down = compareGraphs(before, await introspect(db), { ignoreColumnOrder: true });
    assert.is(down, null, `after down: ${down}\n--- down ---\n${files.down}`);
  } finally {
    await db.close();
  }
}

if (enabled) {
  test("random pairs of graphs reach after with up and come back to before with down on PostgreSQL", async () => {
    await loadExpressionParser();
    await fc.assert(fc.asyncProperty(arbitraryGraph, arbitraryGraph, roundTrip), { numRuns: 30, seed: 20260801 });
  });
}

test.run();
