/**
 * The front half of the pipeline: config → discover → extract → resolve → validate. Produces the
 * schema graph of a project's modules and every diagnostic found on the way.
 */
import { readFileSync } from "node:fs";
import type { Config } from "./config.js";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { discoverFiles } from "./discover.js";
import { openExtractionCache, type ExtractionCache, type TreeResult } from "./extract/cache.js";
import type { FileReport, SourceFileInput } from "./extract/index.js";
import type { Graph } from "./graph.js";
import { fullTree, incrementalTree } from "./incremental.js";
import { collectGarbage } from "./memory.js";
import { checkBoundaries } from "./modules/boundaries.js";
import { assignModules } from "./modules/ownership.js";

/** What `--verbose` reports about one file (the extractor's report). */
export type { FileReport };

/** The result of compiling a project's modules. */
export interface Compilation {
  /** The model; its tables, enums and schemas carry their `module`. */
  readonly graph: Graph;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileReport[];
  /** File texts by project-relative path, for printing line:col. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Options of `compileProject`; `env` decides the cache (`SCHEMAC_CACHE=0` turns it off). */
export interface CompileOptions {
  readonly env?: NodeJS.ProcessEnv;
}

/** Compiles the modules a config selects into one graph. */
export async function compileProject(config: Config, options: CompileOptions = {}): Promise<Compilation> {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const file of discoverFiles(config)) {
    try {
      sources.set(file.path, readFileSync(file.absolute, "utf8"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "no such file (a dangling symlink?)" : code === "EACCES" ? "permission denied" : (error as Error).message;
      diagnostics.push(diagnostic("FileUnreadable", null, file.path, reason));
    }
  }
  const files = [...sources].map(([path, text]) => ({ path, text }));
  const cache = openExtractionCache(config.root, files, options.env ?? process.env);
  const tree = cache?.readTree() ?? (await compileChanged(files, cache)) ?? (await compileTree(files, cache));
  diagnostics.push(...tree.diagnostics);
  // Modules come from the config, not from the files: named after the (cached) tree, every run.
  const owned = assignModules(tree.graph, config);
  diagnostics.push(...owned.diagnostics, ...checkBoundaries(owned.graph, config.boundaries));
  if (tree.isEmpty && !diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push(diagnostic("NoModules", null, config.modules.join(", ")));
  }
  return { graph: owned.graph, diagnostics, files: tree.files, sources };
}

/**
 * The tree of files that differ from a cached tree in a few files, built from that tree
 * (`incremental.ts`), and stored; undefined when the full build must run.
 */
async function compileChanged(files: readonly SourceFileInput[], cache: ExtractionCache | null): Promise<TreeResult | undefined> {
  const previous = cache?.readLatestIncremental();
  if (cache === null || previous === undefined) return undefined;
  let tree: TreeResult | undefined;
  try {
    tree = (await incrementalTree(files, cache.hashes, previous, cache.summaries))?.tree;
  } catch {
    // A cached tree the incremental build cannot read (a corrupt entry) is a miss, as in cache.ts.
    return undefined;
  }
  if (tree !== undefined) cache.writeTree(tree);
  return tree;
}

/**
 * Extracts, resolves and validates a tree, and stores the result. The extractor (which loads the
 * TypeScript parser) is imported only here, when some file must be read.
 */
async function compileTree(files: readonly SourceFileInput[], cache: ExtractionCache | null): Promise<TreeResult> {
  const { extractTraced } = await import("./extract/relink.js");
  const traced = extractTraced(files, cache?.summaries);
  // Every file's summary is garbage now, the declarations are what lives on (see memory.ts).
  collectGarbage();
  const tree = fullTree(traced, files, cache?.hashes);
  cache?.writeTree(tree);
  return tree;
}
