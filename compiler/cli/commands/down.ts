/**
 * `schemac down [N] [--to V] [--db URL]`: reverts applied migrations newest first (one by
 * default, the last N, or every one after version V; `--to 0` reverts all).
 */
import { migrateDown, readMigrationStatus } from "../../db/runner.js";
import type { Command } from "../command.js";
import { databaseTarget, dbFlag, headName, loadChain, runContext, runTarget, toFlag, withDatabase } from "./database.js";

export const down: Command = {
  name: "down",
  summary: "revert applied migrations: the last one, the last N, or back to version V (0: all)",
  usage: "down [N] [--to V] [--db URL]",
  flags: [dbFlag, toFlag],
  async run(context) {
    const target = runTarget(context);
    const state = loadChain(context);
    if (state === null) return 1;
    const url = databaseTarget(context, "down");
    const { reverted, head } = await withDatabase(url, async (db) => {
      const done = await migrateDown(db, state.migrations, target, runContext(context));
      const status = await readMigrationStatus(db, state.migrations);
      return { reverted: done, head: headName(status.entries.filter((e) => e.state === "applied").map((e) => e.migration.name)) };
    });
    if (context.json) {
      context.print(JSON.stringify({ reverted: reverted.map((m) => m.name), head }));
    } else if (reverted.length === 0) {
      context.print(`nothing to revert: the database is at ${head}`);
    } else {
      context.print(`reverted ${reverted.length} migration(s); the database is at ${head}`);
    }
    return 0;
  },
};
