/**
 * The replay of offline results: `build`, `check` and `diff` are functions of the files on disk,
 * the flags and a little of the environment, so a run whose inputs are byte for byte those of an
 * earlier run that changed nothing prints that run's output again (stdout and stderr in their
 * order) and exits with its code, without loading the compiler, TypeScript or the snapshot.
 * The key is a SHA-256 over everything the outcome depends on:
 * - schemac itself: Node's version, schemac's version, the size and time of its code (the
 *   bundle's or dist/'s JavaScript, or every TypeScript source when run through tsx) and of the
 *   package manager's record of node_modules (so upgrading ts-morph is a new key);
 * - the command line (every word) and the working directory;
 * - the colour setting, `NO_COLOR` and every `SCHEMAC_*` variable;
 * - the config file's text and the config it gives, the list of module files the globs select
 *   and each one's bytes;
 * - the output folder: whether it exists, snapshot.json's and schemac.sum's bytes, and every
 *   entry of migrations/ (name, kind, bytes).
 * A result is recorded only when the inputs after the run are those before it (a run that wrote a
 * migration, upgraded the snapshot, or raced an edit records nothing) and it was no internal
 * error. Best effort, like the extraction cache: an unreadable input means no replay, a corrupt
 * record is a miss, a failed write is ignored; `SCHEMAC_CACHE=0` turns it off. This module loads
 * only the config reader and the file discovery: it runs before the rest of the CLI is imported.
 */
import { createHash, type Hash } from "node:crypto";
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileStamp, pruneOldest, touch, writeAtomically } from "../cache-folder.js";
import { loadConfig, type Config } from "../config.js";
import { discoverFiles } from "../discover.js";
import { cacheDirectory } from "../extract/cache.js";
import { outputPaths } from "../migrations/paths.js";
import { codeIdentity } from "../package-info.js";
import { booleanFlag, configLocation, parseArgs } from "./args.js";
import type { CliIo } from "./io.js";
import { offlineFlags, type OfflineCommand } from "./offline-flags.js";

/** The CLI's entry (`run` of main.ts), loaded only when there is nothing to replay. */
export type CliRun = (argv: readonly string[], io: CliIo) => Promise<number>;

/** How main.ts starts the report of a bug; such a run is never recorded. */
export const internalErrorPrefix = "schemac: internal error";

/** Bumped whenever the record's shape or the key's meaning changes. */
const recordFormat = 1;
/** How many recorded results a project keeps (a few commands, flags and branches). */
const keptRecords = 16;

type Stream = "stdout" | "stderr";

/** A recorded run: its output in the order it was written, and its exit code. */
interface RunRecord {
  readonly output: readonly (readonly [Stream, string])[];
  readonly code: number;
}

/** Where a run's record lives: the key of its inputs and the project's cache folder. */
interface RecordPlace {
  readonly key: string;
  readonly folder: string;
  /** The output folder's entries by size and time (`outputStamp`), as they were when the key was made. */
  readonly outputs: string;
  readonly config: Config;
}

/**
 * Runs the CLI: replays the recorded result of these exact inputs when there is one, else loads
 * the CLI with `load`, runs it, and records the result when the run changed none of its inputs.
 */
export async function runReplayed(argv: readonly string[], io: CliIo, load: () => Promise<CliRun>): Promise<number> {
  const place = recordPlace(argv, io);
  const record = place === null ? undefined : readRecord(place);
  if (record !== undefined) {
    for (const [stream, text] of record.output) io[stream].write(text);
    return record.code;
  }
  const run = await load();
  if (place === null) return run(argv, io);
  const output: [Stream, string][] = [];
  const tee = (stream: Stream) => ({
    write: (text: string): void => {
      const last = output.at(-1);
      if (last !== undefined && last[0] === stream) last[1] += text;
      else output.push([stream, text]);
      io[stream].write(text);
    },
  });
  const code = await run(argv, { ...io, stdout: tee("stdout"), stderr: tee("stderr") });
  const isBug = output.some(([stream, text]) => stream === "stderr" && text.includes(internalErrorPrefix));
  // A run that wrote to the output folder (a migration, the snapshot) is never recorded: seen from
  // its files' sizes and times, without hashing the inputs again (tens of megabytes at 10,000 tables).
  if (!isBug && outputStamp(place.config) === place.outputs && recordPlace(argv, io)?.key === place.key) writeRecord(place, { output, code });
  return code;
}

