/**
 * `schemac status [--db URL] [--json]`: each migration of the folder as applied, pending or
 * changed since applied, and applied migrations the folder lacks. Exits 1 when a changed or
 * missing migration would make `up` and `down` refuse to run.
 */
import { hasMigrationTable } from "../../db/migration-table.js";
import { readRecord, statusOf, statusProblems, type MigrationStatus } from "../../db/runner.js";
import type { Command, CommandContext } from "../command.js";
import { databaseTarget, dbFlag, loadChain, withDatabase } from "./database.js";

export const status: Command = {
  name: "status",
  summary: "list migrations as applied, pending, or changed since applied",
  usage: "status [--db URL] [--json]",
  flags: [dbFlag],
  async run(context) {
    const state = loadChain(context);
    if (state === null) return 1;
    const url = databaseTarget(context, "status");
    const { report, applied, hasTable } = await withDatabase(url, async (db) => {
      const rows = await readRecord(db, state.migrations);
      return { report: statusOf(state.migrations, rows), applied: rows, hasTable: await hasMigrationTable(db) };
    });
    if (context.json) printJson(context, report);
    else printText(context, report, hasTable);
    return context.report(statusProblems(report, applied, context.config().root)) ? 1 : 0;
  },
};

function printJson(context: CommandContext, report: MigrationStatus): void {
  context.print(
    JSON.stringify({
      migrations: report.entries.map((e) => ({ version: e.migration.version, name: e.migration.name, state: e.state, appliedAt: e.appliedAt })),
      unknown: report.unknown.map((u) => ({ version: u.version, name: u.name, appliedAt: u.appliedAt })),
    }),
  );
}

const labels = { applied: "applied", pending: "pending", changed: "CHANGED since applied" } as const;

function printText(context: CommandContext, report: MigrationStatus, hasTable: boolean): void {
  if (!hasTable) context.print("the database has no schemac_migrations table: nothing is applied yet");
  const width = Math.max(0, ...report.entries.map((e) => e.migration.name.length), ...report.unknown.map((u) => u.name.length));
  for (const entry of report.entries) {
    const when = entry.appliedAt === null ? "" : `  ${entry.appliedAt}`;
    context.print(`${entry.migration.name.padEnd(width)}  ${labels[entry.state]}${when}`);
  }
  for (const row of report.unknown) context.print(`${row.name.padEnd(width)}  applied, but no such file  ${row.appliedAt}`);
  const count = (state: keyof typeof labels): number => report.entries.filter((e) => e.state === state).length;
  context.print(`${count("applied")} applied, ${count("pending")} pending${count("changed") > 0 ? `, ${count("changed")} changed since applied` : ""}`);
}
