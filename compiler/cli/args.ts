/**
 * A small argv parser: `--flag`, `--flag value`, `--flag=value`, `-m value`, positionals.
 * Unknown flags are usage errors (exit 2), reported by the CLI with the command's usage.
 */

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

/** Parses argv (after the command name) against the flags a command accepts. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const all = [...commonFlags, ...specs];
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const [key, inline] = arg.startsWith("--") ? splitInline(arg.slice(2)) : [arg.slice(1), undefined];
    const spec = all.find((s) => s.name === key || s.alias === key);
    if (spec === undefined) throw new UsageError(`unknown option ${arg}`);
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      flags.set(spec.name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
    flags.set(spec.name, value);
  }
  return { flags, positionals };
}

function splitInline(body: string): [string, string | undefined] {
  const eq = body.indexOf("=");
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
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
