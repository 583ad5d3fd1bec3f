/**
 * `build --online`: rewrites the planned migrations of a change so that they hold short locks.
 * Only changes to tables that exist before and after the change are rewritten (a table created
 * or dropped in the change holds no rows anyone reads). One change becomes up to four
 * migrations, in this order, each one skipped when it has nothing to do:
 *
 * 1. `_drop_indexes`, no transaction: indexes dropped CONCURRENTLY (an index on a column the
 *    change drops or retypes goes first).
 * 2. the change itself, in a transaction: foreign keys and checks added `NOT VALID` (they hold
 *    ACCESS EXCLUSIVE / SHARE ROW EXCLUSIVE only for a catalog change, not for a scan), and each
 *    SET NOT NULL replaced by a temporary `CHECK (col IS NOT NULL) NOT VALID`.
 * 3. `_validate`, in a transaction of its own (committed after 2, which is the point: the scan
 *    runs under SHARE UPDATE EXCLUSIVE, reads and writes go on): VALIDATE CONSTRAINT for each of
 *    them, then (after every scan, since it takes ACCESS EXCLUSIVE until the commit) SET NOT NULL,
 *    which PostgreSQL 12+ does without a scan thanks to the validated check, and the temporary
 *    check dropped.
 * 4. `_create_indexes`, no transaction: indexes built CONCURRENTLY (an index may use a column the
 *    change adds), and unique and primary keys from a unique index built CONCURRENTLY then
 *    attached with ADD CONSTRAINT … USING INDEX (a primary key's columns are NOT NULL by then).
 *
 * A unique or primary key that a foreign key added in the same change references stays in 2
 * (the foreign key needs it), and so does SET NOT NULL on a column of a primary key that stays
 * there (ADD PRIMARY KEY sets it itself) or on a column made an identity column. Every online migration runs under SET lock_timeout
 * (emit/migration-file.ts). The graph each step ends at is the model's: only SQL and hazards
 * differ, and the temporary check exists only between 2 and 3.
 */
import { SchemacError, diagnostic } from "../diagnostics.js";
import type { Graph, QualifiedName, Span, Table } from "../graph.js";
import { displayName, qualifiedKey } from "../graph.js";
import { makeObjectName } from "../names.js";
import type { Operation, OperationOf } from "../operations.js";
import { quoteIdentifier } from "../quote.js";
import { applyOperations } from "./apply.js";
import { planOperations, upOperations, type PlanStep } from "./index.js";

/** The steps of a change in their online form (see the file comment); the enum-values step stays as it is, framed. */
export function onlineSteps(steps: readonly PlanStep[]): PlanStep[] {
  return steps.flatMap((step) => (step.isEnumValues ? [{ ...step, online: true }] : splitStep(step)));
}

/** The operations of one change sorted into the four migrations of the file comment. */
interface Parts {
  readonly drops: Operation[];
  readonly rest: Operation[];
  readonly validations: Operation[];
  /** SET NOT NULL and the temporary checks dropped: after every validation, so that no scan runs while SET NOT NULL holds ACCESS EXCLUSIVE. */
  readonly finish: Operation[];
  readonly creates: Operation[];
}

/** The name of the temporary check through which `build --online` sets NOT NULL: `<table>_<column>_not_null`. */
export function notNullCheckName(table: string, column: string): string {
  return makeObjectName(table, column, "not_null");
}

