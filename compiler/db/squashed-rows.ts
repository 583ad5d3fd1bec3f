/**
 * How the runner reads `schemac_migrations` after `schemac squash`: a database that applied every
 * migration a squashed one folds has one row per folded migration; those rows are understood as
 * the squashed migration applied (at the time the last of them was). A database that applied only
 * some of them cannot be brought forward by the squashed file (its up creates everything) and is
 * refused by name (SC6024) rather than reported as having unknown migrations.
 */
import { readFileSync } from "node:fs";
import { SchemacError, diagnostic } from "../diagnostics.js";
import type { MigrationEntry } from "../migrations/directory.js";
import { squashedNames } from "../migrations/squashed.js";
import type { AppliedMigration } from "./migration-table.js";

/** The record as the runner understands it, and the rewrite that makes the table say so. */
export interface FoldedRecord {
  readonly applied: readonly AppliedMigration[];
  /** Rows to replace by `insert` (null when the table needs no rewrite). */
  readonly rewrite: { readonly remove: readonly string[]; readonly insert: AppliedMigration } | null;
}

/**
 * Folds the rows of a squashed first migration's range into one row for it. `checksum` gives
 * the checksum recorded for a migration (of its up file). Throws SC6024 for a partial range.
 */
export function foldSquashedRows(migrations: readonly MigrationEntry[], applied: readonly AppliedMigration[], checksum: (m: MigrationEntry) => string): FoldedRecord {
  const first = migrations[0];
  const names = first === undefined ? null : squashedNames(readFileSync(first.upFile, "utf8"));
  if (first === undefined || names === null) return { applied, rewrite: null };
  const folded = applied.filter((row) => names.includes(row.name));
  const current = applied.find((row) => row.version === first.version && row.name === first.name && row.checksum === checksum(first));
  if (folded.length === 0 || (current !== undefined && folded.length === 1)) return { applied, rewrite: null };
  if (folded.length < names.length) {
    throw new SchemacError([diagnostic("PartlySquashed", null, folded.map((r) => r.name).join(", "), first.name, first.version)]);
  }
  const appliedAt = folded.map((r) => r.appliedAt).sort().at(-1) ?? "";
  const insert: AppliedMigration = { version: first.version, name: first.name, checksum: checksum(first), appliedAt };
  const rest = applied.filter((row) => !names.includes(row.name));
  return { applied: [insert, ...rest], rewrite: { remove: folded.map((r) => r.version), insert } };
}
