/**
 * `ALTER TABLE t ADD CONSTRAINT k UNIQUE|PRIMARY KEY USING INDEX k` on pg-mem, which cannot parse
 * it (`build --online` writes it after building the unique index CONCURRENTLY): the index's
 * columns are read from pg-mem's table, the index is dropped and the constraint added over the
 * same columns, which is what PostgreSQL's catalog holds afterwards (a constraint and its index,
 * both named k). pg-mem checks the rows again as it adds the constraint.
 */
import type { IMemoryDb } from "pg-mem";
import { quoteIdentifier } from "../quote.js";
import { statementFailed } from "./database.js";

/** What the adapter emulates: the table, the constraint to add and the unique index it takes over. */
export interface KeyUsingIndex {
  readonly sql: string;
  readonly schema: string;
  readonly table: string;
  readonly constraint: string;
  readonly index: string;
  readonly primary: boolean;
}

/**
 * The statements pg-mem runs instead of ADD CONSTRAINT … USING INDEX. Throws the error PostgreSQL
 * gives when the table or the index is missing, or the index is not unique.
 */
export function keyUsingIndexStatements(memory: IMemoryDb, key: KeyUsingIndex): string[] {
  let indexes: { name: string; expressions: string[]; unique: boolean }[];
  try {
    indexes = memory.getSchema(key.schema).getTable(key.table).listIndices();
  } catch {
    throw statementFailed(key.sql, new Error(`relation "${key.table}" does not exist`));
  }
  const index = indexes.find((i) => i.name === key.index);
  if (index === undefined) throw statementFailed(key.sql, new Error(`index "${key.index}" does not exist`));
  if (!index.unique) throw statementFailed(key.sql, new Error(`"${key.index}" is not a unique index`));
  const table = `${quoteIdentifier(key.schema)}.${quoteIdentifier(key.table)}`;
  const columns = index.expressions.map(quoteIdentifier).join(", ");
  return [
    `DROP INDEX ${quoteIdentifier(key.schema)}.${quoteIdentifier(key.index)}`,
    `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdentifier(key.constraint)} ${key.primary ? "PRIMARY KEY" : "UNIQUE"} (${columns})`,
  ];
}
