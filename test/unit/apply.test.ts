/**
 * The graph simulator: applying a plan's operations in one batch (which edits a private copy of
 * the table list in place) gives what applying them one by one gives, and leaves its input as it was.
 */
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { applyOperation, applyOperations } from "../../compiler/plan/apply.js";
import { downOperations, planMigration, upOperations } from "../../compiler/plan/index.js";
import { emptyGraph, qualifiedKey, type EnumType } from "../../compiler/graph.js";
import type { Operation } from "../../compiler/operations.js";
import { readSnapshot } from "../../compiler/snapshot.js";

const shop = readSnapshot(join(import.meta.dirname, "..", "..", "generated", "shop", "snapshot.json"));

test("a batch gives what one operation at a time gives, up and then down", () => {
  const plan = planMigration(emptyGraph, shop);
  const ops = [...upOperations(plan), ...downOperations(plan)];
  assert.ok(ops.length > 20);
  const oneByOne = ops.reduce(applyOperation, emptyGraph);
  assert.equal(applyOperations(emptyGraph, ops), oneByOne);
  assert.equal(oneByOne.tables, []);
  assert.equal(applyOperations(emptyGraph, upOperations(plan)).tables.map((t) => t.name), shop.tables.map((t) => t.name));
});

test("a batch leaves the graph it starts from untouched, and its result stays put afterwards", () => {
  const plan = planMigration(emptyGraph, shop);
  const tables = [...shop.tables];
  const dropped = applyOperations(shop, downOperations(plan));
  assert.equal(shop.tables, tables);
  assert.is(dropped.tables.length, 0);
  const rebuilt = applyOperations(dropped, upOperations(plan));
  const names = rebuilt.tables.map((t) => t.name);
  applyOperations(rebuilt, downOperations(plan));
  const drop = downOperations(plan).find((op) => op.kind === "dropTable");
  assert.ok(drop !== undefined);
  const less = applyOperation(rebuilt, drop);
  assert.is(less.tables.length, names.length - 1);
  assert.equal(rebuilt.tables.map((t) => t.name), names);
});

test("an operation that does not fit the graph is refused in a batch as it is alone", () => {
  const plan = planMigration(emptyGraph, shop);
  const first = upOperations(plan).find((op) => op.kind === "createTable");
  assert.ok(first !== undefined);
  assert.throws(() => applyOperations(emptyGraph, [first, first]), /exists/);
  assert.throws(() => applyOperation(applyOperation(emptyGraph, first), first), /exists/);
});

test("enums created one by one are in qualified-name order, and one created twice is refused", () => {
  const part = fc.constantFrom("a", "b", "a.b", "b.a", "A", "_", "a_b", "z");
  const anEnum = fc.tuple(part, part).map(([schema, name]): EnumType => ({ schema, name, values: ["x"] }));
  fc.assert(
    fc.property(fc.array(anEnum, { maxLength: 8 }), fc.boolean(), (enums, fromElsewhere) => {
      const ops: Operation[] = enums.map((e) => ({ kind: "createEnum", enum: e }));
      // A graph from elsewhere (not made by the simulator) has an enum list in any order.
      const start = fromElsewhere ? { ...emptyGraph, enums: [{ schema: "m", name: "m", values: ["x"] }] } : emptyGraph;
      const keys = [...start.enums, ...enums].map(qualifiedKey);
      if (new Set(keys).size < keys.length) {
        assert.throws(() => applyOperations(start, ops), /exists/);
        return;
      }
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.equal(applyOperations(start, ops).enums.map(qualifiedKey), sorted);
      assert.equal(ops.reduce(applyOperation, start).enums.map(qualifiedKey), sorted);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test.run();
