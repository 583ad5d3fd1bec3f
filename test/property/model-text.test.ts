/**
 * The property round trips' own contract: the modules a failing pair is printed as are what a
 * user would write (the static compiler reads them to the graphs the test ran), and a failure
 * reports the seed, the replay line and the shrunk pair.
 */
import fc from "fast-check";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileProject } from "../../compiler/compile.js";
import { loadConfig } from "../../compiler/config.js";
import type { Database } from "../../compiler/db/connection.js";
import { canonicalGraph } from "../../compiler/snapshot.js";
import { pairArbitrary, postgresProfile } from "./arbitrary.js";
import { checkRandomPairs, type Engine } from "./harness.js";
import { moduleGraph } from "./model-text.js";

test("the modules of random pairs compile with the static compiler to the graphs the property runs", async () => {
  const root = mkdtempSync(join(tmpdir(), "schemac-property-"));
  try {
    writeFileSync(join(root, "schemac.config.json"), '{ "modules": ["src/**/*.ts"], "out": "generated" }\n');
    mkdirSync(join(root, "src"));
    for (const pair of fc.sample(pairArbitrary(postgresProfile), { numRuns: 4, seed: 7 })) {
      for (const text of [pair.beforeText, pair.afterText]) {
        writeFileSync(join(root, "src", "schema.ts"), text);
        const compiled = await compileProject(loadConfig({ cwd: root }));
        assert.equal(compiled.diagnostics.filter((d) => d.severity === "error"), [], text);
        assert.equal(canonicalGraph(compiled.graph), canonicalGraph(moduleGraph(text)), text);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** A database that accepts everything and holds no rows. */
const nothing: Database = {
  kind: "postgres",
  query: async () => ({ rows: [] }),
  exec: async () => undefined,
  close: async () => undefined,
};

test("a failing pair is reported with the seed, the replay line and the shrunk pair as case-file modules", async () => {
  const broken: Engine = {
    name: "an engine that finds a difference when t1 exists",
    profile: postgresProfile,
    empty: async () => nothing,
    release: async () => undefined,
    difference: async (_db, expected) => (expected.tables.some((t) => t.name.startsWith("t1")) ? "t1 is there" : null),
  };
  let message = "";
  try {
    await checkRandomPairs(broken, 20);
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  assert.match(message, /^an engine that finds a difference when t1 exists: a random pair fails after \d+ run\(s\) \(shrunk \d+ time\(s\)\)/);
  assert.match(message, /\nreplay: SCHEMAC_PROPERTY_SEED=\d+ SCHEMAC_PROPERTY_PATH=[\d:]+ npm test -- property\/roundtrip\n/);
  assert.match(message, /-- before\/schema\.ts --\n/);
  assert.match(message, /-- after\/schema\.ts --\n/);
  // Shrunk: nothing but the table the failure needs is left in the pair.
  assert.not.match(message, /export const t2 |export const t3 |enumType/);
  assert.match(message, /t1 is there/);
});

test.run();
