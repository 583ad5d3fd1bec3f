/**
 * Rows for the property round trips: two rows per table of the `before` model (ids 1 and 2, one
 * value per column from its slot, foreign keys pointing at the same id of their target), read
 * back as text per column, and compared after `up` and after `down` except where the plan
 * declares data loss.
 */
import type { Database } from "../../compiler/db/connection.js";
import type { Graph, Table } from "../../compiler/graph.js";
import { qualifiedKey } from "../../compiler/graph.js";
import type { Plan } from "../../compiler/operations.js";
import { quoteIdentifier } from "../../compiler/quote.js";
import { columnName, idKinds, presentColumns, repairModel, schemaName, slots, tableKey, tableName, tableNames, type ModelSpec, type SlotName, type TypeChoice } from "./model-spec.js";

/** Values read back: table key → column → the two rows' values as text (ordered by id). */
export type RowValues = ReadonlyMap<string, ReadonlyMap<string, readonly (string | null)[]>>;

function tableSql(model: ModelSpec, index: number): string {
  return `${quoteIdentifier(schemaName(model, index))}.${quoteIdentifier(tableName(model, index))}`;
}

/**
 * The value a row holds in a column: the type's, except that the second row of a mood column
 * holds sad (or blue, its other name), so that a renamed enum value is followed in the rows.
 */
function valueOf(model: ModelSpec, type: TypeChoice, row: number): string {
  const sad = model.sadRenamed ? "'blue'" : "'sad'";
  if (row === 1 && type.dsl === "mood()") return sad;
  if (row === 1 && type.dsl === "mood().array()") return `'{ok,${sad.slice(1, -1)}}'`;
  return type.values[row] as string;
}

/**
 * The statements that fill every table of `spec` except those in `skip` (keys as `qualifiedKey`
 * spells them, before or after the change): the rows, then the foreign keys set where the
 * target has rows.
 */
export function insertRowsSql(spec: ModelSpec, after: ModelSpec, skip: ReadonlySet<string>): string[] {
  const model = repairModel(spec);
  const next = repairModel(after);
  const skipped = (i: number): boolean => skip.has(tableKey(model, i)) || skip.has(tableKey(next, i));
  const inserts: string[] = [];
  const updates: string[] = [];
  model.tables.forEach((table, i) => {
    if (!table.present || skipped(i)) return;
    const columns = presentColumns(table).filter((c) => c.type.generated !== true);
    const names = ["id", ...columns.map((c) => quoteIdentifier(c.name))];
    const always = (idKinds[table.id % idKinds.length]?.dsl ?? "").includes('"always"');
    const values = [0, 1].map((row) => `(${[String(row + 1), ...columns.map((c) => valueOf(model, c.type, row))].join(", ")})`);
    inserts.push(`INSERT INTO ${tableSql(model, i)} (${names.join(", ")})${always ? " OVERRIDING SYSTEM VALUE" : ""} VALUES ${values.join(", ")}`);
    const target = table.references;
    if (target >= 0 && !skipped(target)) updates.push(`UPDATE ${tableSql(model, i)} SET ref_${tableNames[target]} = id`);
  });
  return [...inserts, ...updates];
}

/** A value as the driver returns it, as text (pg-mem returns dates, buffers and JSON as objects). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * Reads every column of every table of `graph` as text, ordered by id: cast by PostgreSQL, or
 * on pg-mem (which cannot cast every type to text) as the driver returns it, made text.
 */
export async function readRows(db: Database, graph: Graph): Promise<RowValues> {
  const values = new Map<string, Map<string, (string | null)[]>>();
  const cast = db.kind === "postgres" ? "::text" : "";
  for (const table of graph.tables) {
    const columns = table.columns.map((c) => c.name);
    const select = columns.map((c, i) => `${quoteIdentifier(c)}${cast} AS c${i}`).join(", ");
    const { rows } = await db.query(`SELECT ${select} FROM ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)} ORDER BY id`);
    const byColumn = new Map<string, (string | null)[]>();
    columns.forEach((c, i) => byColumn.set(c, rows.map((r) => asText(r[`c${i}`]))));
    values.set(qualifiedKey(table), byColumn);
  }
  return values;
}

/** What the plan declares it may lose: whole tables, and columns as `table.column`. */
export interface DeclaredLoss {
  readonly tables: ReadonlySet<string>;
  readonly columns: ReadonlySet<string>;
}

/** The tables and columns whose data the plan's data-loss operations may lose. */
export function declaredLoss(plan: Plan): DeclaredLoss {
  const tables = new Set<string>();
  const columns = new Set<string>();
  for (const { operation: op, hazard } of plan.operations) {
    if (hazard !== "data-loss") continue;
    if (op.kind === "dropTable") tables.add(qualifiedKey(op.table));
    else if (op.kind === "dropColumn") columns.add(`${qualifiedKey(op.table)}.${op.column.name}`);
    else if (op.kind === "alterColumnType") columns.add(`${qualifiedKey(op.table)}.${op.column}`);
    else if (op.kind === "rebuildEnum") for (const u of op.usages) columns.add(`${qualifiedKey(u.table)}.${u.column}`);
  }
  return { tables, columns };
}

