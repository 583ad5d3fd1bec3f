/**
 * The compile-side commands end to end, in-process (and a few through the real bin): diff in
 * its three forms after editing a model of the example, build's refusal and acceptance of data
 * loss, init, usage errors (exit 2) and no stack trace for a user's mistake.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runCli } from "../helpers/cli.js";
import { copyExample, editModule as edit } from "../helpers/example-copy.js";

const repo = join(import.meta.dirname, "..", "..");

test("diff shows an edited model in plan form, as SQL and as JSON, and writes nothing", async () => {
  const project = copyExample();
  edit(project, "users/schema.ts", "display_name: varchar(100)", "display_name: varchar(150)");
  const plan = await runCli(["diff"], project);
  assert.is(plan.code, 0, plan.stderr);
  assert.is(plan.stdout, "module users\n  ~ column user.display_name varchar(100) → varchar(150)\n");
  const sql = await runCli(["diff", "--sql"], project);
  assert.match(sql.stdout, /ALTER TABLE "user"\s+ALTER COLUMN display_name TYPE varchar\(150\)/);
  const json = await runCli(["diff", "--json"], project);
  const parsed = JSON.parse(json.stdout) as { operations: { kind: string; module: string | null; hazards: unknown[] }[] };
  assert.equal(parsed.operations.map((o) => [o.kind, o.module]), [["alterColumnType", "users"]]);
  const check = await runCli(["check"], project);
  assert.is(check.code, 1, "check fails while the change has no migration");
  assert.match(check.stderr, /SC5007/);
});

test("diff --verbose lists every file read and why one was skipped", async () => {
  const result = await runCli(["diff", "--verbose"], copyExample());
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /declares\s+src\/modules\/orders\/schema\.ts\s+order, order_item/);
  assert.match(result.stdout, /declares\s+src\/modules\/orders\/enums\.ts\s+enum order_status/);
  assert.match(result.stdout, /(skipped|helper)\s+src\/modules\/users\/service\.ts/);
  assert.match(result.stdout, /No changes/);
});

test("build refuses a dropped column without --allow-data-loss and takes it with the flag", async () => {
  const project = copyExample();
  edit(project, "catalog/schema.ts", "    description: text(),\n", "");
  const refused = await runCli(["build", "-m", "drop description"], project);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /error SC4001: - column product\.description/);
  const accepted = await runCli(["build", "-m", "drop description", "--allow-data-loss"], project);
  assert.is(accepted.code, 0, accepted.stderr);
  assert.match(accepted.stdout, /wrote .*0008_drop_description\.up\.sql/);
  assert.match(accepted.stderr, /warning SC4005: - column product\.description \[SC7001 data-loss\]: drops column public\.product\.description; statement: ALTER TABLE product DROP COLUMN description\n  hint: online alternative: none/);
  const again = await runCli(["build"], project);
  assert.match(again.stdout, /No changes/);
});

test("init writes a config once and refuses to overwrite it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-init-"));
  const first = await runCli(["init"], dir);
  assert.is(first.code, 0, first.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, "schemac.config.json"), "utf8")), { modules: ["src/**/*.ts"], out: "generated" });
  const second = await runCli(["init"], dir);
  assert.is(second.code, 1);
  assert.match(second.stderr, /already exists/);
});

test("--version and -v print the package's version", async () => {
  const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
  for (const flag of ["--version", "-v"]) {
    const result = await runCli([flag], repo);
    assert.is(result.code, 0);
    assert.is(result.stdout, `${version}\n`);
  }
});

test("every command run outside a project says so and how to start, exit 1 (init and pull start one)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-nowhere-"));
  const commands = [["build"], ["diff"], ["check"], ["hash"], ["verify"], ["status", "--db", "memory"], ["up", "--db", "memory"], ["down", "--db", "memory"], ["stamp", "0", "--db", "memory"], ["drift", "--db", "memory"], ["rebase"]];
  for (const argv of commands) {
    const result = await runCli(argv, dir);
    assert.is(result.code, 1, `${argv.join(" ")}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, /error SC1005: not a schemac project: \. has no schemac\.config\.json/, argv.join(" "));
    assert.match(result.stderr, /run `schemac init`/);
    assert.is(result.stdout, "", argv.join(" "));
  }
  const pull = await runCli(["pull", "--db", "memory"], dir);
  assert.not.match(pull.stderr, /SC1005/, "pull adopts a database into a folder that is no project yet");
  assert.is((await runCli(["init"], dir)).code, 0);
  assert.match((await runCli(["build"], dir)).stderr, /SC1003/, "a fresh project with nothing declared yet is a project");
});

test("bad usage exits 2 with the usage line", async () => {
  const unknown = await runCli(["biuld"], repo);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'biuld'/);
  const flag = await runCli(["build", "--allow-dataloss"], repo);
  assert.is(flag.code, 2);
  assert.match(flag.stderr, /unknown option --allow-dataloss\nusage: schemac build/);
  const none = await runCli([], repo);
  assert.is(none.code, 2);
});

test("the real bin exits 1 with a located error and no stack trace on a user's mistake", () => {
  const project = copyExample();
  edit(project, "users/schema.ts", "varchar(320)", "varchar(0)");
  const result = spawnSync(process.execPath, [join(repo, "compiler/cli/bin.mjs"), "build", "--cwd", project], { encoding: "utf8" });
  assert.is(result.status, 1);
  assert.match(result.stderr, /^src\/modules\/users\/schema\.ts:\d+:\d+ error SC3006: invalid type varchar\(0\)/m);
  assert.not.match(result.stderr, /\n\s+at /, "no stack trace");
});

test.run();
