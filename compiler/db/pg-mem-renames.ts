/**
 * Renames pg-mem cannot make by itself, made on its catalog: `ALTER TABLE … RENAME CONSTRAINT`
 * and `ALTER INDEX … RENAME`. pg-mem keeps a constraint under its name in the table's
 * `constraintsByName`; a primary key, a unique constraint and an index are also an index object
 * registered by name in the schema and in the table's index map. Each of those names changes, so
 * `DROP CONSTRAINT`/`DROP INDEX` and the fingerprint find the new name, as on PostgreSQL.
 * pg-mem's internals are read defensively: a shape this code does not know is refused (SC6003).
 *
 * pg-mem renames a column itself, but an index on it keeps reading the old column: rows inserted
 * after the rename escape a unique index. Renaming an indexed column is therefore refused.
 */
import type { IMemoryDb } from "pg-mem";
import { statementFailed } from "./database.js";
import { unsupported } from "./pg-mem-rewrite.js";

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return value !== null && typeof value === "object";
}

function mapOf(value: unknown, what: string): Map<string, unknown> {
  if (!(value instanceof Map)) unsupported(`${what} (pg-mem's internals changed)`);
  return value as Map<string, unknown>;
}

/** Moves `from` to `to` in a map, keeping the value. */
function rekey(map: Map<string, unknown>, from: string, to: string): void {
  const value = map.get(from);
  map.delete(from);
  map.set(to, value);
}

/** Renames an index object (a primary key's, a unique's, or a plain index) everywhere pg-mem names it. */
function renameIndexObject(table: Loose, index: Loose, from: string, to: string): void {
  const schema = table["ownerSchema"];
  const register = isRecord(schema) ? schema["_reg_rename"] : undefined;
  if (typeof register !== "function") unsupported("ALTER INDEX ... RENAME (pg-mem's internals changed)");
  (register as (rel: unknown, from: string, to: string) => void).call(schema, index, from, to);
  index["name"] = to;
  const byHash = mapOf(table["indexByHashAndName"], "ALTER INDEX ... RENAME");
  const named = byHash.get(String(index["hash"]));
  if (named instanceof Map && named.has(from)) rekey(named, from, to);
}

function tableOf(memory: IMemoryDb, schema: string, name: string, sql: string): Loose {
  try {
    return memory.getSchema(schema).getTable(name) as unknown as Loose;
  } catch {
    throw statementFailed(sql, new Error(`relation "${name}" does not exist`));
  }
}

/** `ALTER TABLE schema.table RENAME CONSTRAINT from TO to`. */
export function renameMemoryConstraint(memory: IMemoryDb, schema: string, name: string, from: string, to: string, sql: string): void {
  const table = tableOf(memory, schema, name, sql);
  const constraints = mapOf(table["constraintsByName"], "ALTER TABLE ... RENAME CONSTRAINT");
  const constraint = constraints.get(from);
  if (!isRecord(constraint)) throw statementFailed(sql, new Error(`constraint "${from}" for table "${name}" does not exist`));
  if (constraints.has(to)) throw statementFailed(sql, new Error(`constraint "${to}" for relation "${name}" already exists`));
  const index = constraint["index"];
  if (isRecord(index)) {
    renameIndexObject(table, index, from, to);
    constraint["name"] = to;
  } else if (isRecord(constraint["inner"])) {
    constraint["inner"]["name"] = to;
  } else {
    unsupported("ALTER TABLE ... RENAME CONSTRAINT of this kind of constraint");
  }
  rekey(constraints, from, to);
}

/** `ALTER INDEX schema.from RENAME TO to`: the index of whichever table in the schema has it. */
export function renameMemoryIndex(memory: IMemoryDb, schema: string, from: string, to: string, sql: string): void {
  let tables: Iterable<unknown>;
  try {
    tables = memory.getSchema(schema).listTables();
  } catch {
    throw statementFailed(sql, new Error(`schema "${schema}" does not exist`));
  }
  for (const table of tables) {
    if (!isRecord(table)) continue;
    const constraints = mapOf(table["constraintsByName"], "ALTER INDEX ... RENAME");
    const constraint = constraints.get(from);
    if (!isRecord(constraint) || !isRecord(constraint["index"])) continue;
    if (constraints.has(to)) throw statementFailed(sql, new Error(`relation "${to}" already exists`));
    renameIndexObject(table, constraint["index"], from, to);
    constraint["name"] = to;
    rekey(constraints, from, to);
    return;
  }
  throw statementFailed(sql, new Error(`relation "${from}" does not exist`));
}

/** Refuses (SC6003) `RENAME COLUMN` of a column an index uses: pg-mem's index would stop seeing it. */
export function refuseIndexedColumnRename(memory: IMemoryDb, schema: string, name: string, column: string): void {
  let ref: unknown;
  try {
    ref = (memory.getSchema(schema).getTable(name) as unknown as { getColumnRef(c: string, nullIfMissing: boolean): unknown }).getColumnRef(column, true);
  } catch {
    return; // the statement itself reports a missing table or column
  }
  const indexes = isRecord(ref) ? ref["usedInIndexes"] : undefined;
  if (!(indexes instanceof Set)) unsupported("ALTER TABLE ... RENAME COLUMN (pg-mem's internals changed)");
  if (indexes.size > 0) unsupported("ALTER TABLE ... RENAME COLUMN of a column used by an index or a primary or unique key (pg-mem's index would keep reading the old column)");
}
