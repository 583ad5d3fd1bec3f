/**
 * Renames at the graph level: identifiers and enum literals renamed inside SQL expressions, the
 * simulator as an oracle for every rename pair (up reaches the model, down returns to the
 * snapshot), hints matched, stale and conflicting, and the snapshot's column order after a rename.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { canonicalGraph, physicalColumnOrder } from "../../compiler/snapshot.js";
import { matchRenames } from "../../compiler/diff/renames.js";
import { renameIdentifier, renameLiteral } from "../../compiler/diff/rename-graph.js";
import { possibleRenames } from "../../compiler/diff/possible-renames.js";
import { applyOperations } from "../../compiler/plan/apply.js";
import { downOperations, planMigration, upOperations } from "../../compiler/plan/index.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { integer, table, text, varchar } from "../../schema/index.js";
import { model } from "../roundtrip/pairs.js";
import { renamePairs } from "../roundtrip/rename-pairs.js";

test("a renamed column is renamed in expressions, but not in strings, function names or types", () => {
  assert.is(renameIdentifier("amount >= 0 AND upper(kind) <> 'amount'", "amount", "balance"), "balance >= 0 AND upper(kind) <> 'amount'");
  assert.is(renameIdentifier('"Amount" > 1 OR amount::text = x', "Amount", "total"), "total > 1 OR amount::text = x");
  assert.is(renameIdentifier("AMOUNT + amount(1) + t.amount", "amount", "user"), '"user" + amount(1) + t."user"');
  assert.is(renameIdentifier("x::amount", "amount", "y"), "x::amount");
});

test("a renamed enum value is renamed where it stands as a literal, not inside a longer one", () => {
  assert.is(renameLiteral("s = 'done' OR s IN ('open', 'done')", "done", "settled"), "s = 'settled' OR s IN ('open', 'settled')");
  assert.is(renameLiteral("note = 'done today'", "done", "settled"), "note = 'done today'");
});

for (const pair of renamePairs) {
  test(`the simulator: up reaches the model and down returns to the snapshot (${pair.name})`, () => {
    const before = pair.before();
    const after = pair.after();
    const plan = planMigration(before, after);
    const reached = applyOperations(before, upOperations(plan));
    assert.equal(canonicalGraph(physicalColumnOrder(reached, after)), canonicalGraph(reached));
    assert.equal(planMigration(reached, canonicalGraph(after)).operations, []);
    assert.equal(canonicalGraph(applyOperations(reached, downOperations(plan))), canonicalGraph(before));
  });
}

const t1 = table("t", { id: integer(), name: varchar(40), note: text() });
const t2 = table("t", { id: integer(), title: text().renamedFrom("name"), note: text() });

test("a renamed column keeps its place in the snapshot", () => {
  const next = physicalColumnOrder(model(t1), model(t2));
  assert.equal(next.tables[0]?.columns.map((c) => c.name), ["id", "title", "note"]);
});

test("a hint whose old name is gone is stale; the rename is planned only once", () => {
  const renamed = applyOperations(model(t1), upOperations(planMigration(model(t1), model(t2))));
  const match = matchRenames(renamed, model(t2));
  assert.equal(match.operations, []);
  assert.equal(match.stale.map((h) => `${h.what} ${h.text}`), ['column t.title renamedFrom("name")']);
  assert.ok(match.stale[0]?.statement.test("ALTER TABLE t\nRENAME COLUMN name TO title;"));
});

test("a hint that cannot apply is a SchemacError with SC4007, and nothing is planned", () => {
  const both = table("t", { id: integer(), name: varchar(40), title: text().renamedFrom("name") });
  try {
    planMigration(model(t1), model(both));
    assert.unreachable("planned a conflicting rename");
  } catch (error) {
    assert.instance(error, SchemacError);
    assert.is((error as SchemacError).diagnostics[0]?.code, "SC4007");
  }
});

test("a dropped column and an added one of a convertible type are a possible rename; an unrelated type is not", () => {
  const t3 = table("t", { id: integer(), title: text(), note: text() });
  assert.equal(possibleRenames(model(t1), model(t3)).map((p) => `${p.what} ← ${p.old}`), ["column t.title ← t.name"]);
  const t4 = table("t", { id: integer(), flag: integer(), note: text() });
  assert.equal(possibleRenames(model(t1), model(t4)), []);
});

test.run();
