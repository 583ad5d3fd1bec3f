/**
 * Maps what PostgreSQL 15 prints (format_type, pg_get_expr, pg_get_constraintdef) back to the
 * spelling the graph holds, so that a database built by schemac and the graph it was built
 * from compare equal field by field.
 */
import type { BuiltinType, Column, ColumnType } from "../graph.js";
import { formatColumnType } from "../type-names.js";

/** format_type's long names → the graph's canonical builtin names. */
const formatTypeNames: Readonly<Record<string, BuiltinType>> = {
  smallint: "smallint",
  integer: "integer",
  bigint: "bigint",
  numeric: "numeric",
  real: "real",
  "double precision": "double precision",
  boolean: "boolean",
  text: "text",
  "character varying": "varchar",
  character: "char",
  uuid: "uuid",
  date: "date",
  "time without time zone": "time",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  interval: "interval",
  json: "json",
  jsonb: "jsonb",
  bytea: "bytea",
  inet: "inet",
};

/**
 * A builtin type from format_type's text of the element type with the column's typmod:
 * `character varying(255)` → varchar [255], `timestamp(3) with time zone` → timestamptz [3].
 * Returns null for a type the graph does not model.
 */
export function parseFormatType(text: string): { name: BuiltinType; params: number[] } | null {
  const match = /^([a-z ]+?)(?:\(([\d,\s]+)\))?( with(?:out)? time zone)?$/.exec(text.trim());
  if (!match) return null;
  const base = `${match[1] ?? ""}${match[3] ?? ""}`;
  const name = formatTypeNames[base];
  if (name === undefined) return null;
  const params = match[2] === undefined ? [] : match[2].split(",").map((p) => Number(p.trim()));
  return { name, params };
}

/** A single-quoted literal with an optional `::type` cast: `'it''s'::text`. */
const castLiteral = /^'((?:[^']|'')*)'(?:::([a-z_][\w .]*(?:\(\d+(?:,\d+)?\))?(?:\[\])*|"[^"]+"(?:\.[^:]+)?(?:\[\])*))?$/i;

const numericTypes: ReadonlySet<string> = new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]);

/**
 * Normalizes a default as PostgreSQL 15 prints it (pg_get_expr of pg_attrdef.adbin) to the SQL
 * schemac writes for the same default: `'x'::text` → `'x'`, `'-1'::integer` → `-1`,
 * `'ok'::mood` → `'ok'`, `'{x}'::character varying[]` → `'{x}'::varchar(20)[]` (arrays and
 * json keep a cast, in schemac's spelling of the column type); anything else (`now()`,
 * `nextval('t_id_seq'::regclass)`, `CURRENT_TIMESTAMP`, `true`, `0`) is kept verbatim.
 */
export function normalizeDefault(pgText: string, column: { readonly type: ColumnType }): string {
  const text = pgText.trim();
  const match = castLiteral.exec(text);
  if (!match) return text;
  const body = match[1] ?? "";
  const type = column.type;
  if (type.dimensions > 0 || (type.kind === "builtin" && (type.name === "json" || type.name === "jsonb"))) {
    return `'${body}'::${formatColumnType(type)}`;
  }
  if (type.kind === "builtin" && numericTypes.has(type.name) && /^-?\d+(\.\d+)?$/.test(body)) return body;
  if (type.kind === "builtin" && type.name === "boolean" && (body === "true" || body === "false")) return body;
  return `'${body}'`;
}

/** The expression of a CHECK as pg_get_constraintdef prints it, without `CHECK (` … `)`. */
export function checkExpression(definition: string): string {
  const match = /^CHECK \(([\s\S]*)\)( NO INHERIT)?( NOT VALID)?$/.exec(definition.trim());
  return stripOuterParens(match?.[1] ?? definition);
}

/** Removes parentheses that wrap the whole expression: `((a > 0))` → `a > 0`. */
export function stripOuterParens(text: string): string {
  let out = text.trim();
  while (out.startsWith("(") && out.endsWith(")") && closesAtEnd(out)) out = out.slice(1, -1).trim();
  return out;
}

/** True when the `(` at position 0 is closed by the last character (quotes respected). */
function closesAtEnd(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

/** Identity bounds as resolve fills them: bigint's ±2^63 bounds become JavaScript's safe range. */
export function sequenceNumber(text: string, type: Column["type"]): number {
  const isBigint = type.kind === "builtin" && type.name === "bigint";
  if (isBigint && text === "9223372036854775807") return Number.MAX_SAFE_INTEGER;
  if (isBigint && text === "-9223372036854775808") return -Number.MAX_SAFE_INTEGER - 1;
  return Number(text);
}
