/**
 * The fast layouts (CREATE TABLE and the common statement shapes) must lay out exactly as
 * sql-formatter does wherever they apply, and step aside (null) wherever they cannot be sure.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { generateProjects } from "../../bench/generate.js";
import { compileProject } from "../../compiler/compile.js";
import { loadConfig } from "../../compiler/config.js";
import { formatWithSqlFormatter, loadSqlFormatter } from "../../compiler/emit/format.js";
import { layoutCommonStatement, layoutCreateTable } from "../../compiler/emit/layout.js";
import { renderOperation } from "../../compiler/emit/sql.js";
import { emptyGraph, type Graph } from "../../compiler/graph.js";
import { planMigration } from "../../compiler/plan/index.js";
import { readSnapshot } from "../../compiler/snapshot.js";

await loadSqlFormatter();

function statementsOf(graph: Graph): string[] {
  return planMigration(emptyGraph, graph).operations.flatMap((p) => renderOperation(p.operation));
}

function assertSameAsSqlFormatter(statements: readonly string[]): number {
  let fast = 0;
  for (const statement of statements) {
    const laid = layoutCreateTable(statement) ?? layoutCommonStatement(statement);
    if (laid === null) continue;
    fast++;
    assert.fixture(laid, formatWithSqlFormatter(statement), statement);
  }
  return fast;
}

test("equals sql-formatter on every statement of the example it lays out", () => {
  const repo = join(import.meta.dirname, "..", "..");
  const fast = assertSameAsSqlFormatter(statementsOf(readSnapshot(join(repo, "generated/shop/snapshot.json"))));
  assert.ok(fast > 0, "the fast path applied to some table of the example");
});

test("equals sql-formatter on every statement of a generated 400-table monolith, up and down", async () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-layout-"));
  const { schemacDir } = generateProjects({ tables: 400, dir, drizzle: false });
  const compiled = await compileProject(loadConfig({ cwd: schemacDir }), { env: { SCHEMAC_CACHE: "0" } });
  const plan = planMigration(emptyGraph, compiled.graph);
  const up = plan.operations.flatMap((p) => renderOperation(p.operation));
  const down = plan.operations.flatMap((p) => p.inverse.flatMap(renderOperation));
  const fast = assertSameAsSqlFormatter([...up, ...down]);
  assert.ok(fast >= 0.95 * (up.length + down.length), `the fast path applied to ${fast} of ${up.length + down.length} statements`);
});

/** Names sql-formatter treats as plain identifiers (a prefix keeps them clear of SQL keywords). */
const name = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,24}$/).map((s) => `n_${s}`),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,12}$/).map((s) => `"N ${s}"`),
);
const qualified = fc.tuple(fc.option(name, { nil: null }), name).map(([schema, base]) => (schema === null ? base : `${schema}.${base}`));
const names = fc.array(name, { minLength: 1, maxLength: 6 }).map((list) => list.join(", "));
const literals = fc
  .array(fc.stringMatching(/^[a-z ,'()]{0,30}$/), { minLength: 1, maxLength: 8 })
  .map((list) => list.map((v) => `'${v.replace(/'/g, "''")}'`).join(", "));
const columnTail = fc
  .tuple(
    fc.constantFrom("text", "integer", "numeric(12, 2)", "varchar(200)", "text[]", "timestamp with time zone", "jsonb", "uuid"),
    fc.constantFrom("", " NOT NULL"),
    fc.constantFrom("", " DEFAULT 0", " DEFAULT now()", " DEFAULT '{}'::jsonb", " DEFAULT 'it''s'", ' COLLATE "C"'),
  )
  .map((parts) => parts.join(""));
const action = fc.constantFrom("", " ON DELETE CASCADE", " ON DELETE SET NULL ON UPDATE CASCADE", " ON UPDATE RESTRICT");

test("equals sql-formatter on random names and lists around the 50-character line width", () => {
  const statement = fc.oneof(
    fc.tuple(qualified, name, names, qualified, names, action).map(([t, c, a, r, b, on]) => `ALTER TABLE ${t} ADD CONSTRAINT ${c} FOREIGN KEY (${a}) REFERENCES ${r} (${b})${on}`),
    fc.tuple(qualified, name, fc.constantFrom("UNIQUE", "PRIMARY KEY"), names).map(([t, c, kind, a]) => `ALTER TABLE ${t} ADD CONSTRAINT ${c} ${kind} (${a})`),
    fc.tuple(qualified, fc.constantFrom("CONSTRAINT", "COLUMN"), name).map(([t, what, c]) => `ALTER TABLE ${t} DROP ${what} ${c}`),
    fc.tuple(qualified, name, columnTail).map(([t, c, tail]) => `ALTER TABLE ${t} ADD COLUMN ${c} ${tail}`),
    fc.tuple(fc.boolean(), name, qualified, fc.constantFrom("", " USING gin", " USING hash"), names).map(([u, i, t, using, a]) => `CREATE ${u ? "UNIQUE " : ""}INDEX ${i} ON ${t}${using} (${a})`),
    fc.tuple(qualified, literals).map(([t, values]) => `CREATE TYPE ${t} AS ENUM (${values})`),
    fc.tuple(fc.constantFrom("TABLE", "TYPE", "INDEX", "SEQUENCE"), qualified).map(([what, t]) => `DROP ${what} ${t}`),
  );
  fc.assert(
    fc.property(statement, (s) => {
      const laid = layoutCommonStatement(s);
      // A column definition may hand over to sql-formatter (odd spacing, operators); the rest may not.
      if (laid === null && s.includes(" ADD COLUMN ")) return;
      assert.ok(laid !== null, s);
      assert.fixture(laid, formatWithSqlFormatter(s), s);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test("leaves a statement sql-formatter cannot parse as it was rendered", () => {
  assert.is(formatWithSqlFormatter("SELECT (a LIMIT)"), "SELECT (a LIMIT)");
});

test("keeps a table named like a SQL function or clause keyword on its line, where sql-formatter would not", () => {
  assert.is(layoutCommonStatement("CREATE INDEX i ON position (a)"), "CREATE INDEX i ON position (a)");
  assert.is(layoutCommonStatement("ALTER TABLE values DROP CONSTRAINT k"), "ALTER TABLE values\nDROP CONSTRAINT k");
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
  for (const statement of [
    "CREATE INDEX i ON t (lower(a))",
    "CREATE INDEX i ON t (a) WHERE a > 0",
    "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)",
    "ALTER TABLE t ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES r (b) DEFERRABLE",
    "CREATE TYPE e AS ENUM ('a\\b')",
    "ALTER TABLE t ALTER COLUMN a SET NOT NULL",
  ]) {
    assert.is(layoutCommonStatement(statement), null, statement);
  }
  assert.is(layoutCreateTable(`CREATE TABLE "user" (id uuid NOT NULL, tags text[] DEFAULT '{a,b}'::text[])`), `CREATE TABLE "user" (\n  id uuid NOT NULL,\n  tags text[] DEFAULT '{a,b}'::text[]\n)`);
});

test.run();
