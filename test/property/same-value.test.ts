/**
 * Property: the diff's structural equality (sameValue, compiler/diff/keyed.ts), which settles equal
 * leaves without a call, answers as the plain recursive definition does: on random JSON-like
 * values with shared and copied parts, ignored keys (spans, hints), undefined values and NaN.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { sameValue } from "../../compiler/diff/keyed.js";

const ignored = new Set(["span", "renamedFrom", "renamedValues", "using", "source"]);

/** The definition: every key not ignored equal, a key only one side has undefined. */
function reference(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => reference(x, b[i]));
  const ar = a as Record<string, unknown>;
  const br = b as Record<string, unknown>;
  for (const k in ar) if (!ignored.has(k) && !reference(ar[k], br[k])) return false;
  for (const k in br) if (!ignored.has(k) && !(k in ar) && br[k] !== undefined) return false;
  return true;
}

const key = fc.constantFrom("name", "type", "span", "source", "notNull", "columns", "x");
const leaf = fc.oneof(fc.constantFrom(null, undefined, true, false, 0, 1, Number.NaN, "a", "b", ""));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(key, tie("value"), { maxKeys: 4 })),
}));

/** A copy of a value that shares some parts and rebuilds others, sometimes changing one leaf. */
function copy(v: unknown, choices: boolean[], at = { i: 0 }): unknown {
  const choice = choices[at.i++ % Math.max(choices.length, 1)] ?? false;
  if (typeof v !== "object" || v === null) return choice && typeof v === "number" ? v + 1 : v;
  if (choice) return v;
  if (Array.isArray(v)) return v.map((x) => copy(x, choices, at));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x, choices, at)]));
}

test("sameValue answers as the plain definition", () => {
  fc.assert(
    fc.property(value, value, fc.array(fc.boolean(), { maxLength: 12 }), (a, b, choices) => {
      assert.is(sameValue(a, b), reference(a, b));
      const c = copy(a, choices);
      assert.is(sameValue(a, c), reference(a, c));
      assert.is(sameValue(c, a), reference(c, a));
    }),
    { numRuns: 2000, seed: 3 },
  );
});

test.run();
