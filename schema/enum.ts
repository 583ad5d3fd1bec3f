/**
 * Enum types: `enumType(name, values)` declares `CREATE TYPE … AS ENUM` and returns a callable
 * column type whose TypeScript value is the union of the values.
 */
import { column, definedOnly, type ColumnBuilder } from "./column.js";
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

/** Options of `enumType(name, values, options)`: one-shot rename hints for the next migration. */
export interface EnumOptions<TValue extends string> {
  /** The type's previous name: `ALTER TYPE old RENAME TO name`. */
  readonly renamedFrom?: string;
  /** New value → its previous label: `ALTER TYPE t RENAME VALUE 'old' TO 'new'` (rows follow). */
  readonly renamedValues?: { readonly [K in TValue]?: string };
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
 *
 * ```ts
 * export const status = enumType("status", ["pending", "settled"], { renamedFrom: "order_status", renamedValues: { settled: "paid" } });
 * ```
 *
 * ```sql
 * ALTER TYPE order_status RENAME TO status;
 * ALTER TYPE status RENAME VALUE 'paid' TO 'settled';
 * ```
 */
export function enumType<const TValues extends readonly string[]>(
  name: string,
  values: TValues,
  options?: EnumOptions<TValues[number]>,
): EnumType<TValues[number]> {
  return createEnumType(null, name, values, options);
}

/** Declares an enum type in the given Postgres schema (`null` for `public`) and registers it. */
export function createEnumType<TValue extends string>(
  schema: string | null,
  name: string,
  values: readonly TValue[],
  options: EnumOptions<TValue> = {},
): EnumType<TValue> {
  const frozen = Object.freeze([...values]);
  const start = (): ColumnBuilder<TValue, TValue> =>
    column<TValue, TValue>({ kind: "enum", enum: { schema, name }, dimensions: 0 });
  Object.defineProperty(start, "name", { value: name });
  const hints = definedOnly({
    renamedFrom: options.renamedFrom,
    renamedValues: options.renamedValues === undefined ? undefined : (definedOnly(options.renamedValues) as Record<string, string>),
  });
  const declaration = (): EnumDecl => ({ kind: "enum", schema, name, values: [...frozen], ...structuredClone(hints) });
  const enumType = Object.freeze(Object.assign(start, { schema, values: frozen, [declarationKey]: declaration }));
  return register(enumType);
}
