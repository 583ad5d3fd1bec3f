/**
 * The TypeScript parser is compiled with V8's code cache: the first process that parses writes
 * it, the next ones use it, and a damaged cache is ignored and replaced.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const repo = join(import.meta.dirname, "..", "..");

/** Parses a module in a fresh process; returns what it saw of the cache and of the parse. */
function parseInFreshProcess(): { path: string; used: boolean; tables: number } {
  const script = [
    `const { typescriptCodeCache, saveTypeScriptCodeCache } = await import(${JSON.stringify(join(repo, "compiler/extract/typescript.ts"))});`,
    `const { summarizeModule } = await import(${JSON.stringify(join(repo, "compiler/extract/summarize.ts"))});`,
    `const summary = summarizeModule("a.ts", 'import { table, uuid } from "schemac"; export const a = table("a", { id: uuid() });', { force: false });`,
    "saveTypeScriptCodeCache();",
    "console.log(JSON.stringify({ ...typescriptCodeCache(), tables: summary.statements.length }));",
  ].join("\n");
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo, encoding: "utf8" });
  assert.is(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim()) as { path: string; used: boolean; tables: number };
}

test("a second process compiles TypeScript from the cache the first one wrote", () => {
  const first = parseInFreshProcess();
  const second = parseInFreshProcess();
  assert.is(second.path, first.path);
  assert.ok(second.used, "the second process used the code cache");
  assert.is(second.tables, first.tables);
  assert.ok(first.tables > 0);
});

test("a damaged code cache is ignored, and the next process writes a good one", () => {
  const { path } = parseInFreshProcess();
  writeFileSync(path, Buffer.from("not a code cache"));
  const damaged = parseInFreshProcess();
  assert.not.ok(damaged.used, "V8 rejected the damaged cache");
  assert.ok(damaged.tables > 0, "and the parse still worked");
  assert.is.not(readFileSync(path, "utf8"), "not a code cache");
  assert.ok(parseInFreshProcess().used);
});

test.run();
