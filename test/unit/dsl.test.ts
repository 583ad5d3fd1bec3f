/**
 * The runtime DSL: builders are immutable, and `takeDeclarations()` reads what the calls declared
 * as the Decl records that the static extractor must produce too.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ColumnDecl, Decl, TableDecl } from "../../schema/declarations.js";
import {
  bigint,
  boolean,
  char,
  check,
  doublePrecision,
  enumType,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  serial,
  sql,
  table,
  text,
  time,
  timestamp,
  timestamptz,
  uniqueIndex,
  uuid,
  varchar,
} from "../../schema/index.js";
import { takeDeclarations } from "../../schema/registry.js";

/** Declares inside `body` and returns exactly what it declared (other suites may have registered). */
function declared(body: () => void): Decl[] {
  takeDeclarations();
  body();
  return takeDeclarations();
}

function onlyTable(decls: readonly Decl[]): TableDecl {
  const [decl] = decls;
  if (decls.length !== 1 || decl?.kind !== "table") throw new Error(`expected one table, got ${JSON.stringify(decls)}`);
  return decl;
}

function columnsOf(decls: readonly Decl[]): Record<string, ColumnDecl> {
  return Object.fromEntries(onlyTable(decls).columns.map((c) => [c.name, c]));
}

test("a modifier returns a new builder and leaves the one it was called on unchanged", () => {
  const base = text();
  const decls = declared(() => {
    base.notNull().default("x").comment("c");
    table("t", { plain: base, strict: base.notNull() });
  });
  const { plain, strict } = columnsOf(decls);
  assert.equal(plain, { name: "plain", type: { kind: "builtin", name: "text", params: [], dimensions: 0 }, notNull: false });
  assert.is(strict?.notNull, true);
  assert.ok(Object.isFrozen(base));
});

test("a column group shared by spreading is not changed by what one table adds to it", () => {
  const timestamps = { created_at: timestamptz().default(sql`now()`), updated_at: timestamptz() };
  const decls = declared(() => {
    table("a", { id: integer(), ...timestamps });
    table("b", { ...timestamps, created_at: timestamps.created_at.notNull().comment("made") });
  });
  const [a, b] = decls as TableDecl[];
  assert.equal(a?.columns.map((c) => c.name), ["id", "created_at", "updated_at"]);
  assert.equal(a?.columns[1], {
    name: "created_at",
    type: { kind: "builtin", name: "timestamptz", params: [], dimensions: 0 },
    notNull: false,
    default: { kind: "sql", text: "now()" },
  });
  assert.equal(b?.columns[0], { ...a?.columns[1], notNull: true, comment: "made" });
});

test("reads a table with every column modifier as its Decl, omitting what was not given", () => {
  const decls = declared(() => {
    const users = table("user", { id: uuid().primaryKey() });
    table("account", {
      id: bigint().identity("always", { start: 10, cycle: false }),
      seq: integer().identity("by default"),
      owner_id: uuid().notNull().references(() => users.id, { onDelete: "cascade", name: "acct_owner_fk" }),
      code: char(3).unique({ name: "acct_code_key" }).collate("C"),
      total: numeric(10, 2).notNull().default(0).using(sql`total::numeric`),
      doubled: integer().generatedAs(sql`seq * 2`),
      email: varchar().renamedFrom("mail").primaryKey({ name: "acct_pk" }),
    });
  });
  const columns = columnsOf(decls.slice(1));
  assert.equal(columns["id"]?.identity, { always: true, start: 10, cycle: false });
  assert.equal(columns["seq"]?.identity, { always: false });
  assert.equal(columns["owner_id"]?.references, {
    table: { schema: null, name: "user" },
    columns: ["id"],
    onDelete: "cascade",
    name: "acct_owner_fk",
  });
  assert.equal(columns["code"], {
    name: "code",
    type: { kind: "builtin", name: "char", params: [3], dimensions: 0 },
    notNull: false,
    unique: { name: "acct_code_key" },
    collate: "C",
  });
  assert.equal(columns["total"]?.default, { kind: "literal", value: 0 });
  assert.is(columns["total"]?.using, "total::numeric");
  assert.is(columns["doubled"]?.generatedAs, "seq * 2");
  assert.equal(columns["email"]?.primaryKey, { name: "acct_pk" });
  assert.is(columns["email"]?.renamedFrom, "mail");
  assert.equal(onlyTable(decls.slice(0, 1)).columns[0]?.primaryKey, {});
});

