/**
 * Property: checking laid-out statements by shape (compiler/emit/parse-check.ts) names exactly
 * the statements that checking each one alone names. Random statements of the fast-layout shapes
 * are made from pools of good and bad pieces: reserved words as bare names, broken types,
 * literals with prefixes, numbers glued to words, keywords in the wrong place.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SchemacError } from "../../compiler/diagnostics.js";
import { layOut, loadSqlFormatter } from "../../compiler/emit/format.js";
import { assertLaidOutStatementsParse, assertStatementsParse } from "../../compiler/emit/parse-check.js";

await loadSqlFormatter();

/** The statements a check names as invalid (their texts), in order. */
async function named(check: () => Promise<void>): Promise<string[]> {
  try {
    await check();
    return [];
  } catch (error) {
    if (!(error instanceof SchemacError)) throw error;
    return error.diagnostics.map((d) => d.message);
  }
}

const names = ["users", "order_id", "n_1", '"user"', '"Mixed Case"', "select", "table", "zone", "text", "position", "values", "x", "e", "abc$d", 'a"b"', '"a"b'];
const types = ["integer", "text", "uuid", "varchar(20)", "numeric(12, 2)", "timestamp with time zone", "timestamp with time x", "text[]", "integer integer", "bit(3)", "double precision", "character varying(9)", "time zone"];
const tails = ["", " NOT NULL", " DEFAULT 0", " DEFAULT 'a'", " DEFAULT E'a'", " DEFAULT X'1F'", " DEFAULT 1e", " DEFAULT 1.5", " DEFAULT now()", " DEFAULT 'a''b'::text", " NOT NULL DEFAULT", " COLLATE \"C\"", " DEFAULT '{}'::jsonb NOT NULL", " PRIMARY"];

const name = fc.constantFrom(...names);
const element = fc.tuple(name, fc.constantFrom(...types), fc.constantFrom(...tails)).map(([n, t, tail]) => `${n} ${t}${tail}`);
const statement = fc.oneof(
  fc.tuple(name, fc.array(element, { minLength: 1, maxLength: 4 })).map(([t, elements]) => `CREATE TABLE ${t} (${elements.join(", ")})`),
  fc.tuple(name, name, name, name, name).map(([t, c, a, r, b]) => `ALTER TABLE ${t} ADD CONSTRAINT ${c} FOREIGN KEY (${a}) REFERENCES ${r} (${b}) ON DELETE CASCADE`),
  fc.tuple(name, name, name).map(([i, t, a]) => `CREATE INDEX ${i} ON ${t} (${a})`),
  fc.tuple(name, element).map(([t, e]) => `ALTER TABLE ${t} ADD COLUMN ${e}`),
  fc.tuple(fc.constantFrom("TABLE", "TYPE", "INDEX"), name).map(([what, t]) => `DROP ${what} ${t}`),
  fc.tuple(name, name, fc.constantFrom("UNIQUE", "PRIMARY KEY"), name).map(([t, c, what, a]) => `ALTER TABLE ${t} ADD CONSTRAINT ${c} ${what} (${a})`),
  fc.tuple(name, fc.constantFrom("CONSTRAINT", "COLUMN"), name).map(([t, what, c]) => `ALTER TABLE ${t} DROP ${what} ${c}`),
  fc.tuple(name, fc.array(fc.constantFrom("'a'", "'b c'", "'it''s'", "'('"), { minLength: 1, maxLength: 3 })).map(([t, values]) => `CREATE TYPE ${t} AS ENUM (${values.join(", ")})`),
  fc.tuple(fc.constantFrom("CREATE", "DROP"), name).map(([what, s]) => `${what} SCHEMA ${s}`),
  fc.tuple(name, name, name, name).map(([i, s, t, a]) => `CREATE UNIQUE INDEX ${i} ON ${s}.${t} USING btree (${a})`),
);

test("the pieces of a fast layout's units are its statement's text", () => {
  for (const text of fc.sample(statement, { numRuns: 300, seed: 5 })) {
    const units = layOut(text).units;
    if (units === null) continue;
    // CREATE TABLE: one unit `CREATE TABLE name (element)` per element.
    const head = units[0]?.slice(0, 3).join("") ?? "";
    if (text.startsWith("CREATE TABLE ")) assert.equal(`${head}${units.map((unit) => unit.slice(3, -1).join("")).join(", ")})`, text);
    else assert.equal(units.map((unit) => unit.join("")), [text]);
  }
});

test("the shape check names exactly the statements that do not parse one by one", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 12 }), async (statements) => {
      const laidOut = statements.map(layOut);
      const byShape = await named(() => assertLaidOutStatementsParse(laidOut));
      const oneByOne = await named(() => assertStatementsParse(laidOut.map((s) => s.text)));
      assert.equal(byShape, oneByOne);
    }),
    { numRuns: 300, seed: 11 },
  );
});

test("the pools make both valid and invalid statements", async () => {
  const sample = fc.sample(statement, { numRuns: 200, seed: 11 }).map(layOut);
  const invalid = await named(() => assertStatementsParse(sample.map((s) => s.text)));
  assert.ok(invalid.length > 20 && invalid.length < 180, `${invalid.length} of 200 invalid`);
  assert.ok(sample.filter((s) => s.units !== null).length > 100, "most go through a fast layout");
});

test.run();
