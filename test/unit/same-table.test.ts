/**
 * sameTable (compiler/diff/same-table.ts) is sameValue specialised to tables: held equal to it
 * on random table pairs (equal ones, ones with another span or hint, ones that differ in one
 * field), and on real graphs, whose objects must have no key sameTable does not list.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileProject } from "../../compiler/compile.js";
import { loadConfig } from "../../compiler/config.js";
import { sameValue } from "../../compiler/diff/keyed.js";
import { comparedKeys, sameTable } from "../../compiler/diff/same-table.js";
import type { Column, ColumnType, Table } from "../../compiler/graph.js";
import { parseSnapshot } from "../../compiler/snapshot.js";

const repo = join(import.meta.dirname, "..", "..");
const word = fc.constantFrom("id", "a", "b", "name", "t");
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const span = fc.record({ file: fc.constantFrom("a.ts", "b.ts"), start: fc.nat(50), end: fc.nat(50) });

const columnType: fc.Arbitrary<ColumnType> = fc.oneof(
  fc.record({ kind: fc.constant("builtin" as const), name: fc.constantFrom("text" as const, "integer" as const, "varchar" as const), params: fc.array(fc.nat(9), { maxLength: 2 }), dimensions: fc.nat(1) }),
  fc.record({ kind: fc.constant("enum" as const), enum: fc.record({ schema: word, name: word }), dimensions: fc.nat(1) }),
);

const columnArb: fc.Arbitrary<Column> = fc.record(
  {
    name: word, type: columnType, notNull: fc.boolean(), default: maybe(word),
    identity: maybe(fc.record({ always: fc.boolean(), start: fc.nat(2), increment: fc.constant(1), min: fc.constant(1), max: fc.constant(9), cache: fc.constant(1), cycle: fc.boolean() })),
    generated: maybe(word), collation: maybe(word), comment: maybe(word), sequence: maybe(word), renamedFrom: word, using: word, span,
  },
  { requiredKeys: ["name", "type", "notNull", "default", "identity", "generated", "collation", "comment", "sequence"] },
);

const named = fc.record({ name: word, columns: fc.array(word, { maxLength: 2 }), renamedFrom: word, span }, { requiredKeys: ["name", "columns"] });

const tableArb: fc.Arbitrary<Table> = fc.record(
  {
    schema: word, name: word,
    columns: fc.array(columnArb, { maxLength: 3 }),
    primaryKey: maybe(named),
    uniques: fc.array(named, { maxLength: 2 }),
    checks: fc.array(fc.record({ name: word, expression: word, renamedFrom: word }, { requiredKeys: ["name", "expression"] }), { maxLength: 2 }),
    foreignKeys: fc.array(fc.record({ name: word, columns: fc.array(word, { maxLength: 2 }), references: fc.record({ schema: word, name: word }), referencedColumns: fc.array(word, { maxLength: 2 }), onDelete: fc.constantFrom("no action" as const, "cascade" as const), onUpdate: fc.constantFrom("no action" as const, "restrict" as const) }), { maxLength: 2 }),
    indexes: fc.array(fc.record({ name: word, unique: fc.boolean(), keys: fc.array(fc.record({ kind: fc.constant("column" as const), column: word }), { maxLength: 2 }), method: fc.constantFrom("btree" as const, "gin" as const), where: maybe(word) }), { maxLength: 2 }),
    comment: maybe(word), module: word, renamedFrom: word, span,
  },
  { requiredKeys: ["schema", "name", "columns", "primaryKey", "uniques", "checks", "foreignKeys", "indexes", "comment"] },
);

/** A copy of a JSON-like value (so identity never decides), with one path's value replaced when given. */
function copyWith(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? copyWith(v, rest, replacement) : structuredClone(v)));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys({ ...record, [head as string]: undefined }).map((k) => [k, k === head ? copyWith(record[k], rest, replacement) : structuredClone(record[k])]).filter(([, v]) => v !== undefined));
}

/** Every path to a leaf (a string, number, boolean or null) inside `value`. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...prefix, i]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  return [prefix];
}

test("sameTable agrees with sameValue on random pairs: copies, another span or hint, one field changed", () => {
  const seen = { same: 0, different: 0 };
  fc.assert(
    // A leaf replaced by another value or removed (undefined): a graph's containers keep their types.
    fc.property(tableArb, tableArb, fc.nat(), fc.constantFrom<unknown>(null, "x", "id", 0, 1, true, false, undefined), (a, other, pick, replacement) => {
      const all = leafPaths(a);
      const path = all[pick % all.length] ?? ["name"];
      for (const b of [structuredClone(a), copyWith(a, path, replacement) as Table, other]) {
        const expected = sameValue(a, b);
        assert.is(sameTable(a, b), expected, JSON.stringify({ a, b }));
        assert.is(sameTable(b, a), sameValue(b, a));
        seen[expected ? "same" : "different"]++;
      }
    }),
    { numRuns: 3000 },
  );
  assert.ok(seen.same > 1000 && seen.different > 1000, JSON.stringify(seen));
});

/** The keys sameTable knows of each type (compared or skipped). */
const listed = Object.fromEntries(Object.entries(comparedKeys).map(([kind, keys]) => [kind, new Set(Object.keys(keys))]));

function unlisted(t: Table): string[] {
  const extra = (kind: string, o: object): string[] => Object.keys(o).filter((k) => !listed[kind]?.has(k)).map((k) => `${kind}.${k}`);
  return [
    ...extra("table", t),
    ...t.columns.flatMap((c) => extra("column", c)),
    ...[...(t.primaryKey ? [t.primaryKey] : []), ...t.uniques].flatMap((u) => extra("key", u)),
    ...t.checks.flatMap((c) => extra("check", c)),
    ...t.foreignKeys.flatMap((f) => extra("foreignKey", f)),
    ...t.indexes.flatMap((i) => extra("index", i)),
  ];
}

test("the example's model and snapshot have no key sameTable does not list, and agree table by table", async () => {
  const root = join(repo, "examples", "shop");
  const config = loadConfig({ cwd: root });
  const model = (await compileProject(config, { env: { SCHEMAC_CACHE: "0" } })).graph;
  const snapshot = parseSnapshot(readFileSync(join(repo, "generated", "shop", "snapshot.json"), "utf8"), "generated/shop/snapshot.json");
  for (const t of [...model.tables, ...snapshot.tables]) assert.equal(unlisted(t), [], `${t.schema}.${t.name}`);
  for (const a of model.tables) for (const b of snapshot.tables) assert.is(sameTable(a, b), sameValue(a, b), `${a.name} ${b.name}`);
});

test.run();
