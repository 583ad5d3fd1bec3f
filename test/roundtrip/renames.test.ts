/**
 * Renames with rows in the tables, on a throwaway PostgreSQL 15 cluster and on pg-mem: the
 * `before` database is created and seeded, `up` runs, the rows are read under the new names and
 * (on PostgreSQL) the database introspects to exactly the `after` graph and re-plans to nothing;
 * `down` runs, the rows are read under the old names and the database is exactly `before` again.
 * On pg-mem, which cannot be introspected, the fingerprint after up is compared with a pg-mem built
 * straight from `after`, and the rows and the fingerprint after down are compared too; or pg-mem
 * refuses with SC6003 (renaming a schema or a sequence).
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { alignExpressions } from "../../compiler/db/expressions.js";
import { introspect } from "../../compiler/db/introspect.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import { planMigration } from "../../compiler/plan/index.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { fingerprintDifference, pgMemFingerprint } from "../../compiler/db/pg-mem-fingerprint.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";
import { renamePairs, type RowCheck } from "./rename-pairs.js";

const enabled = requirePostgres("test/roundtrip/renames.test.ts");

async function assertRows(db: Database, check: RowCheck, where: string): Promise<void> {
  if (check.run !== undefined) await db.exec(check.run);
  const { rows } = await db.query(check.sql);
  assert.is(JSON.stringify(rows), check.rows, `${where}: ${check.sql}`);
}

async function migrationOf(pairIndex: number): Promise<{ create: string; up: string; down: string }> {
  const pair = renamePairs[pairIndex];
  if (pair === undefined) throw new Error("no such pair");
  const before = pair.before();
  const after = pair.after();
  const plan = planMigration(before, after);
  assert.ok(plan.operations.some((p) => p.operation.kind.startsWith("rename")), "the pair plans no rename");
  assert.not.ok(plan.operations.some((p) => p.hazard === "data-loss"), "a rename must not lose data");
  const files = await renderMigrationFiles(plan, { version: "0002", name: "pair", parent: "0001_before", after });
  return { create: await renderCreateScript(before), up: files.up, down: files.down };
}

if (enabled) {
  test.before(async () => {
    await loadExpressionParser();
  });

  renamePairs.forEach((pair, i) => {
    test(`PostgreSQL: ${pair.name}: rows kept, up introspects to after and re-plans to nothing, down restores before`, async () => {
      const { create, up, down } = await migrationOf(i);
      const db = await openDatabase(await freshDatabase("rt_rename"));
      try {
        await db.exec(create);
        await db.exec(pair.seed);
        await db.exec(up);
        const reached = await introspect(db);
        const after = pair.after();
        assert.is(compareGraphs(after, reached), null, "after up");
        const rest = planMigration(alignExpressions(after, reached), after).operations.map((p) => p.operation.kind);
        assert.equal(rest, [], "re-planning from the introspected graph");
        await assertRows(db, pair.afterUp, "after up");
        await db.exec(down);
        assert.is(compareGraphs(pair.before(), await introspect(db)), null, "after down");
        await assertRows(db, pair.afterDown, "after down");
      } finally {
        await db.close();
      }
    });
  });
}

renamePairs.forEach((pair, i) => {
  test(`pg-mem: ${pair.name}: rows kept both ways and down restores the fingerprint (or SC6003)`, async () => {
    const { create, up, down } = await migrationOf(i);
    const db = await openDatabase("memory");
    try {
      await db.exec(create);
      await db.exec(pair.seed);
      const start = pgMemFingerprint(db);
      await db.exec(up);
      const fresh = await openDatabase("memory");
      try {
        await fresh.exec(await renderCreateScript(pair.after()));
        assert.is(fingerprintDifference(pgMemFingerprint(fresh), pgMemFingerprint(db)), null, "after up, against pg-mem built from the after model");
      } finally {
        await fresh.close();
      }
      await assertRows(db, pair.afterUp, "after up");
      await db.exec(down);
      assert.is(fingerprintDifference(start, pgMemFingerprint(db)), null, "after down");
      await assertRows(db, pair.afterDown, "after down");
      assert.is(pair.pgMem, "runs", "pg-mem ran a migration it should refuse");
    } catch (error) {
      if (!(error instanceof SchemacError && error.diagnostics[0]?.code === "SC6003") || pair.pgMem === "runs") throw error;
    } finally {
      await db.close();
    }
  });
});

test("pg-mem: a renamed key keeps checking rows and drops by its new name; renaming an indexed column is refused (SC6003)", async () => {
  const db = await openDatabase("memory");
  try {
    await db.exec("CREATE TABLE t (id integer NOT NULL, code text, CONSTRAINT t_pkey PRIMARY KEY (id), CONSTRAINT t_code_key UNIQUE (code)); CREATE INDEX t_id_idx ON t (id)");
    await db.exec("ALTER TABLE t RENAME CONSTRAINT t_code_key TO t_code_uq; ALTER INDEX t_id_idx RENAME TO t_by_id; INSERT INTO t VALUES (1, 'a')");
    const duplicate = await db.exec("INSERT INTO t VALUES (2, 'a')").then(() => "inserted", (error: unknown) => String(error));
    assert.match(duplicate, /t_code_uq|unique|duplicate/i);
    await db.exec("ALTER TABLE t DROP CONSTRAINT t_code_uq; DROP INDEX t_by_id; INSERT INTO t VALUES (2, 'a')");
    const refused = await db.exec("ALTER TABLE t RENAME COLUMN id TO key").then(() => null, (error: unknown) => error);
    assert.instance(refused, SchemacError);
    assert.is((refused as SchemacError).diagnostics[0]?.code, "SC6003");
    assert.match((refused as SchemacError).diagnostics[0]?.message ?? "", /RENAME COLUMN of a column used by an index/);
  } finally {
    await db.close();
  }
});

test.run();
