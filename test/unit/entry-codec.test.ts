/**
 * The extraction cache's compact encoding (compiler/extract/entry-codec.ts) against the reference,
 * JSON: whatever JSON gives back exactly comes back from the encoding exactly (same keys in the
 * same order, same values, plain prototypes), and whatever JSON would change is refused. Held on
 * random JSON-like values with the odd keys (`__proto__`, "", numeric-looking keys, which objects
 * order first) and on the real trees of the case files, the example and the benchmark's monolith;
 * a damaged encoding decodes as nothing, never as an error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderSchemacProject } from "../../bench/emit-schemac.js";
import { buildMonolith } from "../../bench/model.js";
import { compileProject } from "../../compiler/compile.js";
import { loadConfig } from "../../compiler/config.js";
import { decodeValue, encodeValue } from "../../compiler/extract/entry-codec.js";
import { readCases } from "../helpers/case-file.js";

const repo = join(import.meta.dirname, "..", "..");

/** Asserts that the encoding gives `value` back as JSON does: deep-equal, keys in the same order. */
function roundTrips(value: unknown, label = ""): void {
  const bytes = encodeValue(value);
  assert.ok(bytes !== null, `refused ${label}`);
  const back = decodeValue(bytes);
  const reference: unknown = JSON.parse(JSON.stringify(value));
  assert.ok(isDeepStrictEqual(back, reference), label);
  assert.ok(isDeepStrictEqual(back, value), label);
  // isDeepStrictEqual ignores key order; JSON's text does not.
  assert.is(JSON.stringify(back), JSON.stringify(value), label);
  assert.ok(samePrototypes(back), label);
}

/** True when every object is plain (Object.prototype) and every array an Array, as JSON.parse makes them. */
function samePrototypes(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype && value.every(samePrototypes);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(samePrototypes);
}

/** An object with these own properties in this order, "__proto__" included (as JSON.parse makes it). */
function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  return record;
}

const oddKeys = ["__proto__", "", "0", "1", "2", "10", "-1", "01", "1.5", "4294967294", "4294967295", "constructor", "toString", "valueOf", "hasOwnProperty", "length", "file", "span", "null"];
const key = fc.oneof(fc.constantFrom(...oddKeys), fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 }));
const oddNumbers = [0, 1, 7, 8, 2 ** 29 - 1, 2 ** 29, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, -(2 ** 31), 0.5, 5e-324, 1.7976931348623157e308, -1e-7];
const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.nat(),
  fc.constantFrom(...oddNumbers),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("", "__proto__", "src/a.ts", "public", "\u0000", "\ud800", "\"\\"),
);
const { value: jsonLike } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("value"), { maxLength: 5 }), fc.array(fc.tuple(key, tie("value")), { maxLength: 6 }).map(objectOf)),
}));

test("random JSON-like values come back exactly, odd keys and numbers included", () => {
  fc.assert(fc.property(jsonLike, (value) => roundTrips(value)), { numRuns: 3000 });
});

test("many objects of few shapes, as a tree has them, come back exactly", () => {
  const shape = fc.constantFrom(["file", "start", "end"], ["name", "type", "comment", "span"], ["2", "b", "1", "a"], ["__proto__", "x"], []);
  const record = fc.tuple(shape, fc.array(leaf, { minLength: 4, maxLength: 4 })).map(([keys, values]) => objectOf(keys.map((k, i) => [k, values[i]])));
  fc.assert(fc.property(fc.array(fc.array(record, { maxLength: 6 }), { maxLength: 20 }), (value) => roundTrips(value)), { numRuns: 500 });
});

test("numeric-looking keys come first, in the order objects give them, after the round trip too", () => {
  const value = { b: 1, "2": 2, a: 3, "1": 4, "01": 5 };
  roundTrips(value);
  assert.equal(Object.keys(decodeValue(encodeValue(value) as Uint8Array) as object), ["1", "2", "b", "a", "01"]);
  const proto = objectOf([["__proto__", { polluted: true }], ["x", 1]]);
  const back = decodeValue(encodeValue(proto) as Uint8Array) as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(back), Object.prototype);
  assert.equal(Object.keys(back), ["__proto__", "x"]);
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
});