test("keeps type names and exactly the parameters passed, and counts array dimensions", () => {
  const decls = declared(() => {
    table("t", {
      a: varchar(),
      b: varchar(255),
      c: numeric(10),
      d: timestamp(3),
      e: time(),
      f: doublePrecision(),
      g: serial(),
      h: integer().array().array(),
      i: boolean(),
    });
  });
  const types = onlyTable(decls).columns.map((c) => c.type);
  const builtin = (name: string, params: number[], dimensions = 0): unknown => ({ kind: "builtin", name, params, dimensions });
  assert.equal(types, [
    builtin("varchar", []),
    builtin("varchar", [255]),
    builtin("numeric", [10]),
    builtin("timestamp", [3]),
    builtin("time", []),
    builtin("doublePrecision", []),
    builtin("serial", []),
    builtin("integer", [], 2),
    builtin("boolean", []),
  ]);
});

test("tables may reference each other and themselves: targets are read only when taken", () => {
  const decls = declared(() => {
    const parents = table("parent", {
      id: integer().primaryKey(),
      favorite_child_id: integer().references(() => children.id),
    });
    const children = table("child", {
      id: integer().primaryKey(),
      parent_id: integer().notNull().references(() => parents.id, { onDelete: "cascade" }),
      elder_id: integer().references(() => children.id),
    });
  });
  const [parent, child] = decls as TableDecl[];
  assert.equal(parent?.columns[1]?.references, { table: { schema: null, name: "child" }, columns: ["id"] });
  assert.equal(child?.columns[1]?.references, { table: { schema: null, name: "parent" }, columns: ["id"], onDelete: "cascade" });
  assert.equal(child?.columns[2]?.references, { table: { schema: null, name: "child" }, columns: ["id"] });
});

test("a pgSchema declares the schema, its enum type and its table, in call order", () => {
  const decls = declared(() => {
    const billing = pgSchema("billing");
    const state = billing.enumType("invoice_state", ["open", "paid"]);
    billing.table("invoice", { state: state().notNull().default("open"), past: state().array() });
  });
  assert.equal(decls.slice(0, 2), [
    { kind: "schema", name: "billing" },
    { kind: "enum", schema: "billing", name: "invoice_state", values: ["open", "paid"] },
  ]);
  const table = onlyTable(decls.slice(2));
  assert.is(table.schema, "billing");
  assert.equal(table.columns[0], {
    name: "state",
    type: { kind: "enum", enum: { schema: "billing", name: "invoice_state" }, dimensions: 0 },
    notNull: true,
    default: { kind: "literal", value: "open" },
  });
  assert.equal(table.columns[1]?.type, { kind: "enum", enum: { schema: "billing", name: "invoice_state" }, dimensions: 1 });
});

test("an enum type in public has schema null and exposes its name and values", () => {
  const decls = declared(() => {
    const mood = enumType("mood", ["sad", "ok"]);
    assert.is(mood.name, "mood");
    assert.is(mood.schema, null);
    assert.equal(mood.values, ["sad", "ok"]);
  });
  assert.equal(decls, [{ kind: "enum", schema: null, name: "mood", values: ["sad", "ok"] }]);
});

