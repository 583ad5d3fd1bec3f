/**
 * The operations that undo each operation; `down` is made of them. A drop's inverse is the
 * full create from the old definition (atlas): a dropped table comes back with its indexes
 * and comments (dropTable's inverse is several operations; its foreign keys come back from the
 * inverses of their own dropForeignKey operations), a dropped column with its comment (and, when
 * it is NOT NULL without a default, filled with its type's zero value: see fill-value.ts).
 */
import type { EnumType, Graph, QualifiedName } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation, OperationKind, OperationOf } from "../operations.js";
import { addColumnOperations } from "../diff/columns.js";
import { enumRebuildOperations } from "../diff/enum-rebuild.js";
import { tableExtras, tableShell } from "../diff/tables.js";
import { needsFill, zeroValue } from "./fill-value.js";

/** The graphs right before and right after an operation, computed only when an inverse asks. */
export type Surroundings = () => { readonly before: Graph; readonly after: Graph };

type Invert<K extends OperationKind> = (op: OperationOf<K>, around: Surroundings) => Operation[];

function findEnum(graph: Graph, name: QualifiedName): EnumType {
  const found = graph.enums.find((e) => e.schema === name.schema && e.name === name.name);
  if (found === undefined) throw new Error(`inverseOf: no enum ${qualifiedKey(name)}`);
  return found;
}

/**
 * A dropped column added back. One that is NOT NULL with nothing to fill existing rows is added
 * with its type's zero value as a temporary default, dropped right after (see fill-value.ts).
 */
function refilledColumn(op: OperationOf<"dropColumn">, around: Surroundings): Operation[] {
  if (!needsFill(op.column)) return addColumnOperations(op.table, op.column);
  const zero = zeroValue(op.column.type, () => around().before);
  const [add, ...comment] = addColumnOperations(op.table, { ...op.column, default: zero });
  const dropDefault: Operation = { kind: "setDefault", table: op.table, column: op.column.name, from: zero, to: null };
  return [...(add === undefined ? [] : [add]), dropDefault, ...comment];
}

