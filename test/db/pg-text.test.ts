/**
 * The mapping from what PostgreSQL 15 prints (format_type, pg_get_expr, pg_get_constraintdef)
 * to the graph's spelling, and expression equality across PostgreSQL's rewrites. The inputs
 * are what a PostgreSQL 15 cluster printed for the fixture of introspect.test.ts.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ColumnType } from "../../compiler/graph.js";
import { checkExpression, normalizeDefault, parseFormatType, sequenceNumber } from "../../compiler/db/pg-text.js";
import { canonicalExpression, expressionsEqual, loadExpressionParser } from "../../compiler/db/expressions.js";

const builtin = (name: Extract<ColumnType, { kind: "builtin" }>["name"], params: number[] = [], dimensions = 0): { type: ColumnType } => ({
  type: { kind: "builtin", name, params, dimensions },
});
const mood = (dimensions: number): { type: ColumnType } => ({ type: { kind: "enum", enum: { schema: "billing", name: "mood" }, dimensions } });

test("maps format_type spellings to canonical builtin types with their modifiers", () => {
  assert.equal(parseFormatType("character varying(255)"), { name: "varchar", params: [255] });
  assert.equal(parseFormatType("character varying"), { name: "varchar", params: [] });
  assert.equal(parseFormatType("numeric(10,2)"), { name: "numeric", params: [10, 2] });
  assert.equal(parseFormatType("timestamp(3) with time zone"), { name: "timestamptz", params: [3] });
  assert.equal(parseFormatType("timestamp without time zone"), { name: "timestamp", params: [] });
  assert.equal(parseFormatType("time(3) without time zone"), { name: "time", params: [3] });
  assert.equal(parseFormatType("character(1)"), { name: "char", params: [1] });
  assert.equal(parseFormatType("double precision"), { name: "double precision", params: [] });
  assert.is(parseFormatType("money"), null);
  assert.is(parseFormatType("time with time zone"), null, "timetz is not a graph type");
});

test("strips the cast PostgreSQL adds to string, enum and negative number defaults", () => {
  assert.is(normalizeDefault("'x'::text", builtin("text")), "'x'");
  assert.is(normalizeDefault("'it''s'::text", builtin("text")), "'it''s'");
  assert.is(normalizeDefault("'x'::character varying", builtin("varchar", [255])), "'x'");
  assert.is(normalizeDefault("'x'::bpchar", builtin("char", [1])), "'x'");
  assert.is(normalizeDefault("'pending'::billing.mood", mood(0)), "'pending'");
  assert.is(normalizeDefault("'-1'::integer", builtin("integer")), "-1");
  assert.is(normalizeDefault("'-2.5'::numeric", builtin("numeric")), "-2.5");
  assert.is(normalizeDefault("'-1.5'::numeric", builtin("double precision")), "-1.5");
});

test("keeps a cast in schemac's spelling for array and json defaults", () => {
  assert.is(normalizeDefault("'{x}'::character varying[]", builtin("varchar", [20], 1)), "'{x}'::varchar(20)[]");
  assert.is(normalizeDefault(`'{a,"b c"}'::text[]`, builtin("text", [], 1)), `'{a,"b c"}'::text[]`);
  assert.is(normalizeDefault("'{sad,ok}'::billing.mood[]", mood(1)), "'{sad,ok}'::billing.mood[]");
  assert.is(normalizeDefault("'[]'::jsonb", builtin("jsonb")), "'[]'::jsonb");
});

test("keeps numbers, booleans, function calls and nextval defaults verbatim", () => {
  assert.is(normalizeDefault("0", builtin("numeric", [10, 2])), "0");
  assert.is(normalizeDefault("1.5", builtin("numeric")), "1.5");
  assert.is(normalizeDefault("true", builtin("boolean")), "true");
  assert.is(normalizeDefault("now()", builtin("timestamptz")), "now()");
  assert.is(normalizeDefault("CURRENT_TIMESTAMP", builtin("timestamptz")), "CURRENT_TIMESTAMP");
  assert.is(normalizeDefault("nextval('billing.order_id_seq'::regclass)", builtin("integer")), "nextval('billing.order_id_seq'::regclass)");
});

test("takes the expression out of a CHECK definition", () => {
  assert.is(checkExpression("CHECK ((total >= (0)::numeric))"), "total >= (0)::numeric");
  assert.is(checkExpression("CHECK (((a > 0) AND (b > 0)))"), "(a > 0) AND (b > 0)");
  assert.is(checkExpression("CHECK ((a > 0)) NO INHERIT"), "a > 0");
});

test("reads bigint's 64-bit sequence bounds as JavaScript's safe range, as resolve fills them", () => {
  assert.is(sequenceNumber("9223372036854775807", builtin("bigint").type), Number.MAX_SAFE_INTEGER);
  assert.is(sequenceNumber("-9223372036854775808", builtin("bigint").type), -Number.MAX_SAFE_INTEGER - 1);
  assert.is(sequenceNumber("2147483647", builtin("integer").type), 2147483647);
});

test("compares expressions across PostgreSQL's rewrites but not across real changes", async () => {
  await loadExpressionParser();
  assert.ok(expressionsEqual("total >= 0", "(total >= (0)::numeric)"));
  assert.ok(expressionsEqual("status IN ('draft', 'open')", "(status = ANY (ARRAY['draft'::billing.s, 'open'::billing.s]))"));
  assert.ok(expressionsEqual("lower(email) <> ''", "(lower((email)::text) <> ''::text)"));
  assert.ok(expressionsEqual("a > 0 AND b > 0", "((a > 0) AND (b > 0))"));
  assert.ok(expressionsEqual("qty BETWEEN 1 AND 100", "((qty >= 1) AND (qty <= 100))"));
  assert.ok(expressionsEqual("qty NOT BETWEEN 1 AND 100", "((qty < 1) OR (qty > 100))"));
  assert.not.ok(expressionsEqual("qty BETWEEN 1 AND 100", "((qty >= 1) AND (qty <= 101))"));
  assert.not.ok(expressionsEqual("total >= 1", "(total >= (0)::numeric)"));
  assert.not.ok(expressionsEqual("a > b", "b > a"));
  assert.not.ok(expressionsEqual("a > 0 AND b > 0", "a > 0 OR b > 0"));
  assert.is(canonicalExpression("a >"), null);
});

test.run();
