/**
 * The static reader: TypeScript module files → `Decl[]` and diagnostics, without a type checker
 * and without running code. Stage one summarizes each file on its own (`summarizeModule`, pure
 * and cacheable), stage two links the summaries and evaluates them (`linkModules`).
 */
import type { Decl } from "../../schema/declarations.js";
import type { Diagnostic } from "../diagnostics.js";
import { linkModules, type FileReport } from "./link.js";
import type { SummaryStore } from "./cache.js";
import type { ResolvedSpecifier, SpecifierResolver } from "./static-eval.js";
import { fastSummarize } from "./fast-summarize.js";
import { summarizeModule } from "./summarize.js";
import { saveTypeScriptCodeCache } from "./typescript.js";
import { dslSpecifier, type ModuleSummary, type SourceFileInput } from "./summary.js";

export { linkModules, type FileReport, type LinkResult } from "./link.js";
export { summarizeModule } from "./summarize.js";
export { fastSummarize } from "./fast-summarize.js";
export type { ModuleSummary, SourceFileInput } from "./summary.js";
export type { ResolvedSpecifier, SpecifierResolver } from "./static-eval.js";

/** What the static reader found in a set of files. */
export interface Extraction {
  readonly decls: Decl[];
  readonly diagnostics: Diagnostic[];
  readonly files: FileReport[];
}

/**
 * Reads the declarations of a set of module files (in the order given). With a summary store,
 * stage one reads each file's summary from it and reads only the files it lacks: with the fast
 * reader, or TypeScript's parser (the reference) for a file the fast reader does not take.
 */
export function extractDeclarations(files: readonly SourceFileInput[], store?: SummaryStore): Extraction {
  const resolve = fileResolver(files.map((f) => f.path));
  const parsed = { count: 0 };
  const summaries = files.map((f) => summarizeFile(f, false, store, parsed));
  const needed = importedFiles(summaries, resolve);
  const complete = summaries.map((summary, i) => {
    const file = files[i];
    return summary.skipped !== undefined && file !== undefined && needed.has(summary.file) ? summarizeFile(file, true, store, parsed) : summary;
  });
  // Only a run that parsed has compiled the parser's functions worth caching.
  if (parsed.count > 0) saveTypeScriptCodeCache();
  return linkModules(complete, resolve, new Map(files.map((f) => [f.path, f.text])));
}

/**
 * A file's summary. Only TypeScript's summaries are stored: the fast reader reads a file in about
 * the time a stored summary takes to read back, so storing its summaries would only add the
 * writes (about a tenth of a first build) and their disk space.
 */
export function summarizeFile(file: SourceFileInput, force: boolean, store: SummaryStore | undefined, parsed: { count: number }): ModuleSummary {
  const fast = fastSummarize(file.path, file.text, force);
  if (fast !== null) return fast;
  const cached = store?.get(file, force);
  if (cached !== undefined) return cached;
  parsed.count++;
  const summary = summarizeModule(file.path, file.text, { force });
  store?.put(file, force, summary);
  return summary;
}

/** The files some summary imports (so a skipped constants file is read after all). */
function importedFiles(summaries: readonly ModuleSummary[], resolve: SpecifierResolver): Set<string> {
  const needed = new Set<string>();
  for (const summary of summaries) {
    for (const specifier of summary.specifiers) {
      const target = resolve(summary.file, specifier);
      if (target.kind === "file") needed.add(target.file);
    }
  }
  return needed;
}

/**
 * Resolves specifiers among the given files, as TypeScript's `nodenext`/bundler resolution
 * would: `./x.js`, `./x.ts` and `./x` → `x.ts`, `./dir` → `dir/index.ts`; "schemac" is the DSL;
 * other bare specifiers are node modules.
 */
export function fileResolver(paths: readonly string[]): SpecifierResolver {
  const known = new Set(paths);
  // Two map levels, not one with a joined key: the linker resolves the same pairs many times.
  const cache = new Map<string, Map<string, ResolvedSpecifier>>();
  return (from: string, specifier: string): ResolvedSpecifier => {
    let byFile = cache.get(from);
    if (byFile === undefined) cache.set(from, (byFile = new Map()));
    let resolved = byFile.get(specifier);
    if (resolved === undefined) {
      resolved = resolveAmong(known, from, specifier);
      byFile.set(specifier, resolved);
    }
    return resolved;
  };
}

function resolveAmong(known: ReadonlySet<string>, from: string, specifier: string): ResolvedSpecifier {
  if (specifier === dslSpecifier) return { kind: "dsl" };
  if (!specifier.startsWith("./") && !specifier.startsWith("../") && specifier !== "." && specifier !== "..") {
    return { kind: "external" };
  }
  const base = joinPath(dirname(from), specifier);
  const stem = base.replace(/\.(?:js|ts|mjs|mts)$/, "");
  const candidates = [base.endsWith(".ts") ? base : undefined, `${stem}.ts`, `${stem}.mts`, `${base}/index.ts`];
  const file = candidates.find((c): c is string => c !== undefined && known.has(c));
  return file === undefined ? { kind: "missing" } : { kind: "file", file };
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Joins a directory and a relative path, resolving `.` and `..` segments. */
function joinPath(dir: string, relative: string): string {
  const parts = dir === "" ? [] : dir.split("/");
  for (const segment of relative.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(segment);
  }
  return parts.join("/");
}
