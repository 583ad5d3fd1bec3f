/**
 * The hazards of each operation on a database that holds data, from the closed set of
 * `HazardType` (codes SC7xxx in codes.ts), decided from the operation and the graph before the
 * migration, never from SQL text. A change to a table that did not exist before the migration
 * has none: nothing reads it yet and it holds no rows. An operation written in its online form
 * (`online: true`) has the hazards of that form, not of the plain one.
 */
import type { Column, Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Hazard, HazardType, Operation } from "../operations.js";
import { assertNever } from "../operations.js";
import { formatColumnType } from "../type-names.js";
import { isSameType, narrowingReason, rewritesTable } from "../diff/type-changes.js";

const none: readonly Hazard[] = [];

/**
 * Where an operation runs, as its hazards need it: whether a table existed before the migration
 * (under the name the renames run so far gave it) and whether it remains at the end.
 */
export interface HazardScope {
  existed(table: QualifiedName): boolean;
  remains(table: QualifiedName): boolean;
}

/** The qualified names of a table list, built once per list (a plan asks once per operation). */
const tableKeys = new WeakMap<readonly Table[], ReadonlySet<string>>();

function keysOf(graph: Graph): ReadonlySet<string> {
  let keys = tableKeys.get(graph.tables);
  if (keys === undefined) {
    keys = new Set(graph.tables.map(qualifiedKey));
    tableKeys.set(graph.tables, keys);
  }
  return keys;
}

/** A table's key after one operation: a table or schema rename moves it, nothing else does. */
function renamedKey(key: string, op: Operation): string {
  if (op.kind === "renameTable") return key === qualifiedKey(op.from) ? qualifiedKey({ schema: op.from.schema, name: op.to }) : key;
  if (op.kind === "renameSchema" && key.startsWith(`${op.from}.`)) return `${op.to}.${key.slice(op.from.length + 1)}`;
  return key;
}

const hazard = (type: HazardType, reason: string): Hazard => ({ type, reason });

/**
 * Functions whose value changes per row: a column added with such a default makes PostgreSQL
 * rewrite the table (a non-volatile default is stored once in the catalog since PostgreSQL 11).
 */