/** Where a table and a column of the later model were in the earlier one (renames), keyed as `qualifiedKey` spells them. */
export interface FormerNames {
  readonly tables: ReadonlyMap<string, string>;
  readonly columns: ReadonlyMap<string, string>;
  /** Renamed enum values: new label → old label. */
  readonly values: ReadonlyMap<string, string>;
}

/** The former names of the tables and columns `after` renames (it declares their hints). */
export function formerNames(beforeSpec: ModelSpec, afterSpec: ModelSpec): FormerNames {
  const before = repairModel(beforeSpec);
  const after = repairModel(afterSpec);
  const tables = new Map<string, string>();
  const columns = new Map<string, string>();
  before.tables.forEach((old, i) => {
    const now = after.tables[i];
    if (!old.present) return;
    if (now?.present !== true) {
      // A dropped table is dropped after its schema is renamed: under the new schema's name.
      tables.set(`${schemaName(after, i)}.${tableName(before, i)}`, tableKey(before, i));
      return;
    }
    tables.set(tableKey(after, i), tableKey(before, i));
    for (const slot of Object.keys(slots) as SlotName[]) {
      if (slots[slot].named || !old.columns[slot].present || !now.columns[slot].present) continue;
      columns.set(`${tableKey(after, i)}.${columnName(slot, now.columns[slot])}`, columnName(slot, old.columns[slot]));
    }
  });
  const values = new Map<string, string>();
  if (before.mood >= 0 && after.mood >= 0 && before.sadRenamed !== after.sadRenamed) values.set(after.sadRenamed ? "blue" : "sad", after.sadRenamed ? "sad" : "blue");
  return { tables, columns, values };
}

/** A value read after the change, with renamed enum labels spelled as before (`{ok,blue}` → `{ok,sad}`). */
function withFormerLabels(value: string | null, renames: FormerNames): string | null {
  if (value === null || renames.values.size === 0) return value;
  return value.replace(/[A-Za-z_]+/g, (word) => renames.values.get(word) ?? word);
}

function columnType(table: Table, column: string): string {
  return JSON.stringify(table.columns.find((c) => c.name === column)?.type ?? null);
}

/** True when `loss` names the table or column under its name before or after the change. */
function isLost(loss: DeclaredLoss, renames: FormerNames, before: string, column: string | null): boolean {
  const after = [...renames.tables].find(([, was]) => was === before)?.[0] ?? before;
  if (loss.tables.has(before) || loss.tables.has(after)) return true;
  if (column === null) return false;
  const renamed = [...renames.columns].find(([key, was]) => was === column && key.startsWith(`${after}.`))?.[0].slice(after.length + 1) ?? column;
  return loss.columns.has(`${before}.${column}`) || loss.columns.has(`${after}.${renamed}`);
}

/**
 * The first value that changed between `start` (read from the `before` tables) and `now` (read
 * from the tables of `graph`: `before` itself, or the model after the change whose renamed
 * tables and columns `renames` maps back), in words, or null. Compares the columns of tables
 * in both whose type is the same in both, except what `loss` declares (under either name).
 */
export function rowsDifference(start: RowValues, now: RowValues, before: Graph, graph: Graph, loss: DeclaredLoss, renames: FormerNames): string | null {
  const isAfter = graph !== before;
  for (const table of graph.tables) {
    const key = qualifiedKey(table);
    const formerKey = isAfter ? (renames.tables.get(key) ?? key) : key;
    const old = before.tables.find((t) => qualifiedKey(t) === formerKey);
    const had = start.get(formerKey);
    const has = now.get(key);
    if (old === undefined || had === undefined || has === undefined || isLost(loss, renames, formerKey, null)) continue;
    for (const column of table.columns) {
      const former = isAfter ? (renames.columns.get(`${key}.${column.name}`) ?? column.name) : column.name;
      const values = had.get(former);
      const current = has.get(column.name);
      if (values === undefined || current === undefined || isLost(loss, renames, formerKey, former)) continue;
      if (columnType(old, former) !== columnType(table, column.name)) continue;
      const enumTyped = old.columns.find((c) => c.name === former)?.type.kind === "enum";
      const seen = isAfter && enumTyped ? current.map((v) => withFormerLabels(v, renames)) : current;
      if (JSON.stringify(values) !== JSON.stringify(seen)) {
        return `rows of ${key}.${column.name}${former === column.name ? "" : ` (was ${formerKey}.${former})`}: ${JSON.stringify(values)} became ${JSON.stringify(current)}`;
      }
    }
  }
  return null;
}