test("reads table options: keys, uniques, indexes, checks, composite foreign keys, comment", () => {
  const decls = declared(() => {
    const lines = table(
      "line",
      { order_id: integer().notNull(), no: integer().notNull(), parent_no: integer(), note: text() },
      {
        primaryKey: ["order_id", "no"],
        uniques: [["note", "order_id"], { name: "line_note_key", columns: ["note"] }],
        indexes: [
          index("line_note_idx").on("note").using("gin"),
          uniqueIndex().on("parent_no", "order_id").where(sql`parent_no IS NOT NULL`),
        ],
        checks: [check("line_no_positive", sql`no > 0`), check(sql`parent_no <> no`)],
        foreignKeys: [
          foreignKey({ columns: ["order_id", "parent_no"], references: () => [lines.order_id, lines.no], onDelete: "set null", name: "line_parent_fk" }),
        ],
        comment: "order lines",
        renamedFrom: "order_line",
      },
    );
  });
  const { columns: _columns, ...rest } = onlyTable(decls);
  assert.equal(rest, {
    kind: "table",
    schema: null,
    name: "line",
    primaryKey: { columns: ["order_id", "no"] },
    uniques: [{ columns: ["note", "order_id"] }, { name: "line_note_key", columns: ["note"] }],
    indexes: [
      { name: "line_note_idx", unique: false, columns: ["note"], using: "gin" },
      { unique: true, columns: ["parent_no", "order_id"], where: "parent_no IS NOT NULL" },
    ],
    checks: [{ name: "line_no_positive", expression: "no > 0" }, { expression: "parent_no <> no" }],
    foreignKeys: [
      {
        name: "line_parent_fk",
        columns: ["order_id", "parent_no"],
        references: { table: { schema: null, name: "line" }, columns: ["order_id", "no"], onDelete: "set null" },
      },
    ],
    comment: "order lines",
    renamedFrom: "order_line",
  });
});

test("a table without columns or options has empty lists and no optional fields", () => {
  const decls = declared(() => {
    table("empty", {});
  });
  assert.equal(decls, [{ kind: "table", schema: null, name: "empty", columns: [], uniques: [], indexes: [], checks: [], foreignKeys: [] }]);
});

test("the table object exposes its columns, which know their table and name, even one called name", () => {
  declared(() => {
    const people = pgSchema("crm").table("person", { name: text(), schema: text() });
    assert.is(people.name.name, "name");
    assert.equal(people.name.table, { schema: "crm", name: "person" });
    assert.is(people.schema.name, "schema");
    assert.ok(Object.isFrozen(people));
  });
});

test("takeDeclarations clears the registry kept on globalThis", () => {
  takeDeclarations();
  table("t", {});
  const registry = (globalThis as Record<symbol, unknown>)[Symbol.for("schemac.registry")];
  assert.ok(Array.isArray(registry) && registry.length === 1);
  assert.is(takeDeclarations().length, 1);
  assert.equal(takeDeclarations(), []);
});

test("a literal default is copied, so changing the value afterwards changes nothing", () => {
  const tags = ["a"];
  const meta = { on: true };
  const column = text().array().default(tags);
  const json = jsonb().default(meta);
  tags.push("b");
  meta.on = false;
  const columns = columnsOf(declared(() => table("t", { column, json })));
  assert.equal(columns["column"]?.default, { kind: "literal", value: ["a"] });
  assert.equal(columns["json"]?.default, { kind: "literal", value: { on: true } });
});

test("changing a Decl that was read does not change the builder it came from", () => {
  const shared = { tags: text().array().default(["a"]).primaryKey() };
  const first = columnsOf(declared(() => table("t", shared)))["tags"] as unknown as { default: { value: string[] }; primaryKey: { name?: string } };
  first.default.value.push("b");
  first.primaryKey.name = "x";
  const second = columnsOf(declared(() => table("t", shared)))["tags"];
  assert.equal(second?.default, { kind: "literal", value: ["a"] });
  assert.equal(second?.primaryKey, {});
});

test("the sql tag splices substitutions verbatim, fragments included", () => {
  const max = 100;
  const column = "qty";
  assert.is(sql`${column} BETWEEN 0 AND ${max}`.text, "qty BETWEEN 0 AND 100");
  assert.is(sql`lower(${sql`email`}) <> ''`.text, "lower(email) <> ''");
  assert.is(sql`now()`.text, "now()");
});

test("a reference to a column outside any table is refused when declarations are read", () => {
  const loose = { id: integer() };
  takeDeclarations();
  table("t", { other_id: integer().references(() => loose.id) });
  assert.throws(() => takeDeclarations(), /t\.other_id must reference a column of a declared table \(found a column builder that belongs to no table\)/);
});

test("a composite foreign key across two tables is refused when declarations are read", () => {
  takeDeclarations();
  const a = table("a", { id: integer() });
  const b = table("b", { id: integer() });
  table("c", { x: integer(), y: integer() }, { foreignKeys: [foreignKey({ columns: ["x", "y"], references: () => [a.id, b.id] })] });
  assert.throws(() => takeDeclarations(), /references columns of more than one table/);
});

test.run();