test("a value JSON would not give back exactly is refused, wherever it is", () => {
  class Point {
    x = 1;
  }
  const cycle: Record<string, unknown> = { a: 1 };
  cycle["self"] = cycle;
  const refused: unknown[] = [undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, () => 1, Symbol("s"), 1n, new Point(), new Date(0), new Map(), Object.create(null), [, 1], new (class extends Array {})(), cycle, new Uint8Array(2)];
  refused.forEach((bad, i) => {
    assert.is(encodeValue(bad), null, `refused value #${i}`);
    assert.is(encodeValue({ graph: { tables: [{ name: "t", columns: [1, bad] }] } }), null, `nested #${i}`);
    assert.is(encodeValue({ a: 1, b: bad }), null, `property #${i}`);
  });
  assert.ok(encodeValue({ a: 0, b: [0, -1, 1.5, ""] }) !== null);
});

test("a damaged encoding decodes as nothing or a value, never as an error", () => {
  const bytes = encodeValue({ graph: { tables: [{ name: "t", span: { file: "a.ts", start: 0, end: 3 } }] }, list: [1, -2, 0.5, true, null, "x"] });
  assert.ok(bytes !== null);
  for (let length = 0; length < bytes.length; length++) assert.is(decodeValue(bytes.subarray(0, length)), undefined, `cut at ${length}`);
  assert.is(decodeValue(new Uint8Array([...bytes, 0, 0, 0, 0])), undefined, "a word too many");
  // Written on a machine of the other byte order: its magic word (and tape) read swapped.
  assert.is(decodeValue(new Uint8Array([...bytes.subarray(0, 4).reverse(), ...bytes.subarray(4)])), undefined, "another byte order");
  assert.is(decodeValue(new TextEncoder().encode(JSON.stringify({ format: 4 }))), undefined, "JSON is not an encoding");
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
      const damaged = new Uint8Array(bytes);
      for (const [at, byte] of edits) damaged[at] = byte;
      decodeValue(damaged); // must not throw
    }),
    { numRuns: 2000 },
  );
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (random) => void decodeValue(random)), { numRuns: 2000 });
});

/** Compiles a project laid out from files (path → text) and returns what the cache stores of it. */
async function treeOf(files: ReadonlyMap<string, string>): Promise<unknown> {
  const root = mkdtempSync(join(tmpdir(), "schemac-codec-"));
  try {
    writeFileSync(join(root, "schemac.config.json"), '{ "modules": ["src/**/*.ts"], "out": "generated" }\n');
    for (const [path, text] of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return await compiled(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function compiled(root: string): Promise<unknown> {
  const c = await compileProject(loadConfig({ cwd: root }), { env: { SCHEMAC_CACHE: "0" } });
  return { graph: c.graph, diagnostics: c.diagnostics, files: c.files, isEmpty: c.graph.tables.length === 0 };
}

test("the trees of the case files, the example and the benchmark's monolith come back exactly", async () => {
  let cases = 0;
  for (const c of readCases(join(repo, "test", "cases"))) {
    const files = new Map<string, string>();
    for (const [name, text] of c.sections) {
      if (name.startsWith("project/")) files.set(name.slice("project/".length), text);
      else if (name.startsWith("after/")) files.set(`src/${name.slice("after/".length)}`, text);
    }
    if (files.size === 0) continue;
    let tree: unknown;
    try {
      tree = await treeOf(files);
    } catch {
      continue; // a case about a bad config: it compiles nothing
    }
    roundTrips(tree, c.name);
    cases++;
  }
  assert.ok(cases > 50, `${cases} cases`);
  roundTrips(await compiled(join(repo, "examples", "shop")), "examples/shop");
  const monolith = renderSchemacProject(buildMonolith({ tables: 200 }));
  const tree = await treeOf(monolith);
  roundTrips(tree, "monolith");
  assert.ok((encodeValue(tree)?.length ?? Infinity) < JSON.stringify(tree).length / 2, "the encoding is well under half of the JSON");
});

test.run();
