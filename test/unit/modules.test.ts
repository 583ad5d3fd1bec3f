/**
 * Module naming (compiler/modules/ownership.ts): the modules root of a glob, the default rule
 * (the folder under that root, or the file directly in it), and `"moduleOf"` patterns; the
 * module of a planned operation (compiler/modules/grouping.ts), a dropped object's taken from the
 * previous snapshot; and the modules line of a squash (compiler/migrations/squash.ts).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Graph } from "../../compiler/graph.js";
import { emptyGraph } from "../../compiler/graph.js";
import { squashModules, squashUnknownModule } from "../../compiler/migrations/squash.js";
import { ModuleLookup, moduleLookup, unknownModule } from "../../compiler/modules/grouping.js";
import { moduleNamer, modulesRoot } from "../../compiler/modules/ownership.js";
import { planMigration } from "../../compiler/plan/index.js";
import { builtin, column, enumType, graph, table } from "../helpers/graph-builders.js";

test("the modules root of a glob is its segments before the first with a glob character", () => {
  assert.is(modulesRoot("src/modules/**/*.ts"), "src/modules");
  assert.is(modulesRoot("src/**/*.ts"), "src");
  assert.is(modulesRoot("**/*.ts"), "");
  assert.is(modulesRoot("./app/modules/*/schema.ts"), "app/modules");
  assert.is(modulesRoot("src/{a,b}/*.ts"), "src");
});

test("by default a file belongs to the folder under the root; a file directly in it is a module of its own", () => {
  const name = moduleNamer({ modules: ["src/modules/**/*.ts", "src/**/*.ts"] });
  assert.is(name("src/modules/billing/schema.ts"), "billing");
  assert.is(name("src/modules/billing/db/invoice.ts"), "billing");
  assert.is(name("src/modules/audit.ts"), "audit");
  assert.is(name("src/legacy/tables.ts"), "legacy", "the longest root that selects the file wins");
  assert.is(name("lib/x.ts"), null);
});

test('"moduleOf" patterns are tried in order; <module> is (part of) one segment', () => {
  const name = moduleNamer({ modules: ["**/*.ts"], moduleOf: ["packages/*/src/<module>/**", "src/<module>.schema.ts"] });
  assert.is(name("packages/shop/src/orders/schema.ts"), "orders");
  assert.is(name("src/audit.schema.ts"), "audit");
  assert.is(name("src/audit.ts"), null);
  assert.is(name("packages/shop/lib/orders/schema.ts"), null);
});


const owned = (g: Graph, module: string | undefined): Graph =>
  module === undefined ? g : { schemas: g.schemas.map((x) => ({ ...x, module })), enums: g.enums.map((e) => ({ ...e, module })), tables: g.tables.map((t) => ({ ...t, module })) };

test("a dropped table and enum take the module the previous snapshot recorded; without one, the module of their schema, else unknown", () => {
  const before = graph({ enums: [enumType("mood", ["ok"])], tables: [table("wish", [column("id", builtin("integer"))]), table("kept", [column("id", builtin("integer"))])] });
  const after = owned(graph({ tables: [table("kept", [column("id", builtin("integer"))])] }), "orders");
  const plan = planMigration(before, after).operations;
  const recorded = new ModuleLookup(after, owned(before, "catalog"));
  assert.equal(plan.map((p) => recorded.of(p)), plan.map(() => "catalog"));
  assert.equal(new ModuleLookup(after, before).touched(plan), [null], "a snapshot that recorded no modules");
  assert.is(unknownModule, "(module unknown: no longer declared)");
  // Made once per pair of graphs, and asked again it answers as a new one does.
  const shared = moduleLookup(after, before);
  assert.is(moduleLookup(after, before), shared);
  assert.is.not(moduleLookup(after, owned(before, "catalog")), shared);
  for (let i = 0; i < 2; i++) assert.equal(plan.map((p) => shared.of(p)), plan.map((p) => new ModuleLookup(after, before).of(p)));
});

test("a squash lists the modules its snapshots recorded; unknown ones named as such; none recorded: no line", () => {
  const g = graph({ tables: [table("a", [column("id", builtin("integer"))]), table("b", [column("id", builtin("integer"))])] });
  const [a, b] = g.tables;
  const mixed: Graph = { ...g, tables: [{ ...a!, module: "users" }, b!] };
  assert.equal(squashModules(owned(g, "users"), emptyGraph), ["users"]);
  assert.equal(squashModules(mixed, emptyGraph), ["users", squashUnknownModule]);
  assert.equal(squashModules(mixed, { ...g, tables: [b!].map((t) => ({ ...t, module: "orders" })) }), ["orders", "users"], "what V recorded none for, the newest snapshot may");
  assert.equal(squashModules(g, emptyGraph), []);
  assert.is(squashUnknownModule, "(module unknown: not recorded in the snapshot)");
});

test.run();
