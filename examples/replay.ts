/**
 * `npm run example`: replays an example's model history in a scratch folder, printing what
 * `schemac build` plans and writes at each step, then checks the committed example is in sync and
 * verifies its migrations up, down and up again on pg-mem.
 * Needs no database server.
 */
import { join } from "node:path";
import { run } from "../compiler/cli/main.js";
import { processIo } from "../compiler/cli/io.js";
import { applyStep, buildArgs, createScratch, readSteps, repoRoot } from "./replay-steps.js";

const example = process.argv[2] ?? "shop";
const scratch = createScratch(example);
const io = { ...processIo(), cwd: scratch.project };
for (const step of readSteps(example)) {
  process.stdout.write(`\n== step ${step.name}: schemac ${buildArgs(step).join(" ")}\n`);
  applyStep(scratch, step);
  const code = await run(buildArgs(step), io);
  if (code !== 0) process.exit(code);
}
const committed = { ...processIo(), cwd: join(repoRoot, "examples", example) };
process.stdout.write(`\nscratch copy: ${scratch.root}\n\n== the committed example: schemac check --cwd examples/${example}\n`);
const checked = await run(["check"], committed);
process.stdout.write(`\n== every migration up, down and up again on an in-memory database: schemac verify\n`);
process.exitCode = checked !== 0 ? checked : await run(["verify"], committed);
