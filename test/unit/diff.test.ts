import { test } from "uvu";
import * as assert from "uvu/assert";
import { diffGraphs } from "../../compiler/diff/index.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import type { Graph } from "../../compiler/graph.js";
import { builtin, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";

/** The kinds (and a distinguishing detail) of a diff, in diff order. */
function summary(before: Graph, after: Graph): string[] {
  return diffGraphs(before, after).map((op) => {
    if ("column" in op && typeof op.column === "string") return `${op.kind} ${op.column}`;
    if (op.kind === "addColumn" || op.kind === "dropColumn") return `${op.kind} ${op.column.name}`;
    if (op.kind === "addEnumValue") return `${op.kind} ${op.value} before ${String(op.before)}`;
    if (op.kind === "createTable" || op.kind === "dropTable") return `${op.kind} ${op.table.name}`;
    return op.kind;
  });
}

const id = column("id", builtin("integer"), { notNull: true });
const users = table("users", [id], { primaryKey: { name: "users_pkey", columns: ["id"] } });
const fk = { name: "item_owner_fkey", columns: ["owner"], references: { schema: "public", name: "users" }, referencedColumns: ["id"], onDelete: "cascade" as const, onUpdate: "no action" as const };
const item = table("item", [id, column("owner", builtin("integer"))], { foreignKeys: [fk], indexes: [{ name: "item_owner_idx", unique: false, keys: [{ kind: "column", column: "owner" }], method: "btree", where: null }], comment: "items" });

const collated = (collation: string | null): Graph => {
  const key = column("id", builtin("text"), { notNull: true, collation });
  return graph({ tables: [table("users", [key], { primaryKey: { name: "users_pkey", columns: ["id"] } }), table("item", [id, column("owner", builtin("text"))], { foreignKeys: [fk] })] });
};

test("a key column changes collation in place; its foreign keys and primary key stay", () => {
  assert.equal(summary(collated(null), collated("C")), ["alterColumnType id"]);
});

const keyed = (type: "integer" | "bigint" | "uuid"): Graph => {
  const key = column("id", builtin(type), type === "uuid" ? { notNull: true, using: "gen_random_uuid()" } : { notNull: true });
  const owner = column("owner", builtin(type), type === "uuid" ? { using: "NULL" } : {});
  return graph({ tables: [table("users", [key], { primaryKey: { name: "users_pkey", columns: ["id"] } }), table("item", [id, owner], { foreignKeys: [fk] })] });
};

test("a referenced key widened from integer to bigint with the columns that reference it keeps its foreign keys", () => {
  assert.equal(summary(keyed("integer"), keyed("bigint")), ["alterColumnType owner", "alterColumnType id"]);
});

test("a referenced key changed from integer to uuid takes its foreign keys along: dropped before and added after", () => {
  assert.equal(summary(keyed("integer"), keyed("uuid")), ["alterColumnType owner", "alterColumnType id", "dropForeignKey", "addForeignKey"]);
});

const cases: { name: string; before: Graph; after: Graph; want: string[] }[] = [
  { name: "no change gives no operation", before: graph({ tables: [users] }), after: graph({ tables: [users] }), want: [] },
  {
    name: "a new table is created without its foreign keys, indexes and comments, which follow as operations",
    before: graph({ tables: [users] }),
    after: graph({ tables: [users, item] }),
    want: ["createTable item", "addForeignKey", "createIndex", "setTableComment"],
  },
  {
    name: "a dropped table drops its foreign keys first",
    before: graph({ tables: [users, item] }),
    after: graph({ tables: [users] }),
    want: ["dropForeignKey", "dropTable item"],
  },
  { name: "schemas are created and dropped", before: graph({ schemas: ["old"] }), after: graph({ schemas: ["billing"] }), want: ["createSchema", "dropSchema"] },
  {
    name: "enum values inserted and appended become ADD VALUE with BEFORE",
    before: graph({ enums: [enumType("mood", ["ok", "sad"])] }),
    after: graph({ enums: [enumType("mood", ["happy", "ok", "meh", "sad", "angry"])] }),
    want: ["addEnumValue happy before ok", "addEnumValue meh before sad", "addEnumValue angry before null"],
  },
  {
    name: "widening a varchar alters the type",
    before: graph({ tables: [table("u", [column("email", builtin("varchar", [255]))])] }),
    after: graph({ tables: [table("u", [column("email", builtin("varchar", [320]))])] }),
    want: ["alterColumnType email"],
  },
  {
    name: "a type and default change drops the default before the type change and sets it after",
    before: graph({ tables: [table("u", [column("n", builtin("integer"), { default: "0" })])] }),
    after: graph({ tables: [table("u", [column("n", builtin("bigint"), { default: "1" })])] }),
    want: ["setDefault n", "setDefault n", "alterColumnType n"],
  },
  {
    name: "serial to integer drops the default, then the sequence",
    before: graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true, default: "nextval('u_id_seq'::regclass)", sequence: "u_id_seq" })])] }),
    after: graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true })])] }),
    want: ["setDefault id", "dropSequence id"],
  },
  {
    name: "integer to serial creates the sequence and sets the default",
    before: graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true })])] }),
    after: graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true, default: "nextval('u_id_seq'::regclass)", sequence: "u_id_seq" })])] }),
    want: ["setDefault id", "createSequence id"],
  },
  {
    name: "a changed generated expression drops and re-adds the column and its index",
    before: graph({ tables: [table("u", [column("a", builtin("integer")), column("g", builtin("integer"), { generated: "a * 2" })], { indexes: [{ name: "u_g_idx", unique: false, keys: [{ kind: "column", column: "g" }], method: "btree", where: null }] })] }),
    after: graph({ tables: [table("u", [column("a", builtin("integer")), column("g", builtin("integer"), { generated: "a * 3" })], { indexes: [{ name: "u_g_idx", unique: false, keys: [{ kind: "column", column: "g" }], method: "btree", where: null }] })] }),
    want: ["dropColumn g", "addColumn g", "dropIndex", "createIndex"],
  },
  {
    name: "not null, comments and identity changes are separate operations",
    before: graph({ tables: [table("u", [column("a", builtin("integer"))])] }),
    after: graph({ tables: [table("u", [column("a", builtin("integer"), { notNull: true, comment: "A", identity: { always: true, start: 1, increment: 1, min: 1, max: 2147483647, cache: 1, cycle: false } })])] }),
    want: ["setNotNull a", "setIdentity a", "setColumnComment a"],
  },
  {
    name: "a changed check is dropped and added again",
    before: graph({ tables: [table("u", [column("a", builtin("integer"))], { checks: [{ name: "u_a_check", expression: "a > 0" }] })] }),
    after: graph({ tables: [table("u", [column("a", builtin("integer"))], { checks: [{ name: "u_a_check", expression: "a >= 0" }] })] }),
    want: ["dropCheck", "addCheck"],
  },
  {
    name: "a text to integer change with using carries the conversion",
    before: graph({ tables: [table("u", [column("n", builtin("text"))])] }),
    after: graph({ tables: [table("u", [column("n", builtin("integer"), { using: "n::integer" })])] }),
    want: ["alterColumnType n"],
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(summary(c.before, c.after), c.want);
  });
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SchemacError) return error.diagnostics[0]?.code;
    throw error;
  }
  return undefined;
}

