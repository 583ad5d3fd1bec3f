/**
 * The migration runner: applies and reverts migration files on a database, one transaction per
 * migration (BEGIN; its statements; the schemac_migrations row; COMMIT) unless the file starts
 * with `-- schemac:no-transaction`, under an advisory lock for the whole run. A failing
 * statement rolls its migration back entirely and is reported with its file, line and the
 * PostgreSQL error; an applied migration whose file changed since is refused by name.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { Codes } from "../codes.js";
import { SchemacError, diagnostic, type Diagnostic } from "../diagnostics.js";
import type { MigrationEntry } from "../migrations/directory.js";
import type { RunnerDatabase } from "./database.js";
import { withMigrationLock } from "./lock.js";
import { ensureMigrationTable, readAppliedMigrations, recordApplied, removeApplied, type AppliedMigration } from "./migration-table.js";
import { foldSquashedRows } from "./squashed-rows.js";
import { isNoTransaction, splitStatements, type FileStatement } from "./statements.js";
import { invalidIndexHint } from "./invalid-index.js";

export type { RunnerDatabase } from "./database.js";

/** Progress of a run, for the CLI to print as it goes. */
export type RunnerEvent =
  | { readonly kind: "waiting" }
  | { readonly kind: "done"; readonly direction: "up" | "down"; readonly migration: MigrationEntry; readonly milliseconds: number };

/** Where the runner reports progress and how it shows paths. */
export interface RunContext {
  /** The project root: file paths in diagnostics are relative to it. */
  readonly root: string;
  readonly onEvent?: (event: RunnerEvent) => void;
}

/** How far to go: a count of migrations, a version to stop at, or (neither) the default. */
export interface RunTarget {
  readonly count?: number;
  readonly to?: string;
}

/** The checksum recorded for a migration: sha256 (hex) of its up file. */
export function migrationChecksum(upText: string): string {
  return createHash("sha256").update(upText, "utf8").digest("hex");
}

/** A migration's state as recorded in a database. */
export type MigrationState = "applied" | "pending" | "changed";

/** One row of `schemac status`. */
export interface MigrationStatusEntry {
  readonly migration: MigrationEntry;
  readonly state: MigrationState;
  readonly appliedAt: string | null;
}

/** What a database has applied, next to the migrations folder. */
export interface MigrationStatus {
  readonly entries: readonly MigrationStatusEntry[];
  /** Rows of schemac_migrations whose migration is not in the folder. */
  readonly unknown: readonly AppliedMigration[];
}

function checksumOf(migration: MigrationEntry): string {
  return migrationChecksum(readFileSync(migration.upFile, "utf8"));
}

/** Compares what the database recorded with the folder: applied, pending, changed since applied. */
export async function readMigrationStatus(db: RunnerDatabase, migrations: readonly MigrationEntry[]): Promise<MigrationStatus> {
  return statusOf(migrations, await readRecord(db, migrations));
}

/**
 * The rows of schemac_migrations as the runner understands them, read-only: rows of migrations
 * folded by `schemac squash` read as the squashed migration's row (SC6024 for a partial range).
 */
export async function readRecord(db: RunnerDatabase, migrations: readonly MigrationEntry[]): Promise<AppliedMigration[]> {
  return [...foldSquashedRows(migrations, await readAppliedMigrations(db), checksumOf).applied];
}

/** The status of the folder's migrations against the rows of schemac_migrations. */
export function statusOf(migrations: readonly MigrationEntry[], applied: readonly AppliedMigration[]): MigrationStatus {
  const byVersion = new Map(applied.map((a) => [a.version, a]));
  const entries = migrations.map((migration): MigrationStatusEntry => {
    const row = byVersion.get(migration.version);
    if (row === undefined) return { migration, state: "pending", appliedAt: null };
    const same = row.name === migration.name && row.checksum === checksumOf(migration);
    return { migration, state: same ? "applied" : "changed", appliedAt: row.appliedAt };
  });
  const known = new Set(migrations.map((m) => m.version));
  return { entries, unknown: applied.filter((a) => !known.has(a.version)) };
}

/** The diagnostics that stop up/down: changed applied files and applied migrations with no file. */
export function statusProblems(status: MigrationStatus, applied: readonly AppliedMigration[], root: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const rows = new Map(applied.map((a) => [a.version, a]));
  for (const entry of status.entries) {
    if (entry.state !== "changed") continue;
    const row = rows.get(entry.migration.version);
    const recorded = row !== undefined && row.name !== entry.migration.name ? `recorded as ${row.name}` : "its checksum differs";
    const file = relative(root, entry.migration.upFile);
    problems.push(diagnostic("MigrationChangedSinceApplied", { file, start: 0, end: 0 }, entry.migration.name, recorded));
  }
  for (const row of status.unknown) problems.push(diagnostic("AppliedMigrationMissing", null, row.name));
  return problems;
}

