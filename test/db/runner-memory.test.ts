/**
 * The migration runner on pg-mem: up/down by count and version, stamp, status, a tampered
 * file, and a migration that fails halfway (nothing of it may remain).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { readAppliedMigrations } from "../../compiler/db/migration-table.js";
import { migrateDown, migrateUp, migrationChecksum, readMigrationStatus, stampVersion, type RunContext } from "../../compiler/db/runner.js";
import { splitStatements } from "../../compiler/db/statements.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { makeProject, shopMigrations, type MigrationProject } from "../helpers/migration-project.js";
import { readFileSync } from "node:fs";

async function fresh(project: MigrationProject): Promise<{ db: Database; context: RunContext }> {
  return { db: await openDatabase("memory"), context: { root: project.root } };
}

async function appliedNames(db: Database): Promise<string[]> {
  return (await readAppliedMigrations(db)).map((a) => a.name);
}

async function tables(db: Database): Promise<string[]> {
  const result = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  return result.rows.map((r) => r.table_name);
}

async function failure(body: () => Promise<unknown>): Promise<SchemacError> {
  try {
    await body();
  } catch (error) {
    if (error instanceof SchemacError) return error;
    throw error;
  }
  throw new Error("expected a SchemacError");
}

test("up applies every pending migration in order and records each with its checksum", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  const applied = await migrateUp(db, project.migrations(), {}, context);
  assert.equal(applied.map((m) => m.name), ["0001_users", "0002_orders", "0003_order_note"]);
  const rows = await readAppliedMigrations(db);
  assert.equal(rows.map((r) => r.version), ["0001", "0002", "0003"]);
  assert.is(rows[0]?.checksum, migrationChecksum(shopMigrations[0]?.up ?? ""));
  assert.equal(await tables(db), ["orders", "schemac_migrations", "users"]);
  assert.equal(await migrateUp(db, project.migrations(), {}, context), [], "a second up finds nothing to do");
});

test("up N applies the next N migrations and up --to V stops at version V", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  assert.equal((await migrateUp(db, project.migrations(), { count: 1 }, context)).map((m) => m.name), ["0001_users"]);
  assert.equal((await migrateUp(db, project.migrations(), { to: "2" }, context)).map((m) => m.name), ["0002_orders"]);
  assert.equal(await appliedNames(db), ["0001_users", "0002_orders"]);
  assert.equal((await migrateUp(db, project.migrations(), { count: 5 }, context)).map((m) => m.name), ["0003_order_note"]);
});

test("down reverts the newest migration by default, N of them, or all with --to 0", async () => {
  // Each table is dropped once only: pg-mem keeps a dropped table's index names (see report).
  const project = makeProject();
  const { db, context } = await fresh(project);
  await migrateUp(db, project.migrations(), {}, context);
  assert.equal((await migrateDown(db, project.migrations(), {}, context)).map((m) => m.name), ["0003_order_note"]);
  assert.equal(await appliedNames(db), ["0001_users", "0002_orders"]);
  await migrateUp(db, project.migrations(), {}, context);
  assert.equal((await migrateDown(db, project.migrations(), { count: 2 }, context)).map((m) => m.name), ["0003_order_note", "0002_orders"]);
  assert.equal(await tables(db), ["schemac_migrations", "users"]);
  assert.equal((await migrateDown(db, project.migrations(), { to: "0" }, context)).map((m) => m.name), ["0001_users"]);
  assert.equal(await tables(db), ["schemac_migrations"]);
  assert.equal(await appliedNames(db), []);
  assert.equal(await migrateDown(db, project.migrations(), {}, context), [], "nothing left to revert");
});

test("down --to V reverts every migration after V", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  await migrateUp(db, project.migrations(), {}, context);
  assert.equal((await migrateDown(db, project.migrations(), { to: "0001" }, context)).map((m) => m.name), ["0003_order_note", "0002_orders"]);
  assert.equal(await appliedNames(db), ["0001_users"]);
});

test("a migration whose second statement fails leaves no trace of its first", async () => {
  const project = makeProject([
    ...shopMigrations.slice(0, 1),
    { name: "0002_broken", up: "CREATE TABLE audit (id integer);\n\n-- the typo\nINSERT INTO nowhere VALUES (1);\n", down: "DROP TABLE audit;\n" },
  ]);
  const { db, context } = await fresh(project);
  const error = await failure(() => migrateUp(db, project.migrations(), {}, context));
  const [d] = error.diagnostics;
  assert.is(d?.code, "SC6007");
  assert.is(d?.span?.file, "generated/migrations/0002_broken.up.sql");
  assert.match(d?.message ?? "", /0002_broken failed and was rolled back/);
  assert.match(d?.message ?? "", /relation "nowhere" does not exist/);
  assert.match(d?.message ?? "", /statement: INSERT INTO nowhere VALUES \(1\)/);
  const text = readFileSync(`${project.migrationsDir}/0002_broken.up.sql`, "utf8");
  assert.is(text.slice(0, d?.span?.start).split("\n").length, 4, "the span starts on the failing statement's line");
  assert.equal(await tables(db), ["schemac_migrations", "users"], "the audit table of the first statement is gone");
  assert.equal(await appliedNames(db), ["0001_users"]);
});

test("a no-transaction migration keeps the statements before the one that failed, unrecorded", async () => {
  const project = makeProject([
    { name: "0001_loose", up: "-- schemac:no-transaction\nCREATE TABLE kept (id integer);\nINSERT INTO nowhere VALUES (1);\n", down: "DROP TABLE kept;\n" },
  ]);
  const { db, context } = await fresh(project);
  const error = await failure(() => migrateUp(db, project.migrations(), {}, context));
  assert.match(error.diagnostics[0]?.message ?? "", /without a transaction/);
  assert.equal(await tables(db), ["kept", "schemac_migrations"]);
  assert.equal(await appliedNames(db), []);
});

test("an applied migration whose file changed since is refused by name, and nothing runs", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  await migrateUp(db, project.migrations(), { count: 1 }, context);
  project.write("generated/migrations/0001_users.up.sql", `${shopMigrations[0]?.up}ALTER TABLE users ADD COLUMN extra text;\n`);
  const error = await failure(() => migrateUp(db, project.migrations(), {}, context));
  assert.equal(error.diagnostics.map((d) => d.code), ["SC6008"]);
  assert.match(error.diagnostics[0]?.message ?? "", /migration 0001_users was applied, but its file has changed since/);
  assert.is(error.diagnostics[0]?.span?.file, "generated/migrations/0001_users.up.sql");
  assert.equal(await appliedNames(db), ["0001_users"]);
  await failure(() => migrateDown(db, project.migrations(), {}, context));
  const status = await readMigrationStatus(db, project.migrations());
  assert.equal(status.entries.map((e) => e.state), ["changed", "pending", "pending"]);
});

test("an applied migration missing from the folder is refused", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  await migrateUp(db, project.migrations(), {}, context);
  const shorter = makeProject(shopMigrations.slice(0, 2));
  const error = await failure(() => migrateUp(db, shorter.migrations(), {}, { root: shorter.root }));
  assert.equal(error.diagnostics.map((d) => d.code), ["SC6009"]);
  assert.match(error.diagnostics[0]?.message ?? "", /0003_order_note/);
  const status = await readMigrationStatus(db, shorter.migrations());
  assert.equal(status.unknown.map((u) => u.name), ["0003_order_note"]);
});

test("stamp records exactly the migrations up to V without running them", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  const first = await stampVersion(db, project.migrations(), "0002", context);
  assert.equal(first, { recorded: ["0001_users", "0002_orders"], removed: [] });
  assert.equal(await tables(db), ["schemac_migrations"], "no migration SQL ran");
  const second = await stampVersion(db, project.migrations(), "1", context);
  assert.equal(second, { recorded: [], removed: ["0002_orders"] });
  assert.equal(await appliedNames(db), ["0001_users"]);
  await stampVersion(db, project.migrations(), "0", context);
  assert.equal(await appliedNames(db), []);
});

test("an unknown version for --to or stamp is SC6010 naming the known versions", async () => {
  const project = makeProject();
  const { db, context } = await fresh(project);
  const error = await failure(() => migrateUp(db, project.migrations(), { to: "0009" }, context));
  assert.is(error.diagnostics[0]?.code, "SC6010");
  assert.match(error.diagnostics[0]?.message ?? "", /unknown migration version 0009 \(known: 0001, 0002, 0003\)/);
  assert.is((await failure(() => stampVersion(db, project.migrations(), "abc", context))).diagnostics[0]?.code, "SC6010");
  assert.is((await failure(() => migrateUp(db, project.migrations(), { to: "0" }, context))).diagnostics[0]?.code, "SC6010", "up --to 0 means nothing");
});

test("a migration file that does not parse is SC6006 at the parser's line, before anything runs", async () => {
  const project = makeProject([{ name: "0001_typo", up: "CREATE TABLE a (id integer);\nCREAT TABLE b (id integer);\n", down: "DROP TABLE a;\n" }]);
  const { db, context } = await fresh(project);
  const error = await failure(() => migrateUp(db, project.migrations(), {}, context));
  assert.is(error.diagnostics[0]?.code, "SC6006");
  assert.equal(await tables(db), ["schemac_migrations"]);
});

test("statements are split by the PostgreSQL parser, with their lines, semicolons in strings kept", async () => {
  const statements = await splitStatements("-- header\n\nCREATE TABLE a (v text DEFAULT 'x;y');\nINSERT INTO a VALUES ('é');  SELECT 1\n", "f.sql");
  assert.equal(statements.map((s) => [s.line, s.sql]), [
    [3, "CREATE TABLE a (v text DEFAULT 'x;y')"],
    [4, "INSERT INTO a VALUES ('é')"],
    [4, "SELECT 1"],
  ]);
});

test.run();
