/**
 * The measured situations, as scenarios that set up their state before each run and check the
 * outcome after it: schemac build (first, one change, no change), check, verify and its yardstick
 * (`up --db memory`: the same migrations applied once on pg-mem); drizzle-kit
 * generate (first, one change, no change); the parse floor.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { drizzleOut, renderDrizzleModule } from "./emit-drizzle.js";
import { renderSchemacModule, schemaPath } from "./emit-schemac.js";
import { repoRoot, writeFiles } from "./generate.js";
import type { Sample } from "./measure.js";
import { countTables, withAddedColumn, type MonolithModel } from "./model.js";
import { cacheDirectory } from "../compiler/extract/cache.js";

/** The kind of a row of the report. */
export type RowId = "first" | "change" | "nochange" | "check" | "apply" | "verify" | "floor";

/** Who is measured. */
export type Tool = "schemac" | "drizzle-kit" | "floor";

/** One measured situation. `unavailable` is set (and nothing runs) when the tool is missing. */
export interface Scenario {
  readonly id: RowId;
  readonly tool: Tool;
  readonly label: string;
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly unavailable: string | null;
  /** Puts the project in the state the run starts from. */
  prepare(): void;
  /** Checks a run's outcome; returns an error message, or null when it did what it should. */
  validate(sample: Sample): string | null;
  /** Undoes what prepare changed in the model files; called after every run. */
  cleanup(): void;
  /** Called once after the last run (e.g. to keep the state that later scenarios start from). */
  finish(): void;
}

/** The schemac executable. */
export const schemacBin = join(repoRoot, "compiler", "cli", "bin.mjs");

const benchDir = import.meta.dirname;

/** Which schemac commands the CLI offers: null when bin.mjs is missing or does not run. */
export function schemacCommands(): Set<string> | null {
  if (!existsSync(schemacBin)) return null;
  const result = spawnSync(process.execPath, [schemacBin, "--help"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) return null;
  const names = [...result.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1] as string);
  return new Set(names);
}

function restore(base: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  if (existsSync(base)) cpSync(base, target, { recursive: true });
}

function listFiles(dir: string, suffix: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix)).sort() : [];
}

function failure(sample: Sample): string | null {
  if (sample.timedOut) return "timed out (a prompt waiting for input?)";
  if (sample.code === 0) return null;
  const tail = `${sample.stderr}\n${sample.stdout}`.trim().split("\n").slice(-6).join(" | ");
  return `exit code ${String(sample.code)}: ${tail}`;
}

function countCreateTable(sql: string): number {
  return (sql.match(/\bCREATE TABLE\b/gi) ?? []).length;
}

const noop = (): void => undefined;

/** What the schemac and drizzle scenarios share: the project, the model and the changed file. */
interface ProjectState {
  readonly dir: string;
  readonly model: MonolithModel;
  readonly outDir: string;
  readonly baseDir: string;
  readonly changedPath: string;
  readonly originalText: string;
  readonly changedText: string;
}

function projectState(
  dir: string,
  model: MonolithModel,
  out: string,
  render: (m: MonolithModel["modules"][number]) => string,
): ProjectState {
  const changed = withAddedColumn(model);
  const module = changed.model.modules[changed.module];
  const original = model.modules[changed.module];
  if (module === undefined || original === undefined) throw new Error("the model has no module to change");
  return {
    dir,
    model,
    outDir: join(dir, out),
    baseDir: join(dir, "..", `base-${basename(dir)}`),
    changedPath: schemaPath(module),
    originalText: render(original),
    changedText: render(module),
  };
}

function changeModel(state: ProjectState, text: string): void {
  writeFiles(state.dir, new Map([[state.changedPath, text]]));
}

