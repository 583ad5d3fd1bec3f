/**
 * The static evaluation rules of the extractor, one by one, on small in-memory file sets:
 * literals, consts across files, concatenation and templates, spreads, zero-argument helpers,
 * transparent `as const` / `satisfies`, sql templates, aliases and namespaces, modifiers.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ColumnDecl, Decl, TableDecl } from "../../schema/declarations.js";
import { extractDeclarations, fileResolver, linkModules, summarizeModule } from "../../compiler/extract/index.js";
import { formatDiagnostic } from "../../compiler/diagnostics.js";

const header = `import { table, text, integer, varchar, uuid, jsonb, numeric, timestamptz, sql, check } from "schemac";\n`;

function extract(files: Record<string, string>) {
  return extractDeclarations(Object.entries(files).map(([path, text]) => ({ path, text })));
}

function tables(decls: readonly Decl[]): TableDecl[] {
  return decls.filter((d): d is TableDecl => d.kind === "table");
}

function onlyTable(files: Record<string, string>): TableDecl {
  const result = extract(files);
  assert.equal(result.diagnostics.map((d) => d.message), []);
  const [first, ...rest] = tables(result.decls);
  assert.ok(first !== undefined && rest.length === 0, "expected exactly one table");
  return first;
}

function columns(t: TableDecl): Record<string, Omit<ColumnDecl, "span" | "name">> {
  return Object.fromEntries(t.columns.map(({ span: _span, name, ...rest }) => [name, rest]));
}

function printed(files: Record<string, string>): string[] {
  const result = extract(files);
  return result.diagnostics.map((d) => formatDiagnostic(d, (f) => files[f]).split("\n")[0] ?? "");
}

const text0 = { kind: "builtin", name: "text", params: [], dimensions: 0 } as const;

test("reads literals: strings, numbers, negative numbers, booleans, null and plain templates", () => {
  const t = onlyTable({
    "m.ts": header + "export const t = table(`item`, {\n" +
      '  a: integer().default(-5), b: text().default(`x`), c: jsonb().default({ on: true, off: false, none: null, list: [1, -2.5] }),\n' +
      '  d: numeric(10, 2).default(1_000),\n});\n',
  });
  assert.is(t.name, "item");
  assert.equal(t.columns.map((c) => c.default), [
    { kind: "literal", value: -5 },
    { kind: "literal", value: "x" },
    { kind: "literal", value: { on: true, off: false, none: null, list: [1, -2.5] } },
    { kind: "literal", value: 1000 },
  ]);
});

test("follows const identifiers across files: export const, export { a as b }, export *, namespaces", () => {
  const t = onlyTable({
    "names.ts": 'export const base = "order";\nconst max = 320;\nexport { max as emailLength };\n',
    "all.ts": 'export * from "./names.js";\nexport * as nested from "./names";\n',
    "m.ts": header + 'import { base, emailLength } from "./all.js";\nimport * as n from "./names.ts";\nimport * as all from "./all";\n' +
      "export const t = table(n.base, { email: varchar(emailLength), other: varchar(all.nested.emailLength), b: text().default(base) });\n",
  });
  assert.is(t.name, "order");
  assert.equal(t.columns.map((c) => c.type), [
    { kind: "builtin", name: "varchar", params: [320], dimensions: 0 },
    { kind: "builtin", name: "varchar", params: [320], dimensions: 0 },
    text0,
  ]);
});

test("concatenates strings with + and fills templates with static substitutions", () => {
  const result = extract({
    "m.ts": header + 'const prefix = "shop";\nconst n = 2;\n' +
      'export const a = table(prefix + "_item" + n, {});\nexport const b = table(`${prefix}_order_${n + 1}`, { c: check(sql`qty < ${n}`) === undefined ? text() : text() });\n',
  });
  assert.equal(tables(result.decls).map((t) => t.name), ["shop_item2", "shop_order_3"], "a bad column is skipped, its table kept");
  assert.equal(result.diagnostics.map((d) => d.message), ["column c must be static (found a conditional expression)"]);
  const ok = onlyTable({ "m.ts": header + 'const prefix = "shop";\nconst n = 2;\nexport const b = table(`${prefix}_order_${n + 1}`, {});\n' });
  assert.is(ok.name, "shop_order_3");
});

test("spreads const column groups, later keys overriding spread ones and spread ones overriding earlier keys", () => {
  const t = onlyTable({
    "groups.ts": header + "export const stamps = { created: timestamptz(), note: text() };\n",
    "m.ts": header + 'import { stamps } from "./groups";\n' +
      "export const t = table(\"t\", { note: integer(), id: uuid(), ...stamps, created: text().notNull() });\n",
  });
  assert.equal(t.columns.map((c) => c.name), ["note", "id", "created"]);
  assert.equal(columns(t)["note"]?.type, text0, "the spread note replaced the earlier one, at its place");
  assert.equal(columns(t)["created"], { type: text0, notNull: true });
  assert.is(t.columns[2]?.span?.file, "m.ts");
  assert.is(t.columns[0]?.span?.file, "groups.ts", "a spread column's span is its place in the group");
});

test("calls zero-argument helpers that return column groups: declarations, arrows and blocks", () => {
  const t = onlyTable({
    "helpers.ts": header + "export function audit() {\n  return { by: uuid() };\n}\n" +
      "export const stamps = () => ({ at: timestamptz() });\nexport const block = () => { return { why: text() }; };\n",
    "m.ts": header + 'import { audit, stamps, block } from "./helpers";\nexport const t = table("t", { ...audit(), ...stamps(), ...block() });\n',
  });
  assert.equal(t.columns.map((c) => c.name), ["by", "at", "why"]);
});

test("sees through as const, satisfies and parentheses", () => {
  const t = onlyTable({
    "m.ts": header + 'const name = ("thing" as const);\nconst group = { a: text() } satisfies object;\nconst values = [1, 2] as const;\n' +
      "export const t = table((name), { ...(group as typeof group), b: jsonb().default(values) });\n",
  });
  assert.is(t.name, "thing");
  assert.equal(t.columns.map((c) => c.default), [undefined, { kind: "literal", value: [1, 2] }]);
});

test("reads sql templates with static substitutions and nested fragments spliced in", () => {
  const t = onlyTable({
    "m.ts": header + 'const max = 100;\nconst fn = sql`now()`;\nconst zone = "UTC";\n' +
      "export const t = table(\"t\", { at: timestamptz().default(sql`${fn} at time zone '${zone}'`) }, { checks: [check(\"qty_max\", sql`qty <= ${max}`)] });\n",
  });
  assert.equal(t.columns[0]?.default, { kind: "sql", text: "now() at time zone 'UTC'" });
  assert.equal(t.checks.map(({ span: _s, ...c }) => c), [{ name: "qty_max", expression: "qty <= 100" }]);
});

test("recognizes the DSL under aliases and through a namespace import", () => {
  const t = onlyTable({
    "m.ts": 'import { table as defineTable, text as t, sql as q } from "schemac";\nimport * as s from "schemac";\n' +
      'export const x = defineTable("x", { a: t().default(q`now()`), b: s.integer().array().array() });\n',
  });
  assert.equal(columns(t), {
    a: { type: text0, notNull: false, default: { kind: "sql", text: "now()" } },
    b: { type: { kind: "builtin", name: "integer", params: [], dimensions: 2 }, notNull: false },
  });
});

test("turns every column modifier into its Decl field, omitting what is not given", () => {
  const t = onlyTable({
    "m.ts": header + 'import { bigint } from "schemac";\nexport const t = table("t", {\n' +
      '  id: bigint().identity("always", { start: 5, cycle: true }).primaryKey({ name: "t_pk" }),\n' +
      '  a: text().unique().collate("C").comment("hello").renamedFrom("old"),\n' +
      "  b: integer().generatedAs(sql`id * 2`).using(sql`b::integer`),\n" +
      '  c: varchar().unique({ name: "c_key" }).primaryKey(),\n});\n',
  });
  assert.equal(columns(t), {
    id: { type: { kind: "builtin", name: "bigint", params: [], dimensions: 0 }, notNull: false, identity: { always: true, start: 5, cycle: true }, primaryKey: { name: "t_pk" } },
    a: { type: text0, notNull: false, unique: {}, collate: "C", comment: "hello", renamedFrom: "old" },
    b: { type: { kind: "builtin", name: "integer", params: [], dimensions: 0 }, notNull: false, generatedAs: "id * 2", using: "b::integer" },
    c: { type: { kind: "builtin", name: "varchar", params: [], dimensions: 0 }, notNull: false, unique: { name: "c_key" }, primaryKey: {} },
  });
});

test("names what is not static: a call, a parameter, an import from a node module, a global", () => {
  const files = {
    "m.ts": header + 'import os from "node:os";\nfunction getName() { const x = "a"; return x; }\nconst withParam = (p: string) => ({ a: text().default(p) });\n' +
      "export const a = table(getName(), {});\n" +
      "export const b = table(\"b\", { ...withParam() });\n" +
      "export const c = table(\"c\", { host: text().default(os.hostname()) });\n" +
      "export const d = table(\"d\", { e: text().default(process.env.X) });\n",
  };
  assert.equal(printed(files), [
    "m.ts:5:24 error SC2001: table name must be static (found a call to getName())",
    "m.ts:4:55 error SC2001: default value must be static (found a parameter)",
    "m.ts:7:52 error SC2001: default value must be static (found an import from 'node:os')",
    "m.ts:8:49 error SC2001: default value must be static (found the global process)",
  ].sort(byLine));
});

function byLine(a: string, b: string): number {
  const line = (s: string) => Number(s.split(":")[1]);
  return line(a) - line(b);
}

test("leaves application code alone unless a declaration uses it", () => {
  const result = extract({
    "m.ts": header + 'import { readFileSync } from "node:fs";\nexport const config = JSON.parse(readFileSync("x", "utf8"));\nlet counter = 0;\ncounter++;\n' +
      'export const t = table("t", { a: text() });\n',
  });
  assert.equal(result.diagnostics, []);
  assert.equal(tables(result.decls).map((t) => t.name), ["t"]);
});

test("reports a circular const definition instead of looping", () => {
  const files = { "m.ts": header + "const a: object = { ...b };\nconst b: object = { ...a };\nexport const t = table(\"t\", { ...a });\n" };
  assert.equal(printed(files), ["m.ts:2:7 error SC2001: a column group spread into table t must be static (found a circular definition of a)"]);
});

test("produces summaries that are plain JSON and link the same after a round trip", () => {
  const files = {
    "a.ts": header + 'export const group = { a: text() };\n',
    "b.ts": header + 'import { group } from "./a";\nexport const t = table("t", { ...group, b: integer().references(() => t.a) });\n',
  };
  const summaries = Object.entries(files).map(([path, text]) => summarizeModule(path, text));
  const copied = JSON.parse(JSON.stringify(summaries)) as typeof summaries;
  assert.equal(copied, summaries);
  const resolve = fileResolver(Object.keys(files));
  assert.equal(linkModules(copied, resolve, new Map(Object.entries(files))).decls, extract(files).decls);
  assert.equal(tables(extract(files).decls)[0]?.columns[1]?.references?.table, { schema: null, name: "t" });
});

test("skips files that import nothing, unless another file imports their constants", () => {
  const result = extract({
    "consts.ts": 'export const NAME = "widget";\n',
    "lonely.ts": "export const x = 1;\n",
    "m.ts": header + 'import { NAME } from "./consts";\nexport const t = table(NAME, {});\n',
  });
  assert.equal(tables(result.decls).map((t) => t.name), ["widget"]);
  assert.equal(result.files.map((f) => [f.path, f.status]), [["consts.ts", "helper"], ["lonely.ts", "skipped"], ["m.ts", "declares"]]);
  assert.ok(summarizeModule("lonely.ts", "export const x = 1;\n").skipped);
});

test("resolves relative specifiers to .ts files and directory indexes", () => {
  const resolve = fileResolver(["src/a.ts", "src/dir/index.ts", "lib/b.ts"]);
  assert.equal(resolve("src/m.ts", "./a.js"), { kind: "file", file: "src/a.ts" });
  assert.equal(resolve("src/m.ts", "./a.ts"), { kind: "file", file: "src/a.ts" });
  assert.equal(resolve("src/m.ts", "./a"), { kind: "file", file: "src/a.ts" });
  assert.equal(resolve("src/m.ts", "./dir"), { kind: "file", file: "src/dir/index.ts" });
  assert.equal(resolve("src/dir/index.ts", "../../lib/b.js"), { kind: "file", file: "lib/b.ts" });
  assert.equal(resolve("src/m.ts", "./nope"), { kind: "missing" });
  assert.equal(resolve("src/m.ts", "schemac"), { kind: "dsl" });
  assert.equal(resolve("src/m.ts", "node:os"), { kind: "external" });
});

test("a zero-argument function that calls itself is a diagnostic, not a stack overflow", () => {
  const files = { "src/a.ts": `${header}const cols = () => ({ id: uuid(), more: cols() });\nexport const t = table("t", { ...cols() });\nexport const make = () => table("u", { id: uuid(), again: make() });\nexport const u = make();\n` };
  const result = extract(files);
  assert.equal(tables(result.decls).map((t) => t.name), ["t", "u"]);
  assert.equal(result.diagnostics.map((d) => d.message), ["a column group spread into table t must be static (found a call of cols inside itself)", "column again must be static (found a call of make inside itself)"]);
});

test.run();