/** Resolves a version argument ("3", "0003", "0003_add_x") to a migration; "0" is before the first. */
export function resolveVersion(migrations: readonly MigrationEntry[], version: string, allowZero: boolean): MigrationEntry | null {
  const digits = /^(\d+)(?:_[a-z0-9_]+)?$/.exec(version)?.[1];
  if (digits !== undefined && Number(digits) === 0 && allowZero) return null;
  const found = digits === undefined ? undefined : migrations.find((m) => Number(m.version) === Number(digits) && (version === digits || version === m.name));
  if (found === undefined) {
    const known = migrations.length === 0 ? "none" : `${allowZero ? "0, " : ""}${migrations.map((m) => m.version).join(", ")}`;
    throw new SchemacError([diagnostic("UnknownVersion", null, version, known)]);
  }
  return found;
}

/**
 * Reads the record under the migration lock; rows of migrations folded by `schemac squash` are
 * rewritten into the squashed migration's row first (one transaction), so every later step sees
 * one chain.
 */
async function readRecordUnderLock(db: RunnerDatabase, migrations: readonly MigrationEntry[]): Promise<AppliedMigration[]> {
  const folded = foldSquashedRows(migrations, await readAppliedMigrations(db), checksumOf);
  const rewrite = folded.rewrite;
  if (rewrite !== null) {
    await inTransaction(db, async () => {
      for (const version of rewrite.remove) await removeApplied(db, version);
      await recordApplied(db, rewrite.insert, rewrite.insert.checksum);
    });
  }
  return [...folded.applied];
}

/** Prepares a locked run: creates the table, reads the record, refuses changed or unknown migrations. */
async function lockedRun<T>(
  db: RunnerDatabase,
  migrations: readonly MigrationEntry[],
  context: RunContext,
  body: (status: MigrationStatus, applied: readonly AppliedMigration[]) => Promise<T>,
): Promise<T> {
  return withMigrationLock(
    db,
    async () => {
      await ensureMigrationTable(db);
      const applied = await readRecordUnderLock(db, migrations);
      const status = statusOf(migrations, applied);
      const problems = statusProblems(status, applied, context.root);
      if (problems.length > 0) throw new SchemacError(problems);
      return body(status, applied);
    },
    () => context.onEvent?.({ kind: "waiting" }),
  );
}

/**
 * Applies pending migrations in version order: all of them, the next `count`, or those up to
 * and including version `to`. Returns the migrations applied (none when already at the target).
 */
export async function migrateUp(db: RunnerDatabase, migrations: readonly MigrationEntry[], target: RunTarget, context: RunContext): Promise<MigrationEntry[]> {
  const limit = target.to === undefined ? null : resolveVersion(migrations, target.to, false);
  return lockedRun(db, migrations, context, async (status) => {
    let pending = status.entries.filter((e) => e.state === "pending").map((e) => e.migration);
    if (limit !== null) pending = pending.filter((m) => Number(m.version) <= Number(limit.version));
    if (target.count !== undefined) pending = pending.slice(0, target.count);
    for (const migration of pending) await runMigration(db, migration, "up", context);
    return pending;
  });
}

/**
 * Reverts applied migrations, newest first: one by default, the last `count`, or every one
 * after version `to` (`to` = "0": all). Returns the migrations reverted.
 */
export async function migrateDown(db: RunnerDatabase, migrations: readonly MigrationEntry[], target: RunTarget, context: RunContext): Promise<MigrationEntry[]> {
  const limit = target.to === undefined ? undefined : resolveVersion(migrations, target.to, true);
  return lockedRun(db, migrations, context, async (status) => {
    let applied = status.entries.filter((e) => e.state === "applied").map((e) => e.migration).reverse();
    if (limit !== undefined) applied = applied.filter((m) => limit === null || Number(m.version) > Number(limit.version));
    else applied = applied.slice(0, target.count ?? 1);
    for (const migration of applied) await runMigration(db, migration, "down", context);
    return applied;
  });
}

