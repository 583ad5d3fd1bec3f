/**
 * Reads `schemac.config.json` (static JSON, never executed) into a Config with absolute paths.
 * Problems are SC1xxx diagnostics; a missing config file means the defaults.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { SchemacError, diagnostic } from "./diagnostics.js";
import { parseBoundaries, parseModuleOf, type Boundaries } from "./modules/rules.js";

export type { Boundaries };

/** The config file's name, looked up in the working directory. */
export const configFileName = "schemac.config.json";

/** A project's settings, with every path made absolute. */
export interface Config {
  /** The directory paths in spans and output are relative to (the config file's directory). */
  readonly root: string;
  /** The config file, or null when none exists and the defaults apply. */
  readonly file: string | null;
  /** Globs, relative to root, of the module files to read. */
  readonly modules: readonly string[];
  /** Absolute output directory: snapshot.json, migrations/, schemac.sum. */
  readonly out: string;
  /**
   * `"moduleOf"` patterns (`src/modules/<module>/**`); empty or absent: a file's module is the
   * folder under the modules root of the glob that selected it (compiler/modules/ownership.ts).
   */
  readonly moduleOf?: readonly string[];
  /** `"boundaries"`: which module may reference which; absent, nothing is enforced. */
  readonly boundaries?: Boundaries | null;
  /** `"online": true`: `build` and `diff` always plan the online form, as with `--online`. */
  readonly online?: boolean;
}

/** Where a command runs: `--config PATH` wins over `--cwd DIR`, which defaults to process.cwd(). */
export interface ConfigLocation {
  readonly cwd: string;
  readonly config?: string;
}

/** Loads the config for a location; throws SchemacError (SC1001/SC1002) on a bad file. */
export function loadConfig(location: ConfigLocation): Config {
  const explicit = location.config === undefined ? null : resolve(location.cwd, location.config);
  const file = explicit ?? join(resolve(location.cwd), configFileName);
  if (!existsSync(file)) {
    if (explicit !== null) {
      throw new SchemacError([diagnostic("ConfigUnreadable", null, relative(location.cwd, file) || file, "no such file")]);
    }
    const root = resolve(location.cwd);
    return { root, file: null, modules: ["**/*.ts"], out: join(root, "generated") };
  }
  return parseConfig(file, readConfigText(file, relative(location.cwd, file) || file), relative(location.cwd, file) || file);
}

function readConfigText(file: string, shown: string): string {
  try {
    if (statSync(file).isDirectory()) throw new Error("is a directory");
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new SchemacError([diagnostic("ConfigUnreadable", null, shown, (error as Error).message)]);
  }
}

/** The keys a config may have; any other is an error. */
const knownKeys = new Set(["$schema", "modules", "out", "moduleOf", "boundaries", "online"]);

/** Parses and checks the config text; exported for tests. */
export function parseConfig(file: string, text: string, shown: string = file): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SchemacError([diagnostic("ConfigUnreadable", null, shown, `not valid JSON (${(error as Error).message})`)]);
  }
  const root = dirname(file);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new SchemacError([diagnostic("ConfigInvalid", null, `${shown} must hold a JSON object`)]);
  }
  const problems: string[] = [];
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!knownKeys.has(key)) problems.push(`unknown key "${key}"`);
  }
  let modules: string[] = ["**/*.ts"];
  if (record["modules"] !== undefined) {
    const value = record["modules"];
    if (!Array.isArray(value) || value.length === 0 || !value.every((g) => typeof g === "string" && g.length > 0)) {
      problems.push(`"modules" must be a non-empty list of glob strings`);
    } else {
      modules = value as string[];
    }
  }
  let out = "generated";
  if (record["out"] !== undefined) {
    if (typeof record["out"] !== "string" || record["out"].length === 0) problems.push(`"out" must be a directory path`);
    else out = record["out"];
  }
  const moduleOf = record["moduleOf"] === undefined ? [] : parseModuleOf(record["moduleOf"], problems);
  const boundaries = record["boundaries"] === undefined ? null : parseBoundaries(record["boundaries"], problems);
  const online = record["online"] ?? false;
  if (typeof online !== "boolean") problems.push(`"online" must be true or false`);
  if (problems.length > 0) {
    throw new SchemacError(problems.map((p) => diagnostic("ConfigInvalid", null, `${p} in ${shown}`)));
  }
  return { root, file, modules, out: isAbsolute(out) ? out : join(root, out), moduleOf, boundaries, online: online === true };
}
