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
import { idKinds, presentColumns, repairModel, tableNames, type ModelSpec } from "./model-spec.js";

/** Values read back: table key → column → the two rows' values as text (ordered by id). */
export type RowValues = ReadonlyMap<string, ReadonlyMap<string, readonly (string | null)[]>>;

function tableSql(index: number): string {
  return index === 2 ? `aux.${tableNames[index]}` : (tableNames[index] as string);
}

/** The key `qualifiedKey` gives the table of a spec. */
function tableKey(index: number): string {
  return index === 2 ? `aux.${tableNames[index]}` : `public.${tableNames[index]}`;
}

/**
 * The statements that fill every table of `model` except those in `skip` (keys as
 * `qualifiedKey` spells them): the rows, then the foreign keys set where the target has rows.
 */
export function insertRowsSql(spec: ModelSpec, skip: ReadonlySet<string>): string[] {
  const model = repairModel(spec);
  const inserts: string[] = [];
  const updates: string[] = [];
  model.tables.forEach((table, i) => {
    if (!table.present || skip.has(tableKey(i))) return;
    const columns = presentColumns(table).filter((c) => c.type.generated !== true);
    const names = ["id", ...columns.map((c) => quoteIdentifier(c.name))];
    const always = (idKinds[table.id % idKinds.length]?.dsl ?? "").includes('"always"');
    const values = [0, 1].map((row) => `(${[String(row + 1), ...columns.map((c) => c.type.values[row] as string)].join(", ")})`);
    inserts.push(`INSERT INTO ${tableSql(i)} (${names.join(", ")})${always ? " OVERRIDING SYSTEM VALUE" : ""} VALUES ${values.join(", ")}`);
    const target = table.references;
    if (target >= 0 && !skip.has(tableKey(target))) updates.push(`UPDATE ${tableSql(i)} SET ref_${tableNames[target]} = id`);
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

function sameType(a: Table, b: Table, column: string): boolean {
  const type = (t: Table): string => JSON.stringify(t.columns.find((c) => c.name === column)?.type ?? null);
  return type(a) === type(b);
}

/**
 * The first value that changed between `start` (read from the `before` tables) and `now` (read
 * from the tables of `graph`), in words, or null. Compares the columns of tables in both whose
 * type is the same in `graph` and in `before`, except what `loss` declares.
 */
export function rowsDifference(start: RowValues, now: RowValues, before: Graph, graph: Graph, loss: DeclaredLoss): string | null {
  for (const table of graph.tables) {
    const key = qualifiedKey(table);
    const old = before.tables.find((t) => qualifiedKey(t) === key);
    const had = start.get(key);
    const has = now.get(key);
    if (old === undefined || had === undefined || has === undefined || loss.tables.has(key)) continue;
    for (const [column, values] of had) {
      const current = has.get(column);
      if (current === undefined || loss.columns.has(`${key}.${column}`) || !sameType(old, table, column)) continue;
      if (JSON.stringify(values) !== JSON.stringify(current)) {
        return `rows of ${key}.${column}: ${JSON.stringify(values)} became ${JSON.stringify(current)}`;
      }
    }
  }
  return null;
}
