/**
 * Where a project's generated files are, from its config: the snapshot, the migrations folder and
 * schemac.sum under the output folder. A module of its own so the CLI's replay (cli/replay.ts)
 * finds them without loading the snapshot reader.
 */
import { join } from "node:path";
import type { Config } from "../config.js";

/** Paths of a project's generated files. */
export interface OutputPaths {
  readonly out: string;
  readonly snapshot: string;
  readonly migrations: string;
  readonly sum: string;
}

/** The generated files' paths for a config. */
export function outputPaths(config: Config): OutputPaths {
  return {
    out: config.out,
    snapshot: join(config.out, "snapshot.json"),
    migrations: join(config.out, "migrations"),
    sum: join(config.out, "schemac.sum"),
  };
}
