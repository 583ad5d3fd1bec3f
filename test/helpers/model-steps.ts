/**
 * A schemac project in a temp dir whose model goes through steps, each built with the real CLI
 * (`schemac build`) and applied with the real runner (`schemac up --db`) to a PostgreSQL
 * database that holds rows: the tests of changes made to tables that already have data.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../compiler/db/connection.js";
import { runCli, type CliResult } from "./cli.js";

/** A project with one model file, `src/model.ts`, and a database to apply it to. */
export interface StepProject {
  readonly root: string;
  readonly url: string;
  /** Writes the model and runs `schemac build ...args`; throws unless it exits 0. */
  build(model: string, ...args: string[]): Promise<CliResult>;
  /** Runs the CLI in the project (`up`, `down`, `diff` ...); `--db` is added for up and down. */
  cli(...argv: string[]): Promise<CliResult>;
  /** Runs SQL on the database and returns the rows. */
  sql<R extends Record<string, unknown>>(text: string): Promise<R[]>;
  /** The names of the migration files written so far, sorted. */
  migrationFiles(): string[];
  /** The text of a migration file. */
  migration(file: string): string;
  remove(): void;
}

/** The DSL import every model of these tests starts with. */
export const modelImport = `import { table, enumType, integer, bigint, text, varchar, uuid, sql, check, index } from "schemac";\n`;

/** Makes a project whose migrations apply to the database at `url`. */
export function stepProject(url: string): StepProject {
  const root = mkdtempSync(join(tmpdir(), "schemac-steps-"));
  writeFileSync(join(root, "schemac.config.json"), '{ "modules": ["src/**/*.ts"], "out": "generated" }\n');
  mkdirSync(join(root, "src"));
  const migrations = join(root, "generated", "migrations");
  return {
    root,
    url,
    async build(model, ...args) {
      writeFileSync(join(root, "src", "model.ts"), modelImport + model);
      const result = await runCli(["build", ...args], root);
      if (result.code !== 0) throw new Error(`build ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
      return result;
    },
    cli(...argv) {
      const db = argv[0] === "up" || argv[0] === "down" ? ["--db", url] : [];
      return runCli([...argv, ...db], root);
    },
    async sql<R extends Record<string, unknown>>(text: string): Promise<R[]> {
      const db = await openDatabase(url);
      try {
        return (await db.query<R>(text)).rows;
      } finally {
        await db.close();
      }
    },
    migrationFiles: () => readdirSync(migrations).sort(),
    migration: (file) => readFileSync(join(migrations, file), "utf8"),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs `body` with a step project on the database at `url`, removing the project afterwards even on failure. */
export async function withStepProject(url: string, body: (p: StepProject) => Promise<void>): Promise<void> {
  const project = stepProject(url);
  try {
    await body(project);
  } finally {
    project.remove();
  }
}
