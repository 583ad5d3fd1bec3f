/**
 * Splits two keyed lists into added, removed and kept items, sorted by key, so that every diff
 * compares nodes by identity (qualified name, constraint name) and never by position.
 */

/** The result of matching two lists by key. */
export interface KeyedDiff<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly kept: readonly { readonly before: T; readonly after: T }[];
}

/** Compares strings by code unit, the deterministic order used for every tie. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Matches `before` and `after` by `key`; each output list is sorted by key. */
export function diffByKey<T>(before: readonly T[], after: readonly T[], key: (item: T) => string): KeyedDiff<T> {
  const beforeKeys = before.map(key);
  const afterKeys = after.map(key);
  // A graph's lists are sorted by name already (tables by qualified name): then one merge pass does it.
  if (isStrictlySorted(beforeKeys) && isStrictlySorted(afterKeys)) return mergeSorted(before, beforeKeys, after, afterKeys);
  const beforeByKey = new Map(before.map((item, i) => [beforeKeys[i] as string, item] as const));
  const afterByKey = new Map(after.map((item, i) => [afterKeys[i] as string, item] as const));
  const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])].sort(compareText);
  const added: T[] = [];
  const removed: T[] = [];
  const kept: { before: T; after: T }[] = [];
  for (const k of keys) {
    const b = beforeByKey.get(k);
    const a = afterByKey.get(k);
    if (b !== undefined && a !== undefined) kept.push({ before: b, after: a });
    else if (a !== undefined) added.push(a);
    else if (b !== undefined) removed.push(b);
  }
  return { added, removed, kept };
}

function isStrictlySorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!((keys[i - 1] as string) < (keys[i] as string))) return false;
  return true;
}

/** diffByKey of two lists whose keys are strictly increasing (so each key is unique in its list). */
function mergeSorted<T>(before: readonly T[], beforeKeys: readonly string[], after: readonly T[], afterKeys: readonly string[]): KeyedDiff<T> {
  const added: T[] = [];
  const removed: T[] = [];
  const kept: { before: T; after: T }[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    const order = compareText(beforeKeys[i] as string, afterKeys[j] as string);
    if (order === 0) kept.push({ before: before[i++] as T, after: after[j++] as T });
    else if (order < 0) removed.push(before[i++] as T);
    else added.push(after[j++] as T);
  }
  while (i < before.length) removed.push(before[i++] as T);
  while (j < after.length) added.push(after[j++] as T);
  return { added, removed, kept };
}

/** Properties structural equality skips: source positions and one-shot hints. */
const ignoredKeys: ReadonlySet<string> = new Set(["span", "renamedFrom", "renamedValues", "using", "source"]);

/** Structural equality of plain JSON-able values, ignoring `span` and one-shot hints. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // Equal leaves (most of a model that did not change) are settled here, without a call.
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameValue(a[i], b[i])) return false;
    return true;
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  for (const k in aRecord) {
    const av = aRecord[k];
    const bv = bRecord[k];
    if (av !== bv && !ignoredKeys.has(k) && !sameValue(av, bv)) return false;
  }
  // A key only b has (a's value undefined) differs unless b's value is undefined too.
  for (const k in bRecord) if (!(k in aRecord) && bRecord[k] !== undefined && !ignoredKeys.has(k)) return false;
  return true;
}
