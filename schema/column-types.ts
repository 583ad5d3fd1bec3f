/**
 * The built-in column types. Each function starts a column builder; its TypeScript value type
 * is what the `pg` driver returns for that type (int8 and numeric as strings, to keep precision).
 * The Decl type name is the function's own name and `params` are exactly the numbers passed.
 */
import { column, type ColumnBuilder } from "./column.js";
import type { BuiltinTypeName, LiteralValue } from "./declarations.js";

/** A JSON value, as accepted by `.default()` on `json`/`jsonb` columns. */
export type JsonValue = LiteralValue;

/** Starts a builtin column; `params` stop at the first argument not given. */
function builtin<TData, TDefault, TNotNull extends boolean = false, THasDefault extends boolean = false>(
  name: BuiltinTypeName,
  params: readonly (number | undefined)[] = [],
): ColumnBuilder<TData, TDefault, TNotNull, THasDefault> {
  const given: number[] = [];
  for (const p of params) {
    if (p === undefined) break;
    given.push(p);
  }
  return column<TData, TDefault, TNotNull, THasDefault>({ kind: "builtin", name, params: given, dimensions: 0 });
}

/**
 * A 2-byte integer.
 *
 * ```ts
 * rank: smallint()   // rank smallint
 * ```
 */
export function smallint(): ColumnBuilder<number, number> {
  return builtin("smallint");
}

/**
 * A 4-byte integer.
 *
 * ```ts
 * qty: integer().notNull().default(0)   // qty integer NOT NULL DEFAULT 0
 * ```
 */
export function integer(): ColumnBuilder<number, number> {
  return builtin("integer");
}

/**
 * An 8-byte integer; read as a string (as `pg` returns it), so no precision is lost.
 *
 * ```ts
 * views: bigint().default(0)   // views bigint DEFAULT 0
 * ```
 */
export function bigint(): ColumnBuilder<string, string | number> {
  return builtin("bigint");
}

/**
 * An auto-incrementing 4-byte integer: `integer NOT NULL` with an owned sequence `t_col_seq`
 * and a `nextval` default, which is what PostgreSQL makes of `serial`.
 *
 * ```ts
 * id: serial().primaryKey()   // id serial PRIMARY KEY
 * ```
 */
export function serial(): ColumnBuilder<number, number, true, true> {
  return builtin("serial");
}

/**
 * An auto-incrementing 8-byte integer (`bigint NOT NULL` with an owned sequence), read as a string.
 *
 * ```ts
 * id: bigserial().primaryKey()   // id bigserial PRIMARY KEY
 * ```
 */
export function bigserial(): ColumnBuilder<string, string | number, true, true> {
  return builtin("bigserial");
}

/**
 * An exact decimal, optionally with precision and scale; read as a string.
 *
 * ```ts
 * total: numeric(10, 2).notNull().default(0)   // total numeric(10, 2) NOT NULL DEFAULT 0
 * ```
 */
export function numeric(): ColumnBuilder<string, string | number>;
export function numeric(precision: number, scale?: number): ColumnBuilder<string, string | number>;
export function numeric(precision?: number, scale?: number): ColumnBuilder<string, string | number> {
  return builtin("numeric", [precision, scale]);
}

/**
 * A 4-byte float.
 *
 * ```ts
 * ratio: real()   // ratio real
 * ```
 */
export function real(): ColumnBuilder<number, number> {
  return builtin("real");
}

/**
 * An 8-byte float.
 *
 * ```ts
 * lat: doublePrecision()   // lat double precision
 * ```
 */
export function doublePrecision(): ColumnBuilder<number, number> {
  return builtin("doublePrecision");
}

/**
 * A boolean.
 *
 * ```ts
 * active: boolean().notNull().default(true)   // active boolean NOT NULL DEFAULT true
 * ```
 */
export function boolean(): ColumnBuilder<boolean, boolean> {
  return builtin("boolean");
}

/**
 * Text of any length.
 *
 * ```ts
 * name: text().notNull()   // name text NOT NULL
 * ```
 */
