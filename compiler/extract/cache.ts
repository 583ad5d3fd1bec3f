/**
 * The on-disk extraction cache. Two layers, both keyed by content hashes:
 * - one summary per file that TypeScript's parser read (stage one is a pure function of path and
 *   text), so a changed file is the only one parsed again (the fast reader's summaries are not
 *   stored: it reads a file about as fast as a stored summary is read back; see extract/index.ts);
 * - the whole tree's result (extraction, resolved graph, validation), keyed by every (path,
 *   content hash) pair in order, so an unchanged tree skips extraction, resolution and
 *   validation and never loads the TypeScript parser (about a second).
 * Summaries are JSON; a tree's entry is in the compact encoding of `entry-codec.ts` (under two
 * fifths of the JSON's size, cheaper to write and much cheaper to read back).
 * The cache is best-effort: an unreadable or corrupt entry is a miss, a failed write is ignored,
 * nothing here throws. This module must not import the parser (see `compile.ts`).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listFolder, newestFirst, pruneOldest, removeQuietly, touch, writeAtomically } from "../cache-folder.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Graph } from "../graph.js";
import { codeIdentity, packageVersion } from "../package-info.js";
import { decodeValue, encodeValue } from "./entry-codec.js";
import type { FileReport } from "./link.js";
import type { ModuleSummary, SourceFileInput } from "./summary.js";

/** Bumped whenever the shape of a cached summary or extraction changes. */
const cacheFormat = 5;
/** How many whole-tree results are kept (e.g. one per branch being switched between). */
const keptTrees = 4;
/** How many per-project folders the shared temp folder keeps (test runs create many projects). */
const keptProjects = 32;

/** Where summaries come from and go to during one extraction. */
export interface SummaryStore {
  get(file: SourceFileInput, force: boolean): ModuleSummary | undefined;
  put(file: SourceFileInput, force: boolean, summary: ModuleSummary): void;
}

/**
 * What a whole tree compiles to before planning. Not the declarations themselves: the graph
 * holds all they say, and storing both would double the entry (about 70 MB at 10,000 tables).
 */
export interface TreeResult {
  readonly graph: Graph;
  /** What extraction, then validation, found. */
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileReport[];
  /** True when the files declare nothing at all. */
  readonly isEmpty: boolean;
  /** What the incremental build needs to start from this tree (absent: it cannot). */
  readonly incremental?: IncrementalInfo;
}

/**
 * What a tree keeps for the incremental build (`compiler/incremental.ts`): per file its content
 * hash and trace, and where the tree's diagnostics come from. The diagnostics are the link's
 * (`linkCount` of them, first), then the checks of the declarations (one file each, `declFiles`),
 * then the checks of the graph (its enums', each table's, its relation names').
 */
export interface IncrementalInfo {
  readonly files: readonly IncrementalFile[];
  readonly linkCount: number;
  readonly declFiles: readonly string[];
  /** How many diagnostics the graph's checks made of the enums, then of each table (in graph order). */
  readonly enumCount: number;
  readonly tableCounts: readonly number[];
}

/** One file of an `IncrementalInfo`: its path, content hash and trace (see `FileTrace`). */
export interface IncrementalFile {
  readonly path: string;
  readonly hash: string;
  readonly imports: readonly string[];
  readonly reads: readonly string[];
  readonly uses: readonly (readonly [key: string, fingerprint: string, reads: readonly string[]])[];
  readonly used: readonly string[];
  readonly usedDependent: boolean;
  readonly usedDeclaring: readonly string[];
}

/** The extraction cache of one project for one set of files. */
export interface ExtractionCache {
  /** The cached result of exactly these files, if any. */
  readTree(): TreeResult | undefined;
  /** Stores the result of these files and prunes entries other builds left behind. */
  writeTree(result: TreeResult): void;
  /** The most recently used tree of other files that the incremental build can start from. */
  readLatestIncremental(): TreeResult | undefined;
  /** The content hash of each file, by path. */
  readonly hashes: ReadonlyMap<string, string>;
  readonly summaries: SummaryStore;
  readonly directory: string;
}

/**
 * The cache folder of a project: `node_modules/.cache/schemac` under its root when the root has a
 * node_modules folder (the convention of babel, eslint, ...), else a per-user folder under the OS
 * temp folder named by a hash of the root. Never inside `generated/`.
 */
export function cacheDirectory(root: string): string {
  if (existsSync(join(root, "node_modules"))) return join(root, "node_modules", ".cache", "schemac");
  return join(sharedTempFolder(), digest(root).slice(0, 20));
}

function sharedTempFolder(): string {
  return join(tmpdir(), `schemac-cache-${process.getuid?.() ?? "user"}`);
}

/** Opens the cache for a set of files, or null when `SCHEMAC_CACHE=0` disables it. */
export function openExtractionCache(root: string, files: readonly SourceFileInput[], env: NodeJS.ProcessEnv): ExtractionCache | null {
  if (env["SCHEMAC_CACHE"] === "0") return null;
  return new DiskCache(cacheDirectory(root), files);
}

class DiskCache implements ExtractionCache {
  private readonly salt = cacheSalt();
  readonly hashes = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly treeKey: string;
  readonly summaries: SummaryStore;

  constructor(
    readonly directory: string,
    files: readonly SourceFileInput[],
  ) {
    const tree = createHash("sha256").update(this.salt);
    for (const file of files) {
      const hash = digest(file.text);
      this.hashes.set(file.path, hash);
      tree.update(`${file.path}\u0000${hash}\n`);
    }
    this.treeKey = tree.digest("hex");
    this.summaries = { get: (file, force) => this.getSummary(file, force), put: (file, force, summary) => this.putSummary(file, force, summary) };
  }

