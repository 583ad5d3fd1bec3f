/**
 * The pg-mem adapter: registered functions, transaction emulation (pg-mem itself cannot roll
 * back), the translations it makes and the constructs it refuses with SC6003.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { introspect } from "../../compiler/db/introspect.js";
import { SchemacError } from "../../compiler/diagnostics.js";

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SchemacError) return `${error.diagnostics[0]?.code} ${error.diagnostics[0]?.message}`;
    throw error;
  }
  return "no error";
}

async function memory(): Promise<Database> {
  return openDatabase("memory");
}

test("registers gen_random_uuid, current_database and advisory lock functions", async () => {
  const db = await memory();
  const { rows } = await db.query("SELECT gen_random_uuid() AS id, current_database() AS name, pg_try_advisory_lock(42) AS locked");
  assert.match(String(rows[0]?.["id"]), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
  assert.is(rows[0]?.["name"], "pgmem");
  assert.is(rows[0]?.["locked"], true);
  await db.query("SELECT pg_advisory_lock(7)");
  await db.query("SELECT pg_advisory_unlock(7)");
});

test("a dropped table can be created again with the same key and index names", async () => {
  const db = await openDatabase("memory");
  const create = "CREATE SCHEMA shop; CREATE TABLE shop.t (id integer PRIMARY KEY, x integer UNIQUE); CREATE INDEX t_x_idx ON shop.t (x);";
  await db.exec(create);
  await db.exec("DROP TABLE shop.t");
  await db.exec(create.replace("CREATE SCHEMA shop; ", ""));
  await db.exec("BEGIN; DROP TABLE shop.t; ROLLBACK;");
  await db.exec("INSERT INTO shop.t (id, x) VALUES (1, 2)");
  assert.equal((await db.query("SELECT count(*)::int AS n FROM shop.t")).rows, [{ n: 1 }]);
});

test("a foreign key from an integer column to a bigint key runs on pg-mem, as on PostgreSQL", async () => {
  const db = await memory();
  await db.exec("CREATE TABLE p (id bigint PRIMARY KEY); CREATE TABLE q (p int); ALTER TABLE q ADD CONSTRAINT q_p_fkey FOREIGN KEY (p) REFERENCES p (id)");
  await db.exec("INSERT INTO p VALUES (1); INSERT INTO q VALUES (1)");
});

test("passes $1 parameters through", async () => {
  const db = await memory();
  await db.exec("CREATE TABLE t (a int, b text)");
  await db.query("INSERT INTO t (a, b) VALUES ($1, $2)", [1, "x"]);
  assert.equal((await db.query("SELECT b FROM t WHERE a = $1", [1])).rows, [{ b: "x" }]);
});

test("ROLLBACK undoes data and DDL of the transaction, which pg-mem alone does not", async () => {
  const db = await memory();
  await db.exec("CREATE TABLE kept (a int); INSERT INTO kept VALUES (1)");
  await db.exec("BEGIN");
  await db.exec("INSERT INTO kept VALUES (2); CREATE TABLE dropped_later (b int)");
  await db.exec("ROLLBACK");
  assert.equal((await db.query("SELECT a FROM kept")).rows, [{ a: 1 }]);
  assert.match(await codeOf(() => db.query("SELECT * FROM dropped_later")), /^SC6004 .*dropped_later/);
});

test("a failing statement aborts the transaction until ROLLBACK, as in PostgreSQL", async () => {
  const db = await memory();
  await db.exec("BEGIN; CREATE TABLE a (x int)");
  assert.match(await codeOf(() => db.exec("CREATE TABLE a (x int)")), /^SC6004 .*already exists/);
  assert.match(await codeOf(() => db.exec("CREATE TABLE b (x int)")), /transaction is aborted/);
  await db.exec("COMMIT");
  assert.match(await codeOf(() => db.query("SELECT * FROM a")), /^SC6004/, "COMMIT of an aborted transaction rolls back");
});

test("a multi-statement script is all or nothing, like PostgreSQL's implicit transaction", async () => {
  const db = await memory();
  assert.match(await codeOf(() => db.exec("CREATE TABLE one (a int); CREATE TABLE one (a int)")), /^SC6004 .*already exists/);
  assert.match(await codeOf(() => db.query("SELECT * FROM one")), /^SC6004/);
});

test("COMMIT keeps the transaction's work", async () => {
  const db = await memory();
  await db.exec("BEGIN; CREATE TABLE c (a int); INSERT INTO c VALUES (3); COMMIT");
  await db.exec("BEGIN; INSERT INTO c VALUES (4)");
  await db.exec("ROLLBACK");
  assert.equal((await db.query("SELECT a FROM c")).rows, [{ a: 3 }]);
});

test("drops the cast-only USING of a type change and runs it", async () => {
  const db = await memory();
  await db.exec("CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m text); INSERT INTO t VALUES ('ok')");
  await db.exec("ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood");
  assert.equal((await db.query("SELECT m FROM t")).rows, [{ m: "ok" }]);
});

test("emulates DROP SCHEMA: refused while it holds tables, then dropped and creatable again", async () => {
  const db = await memory();
  await db.exec("CREATE SCHEMA billing; CREATE TABLE billing.t (a int)");
  assert.match(await codeOf(() => db.exec("DROP SCHEMA billing")), /^SC6004 .*other objects depend on it/);
  await db.exec("DROP TABLE billing.t");
  await db.exec("DROP SCHEMA billing");
  assert.match(await codeOf(() => db.exec("DROP SCHEMA billing")), /^SC6004 .*does not exist/);
  await db.exec("DROP SCHEMA IF EXISTS billing");
  await db.exec("CREATE SCHEMA billing");
});

test("translates COMMENT ON ... IS NULL", async () => {
  const db = await memory();
  await db.exec("CREATE TABLE t (a int); COMMENT ON TABLE t IS 'x'; COMMENT ON TABLE t IS NULL; COMMENT ON COLUMN t.a IS NULL");
});

test("runs build --online's constraint forms: ADD … NOT VALID as the plain ADD, VALIDATE skipped, USING INDEX emulated", async () => {
  const db = await memory();
  await db.exec("CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, 'x')");
  await db.exec("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c");
  assert.match(await codeOf(() => db.exec("INSERT INTO t VALUES (-1, 'y')")), /^SC6004 /);
  await db.exec("CREATE UNIQUE INDEX CONCURRENTLY t_b_key ON t (b); ALTER TABLE t ADD CONSTRAINT t_b_key UNIQUE USING INDEX t_b_key");
  assert.match(await codeOf(() => db.exec("INSERT INTO t VALUES (2, 'x')")), /^SC6004 /);
  await db.exec("ALTER TABLE t DROP CONSTRAINT t_b_key; INSERT INTO t VALUES (2, 'x')");
  // pg-mem checks the rows it holds at once: the ADD fails where PostgreSQL's VALIDATE would.
  await db.exec("CREATE TABLE u (a int); INSERT INTO u VALUES (-1)");
  assert.match(await codeOf(() => db.exec("ALTER TABLE u ADD CONSTRAINT u_a_check CHECK (a > 0) NOT VALID")), /^SC6004 /);
  await db.exec("CREATE SCHEMA s; CREATE TABLE s.v (a int); CREATE UNIQUE INDEX CONCURRENTLY v_pkey ON s.v (a); ALTER TABLE s.v ADD CONSTRAINT v_pkey PRIMARY KEY USING INDEX v_pkey");
  assert.match(await codeOf(() => db.exec("INSERT INTO s.v VALUES (1), (1)")), /^SC6004 /);
  await db.exec("ALTER TABLE s.v DROP CONSTRAINT v_pkey");
  await db.exec("CREATE INDEX j ON t (a)");
  assert.match(await codeOf(() => db.exec("ALTER TABLE t ADD CONSTRAINT j UNIQUE USING INDEX j")), /^SC6004 .*not a unique index/);
});

const refused: [string, string, RegExp][] = [
  ["CREATE TYPE e AS ENUM ('a')", "ALTER TYPE e ADD VALUE 'b' BEFORE 'a'", /BEFORE\/AFTER/],
  ["CREATE TYPE e AS ENUM ('a')", "ALTER TYPE e RENAME VALUE 'a' TO 'b'", /RENAME VALUE/],
  ["CREATE TABLE t (a text)", "ALTER TABLE t ALTER COLUMN a TYPE int USING length(a)", /USING/],
  ["CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY)", "ALTER TABLE t ALTER COLUMN a DROP IDENTITY", /DROP IDENTITY/],
  ["CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY)", "ALTER TABLE t ALTER COLUMN a SET INCREMENT BY 2", /identity/],
  ["CREATE TABLE t (a int)", "ALTER TABLE t ADD COLUMN b text COLLATE \"C\"", /COLLATE/],
  ["CREATE TABLE t (a text)", "ALTER TABLE t ALTER COLUMN a TYPE text COLLATE \"C\"", /TYPE \.\.\. COLLATE/],
  ["CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED)", "ALTER TABLE t ALTER COLUMN b DROP EXPRESSION", /DROP EXPRESSION/],
  ["CREATE TABLE p (id varchar(10) PRIMARY KEY)", "CREATE TABLE q (p text); ALTER TABLE q ADD CONSTRAINT q_p_fkey FOREIGN KEY (p) REFERENCES p (id)", /foreign key between columns of different types/],
  ["CREATE TABLE t (a int)", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NO INHERIT", /NO INHERIT/],
  ["SELECT 1", "CREATE TABLE t (a int, CONSTRAINT c CHECK (a > 0) NOT VALID)", /NOT VALID/],
  ["CREATE TABLE t (a int)", "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID, ADD COLUMN b int", /among other ALTER TABLE actions/],
  ["CREATE TABLE p (id int PRIMARY KEY)", "CREATE TABLE q (p int REFERENCES p DEFERRABLE)", /DEFERRABLE/],
  ["SELECT 1", "CREATE TABLE t (a int UNIQUE NULLS NOT DISTINCT)", /NULLS NOT DISTINCT/],
  ["SELECT 1", "CREATE TABLE t (a time(3))", /time\(3\)/],
  ["CREATE SCHEMA s", "DROP SCHEMA s CASCADE", /CASCADE/],
  ["SELECT 1", "DO $$ BEGIN END $$", /DO blocks/],
  ["SELECT 1", "BEGIN; SAVEPOINT a", /savepoints/],
];

for (const [setup, statement, what] of refused) {
  test(`refuses with SC6003 and a hint to use PostgreSQL: ${statement}`, async () => {
    const db = await memory();
    await db.exec(setup);
    try {
      await db.exec(statement);
      assert.unreachable("pg-mem ran an unsupported statement");
    } catch (error) {
      if (!(error instanceof SchemacError)) throw error;
      const d = error.diagnostics[0];
      assert.is(d?.code, "SC6003");
      assert.match(d?.message ?? "", what);
      assert.match(d?.hint ?? "", /--db postgres:\/\//);
    }
  });
}

test("refuses introspection with SC6003 rather than reading a wrong graph", async () => {
  const db = await memory();
  assert.match(await codeOf(() => introspect(db)), /^SC6003 .*introspection/);
});

test("a closed pg-mem database refuses queries", async () => {
  const db = await memory();
  await db.close();
  assert.match(await codeOf(() => db.query("SELECT 1")), /closed/);
});

test.run();
