/**
 * The shape of a CLI command and the context it runs in. One file per command in commands/.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadConfig, type Config } from "../config.js";
import { SchemacError, diagnostic, formatDiagnostic, type Diagnostic } from "../diagnostics.js";
import { discoverFiles } from "../discover.js";
import { booleanFlag, configLocation, type FlagSpec, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { palette, type Palette } from "./plan-text.js";

/** A subcommand of `schemac`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** True for a command that may run where no project is yet (`pull` adopts a database there); others stop with SC1005. */
  readonly startsProject?: boolean;
  run(context: CommandContext): Promise<number>;
}

/** What a running command can use. */
export class CommandContext {
  readonly colors: Palette;
  private loaded: Config | undefined;
  private readonly sources = new Map<string, string>();

  constructor(
    readonly io: CliIo,
    readonly args: ParsedArgs,
    private readonly startsProject = false,
  ) {
    this.colors = palette(io.color && !booleanFlag(args, "json"));
  }

  /**
   * The project's config (loaded once; `--config` wins over `--cwd`). Outside a project (no
   * config file, no output folder, and the default globs find no file) it is SC1005, rather than
   * every command treating the folder as an empty project.
   */
  config(): Config {
    if (this.loaded === undefined) {
      const config = loadConfig(configLocation(this.io.cwd, this.args));
      if (!this.startsProject && config.file === null && !existsSync(config.out) && discoverFiles(config).length === 0) {
        throw new SchemacError([diagnostic("NotAProject", null, relative(this.io.cwd, config.root) || ".")]);
      }
      this.loaded = config;
    }
    return this.loaded;
  }

  /** Registers file texts already read, so printing positions does not read them again. */
  addSources(sources: ReadonlyMap<string, string>): void {
    for (const [k, v] of sources) this.sources.set(k, v);
  }

  /** Prints diagnostics to stderr; returns true when any is an error. */
  report(diagnostics: readonly Diagnostic[]): boolean {
    const read = (file: string): string | undefined => {
      const cached = this.sources.get(file);
      if (cached !== undefined) return cached;
      try {
        const text = readFileSync(join(this.loaded?.root ?? this.io.cwd, file), "utf8");
        this.sources.set(file, text);
        return text;
      } catch {
        return undefined;
      }
    };
    for (const d of diagnostics) this.io.stderr.write(`${formatDiagnostic(d, read)}\n`);
    return diagnostics.some((d) => d.severity === "error");
  }

  /** Writes a line to stdout. */
  print(text = ""): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** True when `--json` was given. */
  get json(): boolean {
    return booleanFlag(this.args, "json");
  }
}
