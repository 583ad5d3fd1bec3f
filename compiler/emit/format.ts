/**
 * Lays out SQL statements for review with sql-formatter. Keyword case is preserved, not
 * forced: the renderers already write keywords in upper case, and user SQL (defaults, checks,
 * predicates) stays as written; forcing upper case would also turn `text[]` into `TEXT[]`.
 */
import { format } from "sql-formatter";
import { layoutCommonStatement, layoutCreateTable } from "./layout.js";

/** Formats one statement (no trailing semicolon in or out). */
export function formatStatement(statement: string): string {
  return layoutCreateTable(statement) ?? layoutCommonStatement(statement) ?? formatWithSqlFormatter(statement);
}

/**
 * sql-formatter's layout, which the fast paths of layout.ts must equal where they apply. A
 * statement sql-formatter cannot parse (its grammar is its own, not PostgreSQL's) stays as
 * rendered, on one line; PostgreSQL's parser still checks it before anything is written.
 */
export function formatWithSqlFormatter(statement: string): string {
  try {
    return sqlFormatterLayout(statement);
  } catch {
    return statement;
  }
}

function sqlFormatterLayout(statement: string): string {
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