export function text(): ColumnBuilder<string, string> {
  return builtin("text");
}

/**
 * Text with an optional maximum length.
 *
 * ```ts
 * note: varchar(255)   // note varchar(255)
 * ```
 */
export function varchar(length?: number): ColumnBuilder<string, string> {
  return builtin("varchar", [length]);
}

/**
 * Fixed-length, blank-padded text (`char` alone is `char(1)` in PostgreSQL).
 *
 * ```ts
 * code: char(2)   // code char(2)
 * ```
 */
export function char(length?: number): ColumnBuilder<string, string> {
  return builtin("char", [length]);
}

/**
 * A UUID, read as a string.
 *
 * ```ts
 * id: uuid().primaryKey().default(sql`gen_random_uuid()`)
 * // id uuid PRIMARY KEY DEFAULT gen_random_uuid()
 * ```
 */
export function uuid(): ColumnBuilder<string, string> {
  return builtin("uuid");
}

/**
 * A calendar date; a default literal is written as a string (`"2024-01-31"`).
 *
 * ```ts
 * born: date()   // born date
 * ```
 */
export function date(): ColumnBuilder<Date, string> {
  return builtin("date");
}

/**
 * A time of day without time zone, optionally with fractional-second precision; read as a string.
 *
 * ```ts
 * opens: time(0)   // opens time(0)
 * ```
 */
export function time(precision?: number): ColumnBuilder<string, string> {
  return builtin("time", [precision]);
}

/**
 * A date and time without time zone, optionally with precision (Prisma uses `timestamp(3)`).
 *
 * ```ts
 * at: timestamp(3)   // at timestamp(3)
 * ```
 */
export function timestamp(precision?: number): ColumnBuilder<Date, string> {
  return builtin("timestamp", [precision]);
}

/**
 * A date and time with time zone, optionally with precision.
 *
 * ```ts
 * created_at: timestamptz().notNull().default(sql`now()`)
 * // created_at timestamptz NOT NULL DEFAULT now()
 * ```
 */
export function timestamptz(precision?: number): ColumnBuilder<Date, string> {
  return builtin("timestamptz", [precision]);
}

/**
 * A time span, read as a string.
 *
 * ```ts
 * ttl: interval().default("1 day")   // ttl interval DEFAULT '1 day'
 * ```
 */
export function interval(): ColumnBuilder<string, string> {
  return builtin("interval");
}

/**
 * JSON stored as text; `T` types the selected value (unknown by default).
 *
 * ```ts
 * raw: json()   // raw json
 * ```
 */
export function json<T = unknown>(): ColumnBuilder<T, JsonValue> {
  return builtin("json");
}

/**
 * Binary JSON; `T` types the selected value. A default is any JSON value.
 *
 * ```ts
 * meta: jsonb<{ tags: string[] }>().notNull().default({ tags: [] })
 * // meta jsonb NOT NULL DEFAULT '{"tags": []}'::jsonb
 * ```
 */
export function jsonb<T = unknown>(): ColumnBuilder<T, JsonValue> {
  return builtin("jsonb");
}

/**
 * What a bytea value reads as: Node's `Buffer` (what `pg` returns) when Node's types are loaded,
 * else `Uint8Array`, which Buffer extends; so the types need no `@types/node` in an application.
 */
type Bytes = typeof globalThis extends { Buffer: { isBuffer(value: unknown): value is infer B } } ? B : Uint8Array;

/**
 * Binary data, read as a Buffer; a default literal is written as a string (`"\\x00ff"`).
 *
 * ```ts
 * avatar: bytea()   // avatar bytea
 * ```
 */
export function bytea(): ColumnBuilder<Bytes, string> {
  return builtin("bytea");
}

/**
 * An IPv4 or IPv6 host address, read as a string.
 *
 * ```ts
 * ip: inet()   // ip inet
 * ```
 */
export function inet(): ColumnBuilder<string, string> {
  return builtin("inet");
}
