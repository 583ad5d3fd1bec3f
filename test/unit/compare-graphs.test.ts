import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Graph, Table } from "../../compiler/graph.js";
import { builtin, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";

test.before(async () => {
  await loadExpressionParser();
});

const idx = (name: string, columns: string[], extra: { unique?: boolean; where?: string | null } = {}) => ({
  name,
  unique: extra.unique ?? false,
  keys: columns.map((c) => ({ kind: "column" as const, column: c })),
  method: "btree" as const,
  where: extra.where ?? null,
});

const fk = (name: string, col: string, onDelete: "cascade" | "no action" = "no action") => ({
  name,
  columns: [col],
  references: { schema: "public", name: "user" },
  referencedColumns: ["id"],
  onDelete,
  onUpdate: "no action" as const,
});

function user(extra: Partial<Table> = {}, email = builtin("varchar", [255])): Table {
  return table(
    "user",
    [column("id", builtin("integer"), { notNull: true }), column("email", email), column("total", builtin("numeric", [10, 2]), { default: "0" })],
    {
      primaryKey: { name: "user_pkey", columns: ["id"] },
      uniques: [{ name: "user_email_key", columns: ["email"] }, { name: "user_id_email_key", columns: ["id", "email"] }],
      checks: [{ name: "user_total_check", expression: "total >= 0" }, { name: "user_email_check", expression: "email <> ''" }],
      indexes: [idx("user_email_idx", ["email"], { where: "email IS NOT NULL" }), idx("user_total_idx", ["total"])],
      ...extra,
    },
  );
}

const base: Graph = graph({ schemas: ["billing"], enums: [enumType("mood", ["ok", "sad"])], tables: [user()] });

test("equal graphs compare equal", () => {
  assert.is(compareGraphs(base, base), null);
});

test("names the table, the column and both types when a type differs", () => {
  const after = graph({ schemas: ["billing"], enums: [enumType("mood", ["ok", "sad"])], tables: [user({}, builtin("varchar", [320]))] });
  assert.is(compareGraphs(base, after), "table public.user: column email: type varchar(255) ≠ varchar(320)");
});

test("lists of constraints and indexes compare by name regardless of order", () => {
  const t = user();
  const reordered = { ...t, uniques: [...t.uniques].reverse(), checks: [...t.checks].reverse(), indexes: [...t.indexes].reverse() };
  assert.is(compareGraphs(base, { ...base, tables: [reordered] }), null);
});

test("expressions compare the way PostgreSQL prints them back", () => {
  const t = user();
  const printed: Table = {
    ...t,
    columns: t.columns.map((c) => (c.name === "total" ? { ...c, default: "(0)::numeric" } : c)),
    checks: [{ name: "user_total_check", expression: "total >= (0)::numeric" }, { name: "user_email_check", expression: "(email)::text <> ''::text" }],
    indexes: [idx("user_email_idx", ["email"], { where: "(email IS NOT NULL)" }), idx("user_total_idx", ["total"])],
  };
  assert.is(compareGraphs(base, { ...base, tables: [printed] }), null);
});

test("a check whose meaning changed is a difference", () => {
  const t = user({ checks: [{ name: "user_total_check", expression: "total > 0" }, { name: "user_email_check", expression: "email <> ''" }] });
  assert.is(compareGraphs(base, { ...base, tables: [t] }), "table public.user: check user_total_check: expression total >= 0 ≠ total > 0");
});

test("a missing and an unexpected constraint are named", () => {
  const fewer = user({ uniques: [{ name: "user_email_key", columns: ["email"] }] });
  assert.is(compareGraphs(base, { ...base, tables: [fewer] }), "table public.user: unique user_id_email_key: missing");
  assert.is(compareGraphs({ ...base, tables: [fewer] }, base), "table public.user: unique user_id_email_key: unexpected");
});

test("foreign key actions, index predicates and comments are compared", () => {
  const withFk = (onDelete: "cascade" | "no action") => ({ ...base, tables: [user({ foreignKeys: [fk("user_id_fkey", "id", onDelete)] })] });
  assert.is(compareGraphs(withFk("cascade"), withFk("no action")), "table public.user: foreign key user_id_fkey: on delete cascade ≠ no action");
  const partial = user({ indexes: [idx("user_email_idx", ["email"]), idx("user_total_idx", ["total"])] });
  assert.is(compareGraphs(base, { ...base, tables: [partial] }), "table public.user: index user_email_idx: where email IS NOT NULL ≠ null");
  assert.is(compareGraphs(base, { ...base, tables: [user({ comment: "people" })] }), "table public.user: comment null ≠ people");
});

test("schemas, enum values and their order are compared", () => {
  assert.is(compareGraphs(base, { ...base, schemas: [] }), "schema billing: missing");
  assert.is(compareGraphs(base, { ...base, enums: [enumType("mood", ["sad", "ok"])] }), "enum public.mood: values (ok, sad) ≠ (sad, ok)");
});

test("column order, nullability and defaults are compared", () => {
  const t = user();
  const swapped = { ...t, columns: [t.columns[1], t.columns[0], t.columns[2]].filter((c) => c !== undefined) };
  assert.is(compareGraphs(base, { ...base, tables: [swapped] }), "table public.user: column order (id, email, total) ≠ (email, id, total)");
  assert.is(compareGraphs(base, { ...base, tables: [swapped] }, { ignoreColumnOrder: true }), null);
  const nullable = { ...t, columns: t.columns.map((c) => (c.name === "id" ? { ...c, notNull: false } : c)) };
  assert.is(compareGraphs(base, { ...base, tables: [nullable] }), "table public.user: column id: not null true ≠ false");
  const other = { ...t, columns: t.columns.map((c) => (c.name === "total" ? { ...c, default: "1" } : c)) };
  assert.is(compareGraphs(base, { ...base, tables: [other] }), "table public.user: column total: default 0 ≠ 1");
});

test("an enum column differs from a text column of the same name", () => {
  const withMood = (type = enumOf("mood")) => ({ ...base, tables: [user({ columns: [...user().columns, column("m", type)] })] });
  assert.is(compareGraphs(withMood(), withMood(builtin("text"))), "table public.user: column m: type mood ≠ text");
});

test.run();
