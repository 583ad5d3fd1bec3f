/**
 * Lays out SQL statements for review with sql-formatter. Keyword case is preserved, not
 * forced: the renderers already write keywords in upper case, and user SQL (defaults, checks,
 * predicates) stays as written; forcing upper case would also turn `text[]` into `TEXT[]`.
 */
import { format } from "sql-formatter";
import { fastLayout } from "./layout.js";

/**
 * A laid-out statement: its text and, when a fast layout took it, the plain statements whose
 * parsing stands for its own (see layout.ts); null when only parsing the text itself will do.
 */
export interface LaidOut {
  readonly text: string;
  readonly units: readonly string[] | null;
}

/** Lays out one statement (no trailing semicolon in or out). */
export function layOut(statement: string): LaidOut {
  const fast = fastLayout(statement);
  return fast ?? { text: formatWithSqlFormatter(statement), units: null };
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
