/**
 * `schemac up [N] [--to V] [--db URL]`: applies pending migrations (all of them, the next N, or
 * up to version V), each in its own transaction, under the migration lock.
 */
import { migrateUp, readMigrationStatus } from "../../db/runner.js";
import type { Command } from "../command.js";
import { databaseTarget, dbFlag, headName, loadChain, runContext, runTarget, toFlag, withDatabase } from "./database.js";

export const up: Command = {
  name: "up",
  summary: "apply pending migrations: all, the next N, or up to version V",
  usage: "up [N] [--to V] [--db URL]",
  flags: [dbFlag, toFlag],
  async run(context) {
    const target = runTarget(context);
    const state = loadChain(context);
    if (state === null) return 1;
    const url = databaseTarget(context, "up");
    const { applied, head } = await withDatabase(url, async (db) => {
      const done = await migrateUp(db, state.migrations, target, runContext(context));
      const status = await readMigrationStatus(db, state.migrations);
      return { applied: done, head: headName(status.entries.filter((e) => e.state === "applied").map((e) => e.migration.name)) };
    });
    if (context.json) {
      context.print(JSON.stringify({ applied: applied.map((m) => m.name), head }));
    } else if (applied.length === 0) {
      context.print(`nothing to apply: the database is at ${head}`);
    } else {
      context.print(`applied ${applied.length} migration(s); the database is at ${head}`);
    }
    return 0;
  },
};
