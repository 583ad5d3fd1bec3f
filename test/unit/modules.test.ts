/**
 * Module naming (compiler/modules/ownership.ts): the modules root of a glob, the default rule
 * (the folder under that root, or the file directly in it), and `"moduleOf"` patterns.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { moduleNamer, modulesRoot } from "../../compiler/modules/ownership.js";

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

test.run();
