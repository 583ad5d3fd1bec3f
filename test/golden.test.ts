/**
 * Golden test: replay each example's model history in a scratch copy, one `schemac build` per
 * step, and compare the generated folder byte for byte with the committed generated/<example>.
 * `SCHEMAC_ACCEPT=1` (npm run accept) rewrites the committed folder instead; review the git diff.
 */
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runCli } from "./helpers/cli.js";
import { applyStep, buildArgs, createScratch, examplesWithSteps, readSteps, repoRoot } from "../examples/replay-steps.js";
import { firstDifference, readTree, writeTree } from "./helpers/tree.js";

const accept = process.env["SCHEMAC_ACCEPT"] === "1";

for (const example of examplesWithSteps()) {
  test(`${example}: replaying the model history rebuilds generated/${example} byte for byte`, async () => {
    const scratch = createScratch(example);
    for (const step of readSteps(example)) {
      applyStep(scratch, step);
      const result = await runCli(buildArgs(step), scratch.project);
      assert.is(result.code, 0, `step ${step.name} failed:\n${result.stdout}${result.stderr}`);
      assert.match(result.stdout, /wrote .*\.up\.sql/, `step ${step.name} wrote no migration:\n${result.stdout}`);
      const again = await runCli(buildArgs(step), scratch.project);
      assert.is(again.code, 0, again.stderr);
      assert.match(again.stdout, /No changes/, `a second build after ${step.name} must write nothing:\n${again.stdout}`);
    }
    const modulesDiff = firstDifference(readTree(join(repoRoot, "examples", example, "src", "modules")), readTree(scratch.modules));
    assert.is(modulesDiff, null, `the steps do not add up to examples/${example}/src/modules: ${modulesDiff}`);
    const committed = join(repoRoot, "generated", example);
    if (accept) writeTree(committed, readTree(scratch.out));
    const difference = firstDifference(readTree(committed), readTree(scratch.out));
    assert.is(difference, null, `generated/${example} is stale (run npm run accept and review the diff): ${difference}`);
  });

  test(`${example}: schemac build on the committed example writes nothing`, async () => {
    const result = await runCli(["build"], join(repoRoot, "examples", example));
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /No changes/);
    const check = await runCli(["check"], join(repoRoot, "examples", example));
    assert.is(check.code, 0, check.stdout + check.stderr);
  });
}

test.run();
