/**
 * The TypeScript compiler API the extractor parses with: the copy bundled in ts-morph. Loaded
 * straight from `@ts-morph/common/dist/typescript.js`, resolved from ts-morph's own folder (so it
 * is ts-morph's dependency, wherever the package manager put it): the parser is all we use, and
 * skipping ts-morph's wrapper saves about a third of the load time. Falls back to ts-morph.
 *
 * Compiling that 9 MB file is most of the rest (about 0.2 s of every build that parses a file),
 * so it is compiled with V8's code cache, as Node 22's `module.enableCompileCache()` would do:
 * the first run saves the cache (after parsing, so it holds the parser's functions too) under
 * .cache/schemac-typescript of the node_modules folder schemac is in (the application's once
 * installed, the repository's in development), else the OS temp folder, keyed by Node's version and the file's
 * size and time; later runs skip the compilation. V8 checks the cache itself and ignores one that
 * does not fit; a cache that cannot be read or written only costs the time it would have saved.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import type { ts } from "ts-morph";
import { nodeModulesFolder } from "../package-info.js";

const modules = nodeModulesFolder();
const cacheFolder = modules === null ? join(tmpdir(), `schemac-typescript-${process.getuid?.() ?? "user"}`) : join(modules, ".cache", "schemac-typescript");

interface Loaded {
  readonly api: typeof ts;
  /** The code cache file, and whether V8 took it (null: loaded through ts-morph, no cache). */
  readonly cache: { readonly path: string; readonly used: boolean } | null;
  /** Writes the code cache when this run compiled without one; null when there is nothing to save. */
  readonly saveCodeCache: (() => void) | null;
}

/** Runs a CommonJS file as Node's loader would, compiled with the code cache when there is one. */
function loadCached(path: string): Loaded {
  const stat = statSync(path);
  const key = createHash("sha256").update(`${process.version}\u0000${process.arch}\u0000${path}\u0000${stat.size}\u0000${stat.mtimeMs}`).digest("hex").slice(0, 32);
  const cachePath = join(cacheFolder, `${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(path, "utf8");
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, ...(cachedData === undefined ? {} : { cachedData }) });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  return {
    api: module.exports as typeof ts,
    cache: { path: cachePath, used: !fresh },
    saveCodeCache: fresh ? () => writeCodeCache(cachePath, script.createCachedData()) : null,
  };
}

/** Replaces the folder's caches by this one (atomically: temp file and rename); failures are ignored. */
function writeCodeCache(path: string, data: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheFolder, { recursive: true });
    writeFileSync(temp, data);
    renameSync(temp, path);
    for (const name of readdirSync(cacheFolder)) if (join(cacheFolder, name) !== path) rmSync(join(cacheFolder, name), { force: true });
  } catch {
    rmSync(temp, { force: true });
  }
}

function loadTypeScript(): Loaded {
  const require = createRequire(import.meta.url);
  try {
    const path = createRequire(require.resolve("ts-morph")).resolve("@ts-morph/common/dist/typescript.js");
    const loaded = loadCached(path);
    if (typeof loaded.api.createSourceFile === "function") return loaded;
  } catch {
    // Another layout of ts-morph: use its own export below.
  }
  return { api: (require("ts-morph") as { ts: typeof ts }).ts, cache: null, saveCodeCache: null };
}

let loaded: Loaded | undefined;
let saved = false;

/**
 * The TypeScript namespace (`typescriptApi().createSourceFile`, ...), loaded on the first call:
 * a build whose files the fast reader reads all (or the cache holds) never loads it.
 */
export function typescriptApi(): typeof ts {
  loaded ??= loadTypeScript();
  return loaded.api;
}

/** Whether this process has loaded TypeScript (for tests: the fast reader's files never do). */
export function typescriptLoaded(): boolean {
  return loaded !== undefined;
}

/** Where this process's code cache is and whether it was used; null before TypeScript is loaded or without a cache. */
export function typescriptCodeCache(): { readonly path: string; readonly used: boolean } | null {
  return loaded?.cache ?? null;
}

/** Saves the code cache once per process if this run loaded TypeScript and compiled it without one (call after parsing). */
export function saveTypeScriptCodeCache(): void {
  if (saved || loaded === undefined || loaded.saveCodeCache === null) return;
  saved = true;
  loaded.saveCodeCache();
}
