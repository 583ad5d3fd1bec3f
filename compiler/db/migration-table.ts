/**
 * The `schemac_migrations` table: one row per applied migration with the checksum of its up
 * file, so the runner knows what is applied and refuses a migration whose file changed since.
 */
import type { RunnerDatabase } from "./database.js";

/** The table's qualified name; qualified so that a migration's `SET search_path` cannot hide it. */
export const migrationTable = "public.schemac_migrations";

/** One row of `schemac_migrations`. */
export interface AppliedMigration {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  /** When it was applied, as an ISO 8601 string. */
  readonly appliedAt: string;
}

/**
 * Creates the table when it is missing. Runs under the migration lock, so never twice at once;
 * checked first rather than `IF NOT EXISTS`, which pg-mem refuses for an existing table.
 */
export async function ensureMigrationTable(db: RunnerDatabase): Promise<void> {
  if (await hasMigrationTable(db)) return;
  await db.exec(
    `CREATE TABLE ${migrationTable} (version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
}

/** True when the table exists; read-only commands (status, drift) never create it. */
export async function hasMigrationTable(db: RunnerDatabase): Promise<boolean> {
  const result = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'schemac_migrations'",
  );
  return result.rows.length > 0;
}

function text(row: Record<string, unknown>, key: string): string {
  const value = row[key];
  if (value instanceof Date) return value.toISOString();
  return typeof value === "string" ? value : String(value);
}

/** The applied migrations in version order; none when the table does not exist yet. */
export async function readAppliedMigrations(db: RunnerDatabase): Promise<AppliedMigration[]> {
  if (!(await hasMigrationTable(db))) return [];
  const result = await db.query(`SELECT version, name, checksum, applied_at FROM ${migrationTable} ORDER BY version`);
  return result.rows.map((raw) => {
    const row = raw as Record<string, unknown>;
    return { version: text(row, "version"), name: text(row, "name"), checksum: text(row, "checksum"), appliedAt: text(row, "applied_at") };
  });
}

/** Records a migration as applied. */
export async function recordApplied(db: RunnerDatabase, migration: { version: string; name: string }, checksum: string): Promise<void> {
  await db.query(`INSERT INTO ${migrationTable} (version, name, checksum) VALUES ($1, $2, $3)`, [migration.version, migration.name, checksum]);
}

/** Removes a migration's row (after its down file ran, or by `stamp`). */
export async function removeApplied(db: RunnerDatabase, version: string): Promise<void> {
  // A literal, not $1: pg-mem fails a DELETE with a bound parameter ("no execution context").
  await db.exec(`DELETE FROM ${migrationTable} WHERE version = '${version.replace(/'/g, "''")}'`);
}

/** Drops the table; `verify --db` uses it to leave the database as empty as it found it. */
export async function dropMigrationTable(db: RunnerDatabase): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${migrationTable}`);
}
