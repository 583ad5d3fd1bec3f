/**
 * Orders operations so that each runs after what it depends on: schemas and enum types (and
 * new enum values) first; then drops of dependents before what they depend on (foreign keys,
 * indexes, constraints, columns, tables); then creates and alters; enums and schemas are
 * dropped once nothing uses them; keys and indexes are added once columns exist, and foreign
 * keys after every table exists, so cycles between modules work; comments last. Ties go by
 * qualified name, then by the diff's own (deterministic) order, never by hash order.
 */
import { qualifiedKey } from "../graph.js";
import type { Operation, OperationKind } from "../operations.js";
import { assertNever } from "../operations.js";
import { compareText } from "../diff/keyed.js";

/** Phase of each kind; lower runs first. */
const rank: Record<OperationKind, number> = {
  // Renames come first, so that drops and creates meet the new names (the diff compares the
  // snapshot translated to them) and a new object may take a renamed one's old name.
  renameSchema: -3,
  renameEnum: -2,
  renameEnumValue: -1,
  createSchema: 0,
  createEnum: 1,
  addEnumValue: 2,
  renameTable: 3,
  renameColumn: 4,
  renameConstraint: 4.25,
  renameIndex: 4.5,
  renameSequence: 4.75,
  dropForeignKey: 5,
  dropIndex: 6,
  dropPrimaryKey: 7,
  dropUnique: 7,
  dropCheck: 7,
  dropColumn: 8,
  dropTable: 9,
  // After the drops (a dropped column needs no converting) and before new tables and columns,
  // which are created with the new type.
  rebuildEnum: 9.5,
  createTable: 10,
  addColumn: 12,
  // Column alterations share one phase; `alterStep` orders them within it.
  setDefault: 13,
  dropNotNull: 13,
  alterColumnType: 13,
  dropExpression: 13,
  setNotNull: 13,
  setIdentity: 13,
  // A serial's sequence is created and dropped among its column's alterations (see alterStep).
  createSequence: 13,
  dropSequence: 13,
  dropEnum: 15,
  dropSchema: 16,
  addPrimaryKey: 17,
  addUnique: 18,
  addCheck: 19,
  createIndex: 20,
  addForeignKey: 21,
  // Only `build --online` writes it, in a migration of its own (plan/online.ts), after the adds.
  validateConstraint: 21.5,
  setTableComment: 22,
  setColumnComment: 23,
};

/**
 * Within the alteration phase: a generated expression is dropped first (a generated column
 * takes no default, type change or identity), then an identity (PostgreSQL refuses DROP NOT
 * NULL, SET DEFAULT and a non-integer type on an identity column); defaults are dropped before
 * a type change (PostgreSQL would cast them) and set after it, NOT NULL is dropped before and
 * set after, an identity is added or changed last (it needs NOT NULL, no default and the new
 * type). A serial's sequence is dropped once the default that calls it is, before an identity
 * is added (which would otherwise name its own sequence `t_id_seq1`), and created after an
 * identity is dropped (which frees the name `t_id_seq`) and the type changed, before the
 * `nextval` default is set. Each rule read backwards holds for `down`, which runs the inverses
 * in reverse.
 */
function alterStep(op: Operation): number {
  switch (op.kind) {
    case "dropExpression":
      return -2;
    case "setDefault":
      return op.to === null ? 0 : 3;
    case "dropNotNull":
      return 1;
    case "alterColumnType":
      return 2;
    case "dropSequence":
      return 0.5;
    case "createSequence":
      return 2.5;
    case "setNotNull":
      return 4;
    case "setIdentity":
      return op.to === null ? -1 : 5;
    default:
      return 0;
  }
}

/** The name an operation sorts by among operations of the same phase. */
export function operationKey(op: Operation): string {
  switch (op.kind) {
    case "createSchema":
    case "dropSchema":
      return op.schema.name;
    case "createEnum":
    case "dropEnum":
      return qualifiedKey(op.enum);
    case "addEnumValue":
      return qualifiedKey(op.enum);
    case "rebuildEnum":
      return qualifiedKey(op.from);
    case "createTable":
    case "dropTable":
      return qualifiedKey(op.table);
    case "renameTable":
    case "renameEnum":
      return qualifiedKey(op.from);
    case "renameSchema":
      return op.from;
    case "renameEnumValue":
      return qualifiedKey(op.enum);
    case "renameConstraint":
    case "renameIndex":
      return `${qualifiedKey(op.table)} ${op.from}`;
    case "validateConstraint":
      return `${qualifiedKey(op.table)} ${op.name}`;
    case "addPrimaryKey":
    case "dropPrimaryKey":
      return `${qualifiedKey(op.table)} ${op.primaryKey.name}`;
    case "addUnique":
    case "dropUnique":
      return `${qualifiedKey(op.table)} ${op.unique.name}`;
    case "addCheck":
    case "dropCheck":
      return `${qualifiedKey(op.table)} ${op.check.name}`;
    case "addForeignKey":
    case "dropForeignKey":
      return `${qualifiedKey(op.table)} ${op.foreignKey.name}`;
    case "createIndex":
    case "dropIndex":
      return `${qualifiedKey(op.table)} ${op.index.name}`;
    case "addColumn":
    case "dropColumn":
    case "renameColumn":
    case "renameSequence":
    case "alterColumnType":
    case "dropExpression":
    case "setNotNull":
    case "dropNotNull":
    case "setDefault":
    case "setIdentity":
    case "createSequence":
    case "dropSequence":
    case "setTableComment":
    case "setColumnComment":
      // Column operations keep the diff's order within a table (declaration order).
      return qualifiedKey(op.table);
    default:
      return assertNever(op);
  }
}

/**
 * An operation's phase. A generated column is added after the alterations, so that it reads
 * columns of their new types (PostgreSQL refuses to change the type of a column one reads).
 */
function rankOf(op: Operation): number {
  return op.kind === "addColumn" && op.column.generated !== null ? 13.5 : rank[op.kind];
}

/** Returns the operations in dependency order (a stable sort: deterministic for a given diff). */
export function orderOperations(ops: readonly Operation[]): Operation[] {
  // Rank, step and key made once per operation, not once per comparison (a first build sorts tens of thousands).
  return ops
    .map((op, index) => ({ op, index, rank: rankOf(op), step: alterStep(op), key: operationKey(op) }))
    .sort((a, b) => a.rank - b.rank || a.step - b.step || compareText(a.key, b.key) || a.index - b.index)
    .map((entry) => entry.op);
}
