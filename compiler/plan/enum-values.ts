/**
 * PostgreSQL (12+) runs `ALTER TYPE ... ADD VALUE` inside a transaction, but the new value
 * cannot be used (cast from a literal, e.g. in a default or a check) until that transaction
 * commits ("unsafe use of new value"). Migrations run in one transaction each (and must run
 * under `psql -1`), so when a change adds a value and uses it, the values are added by a
 * migration of their own, committed before the one that uses them (`enumValuesFirst`).
 */
import type { Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation, OperationOf } from "../operations.js";
import { applyOperations } from "./apply.js";
import { diagnostic, SchemacError } from "../diagnostics.js";
import { quoteLiteral } from "../quote.js";

/** SQL expressions an operation writes, with the table they belong to and what they are. */
function expressionsOf(op: Operation): { table: QualifiedName; what: string; text: string }[] {
  switch (op.kind) {
    case "setDefault":
      return op.to === null ? [] : [{ table: op.table, what: `default of ${op.column}`, text: op.to }];
    case "addColumn":
      return op.column.default === null ? [] : [{ table: op.table, what: `default of ${op.column.name}`, text: op.column.default }];
    case "createTable":
      return [
        ...op.table.columns.flatMap((c) => (c.default === null ? [] : [{ table: op.table, what: `default of ${c.name}`, text: c.default }])),
        ...op.table.checks.map((c) => ({ table: op.table, what: `check ${c.name}`, text: c.expression })),
      ];
    case "addCheck":
      return [{ table: op.table, what: `check ${op.check.name}`, text: op.check.expression }];
    case "createIndex":
      return op.index.where === null ? [] : [{ table: op.table, what: `index ${op.index.name}`, text: op.index.where }];
    default:
      return [];
  }
}

function usesEnum(table: Table | undefined, name: QualifiedName): boolean {
  return (table?.columns ?? []).some((c) => c.type.kind === "enum" && qualifiedKey(c.type.enum) === qualifiedKey(name));
}

/** The first use, in `ops`, of a value that `ops` adds to an enum: the adding and the using operation. */
function firstUse(ops: readonly Operation[], after: Graph): { add: OperationOf<"addEnumValue">; op: Operation; what: string; table: QualifiedName } | null {
  for (const add of ops) {
    if (add.kind !== "addEnumValue") continue;
    const literal = quoteLiteral(add.value);
    for (const op of ops) {
      for (const e of expressionsOf(op)) {
        const table = after.tables.find((t) => t.schema === e.table.schema && t.name === e.table.name);
        if (e.text.includes(literal) && usesEnum(table, add.enum)) return { add, op, what: e.what, table: e.table };
      }
    }
  }
  return null;
}

/**
 * The graph between two migrations when a change adds enum values and uses one of them:
 * `before` with every added value (the first migration adds them and commits; the second makes
 * the rest of the change). Null when no added value is used, or when an enum that gains values
 * is also renamed (then `assertEnumValuesUnused` refuses the change).
 */
export function enumValuesFirst(before: Graph, after: Graph, ops: readonly Operation[]): Graph | null {
  if (firstUse(ops, after) === null) return null;
  const adds = ops.filter((op) => op.kind === "addEnumValue");
  if (!adds.every((op) => before.enums.some((e) => e.schema === op.enum.schema && e.name === op.enum.name))) return null;
  return applyOperations(before, adds);
}

/**
 * Throws UnsupportedChange when a value added by `ops` is used by another of `ops` (a planner
 * that cannot split the change in two migrations: see `enumValuesFirst`).
 */
export function assertEnumValuesUnused(ops: readonly Operation[], after: Graph): void {
  const use = firstUse(ops, after);
  if (use === null) return;
  const what =
    `value ${quoteLiteral(use.add.value)} of enum ${qualifiedKey(use.add.enum)} is added and used (${use.what} on ${qualifiedKey(use.table)}) in one migration, ` +
    "and PostgreSQL cannot use a new enum value before the transaction that adds it commits; add the value in one migration and use it in the next";
  const declared = after.enums.find((e) => e.schema === use.add.enum.schema && e.name === use.add.enum.name);
  throw new SchemacError([diagnostic("UnsupportedChange", use.op.source ?? declared?.span ?? null, what)]);
}
