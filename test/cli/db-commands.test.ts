/**
 * The database commands (up, down, status, stamp, verify, drift) on a throwaway PostgreSQL 15
 * cluster, in-process through runCli, plus two real `schemac up` processes racing for the lock,
 * and every command's error paths.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase } from "../../compiler/db/connection.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import type { Column, Graph, Table } from "../../compiler/graph.js";
import { makeProject, shopMigrations, type MigrationSource } from "../helpers/migration-project.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";

const enabled = requirePostgres("cli/db-commands");
const bin = join(import.meta.dirname, "..", "..", "compiler", "cli", "bin.mjs");

async function sql<R extends Record<string, unknown>>(url: string, text: string): Promise<R[]> {
  const db = await openDatabase(url);
  try {
    return (await db.query<R>(text)).rows;
  } finally {
    await db.close();
  }
}

async function publicTables(url: string): Promise<string[]> {
  const rows = await sql<{ t: string }>(url, "SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((r) => r.t);
}

function spawnCli(argv: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], { cwd, env: { ...process.env, DATABASE_URL: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

if (enabled) {
  test("up, status, down and stamp move a PostgreSQL database through the chain", async () => {
    const project = makeProject();
    const url = await freshDatabase("cli_chain");
    const up = await runCli(["up", "2", "--db", url], project.root);
    assert.is(up.code, 0, up.stderr);
    assert.match(up.stdout, /applied 0001_users .*\napplied 0002_orders .*\napplied 2 migration\(s\); the database is at 0002_orders/);
    const status = await runCli(["status", "--json"], project.root, { DATABASE_URL: url });
    assert.is(status.code, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as { migrations: { name: string; state: string }[] };
    assert.equal(parsed.migrations.map((m) => `${m.name}:${m.state}`), ["0001_users:applied", "0002_orders:applied", "0003_order_note:pending"]);
    const down = await runCli(["down", "--db", url], project.root);
    assert.is(down.code, 0, down.stderr);
    assert.match(down.stdout, /reverted 0002_orders/);
    assert.equal(await publicTables(url), ["schemac_migrations", "users"]);
    const stamp = await runCli(["stamp", "0003", "--db", url], project.root);
    assert.is(stamp.code, 0, stamp.stderr);
    assert.match(stamp.stdout, /recorded 0002_orders as applied\nrecorded 0003_order_note as applied/);
    assert.equal(await publicTables(url), ["schemac_migrations", "users"], "stamp runs no SQL");
    const text = await runCli(["status", "--db", url], project.root);
    assert.match(text.stdout, /3 applied, 0 pending/);
  });

  test("two concurrent up processes apply each migration once: the second waits for the lock", async () => {
    const slow = { name: "0004_slow", up: "SELECT pg_sleep(0.6);\nCREATE TABLE slow (id integer);\n", down: "DROP TABLE slow;\n" };
    const project = makeProject([...shopMigrations, slow]);
    const url = await freshDatabase("cli_race");
    const [a, b] = await Promise.all([spawnCli(["up", "--db", url], project.root), spawnCli(["up", "--db", url], project.root)]);
    assert.is(a?.code, 0, a?.stderr);
    assert.is(b?.code, 0, b?.stderr);
    const output = `${a?.stdout}${b?.stdout}`;
    for (const name of ["0001_users", "0002_orders", "0003_order_note", "0004_slow"]) {
      assert.is(output.split(`applied ${name} (`).length - 1, 1, `${name} is applied by exactly one process`);
    }
    assert.match(output, /nothing to apply: the database is at 0004_slow/);
    const rows = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM schemac_migrations");
    assert.is(rows[0]?.n, 4);
  });

  test("a migration failing halfway on PostgreSQL leaves nothing and names file, line and error", async () => {
    const broken = { name: "0002_broken", up: "CREATE TABLE audit (id integer);\n\nINSERT INTO audit VALUES ('not a number');\n", down: "DROP TABLE audit;\n" };
    const project = makeProject([...shopMigrations.slice(0, 1), broken]);
    const url = await freshDatabase("cli_halfway");
    const result = await runCli(["up", "--db", url], project.root);
    assert.is(result.code, 1);
    assert.match(result.stderr, /^generated\/migrations\/0002_broken\.up\.sql:3:1 error SC6007: migration 0002_broken failed and was rolled back/m);
    assert.match(result.stderr, /invalid input syntax for type integer/);
    assert.not.match(result.stderr, /\n\s+at /, "no stack trace");
    assert.equal(await publicTables(url), ["schemac_migrations", "users"]);
  });

  test("an applied migration edited and re-hashed afterwards is refused by name", async () => {
    const project = makeProject();
    const url = await freshDatabase("cli_tampered");
    assert.is((await runCli(["up", "--db", url], project.root)).code, 0);
    project.write("generated/migrations/0002_orders.up.sql", `${shopMigrations[1]?.up}-- edited\n`);
    const unhashed = await runCli(["up", "--db", url], project.root);
    assert.is(unhashed.code, 1);
    assert.match(unhashed.stderr, /SC5004/, "the sum catches the edit first");
    project.rehash();
    const result = await runCli(["down", "--db", url], project.root);
    assert.is(result.code, 1);
    assert.match(result.stderr, /generated\/migrations\/0002_orders\.up\.sql:1:1 error SC6008: migration 0002_orders was applied, but its file has changed since/);
    const status = await runCli(["status", "--db", url], project.root);
    assert.is(status.code, 1);
    assert.match(status.stdout, /0002_orders\s+CHANGED since applied/);
  });

  test("drift is silent on a migrated database and prints a hand-made change in plan form", async () => {
    const project = makeProject();
    const url = await freshDatabase("cli_drift");
    assert.is((await runCli(["up", "--db", url], project.root)).code, 0);
    const clean = await runCli(["drift", "--db", url], project.root);
    assert.is(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /no drift/);
    await sql(url, "ALTER TABLE users ADD COLUMN nickname text");
    const drifted = await runCli(["drift", "--db", url], project.root);
    assert.is(drifted.code, 1);
    assert.match(drifted.stdout, /\+ column users\.nickname text/);
    assert.match(drifted.stderr, /SC6014/);
  });

  test("verify --db walks up, down and up on an empty database and leaves it empty", async () => {
    const project = makeProject();
    const url = await freshDatabase("cli_verify");
    const result = await runCli(["verify", "--db", url], project.root);
    assert.is(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /ok down 0001_users/);
    assert.match(result.stdout, /verified 3 migration\(s\) up, down and up again on PostgreSQL; compared the whole schema/);
    assert.equal(await publicTables(url), []);
    await sql(url, "CREATE TABLE leftover (id integer)");
    const busy = await runCli(["verify", "--db", url], project.root);
    assert.is(busy.code, 1);
    assert.match(busy.stderr, /SC6013: .*relation public\.leftover/);
  });

  test("verify --db reports a down file that forgets a column, in plan form", async () => {
    const sloppy = { name: "0003_order_note", up: "ALTER TABLE orders ADD COLUMN note text;\n", down: "SELECT 1;\n" };
    const project = makeProject([...shopMigrations.slice(0, 2), sloppy]);
    const url = await freshDatabase("cli_verify_bad");
    const result = await runCli(["verify", "--db", url], project.root);
    assert.is(result.code, 1);
    assert.match(result.stdout, /after down 0003_order_note, the database differs from the schema after 0002_orders/);
    assert.match(result.stdout, /\+ column orders\.note text/);
    assert.match(result.stderr, /SC6012/);
    assert.equal(await publicTables(url), [], "left empty even after a failure");
  });
}

test("database errors are one clear line and bad usage exits 2", async () => {
  const project = makeProject();
  const cases: [string[], number, RegExp][] = [
    [["up", "--db", "mysql://x/y"], 1, /^error SC6002: invalid database url mysql:\/\/x\/y/],
    [["up", "--db", "postgres://postgres@127.0.0.1:1/x"], 1, /^error SC6001: cannot connect to .*connection refused/],
    [["drift", "--db", "postgres://127.0.0.1:1/x"], 1, /^error SC6001/],
    [["status"], 1, /^error SC6011: schemac status needs a database/],
    [["up", "--to", "0042", "--db", "memory"], 1, /^error SC6010: unknown migration version 0042/],
    [["down", "--to", "x", "--db", "memory"], 1, /^error SC6010/],
    [["up", "two", "--db", "memory"], 2, /N must be a positive whole number \(found two\)/],
    [["down", "1", "--to", "1", "--db", "memory"], 2, /either N or --to V/],
    [["stamp", "--db", "memory"], 2, /stamp needs a version/],
    [["drift", "--db", "memory"], 1, /SC6003: pg-mem cannot run this: introspection/],
  ];
  for (const [argv, code, pattern] of cases) {
    const result = await runCli(argv, project.root);
    assert.is(result.code, code, `${argv.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, pattern, argv.join(" "));
    assert.not.match(result.stderr, /internal error|\n\s+at /, argv.join(" "));
  }
});

test("up, down and status work on a throwaway pg-mem database (--db memory)", async () => {
  const project = makeProject();
  const up = await runCli(["up", "--db", "memory"], project.root);
  assert.is(up.code, 0, up.stderr);
  assert.match(up.stdout, /applied 3 migration\(s\); the database is at 0003_order_note/);
  const status = await runCli(["status", "--db", "memory"], project.root);
  assert.match(status.stdout, /nothing is applied yet\n[\s\S]*0 applied, 3 pending/, "each process gets a new in-memory database");
});

test("verify on pg-mem compares what pg-mem keeps and catches a down that forgets a column", async () => {
  // No keys or indexes here: pg-mem keeps a dropped table's index names, so re-creating a table
  // with a primary key after its down fails there (a pg-mem adapter limit, see the report).
  const plain: MigrationSource[] = [
    { name: "0001_items", up: "CREATE TABLE items (id integer, label text);\n", down: "DROP TABLE items;\n" },
    { name: "0002_item_price", up: "ALTER TABLE items ADD COLUMN price integer;\n", down: "ALTER TABLE items DROP COLUMN price;\n" },
  ];
  const column = (name: string, type: "integer" | "text"): Column => ({ name, type: { kind: "builtin", name: type, params: [], dimensions: 0 }, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null, sequence: null });
  const items: Table = { schema: "public", name: "items", columns: [column("id", "integer"), column("label", "text"), column("price", "integer")], primaryKey: null, uniques: [], checks: [], foreignKeys: [], indexes: [], comment: null };
  const graph: Graph = { schemas: [], enums: [], tables: [items] };
  const ok = await runCli(["verify"], makeProject(plain, graph).root);
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /verified 2 migration\(s\) up, down and up again on pg-mem; compared what pg-mem keeps: schemas, enums .*; only --db PostgreSQL checks default expressions, /);
  const sloppy = makeProject([plain[0] as MigrationSource, { ...(plain[1] as MigrationSource), down: "SELECT 1;\n" }], graph);
  const bad = await runCli(["verify"], sloppy.root);
  assert.is(bad.code, 1);
  assert.match(bad.stdout, /after down 0002_item_price, the database differs from the schema after 0001_items/);
  assert.match(bad.stdout, /\n\+ column public\.items\.price integer null comment=null\n/);
  const stale = await runCli(["verify"], makeProject(plain, { ...graph, tables: [] }).root);
  assert.is(stale.code, 1);
  assert.match(stale.stdout, /after up 0002_item_price, the database differs from generated\/snapshot\.json[^\n]*\n\+ column public\.items\.id integer null comment=null\n/);
  assert.match(stale.stdout, /\n\+ table public\.items comment=null\n/);
});

test("verify on pg-mem names every column, key, index and default where the migrations miss the snapshot", async () => {
  const column = (name: string, type: "integer" | "text", extra: Partial<Column> = {}): Column => ({ name, type: { kind: "builtin", name: type, params: [], dimensions: 0 }, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null, sequence: null, ...extra });
  const items: Table = {
    schema: "public",
    name: "items",
    columns: [column("id", "integer", { notNull: true }), column("label", "text", { notNull: true }), column("qty", "integer", { default: "0" }), column("code", "text")],
    primaryKey: { name: "items_pkey", columns: ["id"] },
    uniques: [],
    checks: [],
    foreignKeys: [],
    indexes: [{ name: "items_code_idx", unique: true, keys: [{ kind: "column", column: "code" }], method: "btree", where: null }],
    comment: null,
  };
  const wrong: MigrationSource[] = [
    { name: "0001_items", up: "CREATE TABLE items (id integer PRIMARY KEY, label text, qty integer, code integer);\nCREATE INDEX items_code_idx ON items (code);\n", down: "DROP TABLE items;\n" },
  ];
  const result = await runCli(["verify"], makeProject(wrong, { schemas: [], enums: [], tables: [items] }).root);
  assert.is(result.code, 1);
  assert.match(result.stdout, /after up 0001_items, the database differs from generated\/snapshot\.json/);
  assert.match(result.stdout, /\n~ column public\.items\.code: text null comment=null → integer null comment=null\n/);
  assert.match(result.stdout, /\n~ column public\.items\.label: text not null comment=null → text null comment=null\n/);
  assert.match(result.stdout, /\n~ column public\.items\.qty: integer null default comment=null → integer null comment=null\n/);
  assert.match(result.stdout, /\n~ index public\.items items_code_idx: \(code\) unique → \(code\)\n/);
  assert.match(result.stderr, /error SC6012: verify: after up 0001_items the database does not match generated\/snapshot\.json/);
});

test.run();
