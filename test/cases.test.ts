/**
 * Runs every case file: lays out the project, builds the "before" model (if any), swaps in the
 * "after" model, runs the case's command, and compares the new migration's up/down SQL, the
 * hazards, stdout and stderr with the expected sections, byte for byte.
 * SCHEMAC_ACCEPT=1 rewrites the expected sections instead.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCases, rewriteCase, type CaseFile } from "./helpers/case-file.js";
import { runCli } from "./helpers/cli.js";

const accept = process.env["SCHEMAC_ACCEPT"] === "1";
const casesDir = join(import.meta.dirname, "cases");

function layout(c: CaseFile, prefix: string, root: string, into: string): number {
  let count = 0;
  for (const [name, content] of c.sections) {
    if (!name.startsWith(prefix)) continue;
    const path = join(root, into, name.slice(prefix.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    count++;
  }
  return count;
}

/** Splits a command line on spaces, keeping "quoted words" together. */
function words(line: string): string[] {
  return [...line.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
}

function newestMigration(dir: string, direction: "up" | "down"): string {
  if (!existsSync(dir)) return "";
  const files = readdirSync(dir).filter((f) => f.endsWith(`.${direction}.sql`)).sort();
  const last = files.at(-1);
  return last === undefined ? "" : readFileSync(join(dir, last), "utf8");
}

async function runCase(c: CaseFile): Promise<Map<string, string>> {
  const root = mkdtempSync(join(tmpdir(), "schemac-case-"));
  if (!c.sections.has("project/schemac.config.json")) {
    writeFileSync(join(root, "schemac.config.json"), '{ "modules": ["src/**/*.ts"], "out": "generated" }\n');
  }
  layout(c, "project/", root, ".");
  for (const [name, target] of c.sections) {
    if (!name.startsWith("symlink:")) continue;
    const path = join(root, name.slice("symlink:".length));
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target.trim(), path);
  }
  if (layout(c, "before/", root, "src") > 0) {
    const before = await runCli(["build", "-m", "before"], root);
    if (before.code !== 0) throw new Error(`building the before model failed:\n${before.stdout}${before.stderr}`);
    rmSync(join(root, "src"), { recursive: true, force: true });
  }
  if (layout(c, "step/", root, "src") > 0) {
    const step = await runCli(["build", "-m", "step"], root);
    if (step.code !== 0) throw new Error(`building the step model failed:\n${step.stdout}${step.stderr}`);
    rmSync(join(root, "src"), { recursive: true, force: true });
  }
  layout(c, "edit/", root, ".");
  const migrationsBefore = new Set(existsSync(join(root, "generated/migrations")) ? readdirSync(join(root, "generated/migrations")) : []);
  layout(c, "after/", root, "src");
  const result = await runCli(words(c.sections.get("cmd") ?? "build -m after"), root);
  const actual = new Map<string, string>();
  const migrations = join(root, "generated/migrations");
  const wroteNew = existsSync(migrations) && readdirSync(migrations).some((f) => !migrationsBefore.has(f) && f.startsWith("0"));
  actual.set("exit", `${result.code}\n`);
  actual.set("stdout", result.stdout.split(root).join("<root>"));
  actual.set("stderr", result.stderr.split(root).join("<root>"));
  actual.set("up.sql", wroteNew ? newestMigration(migrations, "up") : "");
  actual.set("down.sql", wroteNew ? newestMigration(migrations, "down") : "");
  const hazards = result.stderr.split("\n").filter((l) => /warning SC4005/.test(l));
  actual.set("hazards", hazards.length > 0 ? `${hazards.join("\n")}\n` : "");
  rmSync(root, { recursive: true, force: true });
  return actual;
}

const expectations = ["exit", "up.sql", "down.sql", "hazards", "stdout", "stderr"];

for (const c of readCases(casesDir)) {
  test(`case ${c.name}: ${c.description.split("\n")[0] ?? ""}`, async () => {
    const actual = await runCase(c);
    if (accept) {
      const updates = new Map<string, string>();
      for (const key of expectations) if (c.sections.has(key)) updates.set(key, actual.get(key) ?? "");
      rewriteCase(c, updates);
      return;
    }
    let checked = 0;
    for (const key of expectations) {
      const expected = c.sections.get(key);
      if (expected === undefined) continue;
      checked++;
      assert.fixture(actual.get(key) ?? "", expected, `${c.name}: section ${key}`);
    }
    assert.ok(checked > 0, `${c.name} has no expectation section`);
  });
}

test.run();
