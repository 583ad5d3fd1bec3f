/**
 * The flags of the offline commands whose outcome the files on disk decide (build, check, diff).
 * Shared by the commands and by the replay of their results (replay.ts), which must read argv
 * exactly as the command will, without loading the command's module.
 */
import type { FlagSpec } from "./args.js";

/** The commands replay.ts may answer from a recorded result. */
export type OfflineCommand = "build" | "check" | "diff";

/** Each offline command's own flags (besides `commonFlags`). */
export const offlineFlags: Record<OfflineCommand, readonly FlagSpec[]> = {
  build: [{ name: "message", alias: "m", value: true }, { name: "empty" }, { name: "manual" }, { name: "baseline" }, { name: "online" }, { name: "allow-data-loss" }],
  check: [],
  diff: [{ name: "sql" }, { name: "verbose", alias: "v" }, { name: "online" }],
};
