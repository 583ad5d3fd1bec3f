/**
 * `schemac up [N] [--to V] [--db URL]`: applies pending migrations (all of them, the next N, or
 * up to version V), each in its own transaction, under the migration lock.
 */
import { migrateUp } from "../../db/runner.js";
import type { Command } from "../command.js";
import { dbFlag, runMigrations, toFlag } from "./database.js";

export const up: Command = {
  name: "up",
  summary: "apply pending migrations: all, the next N, or up to version V",
  usage: "up [N] [--to V] [--db URL]",
  flags: [dbFlag, toFlag],
  run: (context) => runMigrations(context, "up", migrateUp, { done: "applied", todo: "apply" }),
};