/** The schemac scenarios on a generated project; `commands` is what the CLI offers. */
export function schemacScenarios(dir: string, model: MonolithModel, commands: Set<string> | null): Scenario[] {
  let edits = 0;
  const state = projectState(dir, model, "generated", renderSchemacModule);
  const migrations = join(state.outDir, "migrations");
  const tables = countTables(model);
  const base = { tool: "schemac" as const, cwd: dir, cleanup: noop, finish: noop };
  const command = (name: string, ...args: string[]): Pick<Scenario, "argv" | "unavailable"> => ({
    // Run from the project folder, as a user does; `--cwd .` keeps the flag on the measured path.
    argv: [process.execPath, schemacBin, name, ...args, "--cwd", "."],
    unavailable: commands === null ? "schemac CLI not found" : commands.has(name) ? null : `schemac ${name} not found`,
  });
  const restoreBase = (): void => {
    changeModel(state, state.originalText);
    restore(state.baseDir, state.outDir);
  };
  const noNewMigration = (sample: Sample): string | null =>
    failure(sample) ??
    (listFiles(migrations, ".sql").length === listFiles(join(state.baseDir, "migrations"), ".sql").length
      ? null
      : "wrote a migration though nothing changed");
  return [
    {
      ...base, id: "first", label: "schemac build (empty snapshot)", ...command("build", "-m", "initial"),
      prepare: () => {
        restoreBase();
        rmSync(state.outDir, { recursive: true, force: true });
        // Cold: no extraction cache either (node_modules/.cache/schemac, see compiler/extract/cache.ts).
        rmSync(cacheDirectory(dir), { recursive: true, force: true });
      },
      validate: (sample) => {
        const up = listFiles(migrations, ".up.sql");
        const created = up.length === 1 ? countCreateTable(readFileSync(join(migrations, up[0] as string), "utf8")) : -1;
        return failure(sample) ?? (created === tables ? null : `expected one migration with ${tables} CREATE TABLE, found ${up.length} file(s), ${created} CREATE TABLE`);
      },
      finish: () => restore(state.outDir, state.baseDir),
    },
    {
      ...base, id: "change", label: "schemac build (one column added)", ...command("build", "-m", "add bench note"),
      prepare: () => {
        restoreBase();
        // A new text every run, so each run meets a changed file, as after a real edit (the
        // extraction cache still holds every other module).
        changeModel(state, `${state.changedText}\n// edit ${++edits}\n`);
      },
      validate: (sample) => {
        const up = listFiles(migrations, ".up.sql");
        const last = up.length === 2 ? readFileSync(join(migrations, up[1] as string), "utf8") : "";
        return failure(sample) ?? (last.includes("bench_note") ? null : "no second migration adding bench_note");
      },
      cleanup: () => changeModel(state, state.originalText),
    },
    { ...base, id: "nochange", label: "schemac build (no change)", ...command("build", "-m", "nothing"), prepare: restoreBase, validate: noNewMigration },
    { ...base, id: "check", label: "schemac check (no change)", ...command("check"), prepare: restoreBase, validate: noNewMigration },
    {
      // verify's yardstick: the same migrations applied once on a fresh pg-mem database, by the
      // same runner and adapter, in a whole process (the target is verify <= 3x this).
      ...base, id: "apply", label: "schemac up --db memory (apply once)", ...command("up", "--db", "memory"), prepare: restoreBase,
      validate: (sample) => {
        const count = listFiles(migrations, ".up.sql").length;
        return failure(sample) ?? (sample.stdout.includes(`applied ${count} migration(s)`) ? null : `expected "applied ${count} migration(s)", found: ${sample.stdout.trim().split("\n").at(-1) ?? ""}`);
      },
    },
    { ...base, id: "verify", label: "schemac verify (pg-mem)", ...command("verify"), prepare: restoreBase, validate: failure },
  ];
}

function drizzleKitBin(): string | null {
  const bin = join(benchDir, "node_modules", "drizzle-kit", "bin.cjs");
  return existsSync(bin) ? bin : null;
}

function promptSeen(sample: Sample): boolean {
  return /created or renamed|renamed from another/i.test(sample.stdout + sample.stderr);
}

/** The drizzle-kit generate scenarios (first, one change, no change) on the drizzle project. */
export function drizzleScenarios(dir: string, model: MonolithModel): Scenario[] {
  const state = projectState(dir, model, drizzleOut, renderDrizzleModule);
  const bin = drizzleKitBin();
  const tables = countTables(model);
  const base = {
    tool: "drizzle-kit" as const,
    cwd: dir,
    argv: [process.execPath, bin ?? "drizzle-kit", "generate", "--config", "drizzle.config.ts"],
    unavailable: bin === null ? "drizzle-kit not installed (npm --prefix bench ci)" : null,
    cleanup: noop,
    finish: noop,
  };
  const restoreBase = (): void => {
    changeModel(state, state.originalText);
    restore(state.baseDir, state.outDir);
  };
  const failed = (sample: Sample): string | null =>
    promptSeen(sample) ? "drizzle-kit prompted for a rename" : failure(sample);
  const newSql = (): string[] => {
    const before = new Set(listFiles(state.baseDir, ".sql"));
    return listFiles(state.outDir, ".sql").filter((f) => !before.has(f));
  };
  return [
    {
      ...base, id: "first", label: "drizzle-kit generate (empty)",
      prepare: () => {
        restoreBase();
        rmSync(state.outDir, { recursive: true, force: true });
      },
      validate: (sample) => {
        const files = listFiles(state.outDir, ".sql");
        const created = files.length === 1 ? countCreateTable(readFileSync(join(state.outDir, files[0] as string), "utf8")) : -1;
        return failed(sample) ?? (created === tables ? null : `expected ${tables} CREATE TABLE, found ${created}`);
      },
      finish: () => restore(state.outDir, state.baseDir),
    },
    {
      ...base, id: "change", label: "drizzle-kit generate (one column added)",
      prepare: () => {
        restoreBase();
        changeModel(state, state.changedText);
      },
      validate: (sample) => {
        const added = newSql();
        const text = added.length === 1 ? readFileSync(join(state.outDir, added[0] as string), "utf8") : "";
        return failed(sample) ?? (text.includes("bench_note") ? null : "no new migration adding bench_note");
      },
      cleanup: () => changeModel(state, state.originalText),
    },
    {
      ...base, id: "nochange", label: "drizzle-kit generate (no change)", prepare: restoreBase,
      validate: (sample) => failed(sample) ?? (newSql().length === 0 ? null : "wrote a migration though nothing changed"),
    },
  ];
}

/** The parse floor: TypeScript's parser over the schemac project's module files, nothing else. */
export function floorScenario(dir: string, model: MonolithModel): Scenario {
  const files = model.modules.length;
  return {
    id: "floor",
    tool: "floor",
    label: "parse floor (ts.createSourceFile)",
    argv: [process.execPath, join(benchDir, "parse-floor.mjs"), join(dir, "src", "modules")],
    cwd: dir,
    unavailable: null,
    prepare: noop,
    validate: (sample) =>
      failure(sample) ?? (sample.stdout.startsWith(`parsed ${files} files`) ? null : `unexpected output: ${sample.stdout.trim()}`),
    cleanup: noop,
    finish: noop,
  };
}
