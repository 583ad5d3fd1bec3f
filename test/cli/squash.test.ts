/**
 * `schemac squash --to V` on a git project with five migrations, and PostgreSQL 15 databases at
 * every point of the history: after the squash, `check` and `verify` pass, a database that applied
 * none or every folded migration keeps working with `status`, `up`, `down` and `drift`, and one
 * that applied only some is refused by name (SC6024). Migrations written or edited by hand are
 * refused (SC5021).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runCli } from "../helpers/cli.js";
import { freshDatabase, graphAt, requirePostgres } from "../helpers/pg-cluster.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";

const enabled = requirePostgres("test/cli/squash.test.ts");

/** The model after each migration of the history. */
const models = [
  `import { integer, table, text } from "schemac";
export const item = table("item", { id: integer().primaryKey(), name: text().notNull() });`,
  `import { integer, table, text } from "schemac";
export const item = table("item", { id: integer().primaryKey(), name: text().notNull(), note: text() });`,
  `import { index, integer, table, text } from "schemac";
export const item = table("item", { id: integer().primaryKey(), name: text().notNull(), note: text() }, { indexes: [index().on("name")] });`,
  `import { enumType, index, integer, table, text } from "schemac";
export const mood = enumType("mood", ["ok", "bad"]);
export const item = table("item", { id: integer().primaryKey(), name: text().notNull(), note: text(), m: mood() }, { indexes: [index().on("name")] });`,
  `import { enumType, index, integer, table, text } from "schemac";
export const mood = enumType("mood", ["ok", "bad"]);
export const item = table("item", { id: integer().primaryKey(), name: text().notNull(), note: text(), m: mood() }, { indexes: [index().on("name")] });
export const tag = table("tag", { id: integer().primaryKey(), item_id: integer().references(() => item.id) });`,
];

function git(root: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=schemac", "-c", "user.email=schemac@example.invalid", ...args], { cwd: root, stdio: "ignore" });
}

/** A git project whose history has one commit per migration (each with its snapshot). */
async function history(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "schemac-squash-"));
  writeFileSync(join(root, "schemac.config.json"), '{ "modules": ["src/**/*.ts"], "out": "generated" }\n');
  mkdirSync(join(root, "src"));
  git(root, "init", "-q");
  for (const [i, model] of models.entries()) {
    writeFileSync(join(root, "src/model.ts"), `${model}\n`);
    const built = await runCli(["build", "-m", `step ${i + 1}`], root);
    assert.is(built.code, 0, built.stderr);
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", `step ${i + 1}`);
  }
  return root;
}

