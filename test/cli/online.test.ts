/**
 * `build --online` end to end: on a throwaway PostgreSQL 15 the CONCURRENTLY statements run (they
 * would fail inside a transaction), the rows stay, down reverts, and SET lock_timeout makes a
 * migration that waits on a lock fail within the timeout; on pg-mem, `verify` runs the same files
 * (CONCURRENTLY run as the plain statement, lock_timeout skipped).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import pg from "pg";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { type StepProject, withStepProject as withProject } from "../helpers/model-steps.js";

const enabled = requirePostgres("cli/online");

const before = `export const item = table("item", { id: integer().primaryKey(), name: text(), sku: text() }, { indexes: [index().on("sku")] });\n`;
const after = `export const item = table("item", { id: integer().primaryKey(), name: text(), note: text(), sku: text() }, { indexes: [index().on("name")] });\n`;

async function indexes(p: StepProject): Promise<{ name: string; valid: boolean }[]> {
  return p.sql("SELECT c.relname::text AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'item'::regclass ORDER BY 1");
}

test("build --online writes the index drop and creation as no-transaction migrations; the rest of the change stays in a transaction", async () => {
  await withProject("postgres://unused", async (p) => {
    await p.build(before, "-m", "before");
    await p.build(after, "--online", "-m", "names");
    assert.equal(p.migrationFiles().filter((f) => f.endsWith(".up.sql")), ["0001_before.up.sql", "0002_names_drop_indexes.up.sql", "0003_names.up.sql", "0004_names_create_indexes.up.sql"]);
    for (const f of ["0002_names_drop_indexes.up.sql", "0002_names_drop_indexes.down.sql", "0004_names_create_indexes.up.sql", "0004_names_create_indexes.down.sql"]) {
      assert.ok(p.migration(f).startsWith("-- schemac:no-transaction\n"), f);
    }
    assert.not.match(p.migration("0003_names.up.sql"), /no-transaction/);
    for (const f of p.migrationFiles().filter((f) => !f.startsWith("0001"))) {
      assert.match(p.migration(f), /SET\s+lock_timeout = '5s';[\s\S]*RESET lock_timeout;\n+$/, f);
    }
    assert.match(p.migration("0002_names_drop_indexes.up.sql"), /DROP INDEX CONCURRENTLY item_sku_idx;/);
    assert.match(p.migration("0002_names_drop_indexes.down.sql"), /CREATE INDEX CONCURRENTLY item_sku_idx ON item \(sku\);/, p.migration("0002_names_drop_indexes.down.sql"));
    assert.is((await p.cli("check")).code, 0);
    assert.is((await p.cli("build", "--online", "--manual", "-m", "x")).code, 2);
    const verify = await p.cli("verify");
    assert.is(verify.code, 0, `verify on pg-mem failed:\n${verify.stdout}${verify.stderr}`);
  });
});

if (enabled) {
  test("on PostgreSQL the online migrations run (CONCURRENTLY outside a transaction), keep the rows, and revert", async () => {
    await withProject(await freshDatabase("online_index"), async (p) => {
      await p.build(before, "-m", "before");
      assert.is((await p.cli("up")).code, 0);
      await p.sql("INSERT INTO item SELECT g, 'n' || g, 's' || g FROM generate_series(1, 1000) g");
      await p.build(after, "--online", "-m", "names");
      const up = await p.cli("up");
      assert.is(up.code, 0, up.stderr);
      assert.equal(await indexes(p), [{ name: "item_name_idx", valid: true }, { name: "item_pkey", valid: true }]);
      assert.equal(await p.sql("SELECT count(*)::int AS n FROM item"), [{ n: 1000 }]);
      const down = await p.cli("down", "3");
      assert.is(down.code, 0, down.stderr);
      assert.equal(await indexes(p), [{ name: "item_pkey", valid: true }, { name: "item_sku_idx", valid: true }]);
      assert.is((await p.cli("up")).code, 0);
      assert.equal(await p.sql("SELECT current_setting('lock_timeout') AS t"), [{ t: "0" }]);
    });
  });

  test("an online migration that waits on a lock fails after lock_timeout (5s) instead of queueing behind it", async () => {
    await withProject(await freshDatabase("online_lock"), async (p) => {
      await p.build(before, "-m", "before");
      assert.is((await p.cli("up")).code, 0);
      await p.build(after.replace("note: text(), ", ""), "--online", "-m", "names");
      const holder = new pg.Client({ connectionString: p.url });
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("LOCK TABLE item IN ACCESS EXCLUSIVE MODE");
        const started = Date.now();
        const up = await p.cli("up");
        const waited = Date.now() - started;
        assert.is(up.code, 1);
        assert.match(up.stderr, /lock timeout/);
        assert.ok(waited < 20_000, `waited ${waited} ms`);
      } finally {
        await holder.query("ROLLBACK");
        await holder.end();
      }
      const up = await p.cli("up");
      assert.is(up.code, 0, up.stderr);
    });
  });
}

test.run();
