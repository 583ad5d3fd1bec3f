/**
 * openDatabase against a real PostgreSQL 15 cluster, and the cluster helper itself: bad URLs and
 * unreachable servers are one-line SchemacErrors; a cluster starts, serves, and leaves neither
 * a process nor a directory behind when stopped.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase } from "../../compiler/db/connection.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { freshDatabase, requirePostgres, startPgCluster } from "../helpers/pg-cluster.js";

/** True while a process runs; a zombie (exited, not yet reaped by a container's init) is not running. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

const enabled = requirePostgres("test/db/connection.test.ts");

async function failure(target: string): Promise<{ code: string; message: string }> {
  try {
    const db = await openDatabase(target);
    await db.close();
  } catch (error) {
    if (error instanceof SchemacError) return { code: error.diagnostics[0]?.code ?? "", message: error.diagnostics[0]?.message ?? "" };
    throw error;
  }
  return { code: "none", message: "" };
}

/** A port nothing listens on: bound, read and released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

test("a URL with another scheme is SC6002 naming the scheme", async () => {
  const f = await failure("mysql://localhost/app");
  assert.is(f.code, "SC6002");
  assert.match(f.message, /scheme must be postgres:\/\/ .*found mysql/);
});

test("text that is no URL at all is SC6002 and never echoes a password", async () => {
  assert.is((await failure("not a url")).code, "SC6002");
  const f = await failure("postgres://me:hunter2@localhost:notaport/app");
  assert.is(f.code, "SC6002");
  assert.not.match(f.message, /hunter2/);
});

test("a port nothing listens on is SC6001 with a one-line message", async () => {
  const port = await closedPort();
  const f = await failure(`postgres://postgres:secret@127.0.0.1:${port}/app`);
  assert.is(f.code, "SC6001");
  assert.match(f.message, /connection refused/);
  assert.not.match(f.message, /secret|\n|    at /);
});

if (enabled) {
  test("a database that does not exist is SC6001 with PostgreSQL's reason", async () => {
    const url = (await freshDatabase("conn_probe")).replace(/\/[^/]+$/, "/no_such_db");
    const f = await failure(url);
    assert.is(f.code, "SC6001");
    assert.match(f.message, /database "no_such_db" does not exist/);
  });

  test("runs transactions and a session advisory lock on one connection", async () => {
    const url = await freshDatabase("conn_tx");
    const db = await openDatabase(url);
    const other = await openDatabase(url);
    try {
      assert.is(db.kind, "postgres");
      await db.exec("CREATE TABLE t (a int)");
      await db.exec("BEGIN");
      await db.query("INSERT INTO t VALUES ($1)", [1]);
      await db.exec("ROLLBACK");
      assert.equal((await db.query("SELECT count(*)::int AS n FROM t")).rows, [{ n: 0 }]);
      await db.query("SELECT pg_advisory_lock(4242)");
      assert.equal((await other.query("SELECT pg_try_advisory_lock(4242) AS ok")).rows, [{ ok: false }]);
      await db.query("SELECT pg_advisory_unlock(4242)");
      assert.equal((await other.query("SELECT pg_try_advisory_lock(4242) AS ok")).rows, [{ ok: true }]);
    } finally {
      await other.close();
      await db.close();
    }
  });

  test("a failing statement is SC6004 with PostgreSQL's message and SQLSTATE", async () => {
    const db = await openDatabase(await freshDatabase("conn_fail"));
    try {
      await db.query("SELECT * FROM missing_table");
      assert.unreachable("query succeeded");
    } catch (error) {
      if (!(error instanceof SchemacError)) throw error;
      assert.is(error.diagnostics[0]?.code, "SC6004");
      assert.match(error.diagnostics[0]?.message ?? "", /relation "missing_table" does not exist \[42P01\]/);
    } finally {
      await db.close();
    }
  });

  test("a cluster of its own starts, serves and leaves no process or directory when stopped", async () => {
    const cluster = await startPgCluster();
    const db = await openDatabase(await cluster.createDatabase("own"));
    assert.equal((await db.query("SELECT current_setting('fsync') AS fsync, current_setting('listen_addresses') AS listen")).rows, [
      { fsync: "off", listen: "127.0.0.1" },
    ]);
    await db.close();
    const pidFile = `${cluster.dataDir}/postmaster.pid`;
    const pid = Number(execFileSync("head", ["-n", "1", pidFile], { encoding: "utf8" }).trim());
    await cluster.stop();
    assert.not.ok(existsSync(cluster.dataDir), "data directory removed");
    assert.not.ok(isRunning(pid), "postmaster process is gone");
    assert.is((await failure(cluster.url())).code, "SC6001");
    await cluster.stop();
  });
}

test.run();
