/**
 * Enum types: `enumType(name, values)` declares `CREATE TYPE … AS ENUM` and returns a callable
 * column type whose TypeScript value is the union of the values.
 */
import { column, type ColumnBuilder } from "./column.js";
import type { EnumDecl } from "./declarations.js";
import { declarationKey, register } from "./registry.js";

/** A declared enum type: call it to start a column of that type. */
export interface EnumType<TValue extends string> {
  (): ColumnBuilder<TValue, TValue>;
  /** The type's name, verbatim. */
  readonly name: string;
  /** Its Postgres schema; `null` for `public`. */
  readonly schema: string | null;
  /** Its values, in order (the order is meaningful: it is the sort order). */
  readonly values: readonly TValue[];
  readonly [declarationKey]: () => EnumDecl;
}

/**
 * Declares an enum type. Value order is meaningful; values are added at their place when the
 * list grows.
 *
 * ### Examples
 *
 * ```ts
 * export const status = enumType("order_status", ["pending", "paid"]);
 * export const orders = table("order", { status: status().notNull().default("pending") });
 * ```
 *
 * ```sql
 * CREATE TYPE order_status AS ENUM ('pending', 'paid');
 * CREATE TABLE "order" (status order_status NOT NULL DEFAULT 'pending');
 * ```
 */
export function enumType<const TValues extends readonly string[]>(name: string, values: TValues): EnumType<TValues[number]> {
  return createEnumType(null, name, values);
}

/** Declares an enum type in the given Postgres schema (`null` for `public`) and registers it. */
export function createEnumType<TValue extends string>(
  schema: string | null,
  name: string,
  values: readonly TValue[],
): EnumType<TValue> {
  const frozen = Object.freeze([...values]);
  const start = (): ColumnBuilder<TValue, TValue> =>
    column<TValue, TValue>({ kind: "enum", enum: { schema, name }, dimensions: 0 });
  Object.defineProperty(start, "name", { value: name });
  const declaration = (): EnumDecl => ({ kind: "enum", schema, name, values: [...frozen] });
  const enumType = Object.freeze(Object.assign(start, { schema, values: frozen, [declarationKey]: declaration }));
  return register(enumType);
}
