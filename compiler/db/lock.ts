/**
 * The migration lock: a session-level PostgreSQL advisory lock held for a whole `up`/`down`/
 * `stamp` run, so two runners never apply the same migration twice (the second waits, then
 * finds nothing left to do). pg-mem has no advisory locks; one process owns an in-memory
 * database, so there it is skipped.
 */
import { createHash } from "node:crypto";
import type { RunnerDatabase } from "./database.js";

/**
 * The lock's key: the first 8 bytes of sha256("schemac") as a signed 64-bit integer, so it is
 * fixed across versions and unlikely to collide with an application's own advisory locks.
 */
export const migrationLockKey: string = BigInt.asIntN(64, createHash("sha256").update("schemac").digest().readBigUInt64BE(0)).toString();

/** What a database says about advisory locks: pg-mem has none. */
export interface LockCapable {
  /** "pg-mem" (or "memory") for pg-mem; anything else is taken to be PostgreSQL. */
  readonly kind?: string;
}

/** True when the database has PostgreSQL's advisory lock functions. */
export async function supportsAdvisoryLocks(db: RunnerDatabase & LockCapable): Promise<boolean> {
  if (db.kind !== undefined) return db.kind !== "pg-mem" && db.kind !== "memory";
  const result = await db.query("SELECT count(*) AS n FROM pg_catalog.pg_proc WHERE proname = 'pg_advisory_lock'").catch(() => null);
  const row = result?.rows[0] as { n?: unknown } | undefined;
  return Number(row?.n ?? 0) > 0;
}

/**
 * Runs `body` while holding the migration lock. When another runner holds it, calls `onWait`
 * once and blocks until it is released. The lock is released even when `body` throws.
 */
export async function withMigrationLock<T>(db: RunnerDatabase & LockCapable, body: () => Promise<T>, onWait?: () => void): Promise<T> {
  if (!(await supportsAdvisoryLocks(db))) return body();
  const tried = await db.query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [migrationLockKey]);
  if ((tried.rows[0] as { locked?: unknown } | undefined)?.locked !== true) {
    onWait?.();
    await db.query("SELECT pg_advisory_lock($1::bigint)", [migrationLockKey]);
  }
  let result: T;
  try {
    result = await body();
  } catch (error) {
    // The body's error is the one to report; a failed unlock (a lost connection) releases the
    // session lock anyway when the session ends.
    await db.query("SELECT pg_advisory_unlock($1::bigint)", [migrationLockKey]).catch(() => undefined);
    throw error;
  }
  await db.query("SELECT pg_advisory_unlock($1::bigint)", [migrationLockKey]);
  return result;
}
