/**
 * The plan phase: diff → order → hazards → inverses. `down` is the inverses of `up` in reverse
 * order, so applying up then down restores the `before` graph exactly.
 */
import type { Graph } from "../graph.js";
import type { Operation, Plan, PlannedOperation } from "../operations.js";
import { diffGraphs } from "../diff/index.js";
import { applyOperation, applyOperations } from "./apply.js";
import { assertEnumValuesUnused, enumValuesFirst } from "./enum-values.js";
import { hazardsOfAll } from "./hazards.js";
import { inverseOf } from "./inverse.js";
import { orderOperations } from "./order.js";

/**
 * Places ordered operations in a plan: each with its hazards and its inverse. The graph around an
 * operation is simulated only when its inverse needs it (an added enum value), and once at the
 * end, which also checks that every operation fits the graph it meets (else a planner bug).
 */
export function planOperations(ops: readonly Operation[], before: Graph, after: Graph): Plan {
  const operations: PlannedOperation[] = [];
  let state = before;
  let pending: Operation[] = [];
  const hazards = hazardsOfAll(ops, before, after);
  for (const [i, operation] of ops.entries()) {
    const around = (): { before: Graph; after: Graph } => {
      state = applyOperations(state, pending);
      pending = [];
      return { before: state, after: applyOperation(state, operation) };
    };
    operations.push({ operation, hazards: hazards[i] ?? [], inverse: inverseOf(operation, around) });
    pending.push(operation);
  }
  applyOperations(state, pending);
  return { operations };
}

/**
 * Plans the migration from `before` to `after`. Throws SchemacError (UnsupportedChange) for
 * changes it cannot plan (see diffGraphs and assertEnumValuesUnused).
 */
export function planMigration(before: Graph, after: Graph): Plan {
  const ops = orderOperations(diffGraphs(before, after));
  assertEnumValuesUnused(ops, after);
  return planOperations(ops, before, after);
}

/** One migration of a change that needs more than one: its plan and the graph after it. */
export interface PlanStep {
  readonly plan: Plan;
  readonly before: Graph;
  readonly after: Graph;
  /** True for the migration that only adds enum values, committed before their first use. */
  readonly isEnumValues: boolean;
  /** Written by `build --online` (plan/online.ts): its files run under SET lock_timeout. */
  readonly online?: boolean;
  /** Runs outside a transaction (`-- schemac:no-transaction`): indexes built or dropped CONCURRENTLY. */
  readonly noTransaction?: boolean;
  /** What the migration's name gets after the slug when the change takes several, e.g. `create_indexes`. */
  readonly suffix?: string;
}

/**
 * Plans the change from `before` to `after` as one migration, or as two when it adds an enum
 * value and uses it: PostgreSQL cannot use a new value in the transaction that adds it, so
 * the values are added by a first migration (committed when it ends) and used by the second.
 */
export function planMigrationSteps(before: Graph, after: Graph): PlanStep[] {
  const ops = orderOperations(diffGraphs(before, after));
  const middle = enumValuesFirst(before, after, ops);
  if (middle === null) {
    // One migration: planMigration(before, after) with the operations already diffed and ordered.
    assertEnumValuesUnused(ops, after);
    return [{ plan: planOperations(ops, before, after), before, after, isEnumValues: false }];
  }
  return [
    { plan: planMigration(before, middle), before, after: middle, isEnumValues: true },
    { plan: planMigration(middle, after), before: middle, after, isEnumValues: false },
  ];
}

/** The operations of `up`, in order. */
export function upOperations(plan: Plan): Operation[] {
  return plan.operations.map((p) => p.operation);
}

/** The operations of `down`: every inverse, last operation first. */
export function downOperations(plan: Plan): Operation[] {
  return [...plan.operations].reverse().flatMap((p) => p.inverse);
}
