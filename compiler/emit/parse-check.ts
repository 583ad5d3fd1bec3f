/**
 * Parses every generated statement with libpg-query (PostgreSQL's own parser, WASM) before
 * anything is written, so a rendering bug never reaches a migration file.
 */
import { parse } from "libpg-query";
import { diagnostic, SchemacError } from "../diagnostics.js";

/** Throws SchemacError (InvalidSql) naming every statement that does not parse. */
export async function assertStatementsParse(statements: readonly string[]): Promise<void> {
  const failures = [];
  for (const statement of statements) {
    try {
      const result = await parse(statement);
      if (result.stmts?.length !== 1) throw new Error(`expected one statement, found ${result.stmts?.length ?? 0}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(diagnostic("InvalidSql", null, statement, reason));
    }
  }
  if (failures.length > 0) throw new SchemacError(failures);
}
