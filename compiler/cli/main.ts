/**
 * The `schemac` command line: `run(argv, io)` returns the exit code (0 success, 1 the user's
 * input is wrong and diagnostics were printed, 2 bad usage). The only place that prints;
 * `bin.mjs` is the only place that exits. Anything thrown that is not a SchemacError is a bug:
 * "internal error", with the stack only under SCHEMAC_DEBUG=1.
 */
import { SchemacError } from "../diagnostics.js";
import { packageVersion } from "../package-info.js";
import { parseArgs, UsageError } from "./args.js";
import { CommandContext, type Command } from "./command.js";
import { commands } from "./commands/index.js";
import type { CliIo } from "./io.js";
import { internalErrorPrefix } from "./replay.js";

function usage(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    "usage: schemac <command> [options]",
    "",
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    "",
    "options for every command: --config PATH | --cwd DIR, --json, --help",
    "schemac --version (-v) prints the version",
    "",
  ].join("\n");
}

/** Runs the CLI in-process and returns its exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr.write(`schemac: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  let context: CommandContext;
  try {
    context = new CommandContext(io, parseArgs(rest, command.flags), command.startsProject === true);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`schemac ${name}: ${error.message}\nusage: schemac ${command.usage}\n`);
    return 2;
  }
  if (context.args.flags.has("help")) {
    io.stdout.write(`usage: schemac ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(context);
  } catch (error) {
    if (error instanceof SchemacError) {
      context.report(error.diagnostics);
      return 1;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`schemac ${name}: ${error.message}\nusage: schemac ${command.usage}\n`);
      return 2;
    }
    const debug = io.env["SCHEMAC_DEBUG"] === "1";
    const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr.write(`${internalErrorPrefix}: ${detail}\n${debug ? "" : "(set SCHEMAC_DEBUG=1 for the stack trace, and please report it)\n"}`);
    return 1;
  }
}
