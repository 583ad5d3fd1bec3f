/**
 * The value `down` fills a re-added column with when the column is NOT NULL and has nothing
 * else to fill existing rows (no default, identity, sequence or expression): PostgreSQL refuses
 * `ADD COLUMN … NOT NULL` on a table with rows otherwise. The column is added with the type's
 * zero value as a temporary default, which is dropped right after, so the schema is exactly the
 * one before `up`; the rows hold the zero value (the data the column held is gone either way).
 */
import type { BuiltinType, Column, ColumnType, Graph } from "../graph.js";
import { quoteLiteral } from "../quote.js";

/** The zero value of each builtin type, as a literal PostgreSQL coerces to the column's type. */
const builtinZeros: Readonly<Record<BuiltinType, string>> = {
  smallint: "0",
  integer: "0",
  bigint: "0",
  numeric: "0",
  real: "0",
  "double precision": "0",
  boolean: "false",
  text: "''",
  varchar: "''",
  char: "''",
  uuid: "'00000000-0000-0000-0000-000000000000'",
  date: "'1970-01-01'",
  time: "'00:00:00'",
  timestamp: "'1970-01-01 00:00:00'",
  timestamptz: "'1970-01-01 00:00:00+00'",
  interval: "'0'",
  json: "'{}'",
  jsonb: "'{}'",
  bytea: "''",
  inet: "'0.0.0.0'",
};

/** True when adding the column NOT NULL to a table with rows fails: nothing fills them. */
export function needsFill(column: Column): boolean {
  return column.notNull && column.default === null && column.identity === null && column.generated === null && column.sequence === null;
}

/**
 * The zero value of a column type: `0`, `false`, `''`, the epoch, `'{}'` for any array, and an
 * enum's first value (looked up in `graph()`, a graph where the enum exists, asked only then).
 */
export function zeroValue(type: ColumnType, graph: () => Graph): string {
  if (type.dimensions > 0) return "'{}'";
  if (type.kind === "builtin") return builtinZeros[type.name];
  const found = graph().enums.find((e) => e.schema === type.enum.schema && e.name === type.enum.name);
  const first = found?.values[0];
  if (first === undefined) throw new Error(`zeroValue: enum ${type.enum.schema}.${type.enum.name} has no value`);
  return quoteLiteral(first);
}
