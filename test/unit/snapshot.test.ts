import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Graph, Table } from "../../compiler/graph.js";
import { canonicalGraph, graphsEqual, parseSnapshot, serializeSnapshot } from "../../compiler/snapshot.js";
import { builtin, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";

/** Every field the snapshot keeps, each at a value other than its default somewhere. */
const rich: Graph = graph({
  schemas: ["billing"],
  enums: [enumType("mood", ["ok", "sad"]), enumType("state", ["a", "b"], "billing")],
  tables: [
    table("invoice", [
      column("id", builtin("bigint"), { notNull: true, identity: { always: true, start: 10, increment: 2, min: 1, max: 9_007_199_254_740_991, cache: 1, cycle: true } }),
      column("amount", builtin("numeric", [10, 2]), { notNull: true, default: "0" }),
      column("tags", builtin("text", [], 2), { default: "'{}'::text[]", collation: "C", comment: "free \"tags\"" }),
      column("states", enumOf("state", "billing", 1)),
      column("total", builtin("double precision"), { generated: "amount * 2" }),
      column("n", builtin("integer"), { notNull: true, default: "nextval('billing.invoice_n_seq'::regclass)", sequence: "invoice_n_seq" }),
    ], {
      schema: "billing",
      comment: "one line\nand another",
      primaryKey: { name: "invoice_pkey", columns: ["id"] },
      uniques: [{ name: "invoice_amount_n_key", columns: ["amount", "n"] }],
      checks: [{ name: "invoice_amount_check", expression: "amount >= 0" }],
      foreignKeys: [{ name: "invoice_n_fkey", columns: ["n"], references: { schema: "public", name: "user" }, referencedColumns: ["id"], onDelete: "cascade", onUpdate: "set null" }],
      indexes: [
        { name: "invoice_tags_idx", unique: false, keys: [{ kind: "column", column: "tags" }], method: "gin", where: null },
        { name: "invoice_n_idx", unique: true, keys: [{ kind: "column", column: "n" }, { kind: "column", column: "amount" }], method: "btree", where: "n > 0" },
      ],
    }),
    table("empty", []),
    table("user", [column("id", builtin("integer"), { notNull: true }), column("mood", enumOf("mood"))], { primaryKey: { name: "user_pkey", columns: ["id"] } }),
  ],
});

test("the snapshot round-trips every field, byte for byte", () => {
  const text = serializeSnapshot(rich);
  const back = parseSnapshot(text, "s.json");
  assert.equal(back, canonicalGraph(rich));
  assert.is(serializeSnapshot(back), text);
});

test("the snapshot has one line per schema, enum, column, key, check, foreign key and index", () => {
  const lines = serializeSnapshot(rich).split("\n");
  const count = (pattern: RegExp): number => lines.filter((l) => pattern.test(l)).length;
  assert.is(count(/^ {4}\{"name":/), 6 + 2 + 1 + 1 + 1 + 2, "columns, uniques, checks, foreign keys and indexes: one line each");
  assert.is(count(/"primaryKey": \{/), 2);
  assert.is(count(/^ {2}\{"schema":"\w+","name":"\w+","values"/), 2, "one line per enum");
  assert.ok(lines.includes('    {"name":"id","type":"integer","notNull":true},'), "nulls, false and defaults are left out");
  assert.ok(lines.includes('    {"name":"states","type":{"schema":"billing","enum":"state","dimensions":1}},'));
  assert.ok(lines.includes('  {"schema":"public","name":"empty"},'), "a table with nothing in it is one line");
});

test("the snapshot records each object's module (a table's on a line of its own) and reads it back; graphs differing only in modules are equal", () => {
  const owned: Graph = {
    schemas: rich.schemas.map((x) => ({ ...x, module: "billing" })),
    enums: rich.enums.map((e) => ({ ...e, module: "billing" })),
    tables: rich.tables.map((t) => ({ ...t, module: t.name === "user" ? "users" : "billing" })),
  };
  const text = serializeSnapshot(owned);
  const lines = text.split("\n");
  assert.ok(lines.includes('  {"name":"billing","module":"billing"}'), text);
  assert.ok(lines.includes('  {"schema":"public","name":"mood","values":["ok","sad"],"module":"billing"}'), text);
  const at = lines.indexOf('  {"schema":"public","name":"user",');
  assert.is(lines[at + 1], '  "module": "users",', "the opening line still names the table and nothing else");
  assert.ok(lines.includes('  {"schema":"public","name":"empty",') && lines.includes('  "module": "billing"},'));
  const back = parseSnapshot(text, "s.json");
  assert.equal([...back.schemas, ...back.enums, ...back.tables].map((o) => o.module), [...owned.schemas, ...owned.enums, ...owned.tables].map((o) => o.module));
  assert.is(serializeSnapshot(back), text);
  assert.ok(graphsEqual(back, rich), "the module is never compared");
  assert.equal(parseSnapshot(serializeSnapshot(rich), "s.json").tables.map((t) => t.module), [undefined, undefined, undefined], "a snapshot without modules reads without them");
});

test("a version-1 snapshot is read as the same graph", () => {
  const legacy = `${JSON.stringify({ version: 1, ...canonicalGraph(rich) }, null, 2)}\n`;
  const read = parseSnapshot(legacy, "s.json");
  assert.ok(graphsEqual(read, rich));
  assert.is(serializeSnapshot(read), serializeSnapshot(rich));
});

test("a malformed line is an error naming where it is", () => {
  const text = serializeSnapshot(rich).replace('"type":"integer"', '"type":42');
  try {
    parseSnapshot(text, "s.json");
    assert.unreachable();
  } catch (error) {
    const diagnostics = (error as { diagnostics?: { code: string; message: string }[] }).diagnostics ?? [];
    assert.is(diagnostics[0]?.code, "SC5001");
    assert.match(diagnostics[0]?.message ?? "", /tables\[0\]\.columns\[5\]\.type/);
  }
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function withTable(g: Graph, name: string, change: (t: Table) => Table): Graph {
  return { ...g, tables: g.tables.map((t) => (t.name === name ? change(t) : t)) };
}

/** Commits `base`, then `ours` on main and `theirs` on a branch, and merges the branch with real git. */
function mergeSnapshots(base: Graph, ours: Graph, theirs: Graph): { conflict: boolean; merged: string } {
  const dir = mkdtempSync(join(tmpdir(), "schemac-snapshot-merge-"));
  try {
    const file = join(dir, "snapshot.json");
    git(dir, "init", "-q");
    writeFileSync(file, serializeSnapshot(base));
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    git(dir, "checkout", "-qb", "theirs");
    writeFileSync(file, serializeSnapshot(theirs));
    git(dir, "commit", "-qam", "theirs");
    git(dir, "checkout", "-q", "main");
    writeFileSync(file, serializeSnapshot(ours));
    git(dir, "commit", "-qam", "ours");
    let conflict = false;
    try {
      git(dir, "merge", "-q", "--no-edit", "theirs");
    } catch {
      conflict = true;
    }
    return { conflict, merged: readFileSync(file, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const plain = (name: string, columns: string[]): Table =>
  table(name, columns.map((c, i) => column(c, builtin(i === 0 ? "uuid" : "text"), { notNull: i === 0 })), { primaryKey: { name: `${name}_pkey`, columns: [columns[0] ?? "id"] } });

const base: Graph = graph({ tables: [plain("a", ["id", "x"]), plain("b", ["id", "y"]), plain("c", ["id", "z"])] });

const changes: Record<string, (g: Graph) => Graph> = {
  "a column added to a": (g) => withTable(g, "a", (t) => ({ ...t, columns: [...t.columns, column("added", builtin("integer"))] })),
  "a column of b made NOT NULL": (g) => withTable(g, "b", (t) => ({ ...t, columns: t.columns.map((c) => (c.name === "y" ? { ...c, notNull: true } : c)) })),
  "an index added to b": (g) => withTable(g, "b", (t) => ({ ...t, indexes: [{ name: "b_y_idx", unique: false, keys: [{ kind: "column", column: "y" }], method: "btree", where: null }] })),
  "a comment on c": (g) => withTable(g, "c", (t) => ({ ...t, comment: "see" })),
  "a new table aa": (g) => graph({ schemas: [], enums: [], tables: [...g.tables, plain("aa", ["id"])] }),
  "a new table bb": (g) => graph({ tables: [...g.tables, plain("bb", ["id", "w"])] }),
  "a new enum": (g) => ({ ...g, enums: [enumType("mood", ["ok"])] }),
  "b moved to module orders": (g) => withTable(g, "b", (t) => ({ ...t, module: "orders" })),
};

const pairs: [string, string][] = [
  ["a column added to a", "an index added to b"],
  ["a column added to a", "a column of b made NOT NULL"],
  ["a new table aa", "a column of b made NOT NULL"],
  ["a new table bb", "a comment on c"],
  ["a new table aa", "a new table bb"],
  ["a new enum", "a column added to a"],
  ["b moved to module orders", "an index added to b"],
];

for (const [one, other] of pairs) {
  test(`git merges a branch with ${one} and a branch with ${other} without a conflict`, () => {
    const first = changes[one] as (g: Graph) => Graph;
    const second = changes[other] as (g: Graph) => Graph;
    const { conflict, merged } = mergeSnapshots(base, first(base), second(base));
    assert.not.ok(conflict, `git reported a conflict:\n${merged}`);
    assert.is(merged, serializeSnapshot(second(first(base))), "the merged file is the snapshot with both changes");
  });
}

test.run();