if (enabled) {
  test("squash --to 0003 folds three migrations, and databases at every point of the history behave", async () => {
    await loadExpressionParser();
    const root = await history();
    const databases: string[] = [];
    for (let k = 0; k <= models.length; k++) {
      const url = await freshDatabase(`squash_at_${k}`);
      if (k > 0) assert.is((await runCli(["up", "--to", String(k), "--db", url], root)).code, 0);
      databases.push(url);
    }
    const squashed = await runCli(["squash", "--to", "0003"], root);
    assert.is(squashed.code, 0, squashed.stderr);
    assert.match(squashed.stdout, /squashed 3 migration\(s\) into 0003_step_3 \(0004_step_4 still follows it\)\./);
    assert.equal(readdirSync(join(root, "generated/migrations")).sort(), [
      "0003_step_3.down.sql",
      "0003_step_3.up.sql",
      "0004_step_4.down.sql",
      "0004_step_4.up.sql",
      "0005_step_5.down.sql",
      "0005_step_5.up.sql",
    ]);
    const up = readFileSync(join(root, "generated/migrations/0003_step_3.up.sql"), "utf8");
    // The header names the modules whose objects it creates (src/model.ts is module `model`).
    assert.ok(up.startsWith("-- 0003_step_3 (up)\n-- parent: none\n-- squashes: 0001_step_1 0002_step_2 0003_step_3\n-- modules: model\n"), up);
    assert.is((await runCli(["check"], root)).code, 0);
    const verified = await runCli(["verify"], root);
    assert.is(verified.code, 0, verified.stdout + verified.stderr);
    assert.ok(squashed.stdout.startsWith("removed generated/migrations/0001_step_1.up.sql\n"));
    assert.ok(squashed.stdout.includes("wrote generated/migrations/0003_step_3.up.sql\nwrote generated/migrations/0003_step_3.down.sql\nwrote generated/schemac.sum\n"));
    const [none, one, two, three, four, five] = databases as [string, string, string, string, string, string];
    const complete = await graphAt(five);

    // None applied: up runs the squashed migration, then the rest.
    const fresh = await runCli(["up", "--db", none], root);
    assert.is(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /applied 0003_step_3 .*\napplied 0004_step_4 .*\napplied 0005_step_5 /);
    assert.is(compareGraphs(complete, await graphAt(none)), null);

    // Some of the folded ones applied: refused by name, by status and up alike.
    for (const partial of [one, two]) {
      for (const command of [["status"], ["up"], ["down"]]) {
        const refused = await runCli([...command, "--db", partial], root);
        assert.is(refused.code, 1, command.join(" "));
        assert.match(refused.stderr, /error SC6024: the database applied 0001_step_1.*: only part of the migrations squashed into 0003_step_3/);
      }
    }

    // All folded ones applied: read as the squashed migration, and the chain goes on from there.
    const status = await runCli(["status", "--db", three], root);
    assert.is(status.code, 0, status.stderr);
    assert.match(status.stdout, /0003_step_3 +applied .*\n0004_step_4 +pending\n0005_step_5 +pending\n1 applied, 2 pending/);
    const rest = await runCli(["up", "--db", three], root);
    assert.is(rest.code, 0, rest.stderr);
    assert.not.match(rest.stdout, /applied 0003/);
    assert.is((await runCli(["drift", "--db", three], root)).code, 0);
    const all = await runCli(["down", "--to", "0", "--db", three], root);
    assert.is(all.code, 0, all.stderr);
    assert.match(all.stdout, /reverted 0005_step_5 .*\nreverted 0004_step_4 .*\nreverted 0003_step_3 /);
    assert.equal((await graphAt(three)).tables, []);

    // stamp reads the folded rows too.
    const stamped = await runCli(["stamp", "0004", "--db", four], root);
    assert.is(stamped.code, 0, stamped.stderr);
    assert.match((await runCli(["status", "--db", four], root)).stdout, /0003_step_3 +applied .*\n0004_step_4 +applied .*\n0005_step_5 +pending/);

    // Beyond the squashed range: status agrees, down steps back through it.
    const past = await runCli(["status", "--db", five], root);
    assert.match(past.stdout, /3 applied, 0 pending/);
    assert.is((await runCli(["down", "2", "--db", five], root)).code, 0);
    assert.match((await runCli(["status", "--db", five], root)).stdout, /0003_step_3 +applied .*\n0004_step_4 +pending\n0005_step_5 +pending/);

    // A squash with a modules line is read as generated: squashing again folds it too.
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "squash to 0003");
    const again = await runCli(["squash", "--to", "0005"], root);
    assert.is(again.code, 0, again.stdout + again.stderr);
    const upAgain = readFileSync(join(root, "generated/migrations/0005_step_5.up.sql"), "utf8");
    assert.ok(upAgain.startsWith("-- 0005_step_5 (up)\n-- parent: none\n-- squashes: 0001_step_1 0002_step_2 0003_step_3 0004_step_4 0005_step_5\n-- modules: model\n"), upAgain);
    assert.is((await runCli(["check"], root)).code, 0);
  });

  test("a migration edited by hand inside the range is refused by name (SC5021), and nothing changes", async () => {
    const root = await history();
    const file = join(root, "generated/migrations/0002_step_2.up.sql");
    writeFileSync(file, `${readFileSync(file, "utf8")}INSERT INTO item (id, name) VALUES (1, 'seed');\n`);
    assert.is((await runCli(["hash"], root)).code, 0);
    const refused = await runCli(["squash", "--to", "0004"], root);
    assert.is(refused.code, 1);
    assert.match(refused.stderr, /error SC5021: cannot squash 0002_step_2: it is not what schemac generates for its change .*; squash --to 0001_step_1 folds the migrations before it/);
    assert.ok(existsSync(join(root, "generated/migrations/0001_step_1.up.sql")));
    const folded = await runCli(["squash", "--to", "0001"], root);
    assert.is(folded.code, 0, folded.stderr);
    assert.match(folded.stdout, /squashed 1 migration\(s\) into 0001_step_1/);
  });
}

test.run();
