/**
 * Writes a synthetic modular monolith to disk, twice from the same model: a schemac project
 * (`<dir>/schemac`) and a drizzle-orm project (`<dir>/drizzle`), with `<dir>/node_modules/schemac`
 * linked to this repository so that `import ... from "schemac"` resolves as in a real app.
 *
 * Node built-ins only (the smoke test imports it without bench/node_modules).
 * Run alone: `tsx bench/generate.ts --tables 2000 --dir bench/work/2000 [--no-drizzle]`.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { renderDrizzleProject } from "./emit-drizzle.js";
import { renderSchemacProject } from "./emit-schemac.js";
import { buildMonolith, type MonolithModel, type MonolithOptions } from "./model.js";

/** Where to write and what to write. */
export interface GenerateOptions extends MonolithOptions {
  /** The folder to (re)create; everything in it is replaced. */
  readonly dir: string;
  /** Also write the drizzle-orm project. Default true. */
  readonly drizzle?: boolean;
}

/** The written projects and the model they came from. */
export interface GeneratedProjects {
  readonly model: MonolithModel;
  readonly schemacDir: string;
  readonly drizzleDir: string | null;
}

/** The root of this repository, the target of the `schemac` package link. */
export const repoRoot = resolve(import.meta.dirname, "..");

/** Writes files (paths relative to `dir`), creating folders as needed. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** Generates the model and writes both projects; returns where they are. */
export function generateProjects(options: GenerateOptions): GeneratedProjects {
  const model = buildMonolith(options);
  const dir = resolve(options.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(repoRoot, join(dir, "node_modules", "schemac"), "dir");
  const schemacDir = join(dir, "schemac");
  writeFiles(schemacDir, renderSchemacProject(model));
  // An application has a node_modules folder, so schemac's caches live in the project
  // (node_modules/.cache/schemac), not in the temp folder that every test run's projects share and prune.
  mkdirSync(join(schemacDir, "node_modules"), { recursive: true });
  let drizzleDir: string | null = null;
  if (options.drizzle ?? true) {
    drizzleDir = join(dir, "drizzle");
    writeFiles(drizzleDir, renderDrizzleProject(model));
  }
  return { model, schemacDir, drizzleDir };
}

function main(argv: readonly string[]): void {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const tables = Number(value("--tables") ?? "200");
  const dir = value("--dir") ?? join(import.meta.dirname, "work", String(tables));
  const result = generateProjects({ tables, dir, drizzle: !argv.includes("--no-drizzle") });
  const count = result.model.modules.reduce((n, m) => n + m.tables.length, 0);
  process.stdout.write(`wrote ${count} tables in ${result.model.modules.length} modules to ${dir}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
