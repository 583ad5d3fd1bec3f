/**
 * Round trips on a throwaway PostgreSQL 15 cluster (stripe/pg-schema-diff's acceptance harness):
 * the example's committed migrations up, down and up again with the database introspected after
 * every step; pg_dump of the migrated database against one built straight from the snapshot;
 * and hand-made model pairs planned, rendered, applied both ways, introspected and re-planned.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { introspect } from "../../compiler/db/introspect.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import type { Graph } from "../../compiler/graph.js";
import type { Plan } from "../../compiler/operations.js";
import { planMigration } from "../../compiler/plan/index.js";
import { alignExpressions } from "../../compiler/db/expressions.js";
import { readSnapshot } from "../../compiler/snapshot.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { compareGraphs, generatedDir, type CompareOptions, loadExpressionParser, readExampleMigrations } from "../helpers/roundtrip.js";
import { keyPairs, modelPairs } from "./pairs.js";

const run = promisify(execFile);
const enabled = requirePostgres("test/roundtrip/postgres.test.ts");
const example = "shop";

/** What a plan still wants to do, one line per operation, for a failure message. */
function describePlan(plan: Plan): string[] {
  return plan.operations.map(({ operation }) => `${operation.kind} ${JSON.stringify({ ...operation, kind: undefined })}`);
}

async function withDatabase<T>(prefix: string, body: (db: Database, url: string) => Promise<T>): Promise<T> {
  const url = await freshDatabase(prefix);
  const db = await openDatabase(url);
  try {
    return await body(db, url);
  } finally {
    await db.close();
  }
}

/** `pg_dump --schema-only --no-owner` with the lines that differ between any two dumps removed. */
async function schemaDump(url: string): Promise<string> {
  const { stdout } = await run("pg_dump", ["--schema-only", "--no-owner", "--dbname", url], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split("\n")
    .filter((line) => !/^-- Dumped (from|by) /.test(line) && !/^\\(un)?restrict /.test(line))
    .join("\n");
}

/** The first line where two dumps differ, with a little context. */
function firstDumpDifference(expected: string, actual: string): string | null {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}:\n  create script: ${e[i] ?? "(end)"}\n  migrations:    ${a[i] ?? "(end)"}\n  context: ${e.slice(Math.max(0, i - 3), i).join(" | ")}`;
  }
  return null;
}

/** Column order is ignored after a down, which can only append the columns it recreates. */
function assertSame(expected: Graph, actual: Graph, where: string, options: CompareOptions = {}): void {
  const difference = compareGraphs(expected, actual, options);
  assert.is(difference, null, `${where}: ${difference}`);
}

/**
 * Introspection spells expressions as PostgreSQL prints them; the compiled graph as the user
 * wrote them. As verify and drift do, expressions that mean the same take the compiled spelling
 * before planning, so only real differences remain.
 */
function assertNothingToPlan(introspected: Graph, to: Graph, where: string): void {
  const rest = describePlan(planMigration(alignExpressions(to, introspected), to));
  assert.ok(rest.length === 0, `${where}: re-planning from the introspected graph is not empty:\n${rest.join("\n")}`);
}

const anyOrder: CompareOptions = { ignoreColumnOrder: true };

if (enabled) {
  test.before(async () => {
    await loadExpressionParser();
  });

  test(`${example}: every migration up, down in reverse and up again matches the graph of each step`, async () => {
    const migrations = readExampleMigrations(example);
    const snapshot = readSnapshot(join(generatedDir(example), "snapshot.json"));
    await withDatabase("rt_example", async (db) => {
      const beforeUp: Graph[] = [];
      const afterUp: Graph[] = [];
      for (const migration of migrations) {
        beforeUp.push(await introspect(db));
        await db.exec(migration.up);
        afterUp.push(await introspect(db));
      }
      const head = await introspect(db);
      assertSame(snapshot, head, "after every up, against snapshot.json");
      assertNothingToPlan(head, snapshot, "after every up");
      for (let i = migrations.length - 1; i >= 0; i--) {
        await db.exec(migrations[i]?.down ?? "");
        assertSame(beforeUp[i] ?? snapshot, await introspect(db), `after down ${migrations[i]?.id}, against the schema before its up`, anyOrder);
      }
      for (const [i, migration] of migrations.entries()) {
        await db.exec(migration.up);
        assertSame(afterUp[i] ?? snapshot, await introspect(db), `after up ${migration.id} again, against its first up`, anyOrder);
      }
    });
  });

  test(`${example}: pg_dump of the migrated database equals pg_dump of one built from the snapshot's create script`, async () => {
    const migrations = readExampleMigrations(example);
    const snapshot = readSnapshot(join(generatedDir(example), "snapshot.json"));
    const migrated = await withDatabase("rt_dump_migrated", async (db, url) => {
      for (const migration of migrations) await db.exec(migration.up);
      return schemaDump(url);
    });
    const created = await withDatabase("rt_dump_created", async (db, url) => {
      await db.exec(await renderCreateScript(snapshot));
      return schemaDump(url);
    });
    assert.ok(created.includes("CREATE TABLE"), "the create script made no table");
    assert.is(firstDumpDifference(created, migrated), null);
  });

  for (const pair of [...modelPairs, ...keyPairs]) {
    test(`${pair.name}: up reaches the after graph, re-plans to nothing, and down restores the before graph`, async () => {
      const before = pair.before();
      const after = pair.after();
      const plan = planMigration(before, after);
      assert.ok(plan.operations.length > 0, "the pair plans no change");
      const files = await renderMigrationFiles(plan, { version: "0002", name: "pair", parent: "0001_before", after });
      await withDatabase("rt_pair", async (db) => {
        await db.exec(await renderCreateScript(before));
        const start = await introspect(db);
        assertSame(before, start, "the create script of before");
        assertNothingToPlan(start, before, "after the create script of before");
        await db.exec(files.up);
        const reached = await introspect(db);
        assertSame(after, reached, "after up");
        assertNothingToPlan(reached, after, "after up");
        await db.exec(files.down);
        assertSame(before, await introspect(db), "after down", anyOrder);
      });
    });
  }
}

test.run();
