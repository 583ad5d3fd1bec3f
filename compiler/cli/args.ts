/**
 * Command-line arguments, read with Node's `util.parseArgs`: `--flag`, `--flag value`,
 * `--flag=value`, `-m value`, positionals. Unknown flags are usage errors (exit 2), reported by
 * the CLI with the command's usage.
 */
import { resolve } from "node:path";
import { parseArgs as parseArgsOfNode } from "node:util";
import type { ConfigLocation } from "../config.js";

/** A flag a command accepts. */
export interface FlagSpec {
  readonly name: string;
  readonly alias?: string;
  readonly value?: boolean;
}

/** Parsed arguments of one command. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** Thrown for bad usage; the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Flags every command takes. */
export const commonFlags: readonly FlagSpec[] = [
  { name: "config", value: true },
  { name: "cwd", value: true },
  { name: "json" },
  { name: "help", alias: "h" },
];

/**
 * Parses argv (after the command name) against the flags a command accepts. Node's
 * `util.parseArgs` splits the words (`--flag=value`, `-m value`, `-mvalue`, grouped short flags,
 * `--` ending the options); schemac checks the tokens so its messages name the flag as typed.
 * A word like `-1` is a positional (a count), not a flag.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const all = [...commonFlags, ...specs];
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const spec of all) options[spec.name] = { type: spec.value ? "string" : "boolean", ...(spec.alias === undefined ? {} : { short: spec.alias }) };
  const numbers = new Set(argv.flatMap((arg, index) => (/^-\d/.test(arg) ? [index] : [])));
  const { tokens } = parseArgsOfNode({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const taken = new Set<number>();
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    else if (token.kind === "option" && numbers.has(token.index)) {
      // parseArgs reads `-12` as the flags -1 and -2: one positional, taken at its first token.
      if (!taken.has(token.index)) positionals.push(argv[token.index] as string);
      taken.add(token.index);
    } else if (token.kind === "option") {
      const spec = all.find((s) => s.name === token.name);
      if (spec === undefined) throw new UsageError(`unknown option ${token.rawName}`);
      if (spec.value && token.value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
      if (!spec.value && token.value !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      flags.set(spec.name, token.value ?? true);
    }
  }
  return { flags, positionals };
}

/** A string flag's value, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

/** True when a boolean flag was given. */
export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

/** Where the project is: `--config PATH` wins over `--cwd DIR`, both relative to the working directory. */
export function configLocation(cwd: string, args: ParsedArgs): ConfigLocation {
  const configPath = stringFlag(args, "config");
  return { cwd: resolve(cwd, stringFlag(args, "cwd") ?? "."), ...(configPath === undefined ? {} : { config: resolve(cwd, configPath) }) };
}
