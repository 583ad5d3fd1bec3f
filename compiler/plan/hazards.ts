/**
 * The hazard of each operation on a database that holds data, decided from the operation and
 * the two graphs (never from SQL text): `data-loss` (drops, narrowing type changes, removed
 * enum values, dropped sequences) or `blocking` (table rewrites and long ACCESS EXCLUSIVE /
 * SHARE locks on a table that already exists).
 */
import type { Column, Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Hazard, Operation } from "../operations.js";
import { assertNever } from "../operations.js";
import { formatColumnType } from "../type-names.js";
import { isSameType, narrowingReason, rewritesTable } from "../diff/type-changes.js";

/** A hazard and the reason shown beside it in the plan. */
export interface HazardInfo {
  readonly hazard: Hazard | null;
  readonly reason: string | null;
}

const none: HazardInfo = { hazard: null, reason: null };

/** The qualified names of a table list, built once per list (a plan asks once per operation). */
const tableKeys = new WeakMap<readonly Table[], ReadonlySet<string>>();

function exists(graph: Graph, table: QualifiedName): boolean {
  let keys = tableKeys.get(graph.tables);
  if (keys === undefined) {
    keys = new Set(graph.tables.map(qualifiedKey));
    tableKeys.set(graph.tables, keys);
  }
  return keys.has(qualifiedKey(table));
}

/**
 * Functions whose value changes per row: a column added with such a default makes PostgreSQL
 * rewrite the table (a non-volatile default is stored once in the catalog since PostgreSQL 11).
 */
const volatileFunction = /\b(gen_random_uuid|uuid_generate_v[14]|random|nextval|clock_timestamp|timeofday|txid_current|setseed)\s*\(/i;

function addColumnHazard(column: Column, table: string): HazardInfo {
  if (column.generated !== null) return { hazard: "blocking", reason: `computes generated column ${table}.${column.name} for every row (table rewrite)` };
  if (column.identity !== null || column.sequence !== null) {
    return { hazard: "blocking", reason: `fills ${table}.${column.name} from a sequence for every row (table rewrite)` };
  }
  if (column.default !== null && volatileFunction.test(column.default)) {
    return { hazard: "blocking", reason: `volatile default of ${table}.${column.name} rewrites the table` };
  }
  return none;
}

function typeChangeHazard(op: Extract<Operation, { kind: "alterColumnType" }>): HazardInfo {
  const name = `${qualifiedKey(op.table)}.${op.column}`;
  if (isSameType(op.from, op.to)) {
    return { hazard: "blocking", reason: `changes the collation of ${name}: rebuilds its indexes under an ACCESS EXCLUSIVE lock` };
  }
  const change = `${formatColumnType(op.from)} to ${formatColumnType(op.to)}`;
  const narrowing = narrowingReason(op.from, op.to);
  if (narrowing !== null) return { hazard: "data-loss", reason: `changes ${name} from ${change}: ${narrowing}` };
  if (op.using !== null || rewritesTable(op.from, op.to)) {
    return { hazard: "blocking", reason: `changes ${name} from ${change}: rewrites the table under an ACCESS EXCLUSIVE lock` };
  }
  return none;
}

/** Hazard when `op` runs on a table that existed before the migration; none on a new one. */
function onExisting(before: Graph, table: QualifiedName, reason: string): HazardInfo {
  return exists(before, table) ? { hazard: "blocking", reason } : none;
}

/** Classifies one operation of the plan from `before` to `after`. */
export function hazardOf(op: Operation, before: Graph, _after: Graph): HazardInfo {
  switch (op.kind) {
    case "dropTable":
      return { hazard: "data-loss", reason: `drops table ${qualifiedKey(op.table)}` };
    case "dropColumn":
      return { hazard: "data-loss", reason: `drops column ${qualifiedKey(op.table)}.${op.column.name}` };
    case "dropSequence":
      return { hazard: "data-loss", reason: `drops sequence ${op.sequence} (its current value is lost)` };
    case "rebuildEnum": {
      const removed = op.from.values.filter((v) => !op.to.values.includes(v));
      if (removed.length > 0) return { hazard: "data-loss", reason: `removes value(s) ${removed.join(", ")} of enum ${qualifiedKey(op.from)}` };
      return op.usages.length > 0 ? { hazard: "blocking", reason: `rewrites every column of enum ${qualifiedKey(op.from)}` } : none;
    }
    case "alterColumnType":
      return exists(before, op.table) ? typeChangeHazard(op) : none;
    case "dropExpression":
      return none;
    case "addColumn":
      return exists(before, op.table) ? addColumnHazard(op.column, qualifiedKey(op.table)) : none;
    case "setNotNull":
      return onExisting(before, op.table, `scans ${qualifiedKey(op.table)} under an ACCESS EXCLUSIVE lock to check ${op.column} has no nulls`);
    case "createIndex":
      return onExisting(before, op.table, `builds index ${op.index.name} without CONCURRENTLY, blocking writes to ${qualifiedKey(op.table)}`);
    case "addForeignKey":
      return onExisting(before, op.table, `validates foreign key ${op.foreignKey.name} over every row of ${qualifiedKey(op.table)}`);
    case "addCheck":
      return onExisting(before, op.table, `validates check ${op.check.name} over every row of ${qualifiedKey(op.table)}`);
    case "addUnique":
      return onExisting(before, op.table, `builds the index of unique ${op.unique.name}, blocking writes to ${qualifiedKey(op.table)}`);
    case "addPrimaryKey":
      return onExisting(before, op.table, `builds the index of primary key ${op.primaryKey.name}, blocking writes to ${qualifiedKey(op.table)}`);
    case "createSchema":
    case "dropSchema":
    case "createEnum":
    case "dropEnum":
    case "addEnumValue":
    case "createTable":
    case "renameTable":
    case "renameColumn":
    case "renameSchema":
    case "renameEnum":
    case "renameEnumValue":
    case "renameConstraint":
    case "renameIndex":
    case "renameSequence":
    case "dropNotNull":
    case "setDefault":
    case "setIdentity":
    case "createSequence":
    case "dropPrimaryKey":
    case "dropUnique":
    case "dropCheck":
    case "dropForeignKey":
    case "dropIndex":
    case "setTableComment":
    case "setColumnComment":
      return none;
    default:
      return assertNever(op);
  }
}
