/**
 * `pgSchema(name)`: a Postgres schema for a module's tables and enum types. Declaring it creates
 * the schema even while it holds nothing; removing the declaration drops it.
 */
import { definedOnly } from "./column.js";
import type { SchemaDecl } from "./declarations.js";
import { createEnumType, type EnumOptions, type EnumType } from "./enum.js";
import { declarationKey, register } from "./registry.js";
import { createTable, type ColumnRecord, type Table, type TableOptions } from "./table.js";

/** A declared Postgres schema: declares tables and enum types inside it. */
export interface PgSchema {
  /** The schema's name, verbatim. */
  readonly name: string;
  /**
   * Declares a table in this schema; see `table()`.
   *
   * ```ts
   * const billing = pgSchema("billing");
   * export const invoices = billing.table("invoice", { id: uuid().primaryKey() });
   * // CREATE TABLE billing.invoice (id uuid NOT NULL, CONSTRAINT invoice_pkey PRIMARY KEY (id));
   * ```
   */
  table<TColumns extends ColumnRecord>(
    name: string,
    columns: TColumns,
    options?: TableOptions<NoInfer<Extract<keyof TColumns, string>>>,
  ): Table<TColumns>;
  /**
   * Declares an enum type in this schema; see `enumType()`.
   *
   * ```ts
   * export const state = billing.enumType("invoice_state", ["open", "paid"]);
   * // CREATE TYPE billing.invoice_state AS ENUM ('open', 'paid');
   * ```
   */
  enumType<const TValues extends readonly string[]>(name: string, values: TValues, options?: EnumOptions<TValues[number]>): EnumType<TValues[number]>;
  readonly [declarationKey]: () => SchemaDecl;
}

/** Options of `pgSchema(name, options)`. */
export interface PgSchemaOptions {
  /**
   * One-shot hint for the next migration: the schema's previous name.
   * `pgSchema("billing", { renamedFrom: "invoicing" })` → `ALTER SCHEMA invoicing RENAME TO billing`.
   */
  readonly renamedFrom?: string;
}

/**
 * Declares a Postgres schema and returns its `table` and `enumType` builders.
 *
 * ### Examples
 *
 * ```ts
 * const billing = pgSchema("billing");
 * export const status = billing.enumType("status", ["open", "paid"]);
 * export const invoices = billing.table("invoice", { id: uuid().primaryKey(), status: status().notNull() });
 * ```
 *
 * ```sql
 * CREATE SCHEMA billing;
 * CREATE TYPE billing.status AS ENUM ('open', 'paid');
 * CREATE TABLE billing.invoice (id uuid NOT NULL, status billing.status NOT NULL,
 *   CONSTRAINT invoice_pkey PRIMARY KEY (id));
 * ```
 */
export function pgSchema(name: string, options: PgSchemaOptions = {}): PgSchema {
  const hint = definedOnly({ renamedFrom: options.renamedFrom });
  const schema: PgSchema = {
    name,
    table: (tableName, columns, tableOptions) => createTable(name, tableName, columns, tableOptions),
    enumType: (enumName, values, enumOptions) => createEnumType(name, enumName, values, enumOptions),
    [declarationKey]: () => ({ kind: "schema", name, ...hint }),
  };
  return register(Object.freeze(schema));
}
