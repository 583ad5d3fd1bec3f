import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Graph } from "../../compiler/graph.js";
import { planMigration } from "../../compiler/plan/index.js";
import { builtin, column, graph, table } from "../helpers/graph-builders.js";

/** `kind hazard-type` for every hazard of every planned operation. */
function hazards(before: Graph, after: Graph): string[] {
  return planMigration(before, after).operations.flatMap((p) => p.hazards.map((h) => `${p.operation.kind} ${h.type}`));
}

const one = (type = builtin("text"), extra = {}) => graph({ tables: [table("u", [column("x", type, extra)])] });

const cases: { name: string; before: Graph; after: Graph; want: string[] }[] = [
  { name: "dropping a table loses data", before: one(), after: graph({}), want: ["dropTable data-loss"] },
  { name: "dropping a column loses data", before: graph({ tables: [table("u", [column("x"), column("y")])] }), after: one(), want: ["dropColumn data-loss"] },
  { name: "narrowing a varchar loses data", before: one(builtin("varchar", [320])), after: one(builtin("varchar", [255])), want: ["alterColumnType data-loss", "alterColumnType table-rewrite"] },
  { name: "widening a varchar is safe", before: one(builtin("varchar", [255])), after: one(builtin("varchar", [320])), want: [] },
  { name: "text to varchar(n) loses data", before: one(builtin("text")), after: one(builtin("varchar", [10])), want: ["alterColumnType data-loss", "alterColumnType table-rewrite"] },
  { name: "bigint to integer loses data", before: one(builtin("bigint")), after: one(builtin("integer")), want: ["alterColumnType data-loss", "alterColumnType table-rewrite"] },
  { name: "lower numeric scale loses data", before: one(builtin("numeric", [10, 2])), after: one(builtin("numeric", [10, 1])), want: ["alterColumnType data-loss", "alterColumnType table-rewrite"] },
  { name: "lower timestamp precision loses data", before: one(builtin("timestamp")), after: one(builtin("timestamp", [3])), want: ["alterColumnType data-loss", "alterColumnType table-rewrite"] },
  { name: "integer to bigint rewrites the table", before: one(builtin("integer")), after: one(builtin("bigint")), want: ["alterColumnType table-rewrite"] },
  { name: "setting not null on an existing table blocks", before: one(), after: one(builtin("text"), { notNull: true }), want: ["setNotNull validation-scan"] },
  {
    name: "a volatile default on a new column rewrites the table",
    before: one(),
    after: graph({ tables: [table("u", [column("x"), column("id", builtin("uuid"), { default: "gen_random_uuid()" })])] }),
    want: ["addColumn volatile-default"],
  },
  {
    name: "a constant default on a new column is safe",
    before: one(),
    after: graph({ tables: [table("u", [column("x"), column("n", builtin("integer"), { default: "0" })])] }),
    want: [],
  },
  {
    name: "an index on an existing table blocks writes",
    before: one(),
    after: graph({ tables: [table("u", [column("x")], { indexes: [{ name: "u_x_idx", unique: false, keys: [{ kind: "column", column: "x" }], method: "btree", where: null }] })] }),
    want: ["createIndex index-build"],
  },
  {
    name: "an index and a check on a new table are safe",
    before: graph({}),
    after: graph({ tables: [table("u", [column("x")], { checks: [{ name: "u_x_check", expression: "x <> ''" }], indexes: [{ name: "u_x_idx", unique: false, keys: [{ kind: "column", column: "x" }], method: "btree", where: null }] })] }),
    want: [],
  },
  {
    name: "a NOT NULL column without a default on an existing table fails on rows",
    before: one(),
    after: graph({ tables: [table("u", [column("x"), column("n", builtin("integer"), { notNull: true })])] }),
    want: ["addColumn not-null-without-default"],
  },
  {
    name: "a NOT NULL column without a default on a new table is safe",
    before: graph({}),
    after: graph({ tables: [table("u", [column("x"), column("n", builtin("integer"), { notNull: true })])] }),
    want: [],
  },
  {
    name: "dropping an index of a kept table takes an ACCESS EXCLUSIVE lock",
    before: graph({ tables: [table("u", [column("x")], { indexes: [{ name: "u_x_idx", unique: false, keys: [{ kind: "column", column: "x" }], method: "btree", where: null }] })] }),
    after: one(),
    want: ["dropIndex access-exclusive-lock"],
  },
  {
    name: "serial to integer drops the sequence and loses its value",
    before: one(builtin("integer"), { notNull: true, default: "nextval('u_x_seq'::regclass)", sequence: "u_x_seq" }),
    after: one(builtin("integer"), { notNull: true }),
    want: ["dropSequence data-loss"],
  },
];

for (const c of cases) test(c.name, () => assert.equal(hazards(c.before, c.after), c.want));

test("a hazard carries a reason naming the object", () => {
  const plan = planMigration(one(builtin("varchar", [320])), one(builtin("varchar", [255])));
  assert.match(plan.operations[0]?.hazards[0]?.reason ?? "", "public.u.x from varchar(320) to varchar(255)");
});

test.run();
