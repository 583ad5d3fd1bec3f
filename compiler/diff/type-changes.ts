/**
 * What PostgreSQL does with `ALTER COLUMN ... TYPE` between two column types: whether it can
 * cast by itself (an implicit or assignment cast in pg_cast, or an I/O cast to a string type),
 * whether the change narrows (may lose data) and whether it rewrites the table.
 */
import type { BuiltinType, ColumnType } from "../graph.js";
import { sameValue } from "./keyed.js";

const numericTypes: ReadonlySet<BuiltinType> = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);
const stringTypes: ReadonlySet<BuiltinType> = new Set(["text", "varchar", "char"]);
const dateTimeTypes: ReadonlySet<BuiltinType> = new Set(["date", "timestamp", "timestamptz"]);
const integerRank: Partial<Record<BuiltinType, number>> = { smallint: 1, integer: 2, bigint: 3 };
/** PostgreSQL's default precision for time types written without one. */
const defaultTimePrecision = 6;

/** True when the two types are the same (name, modifiers, dimensions). */
export function isSameType(a: ColumnType, b: ColumnType): boolean {
  return sameValue(a, b);
}

/**
 * True when `ALTER COLUMN TYPE` needs no USING: pg_cast has an implicit or assignment cast,
 * or the target is a string type (I/O conversion casts to strings are assignment casts).
 */
export function hasAssignmentCast(from: ColumnType, to: ColumnType): boolean {
  if (isSameType(from, to)) return true;
  if (to.kind === "builtin" && to.dimensions === 0 && stringTypes.has(to.name)) return true;
  if (from.dimensions !== to.dimensions) return false;
  if (from.kind === "enum" || to.kind === "enum") return false;
  if (from.name === to.name) return true;
  if (numericTypes.has(from.name) && numericTypes.has(to.name)) return true;
  if (stringTypes.has(from.name) && stringTypes.has(to.name)) return true;
  if (dateTimeTypes.has(from.name) && dateTimeTypes.has(to.name)) return true;
  if ((from.name === "timestamp" || from.name === "timestamptz") && to.name === "time") return true;
  if (from.name === "time" && to.name === "interval") return true;
  return (from.name === "json" && to.name === "jsonb") || (from.name === "jsonb" && to.name === "json");
}

function precision(type: ColumnType & { kind: "builtin" }): number {
  return type.params[0] ?? defaultTimePrecision;
}

/** Why changing `from` to `to` may lose data, or null when every value survives. */
export function narrowingReason(from: ColumnType, to: ColumnType): string | null {
  if (from.kind === "enum" || to.kind === "enum" || isSameType(from, to)) return null;
  if (from.dimensions !== to.dimensions) return "changes array dimensions";
  if (to.name === "varchar" || to.name === "char") {
    const length = to.params[0] ?? (to.name === "char" ? 1 : Infinity);
    const fromLength = from.name === "varchar" || from.name === "char" ? (from.params[0] ?? (from.name === "char" ? 1 : Infinity)) : Infinity;
    return length < fromLength ? "shortens the maximum length" : null;
  }
  if (numericTypes.has(from.name) && numericTypes.has(to.name)) return numericNarrowing(from, to);
  if (from.name === to.name && (from.name === "time" || from.name === "timestamp" || from.name === "timestamptz")) {
    return precision(to) < precision(from) ? "lowers the fractional seconds precision" : null;
  }
  if ((from.name === "timestamp" || from.name === "timestamptz") && (to.name === "date" || to.name === "time")) {
    return `keeps only the ${to.name} part`;
  }
  return null;
}

function numericNarrowing(from: ColumnType & { kind: "builtin" }, to: ColumnType & { kind: "builtin" }): string | null {
  const fromRank = integerRank[from.name];
  const toRank = integerRank[to.name];
  if (toRank !== undefined) {
    if (fromRank === undefined) return "drops the fractional part";
    return toRank < fromRank ? "narrows the integer range" : null;
  }
  if (to.name === "numeric") {
    if (to.params.length === 0) return null;
    if (from.name !== "numeric") return "limits precision";
    const [p = Infinity, s = 0] = from.params.length === 0 ? [Infinity, Infinity] : from.params;
    const [p2 = Infinity, s2 = 0] = to.params;
    return p2 < p || s2 < s || p2 - s2 < p - s ? "lowers numeric precision or scale" : null;
  }
  if (to.name === "real") return from.name === "real" ? null : "rounds to single precision";
  return from.name === "numeric" || from.name === "bigint" ? "rounds to double precision" : null;
}

/**
 * True when PostgreSQL rewrites the table (or scans it under ACCESS EXCLUSIVE) for the type
 * change; binary-coercible widenings (varchar(n) → varchar(m ≥ n) or text, numeric precision
 * up at the same scale, higher timestamp precision) only touch the catalog.
 */
export function rewritesTable(from: ColumnType, to: ColumnType): boolean {
  if (isSameType(from, to)) return false;
  if (from.kind === "enum" || to.kind === "enum" || from.dimensions !== to.dimensions) return true;
  const fromString = from.name === "varchar" || from.name === "text";
  if (fromString && to.name === "text") return false;
  if (fromString && to.name === "varchar") {
    const fromLength = from.name === "text" ? Infinity : (from.params[0] ?? Infinity);
    return (to.params[0] ?? Infinity) < fromLength;
  }
  if (from.name === "numeric" && to.name === "numeric") {
    if (to.params.length === 0) return false;
    if (from.params.length === 0) return true;
    return !((to.params[1] ?? 0) === (from.params[1] ?? 0) && (to.params[0] ?? 0) >= (from.params[0] ?? 0));
  }
  if (from.name === to.name && (from.name === "time" || from.name === "timestamp" || from.name === "timestamptz")) {
    return precision(to) < precision(from);
  }
  return true;
}
