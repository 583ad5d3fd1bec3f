/**
 * `build --online`: rewrites the planned migrations of a change so that they hold short locks.
 * An index created or dropped on a table that exists before and after the change is built or
 * dropped CONCURRENTLY, which PostgreSQL refuses inside a transaction, so those operations move
 * to migrations of their own that run without one: the drops before the rest of the change (an
 * index on a column the change drops or retypes goes first), the creations after it (an index
 * may use a column the change adds). Every online migration runs under SET lock_timeout
 * (emit/migration-file.ts). The graph each step reaches is unchanged: only SQL and hazards differ.
 */
import type { Graph, QualifiedName } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
import { applyOperations } from "./apply.js";
import { planOperations, upOperations, type PlanStep } from "./index.js";

type IndexOperation = Extract<Operation, { kind: "createIndex" | "dropIndex" }>;

/** The steps of a change in their online form (see the file comment); the enum-values step stays as it is, framed. */
export function onlineSteps(steps: readonly PlanStep[]): PlanStep[] {
  return steps.flatMap((step) => (step.isEnumValues ? [{ ...step, online: true }] : splitStep(step)));
}

/** True for an index operation on a table that is there before and after the step (so it holds rows and traffic). */
function isConcurrent(op: Operation, kind: IndexOperation["kind"], before: Graph, after: Graph): op is IndexOperation {
  return op.kind === kind && hasTable(before, op.table) && hasTable(after, op.table);
}

function hasTable(graph: Graph, table: QualifiedName): boolean {
  const key = qualifiedKey(table);
  return graph.tables.some((t) => qualifiedKey(t) === key);
}

function splitStep(step: PlanStep): PlanStep[] {
  const ops = upOperations(step.plan);
  const drops = ops.filter((op) => isConcurrent(op, "dropIndex", step.before, step.after));
  const creates = ops.filter((op) => isConcurrent(op, "createIndex", step.before, step.after));
  const moved = new Set<Operation>([...drops, ...creates]);
  const rest = ops.filter((op) => !moved.has(op));
  const parts: { ops: readonly Operation[]; noTransaction: boolean; suffix: string }[] = [
    { ops: drops.map((op) => ({ ...op, online: true as const })), noTransaction: true, suffix: "drop_indexes" },
    { ops: rest, noTransaction: false, suffix: "" },
    { ops: creates.map((op) => ({ ...op, online: true as const })), noTransaction: true, suffix: "create_indexes" },
  ];
  const steps: PlanStep[] = [];
  let graph = step.before;
  for (const part of parts) {
    if (part.ops.length === 0) continue;
    const after = applyOperations(graph, part.ops);
    steps.push({
      plan: planOperations(part.ops, graph, after),
      before: graph,
      after,
      isEnumValues: false,
      online: true,
      noTransaction: part.noTransaction,
      ...(part.suffix === "" ? {} : { suffix: part.suffix }),
    });
    graph = after;
  }
  return steps;
}
