/**
 * Which column types PostgreSQL lets a foreign key compare: a referencing column may differ in
 * type from the key it references when both are in one btree operator family with cross-type
 * equality (`integer_ops`: smallint, integer, bigint; `float_ops`; `datetime_ops`: date,
 * timestamp, timestamptz) or when PostgreSQL casts it implicitly to the key's type (varchar and
 * char to text, an integer to numeric). Checked on PostgreSQL 15; anything else fails there
 * with "foreign key constraint … cannot be implemented".
 */
import type { BuiltinType, ColumnType } from "./graph.js";

const families: readonly ReadonlySet<BuiltinType>[] = [
  new Set<BuiltinType>(["smallint", "integer", "bigint"]),
  new Set<BuiltinType>(["real", "double precision"]),
  new Set<BuiltinType>(["text", "varchar", "char"]),
  new Set<BuiltinType>(["date", "timestamp", "timestamptz"]),
];

const integers: ReadonlySet<BuiltinType> = new Set(["smallint", "integer", "bigint"]);

/** The type without modifiers, as a key: `varchar[0]`, `enum:public.mood[1]`. */
function baseType(type: ColumnType): string {
  return type.kind === "enum" ? `enum:${type.enum.schema}.${type.enum.name}[${type.dimensions}]` : `${type.name}[${type.dimensions}]`;
}

/** True when a foreign key from a column of type `from` to a key of type `to` is accepted by PostgreSQL. */
export function isForeignKeyCompatible(from: ColumnType, to: ColumnType): boolean {
  // The common case (uuid to uuid) without building the keys below.
  if (from.kind === "builtin" && to.kind === "builtin" && from.name === to.name && from.dimensions === to.dimensions) return true;
  if (baseType(from) === baseType(to)) return true;
  if (from.kind !== "builtin" || to.kind !== "builtin" || from.dimensions !== 0 || to.dimensions !== 0) return false;
  if (families.some((f) => f.has(from.name) && f.has(to.name))) return true;
  return integers.has(from.name) && to.name === "numeric";
}