/** What `stamp` changed in the record. */
export interface StampResult {
  readonly recorded: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Rewrites the record so that exactly the migrations up to `version` ("0": none) are marked
 * applied, without running any SQL. Rows already recorded for those migrations are kept as is.
 */
export async function stampVersion(db: RunnerDatabase, migrations: readonly MigrationEntry[], version: string, context: RunContext): Promise<StampResult> {
  const limit = resolveVersion(migrations, version, true);
  const wanted = migrations.filter((m) => limit !== null && Number(m.version) <= Number(limit.version));
  return withMigrationLock(
    db,
    async () => {
      await ensureMigrationTable(db);
      const applied = await readRecordUnderLock(db, migrations);
      const wantedVersions = new Set(wanted.map((m) => m.version));
      const appliedVersions = new Set(applied.map((a) => a.version));
      const removed = applied.filter((a) => !wantedVersions.has(a.version));
      const recorded = wanted.filter((m) => !appliedVersions.has(m.version));
      await inTransaction(db, async () => {
        for (const row of removed) await removeApplied(db, row.version);
        for (const m of recorded) await recordApplied(db, m, checksumOf(m));
      });
      return { recorded: recorded.map((m) => m.name), removed: removed.map((r) => r.name) };
    },
    () => context.onEvent?.({ kind: "waiting" }),
  );
}

/** BEGIN … COMMIT, or ROLLBACK when the body throws. */
async function inTransaction(db: RunnerDatabase, body: () => Promise<void>): Promise<void> {
  await db.exec("BEGIN");
  try {
    await body();
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => undefined);
    throw error;
  }
  await db.exec("COMMIT");
}

/** Runs one migration file in one direction and updates the record with it. */
async function runMigration(db: RunnerDatabase, migration: MigrationEntry, direction: "up" | "down", context: RunContext): Promise<void> {
  const started = Date.now();
  const file = direction === "up" ? migration.upFile : migration.downFile;
  const text = readFileSync(file, "utf8");
  const display = relative(context.root, file);
  const statements = await splitStatements(text, display);
  const record = (): Promise<void> =>
    direction === "up" ? recordApplied(db, migration, checksumOf(migration)) : removeApplied(db, migration.version);
  if (isNoTransaction(text)) {
    for (const s of statements) await runStatement(db, s, migration, display, "stopped without a transaction (-- schemac:no-transaction): the statements before this one stay applied and it is not recorded", true);
    await record();
  } else {
    await inTransaction(db, async () => {
      for (const s of statements) await runStatement(db, s, migration, display, "was rolled back (nothing of it is applied)");
      await record();
    });
  }
  context.onEvent?.({ kind: "done", direction, migration, milliseconds: Date.now() - started });
}

/** Runs one statement; a failure is SC6007 at the statement, with a hint when it left an index INVALID (outside a transaction). */
async function runStatement(db: RunnerDatabase, statement: FileStatement, migration: MigrationEntry, display: string, outcome: string, isNoTransaction = false): Promise<void> {
  try {
    await db.exec(statement.sql);
  } catch (error) {
    const reason = error instanceof SchemacError ? connectionReason(error) : databaseError(error);
    const failed = diagnostic("MigrationFailed", spanOf(statement, display), migration.name, outcome, reason, shorten(statement.sql));
    const hint = isNoTransaction ? await invalidIndexHint(db, statement.sql) : null;
    throw new SchemacError([hint === null ? failed : { ...failed, hint }]);
  }
}

function spanOf(statement: FileStatement, display: string): { file: string; start: number; end: number } {
  return { file: display, start: statement.start, end: statement.end };
}

/** The statement on one line, cut at 160 characters. */
function shorten(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

/**
 * The reason inside a connection's SchemacError: for SC6004 (statement failed) PostgreSQL's own
 * message, since the statement is shown anyway; any other code (pg-mem lacking a feature) kept.
 */
function connectionReason(error: SchemacError): string {
  return error.diagnostics
    .map((d) => {
      if (d.code !== Codes.StatementFailed.code) return `${d.code}: ${d.message}`;
      const inner = /^statement failed \((.*? \[[0-9A-Z]{5}\])\): /s.exec(d.message)?.[1] ?? /^statement failed \((.*?)\): /s.exec(d.message)?.[1];
      return inner ?? `${d.code}: ${d.message}`;
    })
    .join("; ");
}

/** The database's error as one line: PostgreSQL's message, its detail, and the SQLSTATE. */
export function databaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: unknown; detail?: unknown };
  const first = (e.message.split("\n")[0] ?? "").replace(/^ERROR:\s*/, "").trim();
  const detail = typeof e.detail === "string" && e.detail.length > 0 ? ` (${e.detail})` : "";
  const code = typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? ` [${e.code}]` : "";
  return `${first}${detail}${code}`;
}
