/**
 * `table(name, columns, options)`: declares a table and returns an object that exposes each
 * column as a property (`users.id`, a `TableColumn` that knows its table), so foreign keys can
 * point at it. The table's metadata sits under symbol keys, so any column name is free to use.
 */
import {
  columnDecl,
  definedOnly,
  isColumnBuilder,
  TableColumn,
  type AnyColumnBuilder,
  type ColumnTypesOf,
} from "./column.js";
import {
  checkDecl,
  foreignKeyDecl,
  indexDecl,
  type CheckBuilder,
  type ForeignKeyBuilder,
  type IndexBuilder,
} from "./constraints.js";
import type { DeclName, KeyDecl, TableDecl } from "./declarations.js";
import { declarationKey, register } from "./registry.js";

/** Type-only key of the phantom that carries a table's column builders. */
declare const tableTypes: unique symbol;

/** The columns argument of `table()`: column name → builder. */
export type ColumnRecord = Record<string, AnyColumnBuilder>;

/** A composite key in `options`: a list of the table's columns, or `{ name, columns }`. */
export type KeyOption<TColumn extends string> =
  | readonly TColumn[]
  | { readonly name?: string; readonly columns: readonly TColumn[]; readonly renamedFrom?: string };

/** The options of `table()`; every column name in them must be one of the table's own keys. */
export interface TableOptions<TColumn extends string> {
  /** A composite primary key: `["a", "b"]` or `{ name, columns }`. */
  readonly primaryKey?: KeyOption<TColumn>;
  /** UNIQUE constraints over several columns: `[["a", "b"]]` or `[{ name, columns }]`. */
  readonly uniques?: readonly KeyOption<TColumn>[];
  readonly indexes?: readonly IndexBuilder<TColumn>[];
  readonly checks?: readonly CheckBuilder[];
  /** Composite foreign keys made with `foreignKey({ ... })`. */
  readonly foreignKeys?: readonly ForeignKeyBuilder<TColumn>[];
  readonly comment?: string;
  /** One-shot hint for the next migration: this table was called `renamedFrom` before. */
  readonly renamedFrom?: string;
}

/** A declared table: its columns as properties, its builders in a phantom for `InferRow`. */
export type Table<TColumns extends ColumnRecord> = {
  readonly [K in keyof TColumns]: TableColumn<ColumnTypesOf<TColumns[K]>["data"]>;
} & {
  readonly [tableTypes]: { readonly columns: TColumns };
  readonly [declarationKey]: () => TableDecl;
};

/** Any declared table. */
export interface AnyTable {
  readonly [tableTypes]: { readonly columns: ColumnRecord };
}

/** The column builders a table was declared with. */
export type TableColumnsOf<T extends AnyTable> = T[typeof tableTypes]["columns"];

/**
 * Declares a table in the `public` schema (see `pgSchema(name).table` for others). Property
 * keys are the column names, verbatim; columns keep their order. A table may have no columns.
 *
 * ### Examples
 *
 * ```ts
 * export const users = table("user", {
 *   id: uuid().primaryKey().default(sql`gen_random_uuid()`),
 *   email: varchar(320).notNull().unique(),
 *   org_id: uuid().notNull(),
 * }, {
 *   indexes: [index().on("org_id")],
 *   checks: [check("user_email_at", sql`position('@' in email) > 1`)],
 * });
 * ```
 *
 * ```sql
 * CREATE TABLE "user" (
 *   id uuid DEFAULT gen_random_uuid() NOT NULL,
 *   email varchar(320) NOT NULL,
 *   org_id uuid NOT NULL,
 *   CONSTRAINT user_pkey PRIMARY KEY (id),
 *   CONSTRAINT user_email_key UNIQUE (email),
 *   CONSTRAINT user_email_at CHECK (position('@' in email) > 1)
 * );
 * CREATE INDEX user_org_id_idx ON "user" (org_id);
 * ```
 */
export function table<TColumns extends ColumnRecord>(
  name: string,
  columns: TColumns,
  options?: TableOptions<NoInfer<Extract<keyof TColumns, string>>>,
): Table<TColumns> {
  return createTable(null, name, columns, options);
}

/** Declares a table in the given Postgres schema (`null` for `public`) and registers it. */
export function createTable<TColumns extends ColumnRecord>(
  schema: string | null,
  name: string,
  columns: TColumns,
  options: TableOptions<string> = {},
): Table<TColumns> {
  const ref: DeclName = Object.freeze({ schema, name });
  const label = schema === null ? name : `${schema}.${name}`;
  const entries = Object.entries(columns);
  for (const [key, builder] of entries) {
    if (!isColumnBuilder(builder)) throw new TypeError(`column ${label}.${key} is not a column builder`);
  }
  const frozenOptions = Object.freeze({ ...options });
  const bound = Object.fromEntries(entries.map(([key]) => [key, new TableColumn(ref, key)]));
  const declaration = (): TableDecl => tableDecl(ref, label, entries, frozenOptions);
  const created = Object.freeze({ ...bound, [declarationKey]: declaration });
  // The phantom `tableTypes` member exists only for the type checker.
  return register(created) as unknown as Table<TColumns>;
}

/** Reads a table's `TableDecl`, calling its reference targets now. */
function tableDecl(
  ref: DeclName,
  label: string,
  entries: readonly (readonly [string, AnyColumnBuilder])[],
  options: TableOptions<string>,
): TableDecl {
  return {
    kind: "table",
    schema: ref.schema,
    name: ref.name,
    columns: entries.map(([key, builder]) => columnDecl(label, key, builder)),
    ...(options.primaryKey === undefined ? {} : { primaryKey: keyDecl(options.primaryKey) }),
    uniques: (options.uniques ?? []).map(keyDecl),
    indexes: (options.indexes ?? []).map(indexDecl),
    checks: (options.checks ?? []).map(checkDecl),
    foreignKeys: (options.foreignKeys ?? []).map((fk) => foreignKeyDecl(label, fk)),
    ...definedOnly({ comment: options.comment, renamedFrom: options.renamedFrom }),
  };
}

function keyDecl(key: KeyOption<string>): KeyDecl {
  if ("columns" in key) return { ...definedOnly({ name: key.name }), columns: [...key.columns], ...definedOnly({ renamedFrom: key.renamedFrom }) };
  return { columns: [...key] };
}