function splitStep(step: PlanStep): PlanStep[] {
  const ops = upOperations(step.plan);
  const before = new Set(step.before.tables.map(qualifiedKey));
  const after = new Map(step.after.tables.map((t) => [qualifiedKey(t), t]));
  const existing = (table: QualifiedName): boolean => before.has(qualifiedKey(table)) && after.has(qualifiedKey(table));
  const referenced = new Set(ops.flatMap((op) => (op.kind === "addForeignKey" ? [qualifiedKey(op.foreignKey.references)] : [])));
  const plainNotNull = notNullNeededInChange(ops, (table) => existing(table) && !referenced.has(qualifiedKey(table)));
  const parts: Parts = { drops: [], rest: [], validations: [], finish: [], creates: [] };
  const temporary = new Set<string>();
  const online = <T extends Operation>(op: T): T => ({ ...op, online: true as const });
  for (const op of ops) {
    if (!("table" in op) || !existing(op.table)) {
      parts.rest.push(op);
      continue;
    }
    switch (op.kind) {
      case "dropIndex":
        parts.drops.push(online(op));
        break;
      case "createIndex":
        parts.creates.push(online(op));
        break;
      case "addUnique":
      case "addPrimaryKey":
        if (referenced.has(qualifiedKey(op.table))) parts.rest.push(op);
        else parts.creates.push(online(op));
        break;
      case "addForeignKey":
        parts.rest.push(online(op));
        parts.validations.push({ kind: "validateConstraint", table: op.table, constraint: "foreignKey", name: op.foreignKey.name });
        break;
      case "addCheck":
        parts.rest.push(online(op));
        parts.validations.push({ kind: "validateConstraint", table: op.table, constraint: "check", name: op.check.name });
        break;
      case "setNotNull":
        if (plainNotNull.has(`${qualifiedKey(op.table)}.${op.column}`)) parts.rest.push(op);
        else notNullThroughCheck(op, after.get(qualifiedKey(op.table)), temporary, parts);
        break;
      default:
        parts.rest.push(op);
    }
  }
  return stepsOf(step, parts);
}

/**
 * The columns (`schema.table.column`) that must be NOT NULL within the change itself, so their SET
 * NOT NULL stays there in its plain form: those of a primary key added in the plain way (ADD
 * PRIMARY KEY sets NOT NULL itself, and down could not drop it while the key stands) and those
 * made identity columns (PostgreSQL adds an identity only to a NOT NULL column).
 */
function notNullNeededInChange(ops: readonly Operation[], isKeyOnline: (table: QualifiedName) => boolean): ReadonlySet<string> {
  const columns = ops.flatMap((op): string[] => {
    if (op.kind === "addPrimaryKey" && !isKeyOnline(op.table)) return op.primaryKey.columns.map((c) => `${qualifiedKey(op.table)}.${c}`);
    if (op.kind === "setIdentity" && op.to !== null) return [`${qualifiedKey(op.table)}.${op.column}`];
    return [];
  });
  return new Set(columns);
}

/**
 * SET NOT NULL as `build --online` writes it: a temporary `CHECK (col IS NOT NULL) NOT VALID` in
 * the change; VALIDATE, SET NOT NULL and the check dropped in the validating migration.
 * Throws SchemacError (OnlineNameTaken) when the table has a constraint with the check's name.
 */
function notNullThroughCheck(op: OperationOf<"setNotNull">, table: Table | undefined, temporary: Set<string>, parts: Parts): void {
  const name = notNullCheckName(op.table.name, op.column);
  const taken = table === undefined ? undefined : constraintNamed(table, name);
  const key = `${qualifiedKey(op.table)} ${name}`;
  if (taken !== undefined || temporary.has(key)) {
    throw new SchemacError([diagnostic("OnlineNameTaken", taken?.span ?? null, displayName(op.table), op.column, name)]);
  }
  temporary.add(key);
  const check = { name, expression: `${quoteIdentifier(op.column)} IS NOT NULL` };
  parts.rest.push({ kind: "addCheck", table: op.table, check, online: true });
  parts.validations.push({ kind: "validateConstraint", table: op.table, constraint: "check", name });
  parts.finish.push({ ...op, online: true }, { kind: "dropCheck", table: op.table, check, online: true });
}

/** A constraint of the table named `name` (PostgreSQL refuses two of one name on a table), or undefined. */
function constraintNamed(table: Table, name: string): { readonly span?: Span } | undefined {
  const all: readonly { readonly name: string; readonly span?: Span }[] = [
    ...(table.primaryKey === null ? [] : [table.primaryKey]),
    ...table.uniques,
    ...table.checks,
    ...table.foreignKeys,
  ];
  return all.find((c) => c.name === name);
}

/** Plans each non-empty part as a migration of its own, the graph flowing from one to the next. */
function stepsOf(step: PlanStep, parts: Parts): PlanStep[] {
  const order: { ops: readonly Operation[]; noTransaction: boolean; suffix: string }[] = [
    { ops: parts.drops, noTransaction: true, suffix: "drop_indexes" },
    { ops: parts.rest, noTransaction: false, suffix: "" },
    { ops: [...parts.validations, ...parts.finish], noTransaction: false, suffix: "validate" },
    { ops: parts.creates, noTransaction: true, suffix: "create_indexes" },
  ];
  const steps: PlanStep[] = [];
  let graph = step.before;
  for (const part of order) {
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
