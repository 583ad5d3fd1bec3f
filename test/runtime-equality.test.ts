/**
 * The DSL read two ways must agree: executing each example's modules (the runtime builders
 * register their declarations) and reading them statically from the AST give the same graph.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileProject } from "../compiler/compile.js";
import { loadConfig } from "../compiler/config.js";
import { discoverFiles } from "../compiler/discover.js";
import { resolveGraph } from "../compiler/resolve.js";
import { canonicalGraph } from "../compiler/snapshot.js";
import { takeDeclarations } from "../schema/registry.js";
import { examplesWithSteps, repoRoot } from "../examples/replay-steps.js";

for (const example of examplesWithSteps()) {
  test(`${example}: running the modules gives the graph the static compiler reads`, async () => {
    const config = loadConfig({ cwd: join(repoRoot, "examples", example) });
    const compiled = await compileProject(config);
    assert.equal(compiled.diagnostics.filter((d) => d.severity === "error"), []);
    takeDeclarations();
    for (const file of discoverFiles(config)) await import(pathToFileURL(file.absolute).href);
    const runtime = resolveGraph(takeDeclarations());
    assert.ok(runtime.tables.length > 0, "the runtime read found no table");
    assert.equal(canonicalGraph(runtime), canonicalGraph(compiled.graph));
  });
}

/** A graph with spans and modules (which the compiler names from file paths) removed but one-shot hints kept, for comparing two reads of the same hints. */
function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === "span" || key === "module" ? undefined : v)));
}

test("rename hints of every kind: running the module gives the hints the static compiler reads", async () => {
  const config = loadConfig({ cwd: join(import.meta.dirname, "fixtures", "rename-hints") });
  const compiled = await compileProject(config);
  assert.equal(compiled.diagnostics.filter((d) => d.severity === "error"), []);
  takeDeclarations();
  for (const file of discoverFiles(config)) await import(pathToFileURL(file.absolute).href);
  const runtime = resolveGraph(takeDeclarations());
  const hints = JSON.stringify(runtime).match(/"renamed(From|Values)"/g) ?? [];
  assert.is(hints.length, 14, "the fixture's hints are not all in the graph");
  assert.equal(withoutSpans(runtime), withoutSpans(compiled.graph));
});

test.run();
