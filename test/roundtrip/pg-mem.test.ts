/**
 * Round trips on pg-mem through the adapter (`openDatabase("memory")`). pg-mem cannot be
 * introspected through pg_catalog, so each step is checked with a fingerprint read from
 * pg-mem's own API (compiler/db/pg-mem-fingerprint.ts): the example's migrations up, down in
 * reverse and up again, and the hand-made model pairs where pg-mem can run them (the others
 * must be refused with SC6003, never fail another way).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { planMigration } from "../../compiler/plan/index.js";
import { fingerprintDifference, pgMemFingerprint } from "../../compiler/db/pg-mem-fingerprint.js";
import { readExampleMigrations } from "../helpers/roundtrip.js";
import { modelPairs } from "./pairs.js";

const example = "shop";

function assertSameFingerprint(expected: readonly string[], actual: readonly string[], where: string): void {
  const difference = fingerprintDifference(expected, actual);
  assert.is(difference, null, `${where}: ${difference}`);
}

async function withMemory<T>(body: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase("memory");
  try {
    return await body(db);
  } finally {
    await db.close();
  }
}

test("the fingerprint sees tables, columns, keys, indexes, enums and schemas", async () => {
  await withMemory(async (db) => {
    await db.exec(`CREATE SCHEMA billing; CREATE TYPE billing.st AS ENUM ('a', 'b');
      CREATE TABLE billing.inv (id integer NOT NULL, n varchar(32), s billing.st DEFAULT 'a', CONSTRAINT inv_pkey PRIMARY KEY (id), CONSTRAINT inv_n_key UNIQUE (n));
      CREATE INDEX inv_s_idx ON billing.inv (s); COMMENT ON TABLE billing.inv IS 'invoices'`);
    const lines = pgMemFingerprint(db);
    for (const line of [
      "schema billing",
      "enum billing.st (a, b)",
      "table billing.inv comment=invoices",
      "column billing.inv.id integer not null comment=null",
      "column billing.inv.n character varying(32) null comment=null",
      "column billing.inv.s st null default comment=null",
      "primary key billing.inv inv_pkey (id)",
      "index billing.inv inv_s_idx (s)",
      "constraint billing.inv inv_n_key",
    ]) {
      assert.ok(lines.includes(line), `fingerprint lacks "${line}":\n${lines.join("\n")}`);
    }
    const before = pgMemFingerprint(db);
    await db.exec("ALTER TABLE billing.inv ADD COLUMN extra text");
    assert.is(fingerprintDifference(before, pgMemFingerprint(db)), "unexpected: column billing.inv.extra text null comment=null");
  });
});

test(`${example}: every migration up, down in reverse and up again keeps the fingerprint of each step`, async () => {
  const migrations = readExampleMigrations(example);
  await withMemory(async (db) => {
    const beforeUp: string[][] = [];
    const afterUp: string[][] = [];
    for (const migration of migrations) {
      beforeUp.push(pgMemFingerprint(db));
      await db.exec(migration.up);
      afterUp.push(pgMemFingerprint(db));
    }
    for (let i = migrations.length - 1; i >= 0; i--) {
      await db.exec(migrations[i]?.down ?? "");
      assertSameFingerprint(beforeUp[i] ?? [], pgMemFingerprint(db), `after down ${migrations[i]?.id}, against the schema before its up`);
    }
    for (const [i, migration] of migrations.entries()) {
      await db.exec(migration.up);
      assertSameFingerprint(afterUp[i] ?? [], pgMemFingerprint(db), `after up ${migration.id} again, against its first up`);
    }
  });
});

/** Runs `body`; returns "SC6003" when pg-mem refuses a construct, rethrows anything else. */
async function refusedByPgMem(body: () => Promise<void>): Promise<string | null> {
  try {
    await body();
    return null;
  } catch (error) {
    if (error instanceof SchemacError && error.diagnostics[0]?.code === "SC6003") return error.diagnostics[0].message;
    throw error;
  }
}

for (const pair of modelPairs) {
  test(`${pair.name}: on pg-mem, down restores the fingerprint of before (or pg-mem refuses with SC6003)`, async () => {
    const before = pair.before();
    const after = pair.after();
    const plan = planMigration(before, after);
    const files = await renderMigrationFiles(plan, { version: "0002", name: "pair", parent: "0001_before", after });
    await withMemory(async (db) => {
      const refused = await refusedByPgMem(async () => {
        // The adapter refuses an empty string (PostgreSQL accepts it); the empty graph's script is "".
        const create = await renderCreateScript(before);
        if (create !== "") await db.exec(create);
        const start = pgMemFingerprint(db);
        await db.exec(files.up);
        const reached = pgMemFingerprint(db);
        assert.is.not(fingerprintDifference(start, reached), null, "up changed nothing pg-mem can see");
        await db.exec(files.down);
        assertSameFingerprint(start, pgMemFingerprint(db), "after down");
        await db.exec(files.up);
        assertSameFingerprint(reached, pgMemFingerprint(db), "after up again");
      });
      if (refused !== null) process.stdout.write(`  (pg-mem refuses "${pair.name}": ${refused})\n`);
    });
  });
}

test.run();