/** The key and folder of a run's record; null when the command is not replayable or an input cannot be read. */
function recordPlace(argv: readonly string[], io: CliIo): RecordPlace | null {
  const [name, ...rest] = argv;
  if (io.env["SCHEMAC_CACHE"] === "0" || !isOfflineCommand(name)) return null;
  try {
    const args = parseArgs(rest, offlineFlags[name]);
    if (booleanFlag(args, "help")) return null;
    const config = loadConfig(configLocation(io.cwd, args));
    const code = codeIdentity();
    if (code === null) return null;
    const hash = createHash("sha256").update(`schemac replay ${recordFormat}\0${code}`);
    frame(hash, "argv", JSON.stringify(argv));
    frame(hash, "cwd", io.cwd);
    frame(hash, "env", JSON.stringify([io.color, ...Object.entries(io.env).filter(([k]) => k === "NO_COLOR" || k.startsWith("SCHEMAC_")).sort()]));
    const outputs = outputStamp(config);
    hashProject(hash, config);
    return { key: hash.digest("hex"), folder: join(cacheDirectory(config.root), "results"), outputs, config };
  } catch {
    return null;
  }
}

function isOfflineCommand(name: string | undefined): name is OfflineCommand {
  return name !== undefined && Object.hasOwn(offlineFlags, name);
}

/** Adds one labelled value, its length first, so no two input sets hash the same bytes. */
function frame(hash: Hash, label: string, value: string | Buffer): void {
  hash.update(`\0${label}\0${Buffer.byteLength(value)}\0`);
  hash.update(value);
}

/** The config, the module files and the output folder (see the module comment). */
function hashProject(hash: Hash, config: Config): void {
  frame(hash, "config file", config.file === null ? "none" : readFileSync(config.file));
  frame(hash, "config", JSON.stringify(config));
  for (const file of discoverFiles(config)) frameFile(hash, `module ${file.path}`, file.absolute);
  const paths = outputPaths(config);
  frame(hash, "out", existsSync(paths.out) ? "present" : "absent");
  frameFile(hash, "snapshot", paths.snapshot, true);
  frameFile(hash, "sum", paths.sum, true);
  if (!existsSync(paths.migrations)) return frame(hash, "migrations", "absent");
  for (const entry of readdirSync(paths.migrations, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(paths.migrations, entry.name);
    const isFile = entry.isFile() || (entry.isSymbolicLink() && statSync(path).isFile());
    if (isFile) frameFile(hash, `migration ${entry.name}`, path);
    else frame(hash, `migration ${entry.name}`, "not a file");
  }
}

/**
 * The output folder's entries (snapshot.json, schemac.sum, migrations/) by name, size and
 * modification time: a cheap sign that a run wrote there. Equal stamps prove nothing (the key
 * still decides); different ones mean the run changed its inputs.
 */
function outputStamp(config: Config): string {
  const paths = outputPaths(config);
  const parts = [fileStamp(paths.snapshot), fileStamp(paths.sum), fileStamp(paths.migrations)];
  try {
    for (const name of readdirSync(paths.migrations).sort()) parts.push(fileStamp(join(paths.migrations, name)));
  } catch {
    parts.push("no listing");
  }
  return parts.join("\n");
}

/** One buffer for every file read: tens of megabytes of snapshot and migrations, read in pieces, allocate nothing. */
const chunk = Buffer.allocUnsafe(1 << 20);

/**
 * Adds a file's bytes like `frame`, read in pieces. A missing file is a marker when `mayBeAbsent`;
 * any other failure, or a file whose size changes while it is read, throws (no replay).
 */
function frameFile(hash: Hash, label: string, path: string, mayBeAbsent = false): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if (mayBeAbsent && (error as NodeJS.ErrnoException).code === "ENOENT") return frame(hash, label, "\0absent");
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    hash.update(`\0${label}\0${size}\0`);
    let total = 0;
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      hash.update(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
    }
    if (total !== size) throw new Error(`${path} changed while it was read`);
  } finally {
    closeSync(fd);
  }
}

function readRecord(place: RecordPlace): RunRecord | undefined {
  const path = join(place.folder, `${place.key}.json`);
  try {
    const entry: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (!isRecordEntry(entry, place.key)) return undefined;
    // Recently used, for this folder's pruning and (the project's folder) for the shared temp folder's.
    touch(path);
    touch(dirname(place.folder));
    return entry.value;
  } catch {
    return undefined;
  }
}

function isRecordEntry(entry: unknown, key: string): entry is { value: RunRecord } {
  if (typeof entry !== "object" || entry === null) return false;
  const { format, key: stored, value } = entry as Record<string, unknown>;
  if (format !== recordFormat || stored !== key || typeof value !== "object" || value === null) return false;
  const { output, code } = value as Record<string, unknown>;
  if (!Number.isInteger(code) || !Array.isArray(output)) return false;
  return output.every((item: unknown) => Array.isArray(item) && item.length === 2 && (item[0] === "stdout" || item[0] === "stderr") && typeof item[1] === "string");
}

/** Writes a record atomically (temp file, rename) and keeps the newest few; failures are ignored. */
function writeRecord(place: RecordPlace, record: RunRecord): void {
  const path = join(place.folder, `${place.key}.json`);
  if (writeAtomically(path, JSON.stringify({ format: recordFormat, key: place.key, value: record }))) pruneOldest(place.folder, keptRecords);
}

