/**
 * Row types derived from a table declaration (kysely `util/column-type.ts`): `InferRow` for a
 * selected row, `InferInsert` for an inserted one.
 */
import type { AnyColumnBuilder, ColumnTypesOf } from "./column.js";
import type { AnyTable, TableColumnsOf } from "./table.js";

/** The value a column holds when selected: `T`, or `T | null` unless it is NOT NULL. */
type SelectValue<C extends AnyColumnBuilder> = ColumnTypesOf<C>["notNull"] extends true
  ? ColumnTypesOf<C>["data"]
  : ColumnTypesOf<C>["data"] | null;

/** Whether an insert must give the column: NOT NULL, no default, not generated. */
type IsRequired<C extends AnyColumnBuilder> = ColumnTypesOf<C>["notNull"] extends true
  ? ColumnTypesOf<C>["hasDefault"] extends true
    ? false
    : ColumnTypesOf<C>["generated"] extends true
      ? false
      : true
  : false;

/** Whether the column can be written by an insert at all (not generated). */
type IsInsertable<C extends AnyColumnBuilder> = ColumnTypesOf<C>["generated"] extends true ? false : true;

/** Merges an intersection of object types into one object type. */
type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * The TypeScript type of a selected row of a table: every column, `T | null` for nullable ones.
 *
 * ```ts
 * const users = table("user", { id: uuid().primaryKey(), nick: text() });
 * type User = InferRow<typeof users>;   // { id: string; nick: string | null }
 * ```
 */
export type InferRow<T extends AnyTable> = {
  -readonly [K in keyof TableColumnsOf<T>]: SelectValue<TableColumnsOf<T>[K]>;
};

/**
 * The TypeScript type of an inserted row: NOT NULL columns without a default are required,
 * the others optional; generated columns (`generatedAs`, identity "always") are left out.
 *
 * ```ts
 * const users = table("user", { id: serial().primaryKey(), email: text().notNull(), nick: text() });
 * type NewUser = InferInsert<typeof users>;   // { email: string; id?: number; nick?: string | null }
 * ```
 */
export type InferInsert<T extends AnyTable> = Simplify<
  {
    -readonly [K in keyof TableColumnsOf<T> as IsRequired<TableColumnsOf<T>[K]> extends true ? K : never]: SelectValue<
      TableColumnsOf<T>[K]
    >;
  } & {
    -readonly [K in keyof TableColumnsOf<T> as IsRequired<TableColumnsOf<T>[K]> extends true
      ? never
      : IsInsertable<TableColumnsOf<T>[K]> extends true
        ? K
        : never]?: SelectValue<TableColumnsOf<T>[K]>;
  }
>;
