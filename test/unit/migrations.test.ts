import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SchemacError } from "../../compiler/diagnostics.js";
import { nextVersion, readMigrationDirectory, slugify } from "../../compiler/migrations/directory.js";
import { computeSum, extendSum, formatSum, parseSum, verifySum } from "../../compiler/migrations/sum.js";
import { writeFilesAtomically } from "../../compiler/migrations/write.js";

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "schemac-migrations-"));
  for (const f of files) writeFileSync(join(dir, f), `-- ${f}\n`);
  return dir;
}

test("slugs the message as DESIGN.md says", () => {
  assert.is(slugify("Add item cascade"), "add_item_cascade");
  assert.is(slugify("  Widen: product.name (120→200)!"), "widen_product_name_120_200");
});

test("lists migrations in version order and numbers the next one", () => {
  const dir = folder(["0002_b.up.sql", "0002_b.down.sql", "0001_a.up.sql", "0001_a.down.sql"]);
  const { migrations, diagnostics } = readMigrationDirectory(dir, "m");
  assert.equal(migrations.map((m) => m.name), ["0001_a", "0002_b"]);
  assert.equal(diagnostics, []);
  assert.is(nextVersion(migrations), "0003");
  assert.is(nextVersion([]), "0001");
});

test("reports gaps, forks, unpaired files and bad names", () => {
  const dir = folder(["0001_a.up.sql", "0001_a.down.sql", "0003_c.up.sql", "0003_c.down.sql", "0003_d.up.sql", "0003_d.down.sql", "0004_e.up.sql", "Notes.sql"]);
  const { diagnostics } = readMigrationDirectory(dir, "m");
  const messages = diagnostics.map((d) => `${d.code} ${d.message}`);
  assert.ok(messages.some((m) => m.startsWith("SC5008") && m.includes("Notes.sql")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("SC5009") && m.includes("0004_e.up.sql")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("SC5003") && m.includes("expected version 0002")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("SC5011") && m.includes("0003_c and 0003_d both follow 0001_a")), messages.join("\n"));
});

test("the sum chains: editing an early file changes every later hash and the total", () => {
  const a = computeSum([{ file: "1", content: "x" }, { file: "2", content: "y" }]);
  const b = computeSum([{ file: "1", content: "x!" }, { file: "2", content: "y" }]);
  assert.is.not(a.entries[1]?.hash, b.entries[1]?.hash);
  assert.is.not(a.total, b.total);
  const parsed = parseSum(formatSum(a));
  assert.equal(parsed, a);
  assert.equal(verifySum(a, b, "m").map((d) => d.code), ["SC5004"]);
  assert.equal(verifySum(a, a, "m"), []);
  assert.equal(verifySum(a, computeSum([{ file: "1", content: "x" }]), "m").map((d) => d.code), ["SC5003"]);
  assert.type(parseSum("garbage"), "string");
});

test("a sum extended by more files is the sum of the whole chain (build does not read the summed files again)", () => {
  const files = ["a", "b", "c", "d", "e"].map((file, i) => ({ file: `000${i}_${file}.up.sql`, content: `-- ${file}\n`.repeat(i + 1) }));
  for (let cut = 0; cut <= files.length; cut++) {
    assert.equal(extendSum(computeSum(files.slice(0, cut)), files.slice(cut)), computeSum(files), `cut at ${cut}`);
  }
});

test("writes all files or none, restoring what it replaced", () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-write-"));
  writeFileSync(join(dir, "keep.txt"), "old");
  mkdirSync(join(dir, "blocker"));
  try {
    writeFilesAtomically([
      { path: join(dir, "keep.txt"), content: "new" },
      { path: join(dir, "new.txt"), content: "n" },
      { path: join(dir, "blocker"), content: "cannot replace a directory" },
    ]);
    assert.unreachable("should have thrown");
  } catch (error) {
    assert.instance(error, SchemacError);
    assert.is((error as SchemacError).diagnostics[0]?.code, "SC5006");
  }
  assert.is(readFileSync(join(dir, "keep.txt"), "utf8"), "old");
  assert.not.ok(existsSync(join(dir, "new.txt")));
  writeFilesAtomically([{ path: join(dir, "sub/x.txt"), content: "ok" }]);
  assert.is(readFileSync(join(dir, "sub/x.txt"), "utf8"), "ok");
});

test.run();
