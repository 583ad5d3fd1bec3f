/**
 * Team merges end to end in a real git repository: two branches each add the next migration,
 * `git merge` brings them together, `check` names the fork, and `schemac rebase` renumbers the
 * local migrations after the merged head (regenerating generated ones, keeping hand-written ones
 * as written), after which `check` and `verify` pass.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runCli } from "../helpers/cli.js";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", "-c", "merge.conflictStyle=merge", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function tryGit(cwd: string, ...args: string[]): boolean {
  try {
    git(cwd, ...args);
    return true;
  } catch {
    return false;
  }
}

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function build(root: string, ...args: string[]): Promise<void> {
  const result = await runCli(["build", ...args], root);
  assert.is(result.code, 0, result.stdout + result.stderr);
}

const tableFile = (name: string, columns: string): string =>
  `import { table, uuid, text, integer } from "schemac";\nexport const ${name} = table("${name}", { id: uuid().primaryKey(),${columns} });\n`;

/** A repository whose main and feature branches each added a migration after 0001_initial. */
async function forkedRepository(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "schemac-rebase-"));
  git(root, "init", "-q");
  write(root, "schemac.config.json", '{ "modules": ["src/**/*.ts"] }\n');
  write(root, "src/a.ts", tableFile("a", ""));
  write(root, "src/b.ts", tableFile("b", ""));
  await build(root, "-m", "initial");
  git(root, "add", ".");
  git(root, "commit", "-qm", "initial");
  git(root, "checkout", "-qb", "feature");
  write(root, "src/a.ts", tableFile("a", " note: text(),"));
  await build(root, "-m", "add note");
  git(root, "add", ".");
  git(root, "commit", "-qm", "feature: a.note");
  await build(root, "--empty", "-m", "fill note");
  const fill = readdirSync(join(root, "generated/migrations")).find((f) => f.startsWith("0003_fill_note.up"));
  write(root, `generated/migrations/${fill}`, `${readFileSync(join(root, "generated/migrations", fill ?? ""), "utf8")}UPDATE a SET note = 'n/a' WHERE note IS NULL;\n`);
  assert.is((await runCli(["hash"], root)).code, 0);
  git(root, "add", ".");
  git(root, "commit", "-qm", "feature: fill a.note");
  git(root, "checkout", "-q", "main");
  write(root, "src/b.ts", tableFile("b", " qty: integer().notNull().default(0),"));
  write(root, "src/c.ts", tableFile("c", ""));
  await build(root, "-m", "add qty and c");
  git(root, "add", ".");
  git(root, "commit", "-qm", "main: b.qty and table c");
  git(root, "checkout", "-q", "feature");
  return root;
}

test("after git merge, check names both migrations of the fork and rebase settles it", async () => {
  const root = await forkedRepository();
  assert.not.ok(tryGit(root, "merge", "-q", "--no-edit", "main"), "schemac.sum conflicts: both sides added lines at its end");
  const conflicted = git(root, "diff", "--name-only", "--diff-filter=U").trim().split("\n");
  assert.equal(conflicted, ["generated/schemac.sum"], "snapshot.json merged without a conflict");

  const check = await runCli(["check"], root);
  assert.is(check.code, 1);
  assert.match(check.stderr, /error SC5011: forked migration history: 0002_add_note and 0002_add_qty_and_c both follow 0001_initial/);

  const rebased = await runCli(["rebase"], root);
  assert.is(rebased.code, 0, rebased.stdout + rebased.stderr);
  assert.match(rebased.stdout, /0002_add_note → 0003_add_note \(regenerated\)/);
  assert.match(rebased.stdout, /0003_fill_note → 0004_fill_note \(kept as written\)/);
  const migrations = join(root, "generated/migrations");
  assert.equal(readdirSync(migrations).sort(), [
    "0001_initial.down.sql", "0001_initial.up.sql",
    "0002_add_qty_and_c.down.sql", "0002_add_qty_and_c.up.sql",
    "0003_add_note.down.sql", "0003_add_note.up.sql",
    "0004_fill_note.down.sql", "0004_fill_note.up.sql",
  ]);
  const note = readFileSync(join(migrations, "0003_add_note.up.sql"), "utf8");
  assert.match(note, /^-- 0003_add_note \(up\)\n-- parent: 0002_add_qty_and_c\n-- modules: a\n\nALTER TABLE a\s+ADD COLUMN note text;\n\n$/, note);
  const fill = readFileSync(join(migrations, "0004_fill_note.up.sql"), "utf8");
  assert.match(fill, /^-- 0004_fill_note \(up\)\n-- parent: 0003_add_note\n/);
  assert.match(fill, /UPDATE a SET note = 'n\/a' WHERE note IS NULL;\n$/, "the hand-written body is kept");

  const after = await runCli(["check"], root);
  assert.is(after.code, 0, after.stdout + after.stderr);
  const verify = await runCli(["verify"], root);
  assert.is(verify.code, 0, verify.stdout + verify.stderr);
  git(root, "add", ".");
  git(root, "commit", "-qm", "merge main");
  const again = await runCli(["rebase"], root);
  assert.is(again.code, 0, again.stderr);
  assert.match(again.stdout, /nothing to rebase/, "after the merge commit, HEAD^2 is upstream and every migration is in order");
});

