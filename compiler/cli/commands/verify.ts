/**
 * `schemac verify [--db URL]`: every migration up one at a time, down one at a time, and up
 * again, comparing the schema after each step with the one it must produce (the snapshot at
 * the head). Default: a fresh pg-mem database (its fingerprint compared: what pg-mem keeps);
 * with `--db`, an EMPTY PostgreSQL database (whole graphs compared), left empty again.
 */
import { relative } from "node:path";
import { SchemacError, diagnostic } from "../../diagnostics.js";
import type { Database } from "../../db/connection.js";
import { dropMigrationTable } from "../../db/migration-table.js";
import { migrateDown } from "../../db/runner.js";
import { nonEmptyReason, pgMemCompared, verifyMigrations, type VerifyResult } from "../../db/verify.js";
import type { MigrationState } from "../../migrations/state.js";
import { stringFlag } from "../args.js";
import type { Command, CommandContext } from "../command.js";
import { dbFlag, loadChain, printDifferences, runContext, withDatabase } from "./database.js";

export const verify: Command = {
  name: "verify",
  summary: "run every migration up, down and up again, comparing the schema after each step",
  usage: "verify [--db URL]",
  flags: [dbFlag],
  async run(context) {
    const state = loadChain(context);
    if (state === null) return 1;
    // Never DATABASE_URL: verify needs a scratch database, and that variable names a real one.
    const target = stringFlag(context.args, "db") ?? "memory";
    const result = await withDatabase(target, (db) => verifyOn(db, state, context));
    return report(context, state, result, target === "memory" ? "pg-mem" : "PostgreSQL");
  },
};

async function verifyOn(db: Database, state: MigrationState, context: CommandContext): Promise<VerifyResult> {
  if (db.kind !== "pg-mem") {
    const found = await nonEmptyReason(db);
    if (found !== null) throw new SchemacError([diagnostic("DatabaseNotEmpty", null, found)]);
  }
  const run = { root: context.config().root };
  try {
    return await verifyMigrations(db, state.migrations, state.snapshot, run);
  } finally {
    if (db.kind !== "pg-mem") await leaveEmpty(db, state, run);
  }
}

/** Reverts whatever verify applied and drops schemac_migrations (best effort after a failure). */
async function leaveEmpty(db: Database, state: MigrationState, run: { root: string }): Promise<void> {
  try {
    await migrateDown(db, state.migrations, { to: "0" }, run);
    await dropMigrationTable(db);
  } catch {
    // The failure verify reports is the one to see; a database it cannot clean is a scratch one.
  }
}

async function report(context: CommandContext, state: MigrationState, result: VerifyResult, where: string): Promise<number> {
  const compared = result.mode === "graph" ? "the whole schema" : `what pg-mem keeps: ${pgMemCompared.compared}; only --db PostgreSQL checks ${pgMemCompared.onlyPostgres}`;
  if (!context.json) for (const step of result.steps) context.print(`ok ${step}`);
  if (result.mismatch === null) {
    if (context.json) context.print(JSON.stringify({ ok: true, mode: result.mode, steps: result.steps }));
    else context.print(`verified ${state.migrations.length} migration(s) up, down and up again on ${where}; compared ${compared}`);
    return 0;
  }
  const mismatch = result.mismatch;
  const expectedName = mismatch.expectedLabel === "the snapshot" ? relative(context.config().root, state.paths.snapshot) : mismatch.expectedLabel;
  if (context.json) {
    const differences = mismatch.mode === "fingerprint" ? { differences: mismatch.differences } : {};
    context.print(JSON.stringify({ ok: false, mode: result.mode, step: mismatch.step, expected: expectedName, ...differences }));
  } else {
    context.print(`after ${mismatch.step}, the database differs from ${expectedName} (what the database has, compared with it):`);
    if (mismatch.mode === "graph") await printDifferences(context, mismatch.expected, mismatch.actual);
    else for (const line of mismatch.differences) context.print(line);
  }
  context.report([diagnostic("VerifyMismatch", null, mismatch.step, expectedName)]);
  return 1;
}
