/**
 * Diff of enum types: create, drop, values added anywhere in the list (ALTER TYPE ... ADD
 * VALUE ... BEFORE), and any other change of the list (values removed or reordered) by
 * rebuilding the type (see enum-rebuild.ts).
 */
import type { EnumType, Graph } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
import { diagnostic, SchemacError } from "../diagnostics.js";
import { columnsLeavingEnum, enumRebuildInDiff } from "./enum-rebuild.js";
import { diffByKey } from "./keyed.js";

/** Diffs the enum types of two graphs. */
export function diffEnums(before: Graph, after: Graph): Operation[] {
  const matched = diffByKey(before.enums, after.enums, qualifiedKey);
  const ops: Operation[] = [];
  for (const e of matched.added) ops.push({ kind: "createEnum", enum: e });
  for (const e of matched.removed) ops.push({ kind: "dropEnum", enum: e });
  for (const { before: b, after: a } of matched.kept) {
    if (onlyAddsValues(b, a)) ops.push(...addedValues(b, a));
    else ops.push(...rebuild(before, after, b, a));
  }
  return ops;
}

/** True when `after` keeps every value of `before` in the same order (and may add some). */
function onlyAddsValues(before: EnumType, after: EnumType): boolean {
  const old = new Set(before.values);
  const kept = after.values.filter((v) => old.has(v));
  return kept.length === before.values.length && kept.every((v, i) => v === before.values[i]);
}

function rebuild(before: Graph, after: Graph, b: EnumType, a: EnumType): Operation[] {
  const leaving = columnsLeavingEnum(before, after, b);
  if (leaving.length > 0) {
    const what =
      `enum ${qualifiedKey(a)} changes its values while column(s) ${leaving.join(", ")} change from it to another type, ` +
      "and the old type cannot be dropped while they still use it; change the column types in one migration and the values in the next";
    throw new SchemacError([diagnostic("UnsupportedChange", a.span ?? null, what)]);
  }
  return enumRebuildInDiff(before, after, b, a);
}

/**
 * ADD VALUE operations, in the after-order, each placed before the next value that already
 * existed (or appended), so applying them one by one yields exactly the new list.
 */
function addedValues(before: EnumType, after: EnumType): Operation[] {
  const old = new Set(before.values);
  const ops: Operation[] = [];
  const name = { schema: after.schema, name: after.name };
  after.values.forEach((value, i) => {
    if (old.has(value)) return;
    const next = after.values.slice(i + 1).find((v) => old.has(v)) ?? null;
    ops.push({ kind: "addEnumValue", enum: name, value, before: next });
  });
  return ops;
}
