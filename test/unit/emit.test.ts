import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "libpg-query";
import { SchemacError } from "../../compiler/diagnostics.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import { assertLaidOutStatementsParse, assertStatementsParse } from "../../compiler/emit/parse-check.js";
import { layOut, loadSqlFormatter } from "../../compiler/emit/format.js";
import { renderOperation } from "../../compiler/emit/sql.js";
import type { Operation } from "../../compiler/operations.js";
import { planMigration } from "../../compiler/plan/index.js";
import { builtin, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";

await loadSqlFormatter();

const user = { schema: "public", name: "user" };
const order = { schema: "billing", name: "order" };
const identity = { always: true, start: 10, increment: 1, min: 1, max: 2147483647, cache: 1, cycle: false };

const cases: { op: Operation; want: string[] }[] = [
  { op: { kind: "createSchema", schema: { name: "billing" } }, want: ["CREATE SCHEMA billing"] },
  { op: { kind: "dropSchema", schema: { name: "billing" } }, want: ["DROP SCHEMA billing"] },
  { op: { kind: "createEnum", enum: enumType("status", ["a", "it's"], "billing") }, want: ["CREATE TYPE billing.status AS ENUM ('a', 'it''s')"] },
  { op: { kind: "dropEnum", enum: enumType("status", ["a"], "billing") }, want: ["DROP TYPE billing.status"] },
  { op: { kind: "addEnumValue", enum: { schema: "public", name: "mood" }, value: "meh", before: "sad" }, want: ["ALTER TYPE mood ADD VALUE 'meh' BEFORE 'sad'"] },
  { op: { kind: "addEnumValue", enum: { schema: "public", name: "mood" }, value: "meh", before: null }, want: ["ALTER TYPE mood ADD VALUE 'meh'"] },
  {
    op: {
      kind: "rebuildEnum",
      from: enumType("mood", ["a", "b"]),
      to: enumType("mood", ["a"]),
      usages: [
        { table: user, column: "mood", dimensions: 0, default: "'a'", newDefault: "'a'" },
        { table: user, column: "moods", dimensions: 1, default: null, newDefault: null },
      ],
    },
    want: [
      "ALTER TYPE mood RENAME TO mood__old",
      "CREATE TYPE mood AS ENUM ('a')",
      'ALTER TABLE "user" ALTER COLUMN mood DROP DEFAULT',
      'ALTER TABLE "user" ALTER COLUMN mood TYPE mood USING mood::text::mood',
      "ALTER TABLE \"user\" ALTER COLUMN mood SET DEFAULT 'a'",
      'ALTER TABLE "user" ALTER COLUMN moods TYPE mood[] USING moods::text[]::mood[]',
      "DROP TYPE mood__old",
    ],
  },
  {
    op: {
      kind: "createTable",
      table: table(
        "order",
        [
          column("id", builtin("integer"), { notNull: true, default: "nextval('billing.order_id_seq'::regclass)", sequence: "order_id_seq" }),
          column("total", builtin("numeric", [10, 2]), { notNull: true, default: "0" }),
          column("at", builtin("timestamptz", [3])),
          column("tags", builtin("text", [], 1), { default: "'{a}'::text[]" }),
          column("status", enumOf("status", "billing")),
          column("n", builtin("integer"), { notNull: true, identity }),
          column("g", builtin("double precision"), { generated: "total * 2" }),
          column("Name", builtin("text"), { collation: "C" }),
        ],
        { schema: "billing", primaryKey: { name: "order_pkey", columns: ["id"] }, uniques: [{ name: "order_total_at_key", columns: ["total", "at"] }], checks: [{ name: "order_total_check", expression: "total >= 0" }] },
      ),
    },
    want: [
      'CREATE TABLE billing."order" (id serial, total numeric(10, 2) DEFAULT 0 NOT NULL, at timestamptz(3), tags text[] DEFAULT \'{a}\'::text[], status billing.status, n integer GENERATED ALWAYS AS IDENTITY (START WITH 10) NOT NULL, g double precision GENERATED ALWAYS AS (total * 2) STORED, "Name" text COLLATE "C", CONSTRAINT order_pkey PRIMARY KEY (id), CONSTRAINT order_total_at_key UNIQUE (total, at), CONSTRAINT order_total_check CHECK (total >= 0))',
    ],
  },
  {
    op: { kind: "addColumn", table: user, column: column("id", builtin("bigint"), { notNull: true, default: "nextval('user_id_seq'::regclass)", sequence: "user_id_seq" }) },
    want: ['ALTER TABLE "user" ADD COLUMN id bigserial'],
  },
  {
    op: { kind: "addColumn", table: user, column: column("id", builtin("integer"), { notNull: true, default: "nextval('ids'::regclass)", sequence: "ids" }) },
    want: ["CREATE SEQUENCE ids AS integer", "ALTER TABLE \"user\" ADD COLUMN id integer DEFAULT nextval('ids'::regclass) NOT NULL", 'ALTER SEQUENCE ids OWNED BY "user".id'],
  },
  { op: { kind: "dropTable", table: table("order", [], { schema: "billing" }) }, want: ['DROP TABLE billing."order"'] },
  { op: { kind: "dropColumn", table: user, column: column("order") }, want: ['ALTER TABLE "user" DROP COLUMN "order"'] },
  { op: { kind: "renameTable", from: user, to: "member" }, want: ['ALTER TABLE "user" RENAME TO member'] },
  { op: { kind: "renameColumn", table: user, from: "a", to: "b" }, want: ['ALTER TABLE "user" RENAME COLUMN a TO b'] },
  {
    op: { kind: "alterColumnType", table: user, column: "n", from: builtin("text"), to: builtin("integer"), using: "n::integer", reverseUsing: null },
    want: ['ALTER TABLE "user" ALTER COLUMN n TYPE integer USING n::integer'],
  },
  { op: { kind: "setNotNull", table: user, column: "email" }, want: ['ALTER TABLE "user" ALTER COLUMN email SET NOT NULL'] },
  { op: { kind: "dropNotNull", table: user, column: "email" }, want: ['ALTER TABLE "user" ALTER COLUMN email DROP NOT NULL'] },
  { op: { kind: "setDefault", table: user, column: "n", from: null, to: "now()" }, want: ['ALTER TABLE "user" ALTER COLUMN n SET DEFAULT now()'] },
  { op: { kind: "setDefault", table: user, column: "n", from: "now()", to: null }, want: ['ALTER TABLE "user" ALTER COLUMN n DROP DEFAULT'] },
  { op: { kind: "setIdentity", table: user, column: "n", from: identity, to: null }, want: ['ALTER TABLE "user" ALTER COLUMN n DROP IDENTITY'] },
  {
    op: { kind: "setIdentity", table: user, column: "n", from: null, to: identity },
    want: ['ALTER TABLE "user" ALTER COLUMN n ADD GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE)'],
  },
  {
    op: { kind: "setIdentity", table: user, column: "n", from: identity, to: { ...identity, always: false, increment: 2 } },
    want: ['ALTER TABLE "user" ALTER COLUMN n SET GENERATED BY DEFAULT SET INCREMENT BY 2'],
  },
  {
    op: { kind: "createSequence", table: order, column: "id", sequence: "order_id_seq", type: builtin("integer") },
    want: ['CREATE SEQUENCE billing.order_id_seq AS integer OWNED BY billing."order".id', "SELECT setval('billing.order_id_seq', coalesce(max(id), 0) + 1, false) FROM billing.\"order\""],
  },
  { op: { kind: "dropSequence", table: order, column: "id", sequence: "order_id_seq", type: builtin("integer") }, want: ["DROP SEQUENCE billing.order_id_seq"] },
  { op: { kind: "addPrimaryKey", table: user, primaryKey: { name: "user_pkey", columns: ["id"] } }, want: ['ALTER TABLE "user" ADD CONSTRAINT user_pkey PRIMARY KEY (id)'] },
  { op: { kind: "dropPrimaryKey", table: user, primaryKey: { name: "user_pkey", columns: ["id"] } }, want: ['ALTER TABLE "user" DROP CONSTRAINT user_pkey'] },
  { op: { kind: "addUnique", table: user, unique: { name: "user_email_key", columns: ["email"] } }, want: ['ALTER TABLE "user" ADD CONSTRAINT user_email_key UNIQUE (email)'] },
  { op: { kind: "dropUnique", table: user, unique: { name: "user_email_key", columns: ["email"] } }, want: ['ALTER TABLE "user" DROP CONSTRAINT user_email_key'] },
  { op: { kind: "addCheck", table: user, check: { name: "user_age_check", expression: "age > 0" } }, want: ['ALTER TABLE "user" ADD CONSTRAINT user_age_check CHECK (age > 0)'] },
  { op: { kind: "dropCheck", table: user, check: { name: "user_age_check", expression: "age > 0" } }, want: ['ALTER TABLE "user" DROP CONSTRAINT user_age_check'] },
  {
    op: { kind: "addForeignKey", table: order, foreignKey: { name: "order_owner_fkey", columns: ["owner"], references: user, referencedColumns: ["id"], onDelete: "set null", onUpdate: "no action" } },
    want: ['ALTER TABLE billing."order" ADD CONSTRAINT order_owner_fkey FOREIGN KEY (owner) REFERENCES "user" (id) ON DELETE SET NULL'],
  },
  {
    op: { kind: "dropForeignKey", table: order, foreignKey: { name: "order_owner_fkey", columns: ["owner"], references: user, referencedColumns: ["id"], onDelete: "cascade", onUpdate: "no action" } },
    want: ['ALTER TABLE billing."order" DROP CONSTRAINT order_owner_fkey'],
  },
  {
    op: { kind: "createIndex", table: order, index: { name: "order_note_idx", unique: true, keys: [{ kind: "column", column: "owner" }, { kind: "column", column: "note" }], method: "gin", where: "note IS NOT NULL" } },
    want: ['CREATE UNIQUE INDEX order_note_idx ON billing."order" USING gin (owner, note) WHERE note IS NOT NULL'],
  },
  {
    op: { kind: "dropIndex", table: order, index: { name: "order_note_idx", unique: false, keys: [{ kind: "column", column: "note" }], method: "btree", where: null } },
    want: ["DROP INDEX billing.order_note_idx"],
  },
  // build --online's forms (plan/online.ts).
  { op: { kind: "addCheck", table: user, check: { name: "user_age_check", expression: "age > 0" }, online: true }, want: ['ALTER TABLE "user" ADD CONSTRAINT user_age_check CHECK (age > 0) NOT VALID'] },
  {
    op: { kind: "addForeignKey", table: order, foreignKey: { name: "order_owner_fkey", columns: ["owner"], references: user, referencedColumns: ["id"], onDelete: "no action", onUpdate: "no action" }, online: true },
    want: ['ALTER TABLE billing."order" ADD CONSTRAINT order_owner_fkey FOREIGN KEY (owner) REFERENCES "user" (id) NOT VALID'],
  },
  { op: { kind: "validateConstraint", table: order, constraint: "foreignKey", name: "order_owner_fkey" }, want: ['ALTER TABLE billing."order" VALIDATE CONSTRAINT order_owner_fkey'] },
  {
    op: { kind: "addUnique", table: order, unique: { name: "order_note_key", columns: ["note"] }, online: true },
    want: ['CREATE UNIQUE INDEX CONCURRENTLY order_note_key ON billing."order" (note)', 'ALTER TABLE billing."order" ADD CONSTRAINT order_note_key UNIQUE USING INDEX order_note_key'],
  },
  {
    op: { kind: "addPrimaryKey", table: order, primaryKey: { name: "order_pkey", columns: ["id"] }, online: true },
    want: ['CREATE UNIQUE INDEX CONCURRENTLY order_pkey ON billing."order" (id)', 'ALTER TABLE billing."order" ADD CONSTRAINT order_pkey PRIMARY KEY USING INDEX order_pkey'],
  },
  { op: { kind: "setTableComment", table: user, from: null, to: "people's" }, want: ["COMMENT ON TABLE \"user\" IS 'people''s'"] },
  { op: { kind: "setColumnComment", table: user, column: "email", from: "x", to: null }, want: ['COMMENT ON COLUMN "user".email IS NULL'] },
];

for (const c of cases) {
  test(`renders ${c.op.kind} as ${c.want[0] ?? ""}`, async () => {
    const got = renderOperation(c.op);
    assert.equal(got, c.want);
    for (const statement of got) await parse(statement);
  });
}

test("a statement that does not parse is an InvalidSql error", async () => {
  try {
    await assertStatementsParse(["CREATE TABLE (oops"]);
    assert.unreachable("should have thrown");
  } catch (error) {
    assert.instance(error, SchemacError);
    assert.is((error as SchemacError).diagnostics[0]?.code, "SC4003");
  }
});

/** Lays out and checks statements as a migration file does; returns the statements named as invalid. */
async function invalidAmong(statements: readonly string[]): Promise<string[]> {
  try {
    await assertLaidOutStatementsParse(statements.map(layOut));
    return [];
  } catch (error) {
    if (!(error instanceof SchemacError)) throw error;
    return error.diagnostics.map((d) => d.message);
  }
}

test("laid-out statements are checked by shape, and each one that does not parse is named", async () => {
  const good = [
    "CREATE TABLE a (id uuid DEFAULT gen_random_uuid() NOT NULL, at timestamp with time zone DEFAULT now(), n numeric(12, 2))",
    "CREATE TABLE b (id uuid DEFAULT gen_random_uuid() NOT NULL, tags text[] DEFAULT '{}'::text[])",
    "ALTER TABLE b ADD CONSTRAINT b_a_fkey FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE",
    "CREATE TYPE mood AS ENUM ('it''s', 'b')",
    "CREATE TABLE \"user\" (\"order\" integer, bits bit(3) DEFAULT B'101')",
  ];
  assert.equal(await invalidAmong(good), []);
  const bad = [
    "CREATE TABLE c (id integer integer)",
    "CREATE TABLE select (id integer)",
    "CREATE TABLE d (at timestamp with time x)",
    "CREATE TABLE e (n integer DEFAULT 1e)",
  ];
  const named = await invalidAmong([...good, ...bad]);
  assert.is(named.length, bad.length, named.join("\n"));
  bad.forEach((statement, i) => assert.match(named[i] ?? "", statement.slice(0, 14)));
});

const before = graph({ tables: [table("item", [column("id", builtin("integer"), { notNull: true }), column("mood")])] });
const after = graph({ tables: [table("item", [column("id", builtin("integer"), { notNull: true })], { comment: "things" })] });

test("migration files have a header, hazard comments and formatted statements", async () => {
  const files = await renderMigrationFiles(planMigration(before, after), { version: "0002", name: "drop_mood", parent: "0001_initial", after });
  assert.is(
    files.up,
    "-- 0002_drop_mood (up)\n-- parent: 0001_initial\n\n-- SC7001 data-loss: drops column public.item.mood\nALTER TABLE item\nDROP COLUMN mood;\n\nCOMMENT ON TABLE item IS 'things';\n\n",
  );
  assert.is(
    files.down,
    "-- 0002_drop_mood (down)\n-- parent: 0001_initial\n\nCOMMENT ON TABLE item IS NULL;\n\n-- note: recreates column public.item.mood empty (null or its default); the data it held is gone\nALTER TABLE item\nADD COLUMN mood text;\n\n",
  );
});

test("the create script of a graph is deterministic and every statement parses", async () => {
  const g = graph({ schemas: ["crm"], enums: [enumType("mood", ["a", "b"])], tables: [table("person", [column("id", builtin("uuid"), { notNull: true, default: "gen_random_uuid()" }), column("mood", enumOf("mood"), { default: "'a'" })], { schema: "crm", primaryKey: { name: "person_pkey", columns: ["id"] } })] });
  const first = await renderCreateScript(g);
  assert.is(await renderCreateScript(g), first);
  assert.match(first, /^CREATE SCHEMA crm;\n\nCREATE TYPE mood AS ENUM\('a', 'b'\);\n\nCREATE TABLE crm.person \(/);
});

test.run();
