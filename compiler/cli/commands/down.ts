/**
 * `schemac down [N] [--to V] [--db URL]`: reverts applied migrations newest first (one by
 * default, the last N, or every one after version V; `--to 0` reverts all).
 */
import { migrateDown } from "../../db/runner.js";
import type { Command } from "../command.js";
import { dbFlag, runMigrations, toFlag } from "./database.js";

export const down: Command = {
  name: "down",
  summary: "revert applied migrations: the last one, the last N, or back to version V (0: all)",
  usage: "down [N] [--to V] [--db URL]",
  flags: [dbFlag, toFlag],
  run: (context) => runMigrations(context, "down", migrateDown, { done: "reverted", todo: "revert" }),
};
