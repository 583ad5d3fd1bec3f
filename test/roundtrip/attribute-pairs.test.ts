/**
 * Every pair of column attribute changes in one step, on one throwaway PostgreSQL 15 database:
 * per pair, the `before` table is created with a row in it, the planned `up` runs, the schema
 * read back must be `after` (and re-plan to nothing), the row must still be there, and `down`
 * must give `before` again; then the table is dropped for the next pair.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { alignExpressions } from "../../compiler/db/expressions.js";
import { introspect } from "../../compiler/db/introspect.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import { planMigration } from "../../compiler/plan/index.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";
import { attributePairs } from "./attribute-pairs.js";

const enabled = requirePostgres("test/roundtrip/attribute-pairs.test.ts");

let db: Database | undefined;
let fresh: Database | undefined;

async function database(): Promise<Database> {
  db ??= await openDatabase(await freshDatabase("rt_attribute_pairs"));
  return db;
}

/** A second database where each pair's `after` table is created straight from the model. */
async function freshDb(): Promise<Database> {
  fresh ??= await openDatabase(await freshDatabase("rt_attribute_fresh"));
  return fresh;
}

/**
 * What PostgreSQL stores for each column, as text: type, NOT NULL, default expression (as
 * PostgreSQL prints it, so `'x'::character varying` and `'x'::text` differ), identity,
 * generated, collation. Sorted by name: a recreated column comes last in a migrated table.
 */
async function columnFacts(d: Database, table: string): Promise<string[]> {
  const { rows } = await d.query<{ fact: string }>(
    `SELECT concat_ws(' | ', a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
            a.attidentity, a.attgenerated, co.collname) AS fact
       FROM pg_attribute a
       LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
       LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attname`,
    [table],
  );
  return rows.map((r) => r.fact);
}

async function rowCount(d: Database, table: string): Promise<number> {
  const { rows } = await d.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? -1;
}

if (enabled) {
  test.before(async () => {
    await loadExpressionParser();
  });
  test.after(async () => {
    await db?.close();
    await fresh?.close();
  });

  for (const p of attributePairs) {
    test(`${p.name}: up and down run on PostgreSQL with a row in the table, and reach the after and before schemas`, async () => {
      const before = p.before();
      const after = p.after();
      const plan = planMigration(before, after);
      const files = await renderMigrationFiles(plan, { version: "0002", name: "pair", parent: "0001_before", after });
      const d = await database();
      await d.exec(await renderCreateScript(before));
      try {
        await d.exec(`INSERT INTO ${p.table} ${p.row}`);
        await d.exec(files.up);
        const reached = await introspect(d);
        assert.is(compareGraphs(after, reached), null, `after up:\n${files.up}`);
        const again = planMigration(alignExpressions(after, reached), after);
        assert.is(again.operations.length, 0, `after up, re-planning is not empty: ${again.operations.map((o) => o.operation.kind).join(", ")}`);
        assert.is(await rowCount(d, p.table), 1, "the row is kept");
        const f = await freshDb();
        await f.exec(await renderCreateScript(after));
        const fresh = await columnFacts(f, p.table);
        await f.exec(`DROP TABLE ${p.table}`);
        assert.equal(await columnFacts(d, p.table), fresh, "the migrated table equals one created from the after model");
        await d.exec(files.down);
        assert.is(compareGraphs(before, await introspect(d), { ignoreColumnOrder: true }), null, `after down:\n${files.down}`);
        assert.is(await rowCount(d, p.table), 1, "the row is kept by down");
      } finally {
        await d.exec(`DROP TABLE IF EXISTS ${p.table}`);
      }
    });
  }
}

test.run();
