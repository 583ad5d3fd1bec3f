/**
 * The plan of `build --manual`: what schemac would write, as a draft for a person to finish.
 * Where schemac cannot write the step itself (a type change PostgreSQL cannot cast, with no
 * `.using()`), the draft holds a placeholder call, `schemac_manual_conversion(column)`, in the
 * USING of both up and down: it parses, so the draft is written, but it names no function, so
 * the draft cannot run before someone replaces it, and `check` refuses a file that still has it.
 */
import type { Column, Graph, Table } from "../graph.js";
import type { Plan, PlannedOperation } from "../operations.js";
import { hasAssignmentCast, isSameType } from "../diff/type-changes.js";
import { quoteIdentifier } from "../quote.js";
import { planMigration } from "./index.js";

/** The name of the placeholder function a draft's unfinished steps call. */
export const manualPlaceholder = "schemac_manual_conversion";

/** The placeholder USING expression for a column. */
function placeholder(column: string): string {
  return `${manualPlaceholder}(${quoteIdentifier(column)})`;
}

/** The model with a placeholder `using` on every column whose type change PostgreSQL cannot cast by itself. */
function withPlaceholders(before: Graph, after: Graph): Graph {
  const old = new Map(before.tables.map((t) => [`${t.schema}.${t.renamedFrom ?? t.name}`, t]));
  const table = (t: Table): Table => {
    const previous = old.get(`${t.schema}.${t.renamedFrom ?? t.name}`);
    if (previous === undefined) return t;
    const column = (c: Column): Column => {
      const was = previous.columns.find((p) => p.name === (c.renamedFrom ?? c.name));
      if (was === undefined || c.using !== undefined || isSameType(was.type, c.type) || hasAssignmentCast(was.type, c.type)) return c;
      return { ...c, using: placeholder(c.name) };
    };
    return { ...t, columns: t.columns.map(column) };
  };
  return { ...after, tables: after.tables.map(table) };
}

/**
 * A planned type change whose up has the placeholder gets it in its down too, unless PostgreSQL
 * casts the way back by itself (`reverseUsing` is null then: text → integer comes back as a cast).
 */
function placeholderDown(planned: PlannedOperation): PlannedOperation {
  const op = planned.operation;
  if (op.kind !== "alterColumnType" || op.using !== placeholder(op.column) || op.reverseUsing === null) return planned;
  return { ...planned, inverse: planned.inverse.map((i) => (i.kind === "alterColumnType" && i.column === op.column ? { ...i, using: placeholder(op.column) } : i)) };
}

/**
 * Plans the migration from `before` to `after` as a `--manual` draft: the usual plan, with a
 * placeholder wherever a step needs a person. Other changes schemac cannot plan still throw.
 */
export function planManualMigration(before: Graph, after: Graph): Plan {
  const plan = planMigration(before, withPlaceholders(before, after));
  return { ...plan, operations: plan.operations.map(placeholderDown) };
}