  readTree(): TreeResult | undefined {
    const path = join(this.directory, "trees", `${this.treeKey}.tree`);
    const value = readTreeEntry(path, this.treeKey);
    if (!isTreeResult(value)) return undefined;
    touch(path);
    return value;
  }

  readLatestIncremental(): TreeResult | undefined {
    const folder = join(this.directory, "trees");
    const latest = newestFirst(folder).find((name) => name.endsWith(".tree") && name !== `${this.treeKey}.tree`);
    if (latest === undefined) return undefined;
    const value = readTreeEntry(join(folder, latest), latest.slice(0, -".tree".length));
    return isTreeResult(value) && isIncrementalInfo(value.incremental) ? value : undefined;
  }

  writeTree(result: TreeResult): void {
    // Not written at all when the encoding refuses it (a value JSON would not give back exactly).
    const bytes = encodeValue({ format: cacheFormat, key: this.treeKey, value: result });
    if (bytes !== null) writeAtomically(join(this.directory, "trees", `${this.treeKey}.tree`), bytes);
    pruneOldest(join(this.directory, "trees"), keptTrees);
    this.pruneSummaries();
    if (this.directory.startsWith(sharedTempFolder())) pruneOldest(sharedTempFolder(), keptProjects, true);
  }

  private summaryKey(file: SourceFileInput, force: boolean): string {
    const hash = this.hashes.get(file.path) ?? digest(file.text);
    return digest(`${this.salt}\u0000${file.path}\u0000${hash}\u0000${force ? "force" : ""}`);
  }

  private getSummary(file: SourceFileInput, force: boolean): ModuleSummary | undefined {
    const key = this.summaryKey(file, force);
    this.used.add(`${key}.json`);
    const value = readEntry(join(this.directory, "summaries", `${key}.json`), key);
    return isSummary(value, file.path) ? value : undefined;
  }

  private putSummary(file: SourceFileInput, force: boolean, summary: ModuleSummary): void {
    const key = this.summaryKey(file, force);
    this.used.add(`${key}.json`);
    // Summaries are JSON as they are (summarize.ts makes no undefined property, -0 or Infinity;
    // test/unit/extract-cache.test.ts holds it): a walk to check would cost a tenth of a first build.
    writeAtomically(join(this.directory, "summaries", `${key}.json`), JSON.stringify({ format: cacheFormat, key, value: summary }));
  }

  /** Deletes summaries this build did not use once they outnumber the used ones two to one. */
  private pruneSummaries(): void {
    const folder = join(this.directory, "summaries");
    const names = listFolder(folder);
    if (names.length <= 2 * Math.max(this.used.size, 16)) return;
    for (const name of names) if (!this.used.has(name)) removeQuietly(join(folder, name));
  }
}

/** A summary on disk: JSON `{ format, key, value }`; the key guards against a file under a wrong name. */
function readEntry(path: string, key: string): unknown {
  try {
    return entryValue(JSON.parse(readFileSync(path, "utf8")), key);
  } catch {
    return undefined;
  }
}

/** A whole tree's entry on disk: `{ format, key, value }` in the compact encoding of entry-codec.ts. */
function readTreeEntry(path: string, key: string): unknown {
  try {
    return entryValue(decodeValue(readFileSync(path)), key);
  } catch {
    return undefined;
  }
}

function entryValue(entry: unknown, key: string): unknown {
  if (!isRecord(entry)) return undefined;
  return entry["format"] === cacheFormat && entry["key"] === key ? entry["value"] : undefined;
}

function isTreeResult(value: unknown): value is TreeResult {
  if (!isRecord(value) || !isRecord(value["graph"]) || !Array.isArray(value["diagnostics"]) || !Array.isArray(value["files"])) return false;
  return Array.isArray(value["graph"]["tables"]) && typeof value["isEmpty"] === "boolean";
}

function isIncrementalInfo(value: unknown): value is IncrementalInfo {
  if (!isRecord(value) || !Array.isArray(value["files"]) || typeof value["linkCount"] !== "number" || !Array.isArray(value["declFiles"])) return false;
  if (typeof value["enumCount"] !== "number" || !Array.isArray(value["tableCounts"])) return false;
  return value["files"].every((f: unknown) => isRecord(f) && typeof f["path"] === "string" && typeof f["hash"] === "string" && Array.isArray(f["imports"]) && Array.isArray(f["reads"]) && Array.isArray(f["uses"]) && Array.isArray(f["used"]) && typeof f["usedDependent"] === "boolean" && Array.isArray(f["usedDeclaring"]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSummary(value: unknown, file: string): value is ModuleSummary {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return record["file"] === file && Array.isArray(record["statements"]) && Array.isArray(record["diagnostics"]) && typeof record["bindings"] === "object";
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

let salt: string | undefined;

/**
 * What else a cached result depends on: the cache format and the running schemac's code
 * (`codeIdentity`: versions, and the size and time of its code), so an edited or upgraded schemac
 * never reads results of another one.
 */
function cacheSalt(): string {
  if (salt !== undefined) return salt;
  let code: string | null;
  try {
    code = codeIdentity();
  } catch {
    code = null; // a code folder that cannot be listed: the version alone
  }
  salt = `format ${cacheFormat}\n${code ?? `schemac ${packageVersion()}`}`;
  return salt;
}