const inverses: { readonly [K in OperationKind]: Invert<K> } = {
  createSchema: (op) => [{ kind: "dropSchema", schema: op.schema }],
  dropSchema: (op) => [{ kind: "createSchema", schema: op.schema }],
  createEnum: (op) => [{ kind: "dropEnum", enum: op.enum }],
  dropEnum: (op) => [{ kind: "createEnum", enum: op.enum }],
  // PostgreSQL cannot drop an enum value: the type is rebuilt without it.
  addEnumValue: (op, around) => {
    const { before, after } = around();
    return enumRebuildOperations(after, findEnum(after, op.enum), findEnum(before, op.enum));
  },
  rebuildEnum: (op) => [
    { kind: "rebuildEnum", from: op.to, to: op.from, usages: op.usages.map((u) => ({ ...u, default: u.newDefault, newDefault: u.default })) },
  ],
  createTable: (op) => [{ kind: "dropTable", table: op.table }],
  dropTable: (op) => [{ kind: "createTable", table: tableShell(op.table) }, ...tableExtras(op.table)],
  renameTable: (op) => [{ kind: "renameTable", from: { schema: op.from.schema, name: op.to }, to: op.from.name }],
  addColumn: (op) => [{ kind: "dropColumn", table: op.table, column: op.column }],
  dropColumn: (op, around) => refilledColumn(op, around),
  renameColumn: (op) => [{ kind: "renameColumn", table: op.table, from: op.to, to: op.from }],
  renameSchema: (op) => [{ kind: "renameSchema", from: op.to, to: op.from }],
  renameEnum: (op) => [{ kind: "renameEnum", from: { schema: op.from.schema, name: op.to }, to: op.from.name }],
  renameEnumValue: (op) => [{ kind: "renameEnumValue", enum: op.enum, from: op.to, to: op.from }],
  renameConstraint: (op) => [{ kind: "renameConstraint", table: op.table, constraint: op.constraint, from: op.to, to: op.from }],
  renameIndex: (op) => [{ kind: "renameIndex", table: op.table, from: op.to, to: op.from }],
  renameSequence: (op) => [{ kind: "renameSequence", table: op.table, column: op.column, from: op.to, to: op.from }],
  alterColumnType: (op) => [
    {
      kind: "alterColumnType",
      table: op.table,
      column: op.column,
      from: op.to,
      to: op.from,
      using: op.reverseUsing,
      reverseUsing: op.using,
      toCollation: op.fromCollation ?? null,
      fromCollation: op.toCollation ?? null,
    },
  ],
  // PostgreSQL 15 cannot make a plain column generated: it is dropped and added back generated.
  dropExpression: (op) => [{ kind: "dropColumn", table: op.table, column: { ...op.column, generated: null } }, ...addColumnOperations(op.table, op.column)],
  setNotNull: (op) => [{ kind: "dropNotNull", table: op.table, column: op.column }],
  dropNotNull: (op) => [{ kind: "setNotNull", table: op.table, column: op.column }],
  setDefault: (op) => [{ kind: "setDefault", table: op.table, column: op.column, from: op.to, to: op.from }],
  setIdentity: (op) => [{ kind: "setIdentity", table: op.table, column: op.column, from: op.to, to: op.from }],
  createSequence: (op) => [{ kind: "dropSequence", table: op.table, column: op.column, sequence: op.sequence, type: op.type }],
  dropSequence: (op) => [{ kind: "createSequence", table: op.table, column: op.column, sequence: op.sequence, type: op.type }],
  addPrimaryKey: (op) => [{ kind: "dropPrimaryKey", table: op.table, primaryKey: op.primaryKey }],
  dropPrimaryKey: (op) => [{ kind: "addPrimaryKey", table: op.table, primaryKey: op.primaryKey }],
  addUnique: (op) => [{ kind: "dropUnique", table: op.table, unique: op.unique }],
  dropUnique: (op) => [{ kind: "addUnique", table: op.table, unique: op.unique }],
  addCheck: (op) => [{ kind: "dropCheck", table: op.table, check: op.check }],
  // The temporary check of an online SET NOT NULL comes back NOT VALID, as the migration before left it.
  dropCheck: (op) => [{ kind: "addCheck", table: op.table, check: op.check, ...(op.online === true ? { online: true as const } : {}) }],
  addForeignKey: (op) => [{ kind: "dropForeignKey", table: op.table, foreignKey: op.foreignKey }],
  dropForeignKey: (op) => [{ kind: "addForeignKey", table: op.table, foreignKey: op.foreignKey }],
  // Nothing to undo in the schema: PostgreSQL cannot mark a constraint NOT VALID again, and need not.
  validateConstraint: () => [],
  // An index built CONCURRENTLY is dropped CONCURRENTLY by down, and the other way round.
  createIndex: (op) => [{ kind: "dropIndex", table: op.table, index: op.index, ...(op.online === true ? { online: true as const } : {}) }],
  dropIndex: (op) => [{ kind: "createIndex", table: op.table, index: op.index, ...(op.online === true ? { online: true as const } : {}) }],
  setTableComment: (op) => [{ kind: "setTableComment", table: op.table, from: op.to, to: op.from }],
  setColumnComment: (op) => [{ kind: "setColumnComment", table: op.table, column: op.column, from: op.to, to: op.from }],
};

/**
 * The operations that undo `op`. `before` and `after` are the graphs right before and right
 * after `op` in the plan (not the migration's ends): an added enum value is undone by a
 * rebuild whose value list and column usages are those of that very moment, which is when
 * `down` runs it.
 */
export function inverseOf(op: Operation, around: Surroundings): Operation[] {
  return (inverses[op.kind] as Invert<OperationKind>)(op as OperationOf<OperationKind>, around);
}
