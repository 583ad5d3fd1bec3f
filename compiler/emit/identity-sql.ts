/**
 * ALTER COLUMN statements that add, drop or change an identity column
 * (`ADD GENERATED ... AS IDENTITY`, `DROP IDENTITY`, `SET GENERATED ... SET INCREMENT BY ...`).
 */
import type { Identity } from "../graph.js";

/**
 * A sequence bound as SQL. A bigint sequence's own bounds (±2^63) are kept in the graph as
 * JavaScript's largest safe integers (introspection reads them so), and are written back as
 * PostgreSQL's: a bigint identity written with MAXVALUE 9007199254740991 would not be the default.
 */
export function sequenceBound(value: number): string {
  if (value === Number.MAX_SAFE_INTEGER) return "9223372036854775807";
  if (value === -Number.MAX_SAFE_INTEGER - 1) return "-9223372036854775808";
  return String(value);
}

/**
 * The statements that turn identity `from` into `to` on a column; `alterColumn` is the
 * `ALTER TABLE t ALTER COLUMN c` prefix.
 */
export function alterIdentitySql(alterColumn: string, from: Identity | null, to: Identity | null): string[] {
  if (to === null) return from === null ? [] : [`${alterColumn} DROP IDENTITY`];
  // The operation does not carry the column type, which PostgreSQL's option defaults depend
  // on, so every option is written out.
  if (from === null) return [`${alterColumn} ADD ${explicitClause(to)}`];
  const changes: string[] = [];
  if (from.always !== to.always) changes.push(`SET GENERATED ${to.always ? "ALWAYS" : "BY DEFAULT"}`);
  if (from.increment !== to.increment) changes.push(`SET INCREMENT BY ${to.increment}`);
  if (from.min !== to.min) changes.push(`SET MINVALUE ${sequenceBound(to.min)}`);
  if (from.max !== to.max) changes.push(`SET MAXVALUE ${sequenceBound(to.max)}`);
  if (from.start !== to.start) changes.push(`SET START WITH ${sequenceBound(to.start)}`);
  if (from.cache !== to.cache) changes.push(`SET CACHE ${to.cache}`);
  if (from.cycle !== to.cycle) changes.push(to.cycle ? "SET CYCLE" : "SET NO CYCLE");
  return changes.length > 0 ? [`${alterColumn} ${changes.join(" ")}`] : [];
}

function explicitClause(identity: Identity): string {
  const options = [
    `START WITH ${sequenceBound(identity.start)}`,
    `INCREMENT BY ${identity.increment}`,
    `MINVALUE ${sequenceBound(identity.min)}`,
    `MAXVALUE ${sequenceBound(identity.max)}`,
    `CACHE ${identity.cache}`,
    identity.cycle ? "CYCLE" : "NO CYCLE",
  ];
  return `GENERATED ${identity.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY (${options.join(" ")})`;
}
