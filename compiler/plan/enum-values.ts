/**
 * PostgreSQL (12+) runs `ALTER TYPE ... ADD VALUE` inside a transaction, but the new value
 * cannot be used (cast from a literal, e.g. in a default or a check) until that transaction
 * commits ("unsafe use of new value"). Migrations run in one transaction (and must run under
 * `psql -1`), so a `-- schemac:no-transaction` file would not help either: a migration that
 * adds a value and uses it is refused, and the user splits it in two.
 */
import type { Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
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

/** Throws UnsupportedChange when a value added by `ops` is used by another of `ops`. */
export function assertEnumValuesUnused(ops: readonly Operation[], after: Graph): void {
  for (const add of ops) {
    if (add.kind !== "addEnumValue") continue;
    const literal = quoteLiteral(add.value);
    for (const op of ops) {
      for (const e of expressionsOf(op)) {
        const table = after.tables.find((t) => t.schema === e.table.schema && t.name === e.table.name);
        if (!e.text.includes(literal) || !usesEnum(table, add.enum)) continue;
        const what =
          `value ${literal} of enum ${qualifiedKey(add.enum)} is added and used (${e.what} on ${qualifiedKey(e.table)}) in one migration, ` +
          "and PostgreSQL cannot use a new enum value before the transaction that adds it commits; add the value in one migration and use it in the next";
        throw new SchemacError([diagnostic("UnsupportedChange", op.source ?? null, what)]);
      }
    }
  }
}
