/**
 * Every `schemac` command, in the order `schemac --help` lists them.
 */
import type { Command } from "../command.js";
import { build } from "./build.js";
import { check } from "./check.js";
import { diff } from "./diff.js";
import { hash } from "./hash.js";
import { rebase } from "./rebase.js";
import { init } from "./init.js";
import { up } from "./up.js";
import { down } from "./down.js";
import { status } from "./status.js";
import { stamp } from "./stamp.js";
import { verify } from "./verify.js";
import { drift } from "./drift.js";
import { graph } from "./graph.js";
import { pull } from "./pull.js";
import { squash } from "./squash.js";

/** The command table. */
export const commands: readonly Command[] = [init, build, diff, check, hash, rebase, up, down, status, stamp, verify, drift, pull, squash, graph];
