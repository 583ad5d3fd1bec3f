/** diffByKey's one-pass merge of sorted lists gives what matching through maps and one sort gives. */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compareText, diffByKey, type KeyedDiff } from "../../compiler/diff/keyed.js";

interface Item {
  readonly key: string;
  readonly n: number;
}

/** The matching as diffByKey made it before it had a merge pass: maps (the last item of a key wins), then every key sorted. */
function reference(before: readonly Item[], after: readonly Item[]): KeyedDiff<Item> {
  const b = new Map(before.map((item) => [item.key, item] as const));
  const a = new Map(after.map((item) => [item.key, item] as const));
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort(compareText);
  return {
    added: keys.filter((k) => !b.has(k) && a.has(k)).map((k) => a.get(k) as Item),
    removed: keys.filter((k) => b.has(k) && !a.has(k)).map((k) => b.get(k) as Item),
    kept: keys.filter((k) => b.has(k) && a.has(k)).map((k) => ({ before: b.get(k) as Item, after: a.get(k) as Item })),
  };
}

const items = fc.array(fc.record({ key: fc.constantFrom("a", "b", "B", "a.b", "public.t", "s.t", "ä", "z", ""), n: fc.nat(3) }), { maxLength: 8 });
const sortedUnique = items.map((list) => [...new Map(list.map((i) => [i.key, i])).values()].sort((x, y) => compareText(x.key, y.key)));

test("diffByKey equals the map-and-sort matching, on sorted lists (the merge) and on any lists", () => {
  fc.assert(
    fc.property(fc.oneof(items, sortedUnique), fc.oneof(items, sortedUnique), (before, after) => {
      assert.equal(diffByKey(before, after, (i) => i.key), reference(before, after));
    }),
    { numRuns: 5000 },
  );
});

test.run();