test("rebase --onto names the upstream when no merge is in progress; a local change upstream already made is dropped", async () => {
  const root = await forkedRepository();
  // Upstream makes the same change as the feature's 0002 too (a.note), in its own 0003.
  git(root, "checkout", "-q", "main");
  write(root, "src/a.ts", tableFile("a", " note: text(),"));
  await build(root, "-m", "main adds note too");
  git(root, "add", ".");
  git(root, "commit", "-qm", "main: a.note");
  git(root, "checkout", "-q", "feature");
  assert.not.ok(tryGit(root, "merge", "-q", "--no-edit", "main"));
  git(root, "checkout", "--theirs", "generated/schemac.sum", "generated/snapshot.json");
  git(root, "add", ".");
  git(root, "commit", "-qm", "merge main");
  const rebased = await runCli(["rebase", "--onto", "main"], root);
  assert.is(rebased.code, 0, rebased.stdout + rebased.stderr);
  assert.match(rebased.stdout, /0002_add_note: dropped \(main already makes this change\)/);
  assert.match(rebased.stdout, /0003_fill_note → 0004_fill_note \(kept as written\)/);
  assert.ok(existsSync(join(root, "generated/migrations/0004_fill_note.up.sql")));
  assert.not.ok(existsSync(join(root, "generated/migrations/0002_add_note.up.sql")));
  const check = await runCli(["check"], root);
  assert.is(check.code, 0, check.stdout + check.stderr);
});

test("a local migration that no longer fits the upstream schema is a conflict (SC5013), and nothing is written", async () => {
  const root = await forkedRepository();
  write(root, "src/a.ts", tableFile("a", " note: text(), extra: text(),"));
  await build(root, "-m", "add extra");
  git(root, "add", ".");
  git(root, "commit", "-qm", "feature: a.extra");
  git(root, "checkout", "-q", "main");
  git(root, "rm", "-q", "src/a.ts");
  await build(root, "-m", "drop a", "--allow-data-loss");
  git(root, "add", ".");
  git(root, "commit", "-qm", "main: drop a");
  git(root, "checkout", "-q", "feature");
  assert.not.ok(tryGit(root, "merge", "-q", "--no-edit", "main"));
  git(root, "rm", "-q", "src/a.ts");
  const before = readdirSync(join(root, "generated/migrations")).sort();
  const result = await runCli(["rebase"], root);
  assert.is(result.code, 1, result.stdout);
  assert.match(result.stderr, /error SC5013: cannot carry 0002_add_note over the upstream migrations: .*\ba\b/);
  assert.equal(readdirSync(join(root, "generated/migrations")).sort(), before);
});

test("a local build --manual migration, finished by hand, is kept as written and renumbered", async () => {
  const root = await forkedRepository();
  write(root, "src/a.ts", tableFile("a", " note: text(), n: integer(),"));
  await build(root, "-m", "add n");
  write(root, "src/a.ts", tableFile("a", " note: text(), n: text(),"));
  await build(root, "-m", "n as text");
  write(root, "src/a.ts", tableFile("a", " note: text(), n: integer(),"));
  await build(root, "--manual", "-m", "n back to integer");
  const file = readdirSync(join(root, "generated/migrations")).find((f) => f.startsWith("0006_n_back_to_integer.up")) ?? "";
  const finished = readFileSync(join(root, "generated/migrations", file), "utf8").replace(/schemac_manual_conversion \(n\)/, "nullif(n, '')::integer");
  write(root, `generated/migrations/${file}`, finished);
  assert.is((await runCli(["hash"], root)).code, 0);
  git(root, "add", ".");
  git(root, "commit", "-qm", "feature: n back to integer, by hand");
  assert.not.ok(tryGit(root, "merge", "-q", "--no-edit", "main"));
  const rebased = await runCli(["rebase"], root);
  assert.is(rebased.code, 0, rebased.stdout + rebased.stderr);
  assert.match(rebased.stdout, /0006_n_back_to_integer → 0007_n_back_to_integer \(kept as written\)/);
  const kept = readFileSync(join(root, "generated/migrations/0007_n_back_to_integer.up.sql"), "utf8");
  assert.is(kept, finished.replace("-- 0006_n_back_to_integer (up)\n-- parent: 0005_n_as_text", "-- 0007_n_back_to_integer (up)\n-- parent: 0006_n_as_text"));
  const check = await runCli(["check"], root);
  assert.is(check.code, 0, check.stdout + check.stderr);
});

test("rebase outside a merge, with no --onto, says how to name the upstream", async () => {
  const root = await forkedRepository();
  const result = await runCli(["rebase"], root);
  assert.is(result.code, 1);
  assert.match(result.stderr, /error SC5012: schemac rebase cannot tell which migrations are local: no merge is in progress and HEAD is not a merge commit/);
});

test.run();
