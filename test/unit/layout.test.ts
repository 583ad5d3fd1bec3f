/**
 * The CREATE TABLE fast path must lay out exactly as sql-formatter does wherever it applies, and
 * step aside (null) wherever it cannot be sure.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { generateProjects } from "../../bench/generate.js";
import { compileProject } from "../../compiler/compile.js";
import { loadConfig } from "../../compiler/config.js";
import { formatWithSqlFormatter } from "../../compiler/emit/format.js";
import { layoutCreateTable } from "../../compiler/emit/layout.js";
import { renderOperation } from "../../compiler/emit/sql.js";
import { emptyGraph, type Graph } from "../../compiler/graph.js";
import { planMigration } from "../../compiler/plan/index.js";
import { readSnapshot } from "../../compiler/snapshot.js";

function statementsOf(graph: Graph): string[] {
  return planMigration(emptyGraph, graph).operations.flatMap((p) => renderOperation(p.operation));
}

function assertSameAsSqlFormatter(statements: readonly string[]): number {
  let fast = 0;
  for (const statement of statements) {
    const laid = layoutCreateTable(statement);
    if (laid === null) continue;
    fast++;
    assert.fixture(laid, formatWithSqlFormatter(statement), statement);
  }
  return fast;
}

test("equals sql-formatter on every CREATE TABLE of the example it lays out", () => {
  const repo = join(import.meta.dirname, "..", "..");
  const fast = assertSameAsSqlFormatter(statementsOf(readSnapshot(join(repo, "generated/shop/snapshot.json"))));
  assert.ok(fast > 0, "the fast path applied to some table of the example");
});

test("equals sql-formatter on every CREATE TABLE of a generated 400-table monolith", async () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-layout-"));
  const { schemacDir } = generateProjects({ tables: 400, dir, drizzle: false });
  const compiled = await compileProject(loadConfig({ cwd: schemacDir }), { env: { SCHEMAC_CACHE: "0" } });
  const fast = assertSameAsSqlFormatter(statementsOf(compiled.graph));
  assert.ok(fast >= 300, `the fast path applied to ${fast} of 400 tables`);
});

test("steps aside for operators, breaking keywords, odd spacing and long groups", () => {
  for (const statement of [
    "CREATE TABLE t (a integer, CONSTRAINT c CHECK (a >= 0))",
    "CREATE TABLE t (a integer, CONSTRAINT c CHECK (a IS NOT NULL))",
    "CREATE TABLE t (a integer DEFAULT -1)",
    "CREATE TABLE t (a  integer)",
    "CREATE TABLE t (a integer DEFAULT now( ))",
    `CREATE TABLE t (CONSTRAINT k UNIQUE (${"c".repeat(20)}, ${"d".repeat(20)}, e))`,
    "CREATE INDEX i ON t (a)",
  ]) {
    assert.is(layoutCreateTable(statement), null, statement);
  }
  assert.is(layoutCreateTable(`CREATE TABLE "user" (id uuid NOT NULL, tags text[] DEFAULT '{a,b}'::text[])`), `CREATE TABLE "user" (\n  id uuid NOT NULL,\n  tags text[] DEFAULT '{a,b}'::text[]\n)`);
});

test.run();
