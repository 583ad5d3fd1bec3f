/**
 * The parses the pg-mem adapter keeps per statement text (compiler/db/pg-mem-parsed.ts) are what
 * parsing again would give: running a kept tree does not change it, a built tree equals pg-mem's
 * parse of its text, and a text that fails fails the same way every time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { pgMemState } from "../../compiler/db/pg-mem-adapter.js";
import { pgMemFingerprint } from "../../compiler/db/pg-mem-fingerprint.js";
import { dropIndexesTree, pgMemTree } from "../../compiler/db/pg-mem-parsed.js";
import { migrateDown, migrateUp } from "../../compiler/db/runner.js";
import { splitStatements } from "../../compiler/db/statements.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { readMigrationDirectory } from "../../compiler/migrations/directory.js";

const repo = join(import.meta.dirname, "..", "..");
const shop = readMigrationDirectory(join(repo, "generated", "shop", "migrations"), "generated/shop/migrations").migrations;

/** pg-mem's own parse of a text; the space before ";" makes it miss pg-mem's LRU, so the tree is new. */
function freshParse(db: Database, sql: string): unknown {
  const schema = pgMemState(db)?.memory.public as unknown as { parse(query: string): unknown };
  return schema.parse(`${sql} ;`);
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SchemacError) return error.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ");
    throw error;
  }
  return "no error";
}

test("the example's migrations up, down and up again: every kept tree still equals a fresh parse of its text", async () => {
  assert.ok(shop.length >= 5);
  const db = await openDatabase("memory");
  const context = { root: repo };
  await migrateUp(db, shop, {}, context);
  const first = pgMemFingerprint(db);
  await migrateDown(db, shop, { to: "0" }, context);
  await migrateUp(db, shop, {}, context);
  assert.equal(pgMemFingerprint(db), first);
  const memory = pgMemState(db)?.memory;
  if (memory === undefined) throw new Error("not pg-mem");
  let compared = 0;
  for (const m of shop) {
    for (const file of [m.upFile, m.downFile]) {
      for (const s of await splitStatements(readFileSync(file, "utf8"), file)) {
        const kept = pgMemTree(memory, s.sql);
        if (kept === null) continue; // rewritten by the adapter before pg-mem sees it
        assert.equal(kept, freshParse(db, s.sql), s.sql);
        compared++;
      }
    }
  }
  assert.ok(compared > 20, `compared ${compared} statements`);
});

// Names without a double quote: pg-mem's parser keeps `""` inside a quoted name as two characters
// (the tree takes the name as pg-mem stored it, so it drops such an index where the text could not).
test("the DROP INDEX tree the adapter builds is pg-mem's parse of its text", async () => {
  const db = await openDatabase("memory");
  for (const [schema, names] of [["public", ["t_pkey"]], ["My Schema", ["An Index", "select", "t_x_key"]]] as const) {
    const text = `DROP INDEX ${names.map((n) => `"${schema}"."${n}"`).join(", ")}`;
    assert.equal([dropIndexesTree(schema, names)], freshParse(db, text));
  }
});

test("a statement pg-mem cannot parse fails the same way the second time, and a kept statement runs with new parameters", async () => {
  const db = await openDatabase("memory");
  const bad = "CREATE TABLE t (a int) PARTITION BY RANGE (a)";
  const once = await failure(() => db.exec(bad));
  assert.match(once, /^SC6003 /);
  assert.is(await failure(() => db.exec(bad)), once);
  await db.exec("CREATE TABLE p (id int PRIMARY KEY, label text)");
  for (const [id, label] of [[1, "one"], [2, "two"]] as const) await db.query("INSERT INTO p (id, label) VALUES ($1, $2)", [id, label]);
  assert.equal((await db.query("SELECT id, label FROM p ORDER BY id")).rows, [{ id: 1, label: "one" }, { id: 2, label: "two" }]);
  assert.match(await failure(() => db.query("INSERT INTO p (id, label) VALUES ($1, $2)", [1, "again"])), /^SC6004 /);
});

test.run();
