/**
 * `schemac drift --db URL`: introspects a live database (the schemas the snapshot uses) and
 * compares it with the snapshot; prints the differences in plan form and exits 1 when any.
 */
import { relative } from "node:path";
import { diagnostic } from "../../diagnostics.js";
import { introspect } from "../../db/introspect.js";
import { readMigrationStatus } from "../../db/runner.js";
import { sameSchema } from "../../db/verify.js";
import type { Command } from "../command.js";
import { databaseTarget, dbFlag, loadChain, printDifferences, withDatabase } from "./database.js";

export const drift: Command = {
  name: "drift",
  summary: "compare a live database with the snapshot; exit 1 when they differ",
  usage: "drift --db URL",
  flags: [dbFlag],
  async run(context) {
    const state = loadChain(context);
    if (state === null) return 1;
    const url = databaseTarget(context, "drift");
    const schemas = ["public", ...state.snapshot.schemas.map((s) => s.name)];
    const { live, pending } = await withDatabase(url, async (db) => {
      const graph = await introspect(db, { schemas });
      const status = await readMigrationStatus(db, state.migrations);
      return { live: graph, pending: status.entries.filter((e) => e.state === "pending").map((e) => e.migration.name) };
    });
    const snapshotPath = relative(context.config().root, state.paths.snapshot);
    if (sameSchema(state.snapshot, live)) {
      context.print(`no drift: the database matches ${snapshotPath}`);
      return 0;
    }
    context.print(`the database differs from ${snapshotPath} (changes made to the database, compared with it):`);
    const count = await printDifferences(context, state.snapshot, live);
    if (pending.length > 0) context.print(`note: ${pending.length} migration(s) are not applied to this database (${pending.join(", ")}); run \`schemac up\` first`);
    context.report([diagnostic("DriftFound", null, count, snapshotPath)]);
    return 1;
  },
};
