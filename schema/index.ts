/**
 * The public DSL, imported by applications as "schemac": tables, column types and modifiers,
 * enum types, Postgres schemas, constraints, the `sql` tag and the row types.
 */
export { table } from "./table.js";
export type { AnyTable, ColumnRecord, KeyOption, Table, TableOptions } from "./table.js";
export { pgSchema } from "./pg-schema.js";
export type { PgSchema, PgSchemaOptions } from "./pg-schema.js";
export { enumType } from "./enum.js";
export type { EnumOptions, EnumType } from "./enum.js";
export { sql, SqlFragment } from "./sql.js";
export type { SqlValue } from "./sql.js";
export { check, foreignKey, index, uniqueIndex } from "./constraints.js";
export type { CheckBuilder, CheckOptions, ForeignKeyBuilder, ForeignKeySpec, IndexBuilder, PendingIndexBuilder } from "./constraints.js";
export { ColumnBuilder, TableColumn } from "./column.js";
export type {
  AnyColumnBuilder,
  ConstraintNameOptions,
  IdentityOptions,
  ReferenceOptions,
  ReferenceTarget,
} from "./column.js";
export {
  bigint,
  bigserial,
  boolean,
  bytea,
  char,
  date,
  doublePrecision,
  inet,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  real,
  serial,
  smallint,
  text,
  time,
  timestamp,
  timestamptz,
  uuid,
  varchar,
} from "./column-types.js";
export type { JsonValue } from "./column-types.js";
export type { InferInsert, InferRow } from "./infer.js";
export type { IndexMethod, ReferentialAction } from "./declarations.js";
