/**
 * Lays out SQL statements for review as sql-formatter does. Keyword case is preserved, not
 * forced: the renderers already write keywords in upper case, and user SQL (defaults, checks,
 * predicates) stays as written; forcing upper case would also turn `text[]` into `TEXT[]`.
 *
 * The common statements have a fast layout (layout.ts). sql-formatter itself costs about 150 ms
 * and 17 MB just to load (many small modules), and most migrations never need it: it is loaded
 * only when a statement does (`layOutAll`, or `loadSqlFormatter` before `layOut`).
 */
import type { format as formatType } from "sql-formatter";
import { fastLayout, type Unit } from "./layout.js";

/**
 * A laid-out statement: its text and, when a fast layout took it, the plain statements whose
 * parsing stands for its own (see layout.ts); null when only parsing the text itself will do.
 */
export interface LaidOut {
  readonly text: string;
  readonly units: readonly Unit[] | null;
}

let sqlFormatter: typeof formatType | null = null;

/** Loads sql-formatter, once. */
export async function loadSqlFormatter(): Promise<void> {
  sqlFormatter ??= (await import("sql-formatter")).format;
}

/** Lays out statements, loading sql-formatter first when one of them has no fast layout. */
export async function layOutAll(statements: readonly string[]): Promise<LaidOut[]> {
  const fast = statements.map(fastLayout);
  if (fast.includes(null)) await loadSqlFormatter();
  return fast.map((laid, i) => laid ?? formatted(statements[i] ?? ""));
}

/** Lays out one statement (no trailing semicolon in or out); sql-formatter must be loaded if it is needed. */
export function layOut(statement: string): LaidOut {
  return fastLayout(statement) ?? formatted(statement);
}

function formatted(statement: string): LaidOut {
  return { text: formatWithSqlFormatter(statement), units: null };
}

/**
 * sql-formatter's layout, which the fast paths of layout.ts must equal where they apply. A
 * statement sql-formatter cannot parse (its grammar is its own, not PostgreSQL's) stays as
 * rendered, on one line; PostgreSQL's parser still checks it before anything is written.
 */
export function formatWithSqlFormatter(statement: string): string {
  if (sqlFormatter === null) throw new Error("formatWithSqlFormatter: sql-formatter is not loaded (await loadSqlFormatter() first)");
  try {
    return sqlFormatter(statement, {
      language: "postgresql",
      keywordCase: "preserve",
      dataTypeCase: "preserve",
      functionCase: "preserve",
      identifierCase: "preserve",
      tabWidth: 2,
    }).trim();
  } catch {
    return statement;
  }
}
