/**
 * Every `schemac` command, in the order `schemac --help` lists them.
 */
import type { Command } from "../command.js";
import { build } from "./build.js";
import { check } from "./check.js";
import { diff } from "./diff.js";
import { hash } from "./hash.js";
import { init } from "./init.js";

/** The command table. */
export const commands: readonly Command[] = [init, build, diff, check, hash];
