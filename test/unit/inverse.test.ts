import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { SchemacError } from "../../compiler/diagnostics.js";
import type { Graph } from "../../compiler/graph.js";
import { emptyGraph } from "../../compiler/graph.js";
import { applyOperations } from "../../compiler/plan/apply.js";
import { downOperations, planMigration, upOperations } from "../../compiler/plan/index.js";
import { builtin, canonical, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";

/** Up from `before` must give `after`, and down from there must give `before` back. */
function assertRoundTrip(before: Graph, after: Graph): void {
  const plan = planMigration(before, after);
  const reached = applyOperations(before, upOperations(plan));
  assert.equal(canonical(reached, { ignoreColumnOrder: true }), canonical(after, { ignoreColumnOrder: true }), "up reaches after");
  const restored = applyOperations(reached, downOperations(plan));
  assert.equal(canonical(restored, { ignoreColumnOrder: true }), canonical(before, { ignoreColumnOrder: true }), "down restores before");
}

const id = column("id", builtin("integer"), { notNull: true });
const pk = (name: string) => ({ name: `${name}_pkey`, columns: ["id"] });
const fkTo = (name: string, col: string, target: string) => ({
  name,
  columns: [col],
  references: { schema: "public", name: target },
  referencedColumns: ["id"],
  onDelete: "no action" as const,
  onUpdate: "no action" as const,
});
const a = table("a", [id, column("b_id", builtin("integer"))], { primaryKey: pk("a"), foreignKeys: [fkTo("a_b_id_fkey", "b_id", "b")], comment: "A" });
const b = table("b", [id, column("a_id", builtin("integer"), { comment: "points back" })], {
  primaryKey: pk("b"),
  foreignKeys: [fkTo("b_a_id_fkey", "a_id", "a")],
  indexes: [{ name: "b_a_id_idx", unique: false, keys: [{ kind: "column", column: "a_id" }], method: "btree", where: null }],
});
const mood = enumType("mood", ["ok", "sad"]);
const person = table("person", [id, column("mood", enumOf("mood"), { default: "'ok'" }), column("moods", enumOf("mood", "public", 1))]);

const cases: { name: string; before: Graph; after: Graph }[] = [
  { name: "tables with a foreign key cycle are created and dropped again", before: emptyGraph, after: graph({ tables: [a, b] }) },
  { name: "tables with a foreign key cycle are dropped and recreated with indexes and comments", before: graph({ tables: [a, b] }), after: emptyGraph },
  {
    name: "an added enum value is undone by rebuilding the type with its columns",
    before: graph({ enums: [mood], tables: [person] }),
    after: graph({ enums: [enumType("mood", ["happy", "ok", "sad", "angry"])], tables: [person] }),
  },
  {
    name: "serial to integer and back restores the sequence",
    before: graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true, default: "nextval('u_id_seq'::regclass)", sequence: "u_id_seq" })])] }),
    after: graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true })])] }),
  },
  {
    name: "a dropped column comes back with its comment, unique and check",
    before: graph({ tables: [table("u", [id, column("e", builtin("text"), { comment: "mail" })], { uniques: [{ name: "u_e_key", columns: ["e"] }], checks: [{ name: "u_e_check", expression: "e <> ''" }] })] }),
    after: graph({ tables: [table("u", [id])] }),
  },
  {
    name: "a type change with using and a new default round-trips",
    before: graph({ tables: [table("u", [column("n", builtin("text"), { default: "'1'" })])] }),
    after: graph({ tables: [table("u", [column("n", builtin("integer"), { default: "1", using: "n::integer" })])] }),
  },
  {
    name: "a table moves into a new schema and an enum goes away",
    before: graph({ enums: [mood], tables: [person] }),
    after: graph({ schemas: ["crm"], tables: [{ ...table("person", [id]), schema: "crm" }] }),
  },
  {
    name: "a generated column whose expression changes is recreated",
    before: graph({ tables: [table("u", [column("x", builtin("integer")), column("g", builtin("integer"), { generated: "x + 1" })])] }),
    after: graph({ tables: [table("u", [column("x", builtin("integer")), column("g", builtin("integer"), { generated: "x + 2" })])] }),
  },
];

for (const c of cases) test(c.name, () => assertRoundTrip(c.before, c.after));

test("the inverse of an added enum value lists every column of the enum with its default", () => {
  const plan = planMigration(graph({ enums: [mood], tables: [person] }), graph({ enums: [enumType("mood", ["ok", "sad", "angry"])], tables: [person] }));
  const [inverse] = plan.operations[0]?.inverse ?? [];
  assert.ok(inverse?.kind === "rebuildEnum");
  if (inverse?.kind !== "rebuildEnum") return;
  assert.equal(inverse.to.values, ["ok", "sad"]);
  assert.equal(inverse.usages.map((u) => [u.column, u.dimensions, u.default]), [["mood", 0, "'ok'"], ["moods", 1, null]]);
});

/** Random graphs: a few tables from a fixed pool of columns, with optional FKs to each other. */
const columnPool = [
  column("a", builtin("integer")),
  column("b", builtin("text"), { notNull: true, default: "''" }),
  column("c", builtin("varchar", [20]), { comment: "c" }),
  column("d", builtin("numeric", [10, 2])),
];
const arbitraryTable = (name: string) =>
  fc.record({ cols: fc.subarray(columnPool), fk: fc.boolean(), comment: fc.option(fc.constant("t"), { nil: null }) }).map(({ cols, fk, comment }) => {
    const other = name === "p" ? "q" : "p";
    return table(name, [id, ...cols], { primaryKey: pk(name), comment, foreignKeys: fk ? [fkTo(`${name}_id_fkey`, "id", other)] : [] });
  });
const arbitraryGraph = fc.record({ p: arbitraryTable("p"), q: arbitraryTable("q"), hasQ: fc.boolean() }).map(({ p, q, hasQ }) =>
  graph({ tables: hasQ ? [p, q] : [{ ...p, foreignKeys: [] }] }),
);

test("an enum value added and used as a default in one migration is refused", () => {
  const before = graph({ enums: [mood], tables: [person] });
  const used = table("person", [id, column("mood", enumOf("mood"), { default: "'meh'" }), column("moods", enumOf("mood", "public", 1))]);
  const after = graph({ enums: [enumType("mood", ["ok", "sad", "meh"])], tables: [used] });
  assert.throws(() => planMigration(before, after), (error: unknown) => error instanceof SchemacError && error.diagnostics[0]?.code === "SC4002");
});

test("random pairs of graphs round-trip through up and down", () => {
  fc.assert(fc.property(arbitraryGraph, arbitraryGraph, (before, after) => assertRoundTrip(before, after)), { numRuns: 200 });
});

test.run();
