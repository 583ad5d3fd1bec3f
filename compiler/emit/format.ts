/**
 * Lays out SQL statements for review with sql-formatter. Keyword case is preserved, not
 * forced: the renderers already write keywords in upper case, and user SQL (defaults, checks,
 * predicates) stays as written; forcing upper case would also turn `text[]` into `TEXT[]`.
 */
import { format } from "sql-formatter";
import { layoutCreateTable } from "./layout.js";

/** Formats one statement (no trailing semicolon in or out). */
export function formatStatement(statement: string): string {
  return layoutCreateTable(statement) ?? formatWithSqlFormatter(statement);
}

/** sql-formatter's layout, which the fast path of layout.ts must equal where it applies. */
export function formatWithSqlFormatter(statement: string): string {
  return format(statement, {
    language: "postgresql",
    keywordCase: "preserve",
    dataTypeCase: "preserve",
    functionCase: "preserve",
    identifierCase: "preserve",
    tabWidth: 2,
  }).trim();
}

/** Statements as file text: each formatted, followed by `;` and a blank line. */
export function formatStatements(statements: readonly string[]): string {
  return statements.map((s) => `${formatStatement(s)};\n\n`).join("");
}
