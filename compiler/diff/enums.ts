/**
 * Diff of enum types: create, drop, and values added anywhere in the list (ALTER TYPE ... ADD
 * VALUE ... BEFORE). Removing or reordering values needs a type rebuild that a later version
 * plans; for now it is refused with a diagnostic.
 */
import type { EnumType, Graph } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
import { diagnostic, SchemacError } from "../diagnostics.js";
import { diffByKey } from "./keyed.js";

/** Diffs the enum types of two graphs. */
export function diffEnums(before: Graph, after: Graph): Operation[] {
  const matched = diffByKey(before.enums, after.enums, qualifiedKey);
  const ops: Operation[] = [];
  for (const e of matched.added) ops.push({ kind: "createEnum", enum: e });
  for (const e of matched.removed) ops.push({ kind: "dropEnum", enum: e });
  for (const { before: b, after: a } of matched.kept) ops.push(...addedValues(b, a));
  return ops;
}

/**
 * ADD VALUE operations, in the after-order, each placed before the next value that already
 * existed (or appended), so applying them one by one yields exactly the new list.
 */
function addedValues(before: EnumType, after: EnumType): Operation[] {
  const old = new Set(before.values);
  const kept = after.values.filter((v) => old.has(v));
  if (kept.length !== before.values.length || kept.some((v, i) => v !== before.values[i])) {
    const removed = before.values.filter((v) => !after.values.includes(v));
    const what = removed.length > 0 ? `removes value(s) ${removed.map((v) => `'${v}'`).join(", ")}` : "reorders its values";
    throw new SchemacError([
      diagnostic("UnsupportedChange", after.span ?? null, `enum ${qualifiedKey(after)} ${what}; only adding values is supported`),
    ]);
  }
  const ops: Operation[] = [];
  const name = { schema: after.schema, name: after.name };
  after.values.forEach((value, i) => {
    if (old.has(value)) return;
    const next = after.values.slice(i + 1).find((v) => old.has(v)) ?? null;
    ops.push({ kind: "addEnumValue", enum: name, value, before: next });
  });
  return ops;
}
