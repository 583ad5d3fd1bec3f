/**
 * SQL for column definitions: type, collation, generated expression, identity, default and
 * NOT NULL, with serial columns written as `serial`/`bigserial` when that is exactly what
 * PostgreSQL would rebuild (default sequence name, its nextval default, NOT NULL), and as an
 * explicit sequence otherwise.
 */
import type { Column, ColumnType, Identity, QualifiedName } from "../graph.js";
import { defaultConstraintName } from "../names.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { resolveIdentity } from "../resolve.js";
import { formatColumnType } from "../type-names.js";
import { sequenceBound } from "./identity-sql.js";

const serialNames: Partial<Record<string, string>> = { smallint: "smallserial", integer: "serial", bigint: "bigserial" };

/** The sequence of a serial column as a qualified name (it lives in the table's schema). */
export function sequenceName(table: QualifiedName, sequence: string): QualifiedName {
  return { schema: table.schema, name: sequence };
}

/** The `nextval(...)` default PostgreSQL writes for a serial column's sequence. */
export function nextvalDefault(table: QualifiedName, sequence: string): string {
  return `nextval(${quoteLiteral(qualifiedName(sequenceName(table, sequence)))}::regclass)`;
}

/** `serial`/`bigserial`/`smallserial` when the column is exactly what that shorthand makes. */
export function serialShorthand(table: QualifiedName, column: Column): string | null {
  if (column.sequence === null || column.type.kind !== "builtin" || column.type.dimensions > 0) return null;
  const name = serialNames[column.type.name];
  const isDefault =
    column.sequence === defaultConstraintName(table.name, [column.name], "seq") &&
    column.default === nextvalDefault(table, column.sequence) &&
    column.notNull &&
    column.identity === null &&
    column.generated === null;
  return isDefault && name !== undefined ? name : null;
}

/** Identity options that differ from PostgreSQL's defaults for the column type, as SQL. */
export function identityOptions(identity: Identity, type: ColumnType): string[] {
  const defaults = resolveIdentity({ always: identity.always, increment: identity.increment }, type);
  const options: string[] = [];
  if (identity.start !== defaults.start) options.push(`START WITH ${sequenceBound(identity.start)}`);
  if (identity.increment !== 1) options.push(`INCREMENT BY ${identity.increment}`);
  if (identity.min !== defaults.min) options.push(`MINVALUE ${sequenceBound(identity.min)}`);
  if (identity.max !== defaults.max) options.push(`MAXVALUE ${sequenceBound(identity.max)}`);
  if (identity.cache !== defaults.cache) options.push(`CACHE ${identity.cache}`);
  if (identity.cycle) options.push("CYCLE");
  return options;
}

/** `GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]`. */
export function identityClause(identity: Identity, type: ColumnType): string {
  const options = identityOptions(identity, type);
  const base = `GENERATED ${identity.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
  return options.length > 0 ? `${base} (${options.join(" ")})` : base;
}

/** A full column definition as in CREATE TABLE or ADD COLUMN. */
export function columnDefinition(table: QualifiedName, column: Column): string {
  const serial = serialShorthand(table, column);
  const parts = [quoteIdentifier(column.name), serial ?? formatColumnType(column.type)];
  if (column.collation !== null) parts.push(`COLLATE ${quoteIdentifier(column.collation)}`);
  if (serial !== null) return parts.join(" ");
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.identity !== null) parts.push(identityClause(column.identity, column.type));
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push("NOT NULL");
  return parts.join(" ");
}

/** CREATE SEQUENCE for a serial column written without the shorthand (before its table). */
export function createSequenceSql(table: QualifiedName, sequence: string, type: ColumnType): string {
  return `CREATE SEQUENCE ${qualifiedName(sequenceName(table, sequence))} AS ${formatColumnType(type)}`;
}

/** ALTER SEQUENCE ... OWNED BY, so the sequence is dropped with its column as serial's is. */
export function ownSequenceSql(table: QualifiedName, sequence: string, column: string): string {
  return `ALTER SEQUENCE ${qualifiedName(sequenceName(table, sequence))} OWNED BY ${qualifiedName(table)}.${quoteIdentifier(column)}`;
}