const moodTable = (values: string[], extra: { default?: string; check?: string; where?: string } = {}): Graph =>
  graph({
    enums: [enumType("mood", values)],
    tables: [
      table("person", [id, column("m", enumOf("mood"), { default: extra.default ?? null })], {
        checks: extra.check === undefined ? [] : [{ name: "person_m_check", expression: extra.check }],
        indexes: extra.where === undefined ? [] : [{ name: "person_id_idx", unique: false, keys: [{ kind: "column", column: "id" }], method: "btree", where: extra.where }],
      }),
    ],
  });

test("removing an enum value rebuilds the type with every column of it", () => {
  const ops = diffGraphs(moodTable(["a", "b"]), moodTable(["a"]));
  assert.equal(ops.map((o) => o.kind), ["rebuildEnum"]);
  const [rebuild] = ops;
  assert.ok(rebuild?.kind === "rebuildEnum" && rebuild.usages.length === 1 && rebuild.usages[0]?.column === "m");
});

test("reordering enum values rebuilds the type", () => {
  assert.equal(summary(moodTable(["a", "b"]), moodTable(["b", "a"])), ["rebuildEnum"]);
});

test("a rebuild sets the new default itself, and drops and recreates checks and partial indexes that compare the column", () => {
  const before = moodTable(["a", "b"], { default: "'b'", check: "m <> 'a'", where: "m = 'a'" });
  const after = moodTable(["a", "c"], { default: "'c'", check: "m <> 'a'", where: "m = 'a'" });
  const ops = diffGraphs(before, after);
  assert.equal(ops.map((o) => o.kind), ["dropIndex", "dropCheck", "rebuildEnum", "createIndex", "addCheck"]);
  const rebuild = ops[2];
  assert.ok(rebuild?.kind === "rebuildEnum" && rebuild.usages[0]?.default === "'b'" && rebuild.usages[0].newDefault === "'c'");
});

test("a column leaving an enum whose values are rebuilt in the same migration is refused", () => {
  const after = graph({ enums: [enumType("mood", ["a"])], tables: [table("person", [id, column("m", builtin("text"))])] });
  assert.is(code(() => diffGraphs(moodTable(["a", "b"]), after)), "SC4002");
});

test("text to integer without using is refused as unsupported", () => {
  const before = graph({ tables: [table("u", [column("n", builtin("text"))])] });
  const after = graph({ tables: [table("u", [column("n", builtin("integer"))])] });
  assert.is(code(() => diffGraphs(before, after)), "SC4002");
});

test("a change to an enum of another name without using is refused", () => {
  const enums = [enumType("a", ["x"]), enumType("b", ["x"])];
  const before = graph({ enums, tables: [table("u", [column("n", enumOf("a"))])] });
  const after = graph({ enums, tables: [table("u", [column("n", enumOf("b"))])] });
  assert.is(code(() => diffGraphs(before, after)), "SC4002");
});

test("the reverse of a using change converts through text", () => {
  const before = graph({ tables: [table("u", [column("n", builtin("text"))])] });
  const after = graph({ tables: [table("u", [column("n", builtin("integer"), { using: "n::integer" })])] });
  const [op] = diffGraphs(before, after);
  assert.ok(op?.kind === "alterColumnType" && op.using === "n::integer" && op.reverseUsing === null);
  const back = diffGraphs(after, before);
  assert.ok(back[0]?.kind === "alterColumnType" && back[0].reverseUsing === "n::text::integer");
});

test.run();

const generatedTable = (generated: string | null, indexed: boolean): Graph =>
  graph({
    tables: [
      table("g", [id, column("x", builtin("integer"), { generated })], {
        indexes: indexed ? [{ name: "g_x_idx", unique: false, keys: [{ kind: "column", column: "x" }], method: "btree", where: null }] : [],
      }),
    ],
  });

test("a generated column made plain keeps its values (DROP EXPRESSION), unless an index names it (then it is recreated with the index)", () => {
  assert.equal(summary(generatedTable("id * 2", false), generatedTable(null, false)), ["dropExpression"]);
  assert.equal(summary(generatedTable("id * 2", true), generatedTable(null, true)), ["dropColumn x", "addColumn x", "dropIndex", "createIndex"]);
});
