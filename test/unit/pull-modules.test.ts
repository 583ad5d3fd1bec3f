/**
 * How `pull` groups tables into modules and names declarations: prefixes shared by two or more
 * tables make a module, enums go to leaf files, identifiers never clash with the DSL's imports.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Graph, Table } from "../../compiler/graph.js";
import { pullFiles } from "../../compiler/pull/index.js";

function table(schema: string, name: string, extra: Partial<Table> = {}): Table {
  return {
    schema,
    name,
    columns: [{ name: "id", type: { kind: "builtin", name: "integer", params: [], dimensions: 0 }, notNull: true, default: null, identity: null, generated: null, collation: null, comment: null, sequence: null }],
    primaryKey: { name: `${name}_pkey`, columns: ["id"] },
    uniques: [],
    checks: [],
    foreignKeys: [],
    indexes: [],
    comment: null,
    ...extra,
  };
}

const graph: Graph = {
  schemas: [],
  enums: [{ schema: "public", name: "text", values: ["a"] }],
  tables: [table("public", "billing_invoice"), table("public", "billing_payment"), table("public", "user"), table("public", "index")],
};

test("--split-by prefix makes a module of a prefix shared by two or more tables, and of each other table", () => {
  const paths = pullFiles(graph, "prefix").files.map((f) => f.path);
  assert.equal(paths, ["billing/schema.ts", "index/schema.ts", "public/enums.ts", "user/schema.ts"]);
});

test("--split-by none writes one module: schema.ts and the leaf enums.ts", () => {
  assert.equal(pullFiles(graph, "none").files.map((f) => f.path), ["enums.ts", "schema.ts"]);
});

test("a declaration named like a DSL import gets a suffix instead of shadowing it", () => {
  const files = pullFiles(graph, "none").files;
  const text = files.map((f) => f.content).join("\n");
  assert.match(text, /export const textEnum = enumType\("text", \["a"\]\);/);
  assert.match(text, /export const indexTable = table\("index", \{/);
});

test("a name PostgreSQL would not give is written out; a default one is not", () => {
  const renamed = table("public", "user", { primaryKey: { name: "users_pk", columns: ["id"] } });
  const [file] = pullFiles({ schemas: [], enums: [], tables: [renamed] }, "none").files;
  assert.match(file?.content ?? "", /id: integer\(\)\.primaryKey\(\{ name: "users_pk" \}\),/);
  const [plain] = pullFiles({ schemas: [], enums: [], tables: [table("public", "user")] }, "none").files;
  assert.match(plain?.content ?? "", /id: integer\(\)\.primaryKey\(\),/);
});

test.run();
