/**
 * A small run of the benchmark so that it cannot rot: the generator's model and both renderings
 * at 200 tables, and one `schemac build` of the generated project (no drizzle-kit, one run).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderDrizzleProject } from "../bench/emit-drizzle.js";
import { renderSchemacProject } from "../bench/emit-schemac.js";
import { generateProjects, repoRoot } from "../bench/generate.js";
import { buildMonolith, countTables, withAddedColumn } from "../bench/model.js";

const model = buildMonolith({ tables: 200 });

function occurrences(files: ReadonlyMap<string, string>, pattern: RegExp): number {
  return [...files.values()].reduce((n, text) => n + (text.match(pattern) ?? []).length, 0);
}

test("the generator builds the same monolith from the same seed and another from another seed", () => {
  const again = renderSchemacProject(buildMonolith({ tables: 200 }));
  assert.equal([...again], [...renderSchemacProject(model)]);
  assert.not.equal([...renderSchemacProject(buildMonolith({ tables: 200, seed: 2 }))], [...again]);
});

test("200 tables come as 10 modules of 20, each table with one foreign key into another module", () => {
  assert.is(countTables(model), 200);
  assert.is(model.modules.length, 10);
  model.modules.forEach((module, m) => {
    for (const table of module.tables) {
      const refs = table.columns.filter((c) => c.references !== null);
      assert.is(refs.length, 1, table.name);
      assert.is.not(refs[0]?.references?.module, m, table.name);
    }
    assert.ok(module.tables.some((t) => t.columns.some((c) => c.type.kind === "enum")), `${module.name} uses its enum`);
  });
});

test("the schemac and drizzle-orm renderings declare the same tables, enums and indexes", () => {
  const schemac = renderSchemacProject(model);
  const drizzle = renderDrizzleProject(model);
  assert.is(occurrences(schemac, /= table\("/g), 200);
  assert.is(occurrences(drizzle, /= pgTable\("/g), 200);
  assert.is(occurrences(schemac, /= enumType\(/g), occurrences(drizzle, /= pgEnum\(/g));
  assert.is(occurrences(schemac, /\bindex\(|uniqueIndex\(/g), occurrences(drizzle, /\bindex\(|uniqueIndex\(/g));
  assert.is(occurrences(schemac, /gen_random_uuid\(\)/g), 200);
});

test("the one-change model adds one fresh column to one table only", () => {
  const withNote = (m: typeof model): string[] =>
    m.modules.flatMap((mod) => mod.tables.filter((t) => t.columns.some((c) => c.name === "bench_note")).map((t) => t.name));
  const changed = withAddedColumn(model);
  assert.equal(withNote(model), []);
  assert.equal(withNote(changed.model), [changed.model.modules[changed.module]?.tables[0]?.name]);
  const columns = (m: typeof model): number => m.modules.reduce((n, mod) => n + mod.tables.reduce((k, t) => k + t.columns.length, 0), 0);
  assert.is(columns(changed.model), columns(model) + 1);
});

test("schemac build writes one migration creating the 200 generated tables, with PostgreSQL's parser on V8's baseline WebAssembly compiler only and a full collection after extraction", () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-bench-smoke-"));
  try {
    const { schemacDir } = generateProjects({ tables: 200, dir, drizzle: false });
    const bin = join(repoRoot, "compiler", "cli", "bin.mjs");
    // V8 names the compiler of each WebAssembly function it compiles: without the CLI's
    // --liftoff-only (io.ts, prepareCliProcess) this build has about eight recompiled by TurboFan.
    // Its trace of collections names those a program asked for (memory.ts) "testing".
    const result = spawnSync(process.execPath, ["--trace-wasm-compilation-times", "--trace-gc", bin, "build", "-m", "initial", "--cwd", "."], {
      cwd: schemacDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
    assert.is(result.status, 0, `schemac build failed: ${result.stderr}${result.stdout}`);
    assert.match(result.stdout, /using Liftoff/);
    assert.not.match(result.stdout, /using TurboFan/);
    assert.match(result.stdout, /Mark-Compact .* testing; GC in old space requested/);
    const migrations = join(schemacDir, "generated", "migrations");
    const up = readdirSync(migrations).filter((f) => f.endsWith(".up.sql"));
    assert.equal(up, ["0001_initial.up.sql"]);
    const sql = readFileSync(join(migrations, up[0] as string), "utf8");
    assert.is((sql.match(/\bCREATE TABLE\b/gi) ?? []).length, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
