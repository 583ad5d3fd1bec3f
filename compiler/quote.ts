/**
 * Identifier and literal quoting as PostgreSQL's own `quote_identifier` (ruleutils.c) and
 * `quote_literal` do, so that schemac quotes exactly where pg_dump does.
 */
import type { QualifiedName } from "./graph.js";

/**
 * Keywords that `quote_identifier` quotes: every category but UNRESERVED_KEYWORD (reserved,
 * type/function-name and column-name keywords), from kwlist.h of PostgreSQL 17, the grammar
 * libpg-query parses with.
 */
const quotedKeywords: ReadonlySet<string> = new Set(
  [
    // RESERVED_KEYWORD
    "all analyse analyze and any array as asc asymmetric both case cast check collate column",
    "constraint create current_catalog current_date current_role current_time current_timestamp",
    "current_user default deferrable desc distinct do else end except false fetch for foreign from",
    "grant group having in initially intersect into lateral leading limit localtime localtimestamp",
    "not null offset on only or order placing primary references returning select session_user",
    "some symmetric system_user table then to trailing true union unique user using variadic when",
    "where window with",
    // TYPE_FUNC_NAME_KEYWORD
    "authorization binary collation concurrently cross current_schema freeze full ilike inner is",
    "isnull join left like natural notnull outer overlaps right similar tablesample verbose",
    // COL_NAME_KEYWORD
    "between bigint bit boolean char character coalesce dec decimal exists extract float greatest",
    "grouping inout int integer interval json json_array json_arrayagg json_exists json_object",
    "json_objectagg json_query json_scalar json_serialize json_table json_value least merge_action",
    "national nchar none normalize nullif numeric out overlay position precision real row setof",
    "smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement",
    "xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable",
  ]
    .join(" ")
    .split(" "),
);

/** True when PostgreSQL's `quote_identifier` would quote this identifier. */
export function needsQuoting(ident: string): boolean {
  // quote_identifier treats only [a-z_][a-z0-9_]* as safe; `$` and upper case need quotes.
  if (!/^[a-z_][a-z0-9_]*$/.test(ident)) return true;
  return quotedKeywords.has(ident);
}

/** An identifier as SQL: verbatim when safe, else in double quotes with `"` doubled. */
export function quoteIdentifier(ident: string): string {
  return needsQuoting(ident) ? `"${ident.replace(/"/g, '""')}"` : ident;
}

/**
 * A string literal with single quotes doubled. Backslashes stay as they are: schemac's SQL
 * assumes standard_conforming_strings = on (the default since PostgreSQL 9.1).
 */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `name` in schema public, else `schema.name`, each part quoted where needed. */
export function qualifiedName(name: QualifiedName): string {
  const base = quoteIdentifier(name.name);
  return name.schema === "public" ? base : `${quoteIdentifier(name.schema)}.${base}`;
}
