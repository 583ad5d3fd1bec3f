import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ColumnDecl, TableDecl } from "../../schema/declarations.js";
import { arrayLiteral, jsonbText, resolveGraph } from "../../compiler/resolve.js";
import { validateGraph } from "../../compiler/validate.js";
import { parseSnapshot, physicalColumnOrder, serializeSnapshot } from "../../compiler/snapshot.js";
import { SchemacError } from "../../compiler/diagnostics.js";

function column(name: string, extra: Partial<ColumnDecl> = {}): ColumnDecl {
  return { name, type: { kind: "builtin", name: "integer", params: [], dimensions: 0 }, notNull: false, ...extra };
}

function table(name: string, columns: ColumnDecl[], extra: Partial<TableDecl> = {}): TableDecl {
  return { kind: "table", schema: null, name, columns, uniques: [], indexes: [], checks: [], foreignKeys: [], ...extra };
}

test("gives constraints and indexes PostgreSQL's default names", () => {
  const graph = resolveGraph([
    table("item", [column("id", { primaryKey: {} }), column("sku", { unique: {} }), column("qty")], {
      indexes: [{ unique: false, columns: ["qty", "sku"] }],
      checks: [{ expression: "qty >= 0" }, { expression: "qty < sku" }],
    }),
  ]);
  const t = graph.tables[0];
  assert.is(t?.primaryKey?.name, "item_pkey");
  assert.is(t?.uniques[0]?.name, "item_sku_key");
  assert.is(t?.indexes[0]?.name, "item_qty_sku_idx");
  assert.equal(t?.checks.map((c) => c.name), ["item_check", "item_qty_check"], "sorted by name");
  assert.ok(t?.columns[0]?.notNull, "primary key columns are NOT NULL");
});

test("expands serial into integer NOT NULL with an owned sequence and nextval default", () => {
  const graph = resolveGraph([table("Order", [column("id", { type: { kind: "builtin", name: "serial", params: [], dimensions: 0 } })], { schema: "shop" })]);
  const c = graph.tables[0]?.columns[0];
  assert.equal(c?.type, { kind: "builtin", name: "integer", params: [], dimensions: 0 });
  assert.is(c?.sequence, "Order_id_seq");
  assert.is(c?.default, `nextval('shop."Order_id_seq"'::regclass)`);
  assert.ok(c?.notNull);
  assert.equal(graph.schemas.map((s) => s.name), ["shop"]);
});

test("renders literal defaults per type: text escaped, json cast, arrays as literals", () => {
  const graph = resolveGraph([
    table("t", [
      column("a", { type: { kind: "builtin", name: "text", params: [], dimensions: 0 }, default: { kind: "literal", value: "it's" } }),
      column("b", { type: { kind: "builtin", name: "jsonb", params: [], dimensions: 0 }, default: { kind: "literal", value: [] } }),
      column("c", { type: { kind: "builtin", name: "text", params: [], dimensions: 1 }, default: { kind: "literal", value: ["a", "b c"] } }),
      column("d", { default: { kind: "literal", value: 0 } }),
      column("e", { default: { kind: "sql", text: " now() " } }),
      column("f", { default: { kind: "literal", value: null } }),
    ]),
  ]);
  assert.equal(graph.tables[0]?.columns.map((c) => c.default), ["'it''s'", "'[]'::jsonb", `'{a,"b c"}'::text[]`, "0", "now()", null]);
  assert.is(jsonbText({ bb: [1, "x"], a: { z: null, y: true } }), '{"a": {"y": true, "z": null}, "bb": [1, "x"]}');
  assert.is(arrayLiteral([["x", null], ["NULL", 'q"']]), '{{x,NULL},{"NULL","q\\""}}');
});

test("validation names both declarations of a duplicate table", () => {
  const span = (start: number) => ({ file: "m.ts", start, end: start + 1 });
  const decls = [table("user", [], { span: span(1) }), table("user", [], { span: span(9) })];
  const diagnostics = validateGraph(decls, resolveGraph(decls));
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0]?.code, "SC3001");
  assert.equal(diagnostics[0]?.span, span(9));
  assert.equal(diagnostics[0]?.related?.[0]?.span, span(1));
});

test("validation catches bad type parameters, unknown columns, long names and bad references", () => {
  const long = "x".repeat(64);
  const decls: TableDecl[] = [
    table("a", [
      column("id", { primaryKey: {} }),
      column("v", { type: { kind: "builtin", name: "varchar", params: [0], dimensions: 0 } }),
      column("n", { type: { kind: "builtin", name: "numeric", params: [2, 5], dimensions: 0 } }),
      column(long),
      column("b_id", { references: { table: { schema: null, name: "b" }, columns: ["id"] } }),
      column("c_id", { references: { table: { schema: null, name: "a" }, columns: ["v"] } }),
    ], { indexes: [{ unique: false, columns: ["nope"] }] }),
  ];
  const codes = validateGraph(decls, resolveGraph(decls)).map((d) => d.code).sort();
  assert.equal(codes, ["SC3003", "SC3004", "SC3005", "SC3006", "SC3006", "SC3013", "SC3013"]);
});

test("the snapshot keeps existing columns where the database has them and appends new ones", () => {
  const before = resolveGraph([table("t", [column("a"), column("b")])]);
  const after = resolveGraph([table("t", [column("c"), column("b"), column("a")]), table("u", [column("y"), column("x")])]);
  const ordered = physicalColumnOrder(before, after);
  assert.equal(ordered.tables.map((t) => t.columns.map((c) => c.name)), [["a", "b", "c"], ["y", "x"]]);
});

test("a snapshot round-trips and a corrupt one is an error, never a guess", () => {
  const graph = resolveGraph([table("t", [column("id", { primaryKey: {} })], { comment: "x" })]);
  const text = serializeSnapshot(graph);
  assert.is(serializeSnapshot(parseSnapshot(text, "s.json")), text);
  for (const bad of ["{", '{"version": 99}', '{"version": 1, "schemas": [], "enums": [], "tables": [{"name": 1}]}']) {
    try {
      parseSnapshot(bad, "s.json");
      assert.unreachable(bad);
    } catch (error) {
      assert.instance(error, SchemacError);
      assert.match((error as SchemacError).diagnostics[0]?.code ?? "", /^SC500[12]$/);
    }
  }
});



test("validation reports a column of an enum type that no module declares (run-time reader)", () => {
  const decls: TableDecl[] = [table("t", [column("mood", { type: { kind: "enum", enum: { schema: null, name: "mood" }, dimensions: 0 } })])];
  assert.equal(validateGraph(decls, resolveGraph(decls)).map((d) => d.code), ["SC3009"]);
});
test.run();