const volatileFunction = /\b(gen_random_uuid|uuid_generate_v[14]|random|nextval|clock_timestamp|timeofday|txid_current|setseed)\s*\(/i;

function addColumnHazards(column: Column, table: string): readonly Hazard[] {
  const name = `${table}.${column.name}`;
  if (column.generated !== null) return [hazard("table-rewrite", `computes generated column ${name} for every row of ${table}`)];
  if (column.identity !== null || column.sequence !== null) {
    return [hazard("table-rewrite", `fills ${name} from a sequence for every row of ${table}`)];
  }
  if (column.default !== null && volatileFunction.test(column.default)) {
    return [hazard("volatile-default", `computes the default ${column.default} of ${name} for every row of ${table}`)];
  }
  if (column.notNull && column.default === null) {
    return [hazard("not-null-without-default", `adds ${name} NOT NULL without a default: fails as soon as ${table} holds a row`)];
  }
  return none;
}

function typeChangeHazards(op: Extract<Operation, { kind: "alterColumnType" }>): readonly Hazard[] {
  const name = `${qualifiedKey(op.table)}.${op.column}`;
  if (isSameType(op.from, op.to)) {
    return [hazard("index-build", `changes the collation of ${name}: rebuilds its indexes under ACCESS EXCLUSIVE on ${qualifiedKey(op.table)}`)];
  }
  const change = `changes ${name} from ${formatColumnType(op.from)} to ${formatColumnType(op.to)}`;
  const found: Hazard[] = [];
  const narrowing = narrowingReason(op.from, op.to);
  if (narrowing !== null) found.push(hazard("data-loss", `${change}: ${narrowing}`));
  if (op.using !== null || rewritesTable(op.from, op.to)) found.push(hazard("table-rewrite", `${change}: rewrites ${qualifiedKey(op.table)}`));
  return found;
}

function rebuildEnumHazards(op: Extract<Operation, { kind: "rebuildEnum" }>, scope: HazardScope): readonly Hazard[] {
  const found: Hazard[] = [];
  const removed = op.from.values.filter((v) => !op.to.values.includes(v));
  if (removed.length > 0) found.push(hazard("data-loss", `removes value(s) ${removed.join(", ")} of enum ${qualifiedKey(op.from)}`));
  const tables = [...new Set(op.usages.filter((u) => scope.existed(u.table)).map((u) => qualifiedKey(u.table)))];
  if (tables.length > 0) found.push(hazard("table-rewrite", `converts every column of enum ${qualifiedKey(op.from)} to the new type, rewriting ${tables.join(", ")}`));
  return found;
}

function foreignKeyHazards(op: Extract<Operation, { kind: "addForeignKey" }>): readonly Hazard[] {
  const fk = op.foreignKey;
  if (op.online === true) return none;
  return [hazard("validation-scan", `validates foreign key ${fk.name} over every row of ${qualifiedKey(op.table)} under SHARE ROW EXCLUSIVE on it and ${qualifiedKey(fk.references)}`)];
}

/** Hazards of operations on a table that existed before the migration. */
function onExistingTable(op: Operation, scope: HazardScope): readonly Hazard[] {
  if (!("table" in op) || !scope.existed(op.table)) return none;
  const table = qualifiedKey(op.table);
  switch (op.kind) {
    case "alterColumnType":
      return typeChangeHazards(op);
    case "addColumn":
      return addColumnHazards(op.column, table);
    case "setNotNull":
      return op.online === true ? none : [hazard("validation-scan", `scans ${table} under ACCESS EXCLUSIVE to check that ${op.column} has no nulls`)];
    case "createIndex":
      return op.online === true ? none : [hazard("index-build", `builds index ${op.index.name} without CONCURRENTLY: writes to ${table} wait for the whole build`)];
    case "dropIndex":
      // An index dropped with its table (in down files) goes with the table's own drop.
      if (!scope.remains(op.table)) return none;
      return op.online === true ? none : [hazard("access-exclusive-lock", `drops index ${op.index.name} under ACCESS EXCLUSIVE on ${table}`)];
    case "addForeignKey":
      return foreignKeyHazards(op);
    case "addCheck":
      return op.online === true ? none : [hazard("validation-scan", `validates check ${op.check.name} over every row of ${table} under ACCESS EXCLUSIVE`)];
    case "addUnique":
      return op.online === true ? none : [hazard("index-build", `builds the index of unique ${op.unique.name} under ACCESS EXCLUSIVE on ${table}`)];
    case "addPrimaryKey":
      return op.online === true ? none : [hazard("index-build", `builds the index of primary key ${op.primaryKey.name} under ACCESS EXCLUSIVE on ${table}`)];
    default:
      return none;
  }
}

/**
 * The hazards of every operation of `ops`, run in order from `before` to `after` (when `after` is
 * not known, every table is taken to remain). Table and schema renames are followed, so a change
 * to a renamed table is judged as the change to an existing table that it is.
 */
export function hazardsOfAll(ops: readonly Operation[], before: Graph, after?: Graph): (readonly Hazard[])[] {
  let existing = keysOf(before);
  const atEnd = after === undefined ? null : keysOf(after);
  // Only renames move a key: `remains` follows those after the operation, not every operation
  // after it (a first build's down file drops thousands of indexes before their tables).
  const renames = ops.flatMap((op, i) => (op.kind === "renameTable" || op.kind === "renameSchema" ? [{ op, i }] : []));
  // One scope for every operation, pointed at the current one (`at`): hazardsOf keeps no scope.
  let at = 0;
  const scope: HazardScope = {
    existed: (table) => existing.size > 0 && existing.has(qualifiedKey(table)),
    remains: (table) => atEnd === null || atEnd.has(renames.reduce((key, r) => (r.i > at ? renamedKey(key, r.op) : key), qualifiedKey(table))),
  };
  const hazards: (readonly Hazard[])[] = [];
  for (; at < ops.length; at++) {
    const op = ops[at] as Operation;
    hazards.push(hazardsOf(op, scope));
    if (op.kind === "renameTable" || op.kind === "renameSchema") existing = new Set([...existing].map((key) => renamedKey(key, op)));
  }
  return hazards;
}

/** The hazards of one operation in its scope (see `hazardsOfAll`, which makes the scope). */
function hazardsOf(op: Operation, scope: HazardScope): readonly Hazard[] {
  switch (op.kind) {
    case "dropTable":
      return [hazard("data-loss", `drops table ${qualifiedKey(op.table)}`)];
    case "dropColumn":
      return [hazard("data-loss", `drops column ${qualifiedKey(op.table)}.${op.column.name}`)];
    case "dropSequence":
      return [hazard("data-loss", `drops sequence ${op.sequence} (its current value is lost)`)];
    case "rebuildEnum":
      return rebuildEnumHazards(op, scope);
    case "alterColumnType":
    case "addColumn":
    case "setNotNull":
    case "createIndex":
    case "dropIndex":
    case "addForeignKey":
    case "addCheck":
    case "addUnique":
    case "addPrimaryKey":
      return onExistingTable(op, scope);
    case "createSchema":
    case "dropSchema":
    case "createEnum":
    case "dropEnum":
    case "addEnumValue":
    case "createTable":
    case "renameTable":
    case "renameColumn":
    case "dropExpression":
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
    // VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.
    case "validateConstraint":
    case "setTableComment":
    case "setColumnComment":
      return none;
    default:
      return assertNever(op);
  }
}
