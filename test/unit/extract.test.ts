/**
 * The extractor on multi-file module sets: cross-file references, foreign keys in a cycle,
 * import cycles at load time, namespaces, aliases and pgSchema, and every extraction diagnostic
 * with its file and line:col, several errors in several files reported in one run.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Decl, TableDecl } from "../../schema/declarations.js";
import { extractDeclarations } from "../../compiler/extract/index.js";
import { formatDiagnostic, lineAndColumn } from "../../compiler/diagnostics.js";

type Files = Record<string, string>;

function extract(files: Files) {
  return extractDeclarations(Object.entries(files).map(([path, text]) => ({ path, text })));
}

function printed(files: Files): string[] {
  return extract(files).diagnostics.map((d) => formatDiagnostic(d, (f) => files[f]).split("\n")[0] ?? "");
}

/** `file:line:col` of the first occurrence of `needle` in a file (plus `shift` characters). */
function at(files: Files, file: string, needle: string, shift = 0): string {
  const text = files[file] ?? "";
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in ${file}`);
  const { line, column } = lineAndColumn(text, offset + shift);
  return `${file}:${line}:${column}`;
}

function table(decls: readonly Decl[], name: string): TableDecl {
  const found = decls.find((d): d is TableDecl => d.kind === "table" && d.name === name);
  assert.ok(found, `no table ${name}`);
  return found;
}

const usersFile = `import { table, uuid, text } from "schemac";
import { orders } from "../orders/schema.js";
export const users = table("user", {
  id: uuid().primaryKey(),
  last_order_id: uuid().references(() => orders.id, { onDelete: "set null" }),
  manager_id: uuid().references(() => users.id),
});
`;

const ordersFile = `import { table, uuid, foreignKey, integer } from "schemac";
import { users } from "../users/schema";
export const orders = table("order", {
  id: uuid().primaryKey(),
  owner_id: uuid().notNull().references(() => users.id, { onDelete: "cascade", name: "order_owner_fk" }),
  a: integer(),
  b: integer(),
}, {
  primaryKey: { name: "order_pk", columns: ["id", "a"] },
  uniques: [["a", "b"], { name: "ab_key", columns: ["b", "a"] }],
  foreignKeys: [foreignKey({ columns: ["a", "b"], references: () => [orders.a, orders.b], onUpdate: "restrict", name: "self_fk" })],
});
`;

test("links foreign keys across modules, both ways and to the own table, without a cycle warning", () => {
  const result = extract({ "modules/orders/schema.ts": ordersFile, "modules/users/schema.ts": usersFile });
  assert.equal(result.diagnostics, []);
  assert.equal(result.decls.map((d) => d.kind === "table" && d.name), ["order", "user"], "ordered by file, then source");
  const users = table(result.decls, "user");
  assert.equal(users.columns.map((c) => c.references && { table: c.references.table, columns: c.references.columns, onDelete: c.references.onDelete }), [
    undefined,
    { table: { schema: null, name: "order" }, columns: ["id"], onDelete: "set null" },
    { table: { schema: null, name: "user" }, columns: ["id"], onDelete: undefined },
  ]);
  const orders = table(result.decls, "order");
  const { span: _s, ...owner } = orders.columns[1]?.references ?? {};
  assert.equal(owner, { table: { schema: null, name: "user" }, columns: ["id"], onDelete: "cascade", name: "order_owner_fk" });
  assert.equal(orders.primaryKey?.columns, ["id", "a"]);
  assert.is(orders.primaryKey?.name, "order_pk");
  assert.equal(orders.uniques.map(({ span: _u, ...u }) => u), [{ columns: ["a", "b"] }, { name: "ab_key", columns: ["b", "a"] }]);
  assert.equal(orders.foreignKeys.map(({ span: _f, references: { span: _r, ...references }, ...fk }) => ({ ...fk, references })), [
    { columns: ["a", "b"], name: "self_fk", references: { table: { schema: null, name: "order" }, columns: ["a", "b"], onUpdate: "restrict" } },
  ]);
});

test("warns with the import chain when a value used at load time comes through a cycle, and still builds", () => {
  const files: Files = {
    "modules/orders/schema.ts": `import { table, uuid } from "schemac";
import { users, status } from "../users/schema";
export const orders = table("order", { id: uuid().primaryKey(), status: status(), owner: uuid().references(() => users.id) });
`,
    "modules/users/schema.ts": `import { table, uuid, enumType } from "schemac";
import { orders } from "../orders/schema";
export const status = enumType("status", ["a", "b"]);
export const users = table("user", { id: uuid().primaryKey(), last: uuid().references(() => orders.id) });
`,
  };
  const result = extract(files);
  assert.equal(printed(files), [
    `${at(files, "modules/orders/schema.ts", "status()")} warning SC2006: 'status' is used while its module loads but comes through an import cycle (modules/orders/schema.ts → modules/users/schema.ts → modules/orders/schema.ts); run as JavaScript this is a ReferenceError`,
  ]);
  assert.equal(table(result.decls, "order").columns[1]?.type, { kind: "enum", enum: { schema: null, name: "status" }, dimensions: 0 });
  assert.equal(result.decls.map((d) => d.kind), ["table", "enum", "table"]);
});

test("reads pgSchema tables and enums, also through a namespace import of another module", () => {
  const files: Files = {
    "billing/schema-name.ts": `import { pgSchema } from "schemac";\nexport const billing = pgSchema("billing");\n`,
    "billing/tables.ts": `import * as s from "schemac";
import { billing as b } from "./schema-name.js";
import * as people from "../people";
export const kind = b.enumType("invoice_kind", ["one", "two"]);
export const invoices = b.table("invoice", {
  id: s.serial().primaryKey(),
  kind: kind().array(),
  person: s.integer().references(() => people.persons.id),
}, { indexes: [s.index().on("kind").using("gin")], comment: "bills" });
`,
    "people/index.ts": `import { table, integer } from "schemac";\nexport const persons = table("person", { id: integer().primaryKey() });\n`,
  };
  const result = extract(files);
  assert.equal(result.diagnostics, []);
  assert.equal(result.decls.map((d) => `${d.kind} ${"schema" in d ? `${d.schema}.` : ""}${d.name}`), [
    "schema billing",
    "enum billing.invoice_kind",
    "table billing.invoice",
    "table null.person",
  ]);
  const invoice = table(result.decls, "invoice");
  assert.equal(invoice.columns[1]?.type, { kind: "enum", enum: { schema: "billing", name: "invoice_kind" }, dimensions: 1 });
  assert.equal(invoice.columns[2]?.references?.table, { schema: null, name: "person" });
  assert.equal(invoice.indexes.map((i) => [i.unique, i.columns, i.using, i.name]), [[false, ["kind"], "gin", undefined]]);
  assert.is(invoice.comment, "bills");
  assert.equal(result.files.map((f) => [f.path, f.status, f.declares]), [
    ["billing/schema-name.ts", "declares", ["schema billing"]],
    ["billing/tables.ts", "declares", ["enum billing.invoice_kind", "billing.invoice"]],
    ["people/index.ts", "declares", ["person"]],
  ]);
});

test("reads a table that a zero-argument function declares when a module calls it", () => {
  const files: Files = {
    "make.ts": `import { table, text } from "schemac";\nexport function makeLog() {\n  return table("log", { line: text() });\n}\n`,
    "m.ts": `import { makeLog } from "./make";\nexport const log = makeLog();\n`,
  };
  const result = extract(files);
  assert.equal(result.diagnostics, []);
  assert.equal(result.decls.map((d) => d.kind === "table" && [d.name, d.span?.file]), [["log", "make.ts"]]);
  assert.equal(result.files.map((f) => f.status), ["declares", "helper"]);
});

test("reports an unknown import, an unknown builder, bad arguments and bad references where they are", () => {
  const files: Files = {
    "m.ts": `import { table, text, varchar, uuid, serial } from "schemac";
import { nothing } from "./missing";
import { absent } from "./other";
export const a = table("a", {
  id: text().primary(),
  name: varchar("x"),
  up: uuid().references(() => b.id, { onDelete: "explode" }),
  n: text().default(nothing),
  m: text().default(absent),
  s: serial(1),
  ok: text(),
});
export const b = table("b", {
  id: uuid(),
  x: uuid().references(() => "a"),
  y: uuid().references(() => a),
});
`,
    "other.ts": `import { table, integr } from "schemac";\nexport const c = table("c", { id: integr() });\n`,
  };
  assert.equal(printed(files), [
    `${at(files, "m.ts", "primary")} error SC2003: 'primary' is not a schemac column type or modifier`,
    `${at(files, "m.ts", `"x"`)} error SC2004: argument 1 of varchar(): expected a number (found the string "x")`,
    `${at(files, "m.ts", `"explode"`, -10)} error SC2004: onDelete in .references(): expected "cascade", "restrict", "no action", "set null", "set default" (found the string "explode")`,
    `${at(files, "m.ts", "nothing)")} error SC2002: cannot resolve 'nothing' imported from './missing'`,
    `${at(files, "m.ts", "absent)")} error SC2002: cannot resolve 'absent' imported from './other'`,
    `${at(files, "m.ts", "serial(1)")} error SC2004: serial(): expected no arguments (found 1)`,
    `${at(files, "m.ts", `"a")`)} error SC2005: references() must return a column of a declared table, as in () => users.id (found the string "a")`,
    `${at(files, "m.ts", "a),")} error SC2005: references() must return a column of a declared table, as in () => users.id (found the table a itself)`,
    `${at(files, "other.ts", "integr()")} error SC2002: cannot resolve 'integr' imported from 'schemac'`,
  ]);
  const result = extract(files);
  assert.equal(table(result.decls, "a").columns.map((c) => c.name), ["ok"], "bad columns are skipped, the table is kept");
  assert.equal(table(result.decls, "b").columns.map((c) => [c.name, c.references]), [["id", undefined], ["x", undefined], ["y", undefined]]);
});

test("reports syntax errors and keeps reading the other files", () => {
  const files: Files = {
    "a.ts": `import { table, text } from "schemac";\nexport const a = table("a", { x: text( });\n`,
    "b.ts": `import { table, text } from "schemac";\nexport const b = table("b", { x: text() });\n`,
  };
  const result = extract(files);
  assert.equal(printed(files), [`${at(files, "a.ts", "});")} error SC2007: syntax error: argument expression expected`]);
  assert.ok(result.decls.some((d) => d.kind === "table" && d.name === "b"));
});

test("reports every error of every file in one run, with the good tables still read", () => {
  const files: Files = {
    "one.ts": `import { table, text } from "schemac";\nexport const one = table(String(1), {});\nexport const ok1 = table("ok1", { a: text().primary() });\n`,
    "two.ts": `import { table, text, check } from "schemac";\nlet name = "two";\nexport const two = table(name, {}, { checks: [check("c", "a > 0")] });\nexport const ok2 = table("ok2", { a: text() }, { indexes: [1] });\n`,
  };
  assert.equal(printed(files), [
    `${at(files, "one.ts", "String(1)")} error SC2001: table name must be static (found the global String)`,
    `${at(files, "one.ts", "primary")} error SC2003: 'primary' is not a schemac column type or modifier`,
    `${at(files, "two.ts", "name, {}")} error SC2001: table name must be static (found the let variable name)`,
    `${at(files, "two.ts", "1]")} error SC2004: option indexes of table ok2: expected index() or uniqueIndex() (found the number 1)`,
  ]);
  assert.equal(extract(files).decls.map((d) => d.kind === "table" && d.name), ["ok1", "ok2"]);
});

test("reports the unknown options, actions and shapes of tables, keys and indexes", () => {
  const files: Files = {
    "m.ts": `import { table, text, index, enumType } from "schemac";
export const e = enumType("e", ["a", 1]);
export const t = table("t", { a: text() }, {
  colour: "red",
  primaryKey: "a",
  indexes: [index().using("fast")],
});
`,
  };
  assert.equal(printed(files), [
    `${at(files, "m.ts", "1]")} error SC2004: value of enum e: expected a string (found the number 1)`,
    `${at(files, "m.ts", "colour")} error SC2004: unknown option colour of table t: expected one of indexes, checks, primaryKey, uniques, foreignKeys, comment, renamedFrom (found the string "red")`,
    `${at(files, "m.ts", "primaryKey:")} error SC2004: option primaryKey of table t: expected a list of column names or { name, columns } (found the string "a")`,
    `${at(files, "m.ts", `"fast"`)} error SC2004: method of .using(): expected "btree", "hash", "gin", "gist", "brin" (found the string "fast")`,
  ]);
});

test.run();
