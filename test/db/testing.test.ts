/**
 * `schemac/testing`: createTestDatabase applies every migration of a project to pg-mem and
 * hands out a pg-compatible Pool on it.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createTestDatabase } from "../../compiler/db/testing.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { makeProject } from "../helpers/migration-project.js";

test("createTestDatabase applies every migration and gives a pool on which foreign keys cascade", async () => {
  const project = makeProject();
  const { pool, migrations, close } = await createTestDatabase({ cwd: project.root });
  try {
    assert.equal(migrations, ["0001_users", "0002_orders", "0003_order_note"]);
    await pool.query("INSERT INTO users (id, email) VALUES ($1, $2)", [1, "ada@example.com"]);
    await pool.query("INSERT INTO orders (id, user_id, note) VALUES (10, 1, 'first')");
    await pool.query("DELETE FROM users WHERE id = 1");
    const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM orders");
    assert.is(rows[0]?.n, 0);
  } finally {
    await close();
  }
});

test("each test database is new and empty of rows", async () => {
  const project = makeProject();
  const first = await createTestDatabase({ cwd: project.root });
  await first.pool.query("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
  const second = await createTestDatabase({ cwd: project.root });
  const { rows } = await second.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM users");
  assert.is(rows[0]?.n, 0);
  await first.close();
  await second.close();
});

test("a project whose migration fails on pg-mem is a SchemacError naming the file", async () => {
  const project = makeProject([{ name: "0001_bad", up: "CREATE TABLE a (id integer);\nINSERT INTO b VALUES (1);\n", down: "DROP TABLE a;\n" }]);
  try {
    await createTestDatabase({ cwd: project.root });
    assert.unreachable("should have thrown");
  } catch (error) {
    assert.instance(error, SchemacError);
    assert.is((error as SchemacError).diagnostics[0]?.span?.file, "generated/migrations/0001_bad.up.sql");
  }
});

test.run();
