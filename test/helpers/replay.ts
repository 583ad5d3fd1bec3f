/**
 * What the replay tests share: a small project, a run through the replay (compiler/cli/replay.ts)
 * that tells whether the CLI was loaded, the reference run (the CLI itself with SCHEMAC_CACHE=0),
 * and a comparison of the two from the same files, output and written files alike.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as assert from "uvu/assert";
import { run } from "../../compiler/cli/main.js";
import { runReplayed } from "../../compiler/cli/replay.js";
import { firstDifference, readTree } from "./tree.js";

/** One run: the output in the order written (stream-tagged), the exit code, and whether the CLI was loaded. */
export interface RunOutcome {
  readonly code: number;
  readonly output: readonly string[];
  readonly loaded: boolean;
}

/** How a run is started besides argv and the project. */
export interface RunSetting {
  readonly env?: Record<string, string>;
  readonly color?: boolean;
}

/** The model files of a fresh project. */
export const moduleA = [
  'import { integer, table, text, uuid, varchar } from "schemac";',
  "",
  'export const users = table("users", {',
  "  id: uuid().primaryKey(),",
  "  email: varchar(200).notNull(),",
  "  age: integer(),",
  "});",
  "",
].join("\n");

/** A second module with a foreign key into the first. */
export const moduleB = [
  'import { table, text, uuid } from "schemac";',
  'import { users } from "../a/schema.js";',
  "",
  'export const notes = table("notes", {',
  "  id: uuid().primaryKey(),",
  "  user_id: uuid().notNull().references(() => users.id),",
  "  body: text(),",
  "});",
  "",
].join("\n");

/** A project with modules a and b and no output yet. */
export function freshProject(): string {
  const root = mkdtempSync(join(tmpdir(), "schemac-replay-"));
  writeFiles(root, {
    "schemac.config.json": `${JSON.stringify({ modules: ["src/modules/**/*.ts"], out: "generated" }, null, 2)}\n`,
    "src/modules/a/schema.ts": moduleA,
    "src/modules/b/schema.ts": moduleB,
  });
  return root;
}

/** Writes files (project-relative paths), making their folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function capture(setting: RunSetting, cwd: string, env: Record<string, string>) {
  const output: string[] = [];
  const write = (stream: string) => ({ write: (text: string) => void output.push(`${stream}: ${text}`) });
  return { output, io: { cwd, env, stdout: write("stdout"), stderr: write("stderr"), color: setting.color ?? false } };
}

/** `schemac ...argv` through the replay, as bin.mjs runs it. */
export async function replayed(argv: readonly string[], cwd: string, setting: RunSetting = {}): Promise<RunOutcome> {
  const { output, io } = capture(setting, cwd, { ...setting.env });
  let loaded = false;
  const code = await runReplayed(argv, io, async () => {
    loaded = true;
    return run;
  });
  return { code, output: joined(output), loaded };
}

/** `schemac ...argv` with no cache of any kind: the reference. */
export async function reference(argv: readonly string[], cwd: string, setting: RunSetting = {}): Promise<RunOutcome> {
  const { output, io } = capture(setting, cwd, { ...setting.env, SCHEMAC_CACHE: "0" });
  const code = await run(argv, io);
  return { code, output: joined(output), loaded: true };
}

/** Adjacent writes to the same stream as one: how they were split is not part of the output. */
function joined(output: readonly string[]): string[] {
  const merged: string[] = [];
  for (const item of output) {
    const last = merged.at(-1);
    const stream = item.slice(0, item.indexOf(":"));
    if (last !== undefined && last.startsWith(`${stream}: `)) merged[merged.length - 1] = last + item.slice(stream.length + 2);
    else merged.push(item);
  }
  return merged;
}

/** Every file of the project (the cache is outside it: a project with no node_modules keeps it under the temp folder). */
function files(root: string): Map<string, string> {
  return readTree(root);
}

function restore(root: string, saved: Map<string, string>): void {
  for (const path of files(root).keys()) if (!saved.has(path)) rmSync(join(root, path));
  for (const [path, text] of saved) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * Runs argv through the replay, then (from the same files) the reference, and asserts the same
 * output, exit code and files written. Returns the replayed run (was the CLI loaded?).
 */
export async function assertSameAsReference(argv: readonly string[], root: string, setting: RunSetting = {}, what = argv.join(" ")): Promise<RunOutcome> {
  const before = files(root);
  const fast = await replayed(argv, root, setting);
  const written = files(root);
  restore(root, before);
  const slow = await reference(argv, root, setting);
  assert.equal(fast.output, slow.output, `${what}: the output is the reference's`);
  assert.is(fast.code, slow.code, `${what}: the exit code is the reference's`);
  const difference = firstDifference(files(root), written);
  assert.is(difference, null, `${what}: the files written are the reference's`);
  return fast;
}

/** Reads a project file. */
export function readProjectFile(root: string, path: string): string {
  return readFileSync(join(root, path), "utf8");
}

/** The migration files of a project, sorted. */
export function migrationFiles(root: string): string[] {
  return readdirSync(join(root, "generated", "migrations")).sort();
}
