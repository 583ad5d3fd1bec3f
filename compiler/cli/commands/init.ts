/**
 * `schemac init`: write a schemac.config.json with the defaults and create the output folder.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { configFileName } from "../../config.js";
import { writeFilesAtomically } from "../../migrations/write.js";
import { stringFlag } from "../args.js";
import type { Command } from "../command.js";

export const init: Command = {
  name: "init",
  summary: "create schemac.config.json in the project",
  usage: "init [--modules GLOB] [--out DIR]",
  flags: [{ name: "modules", value: true }, { name: "out", value: true }],
  async run(context) {
    const dir = resolve(context.io.cwd, stringFlag(context.args, "cwd") ?? ".");
    const path = join(dir, configFileName);
    if (existsSync(path)) {
      context.io.stderr.write(`${relative(context.io.cwd, path) || path} already exists; nothing written\n`);
      return 1;
    }
    const config = {
      modules: [stringFlag(context.args, "modules") ?? "src/**/*.ts"],
      out: stringFlag(context.args, "out") ?? "generated",
    };
    writeFilesAtomically([{ path, content: `${JSON.stringify(config, null, 2)}\n` }]);
    context.print(`wrote ${relative(context.io.cwd, path) || path}`);
    context.print(`next: declare tables in ${config.modules[0]}, then run \`schemac build -m initial\``);
    return 0;
  },
};
