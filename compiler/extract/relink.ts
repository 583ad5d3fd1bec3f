/**
 * The extraction half of the incremental build (`compiler/incremental.ts`): links only the files
 * a change can reach, reading the summaries of other files on demand, and records what each
 * file's evaluation read. The full extraction (`extractTraced`) records the same, so that the
 * next build knows which files read which.
 */
import type { Decl } from "../../schema/declarations.js";
import type { Diagnostic } from "../diagnostics.js";
import type { SummaryStore } from "./cache.js";
import { fileResolver, summarizeFile, type Extraction } from "./index.js";
import { linkModules, type FileReport } from "./link.js";
import { StaticEvaluator, type SpecifierResolver } from "./static-eval.js";
import type { ModuleSummary, SourceFileInput } from "./summary.js";
import { DependencyTracker } from "./tracker.js";
import { saveTypeScriptCodeCache } from "./typescript.js";

/** What one file's evaluation depends on, as the incremental build keeps it. */
export interface FileTrace {
  /** The files its value imports and re-exports resolve to, in order. */
  readonly imports: readonly string[];
  /** The files its evaluation read (itself included), values imported from other files aside. */
  readonly reads: readonly string[];
  /** Values it imported from other files: memo key of the export, fingerprint, files that value depends on. */
  readonly uses: readonly ImportedValue[];
  /** Files whose bindings its evaluation used. */
  readonly used: readonly string[];
  /** True when its `--verbose` report depends on whether some evaluation uses it (`usedFileReport`). */
  readonly usedDependent: boolean;
  /** Its bindings that declare something and that other files' evaluation used. */
  readonly usedDeclaring: readonly string[];
}

/** A value imported from another file: memo key of the export, its fingerprint, the files it depends on. */
export type ImportedValue = readonly [key: string, fingerprint: string, reads: readonly string[]];

/** An extraction with the trace of every file, or why it cannot be cut by file. */
export interface TracedExtraction {
  readonly extraction: Extraction;
  readonly traces: ReadonlyMap<string, FileTrace>;
  /** Null when the outputs can be cut by file; else what prevents it. */
  readonly uncuttable: string | null;
}

/** Extracts every file (as `extractDeclarations` does) and traces what each file read. */
export function extractTraced(files: readonly SourceFileInput[], store?: SummaryStore): TracedExtraction {
  const resolve = fileResolver(files.map((f) => f.path));
  const parsed = { count: 0 };
  const first = files.map((f) => summarizeFile(f, false, store, parsed));
  const needed = importTargets(first, resolve);
  const summaries = first.map((s, i) => (s.skipped !== undefined && needed.has(s.file) ? summarizeFile(files[i] as SourceFileInput, true, store, parsed) : s));
  if (parsed.count > 0) saveTypeScriptCodeCache();
  const tracker = new DependencyTracker();
  const extraction = linkModules(summaries, resolve, new Map(files.map((f) => [f.path, f.text])), { tracker });
  const all = new Set(files.map((f) => f.path));
  return { extraction, traces: traceFiles(summaries, extraction, tracker, resolve), uncuttable: whyUncuttable(tracker, all) };
}

/** What relinking some files gave. */
export interface Relinked {
  /** Declarations located in the relinked files, in file then source order. */
  readonly decls: readonly Decl[];
  /** Declarations made in other files (they must be the ones those files declared before). */
  readonly elsewhere: readonly Decl[];
  /** The link's diagnostics located in the relinked files. */
  readonly diagnostics: readonly Diagnostic[];
  /** Diagnostics made in other files (they must be ones those files had before). */
  readonly elsewhereDiagnostics: readonly Diagnostic[];
  readonly files: ReadonlyMap<string, FileReport>;
  readonly traces: ReadonlyMap<string, FileTrace>;
  readonly uncuttable: string | null;
  /** Memo keys (`file\u0000name`) of the bindings the relinked files' loops declared. */
  readonly selfDeclared: ReadonlySet<string>;
}

/**
 * Links the statements of `relink` (paths among `files`) only. `needed` holds every file some
 * file imports (a file that imports nothing is summarized in full only then); `known`, imported
 * values an earlier build recorded that no edit can have changed (they are not looked up again).
 */
export function relinkFiles(files: readonly SourceFileInput[], relink: ReadonlySet<string>, needed: ReadonlySet<string>, known: readonly ImportedValue[], store?: SummaryStore): Relinked {
  const resolve = fileResolver(files.map((f) => f.path));
  const parsed = { count: 0 };
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const summarize = (file: SourceFileInput): ModuleSummary => {
    const summary = summarizeFile(file, false, store, parsed);
    return summary.skipped !== undefined && needed.has(file.path) ? summarizeFile(file, true, store, parsed) : summary;
  };
  const modules = new LazySummaries(texts, summarize);
  const summaries = files.filter((f) => relink.has(f.path)).map((f) => modules.get(f.path) as ModuleSummary);
  const tracker = new DependencyTracker(new Map(known.map(([key, fingerprint, reads]) => [key, { fingerprint, reads: new Set(reads) }])));
  const linked = linkModules(summaries, resolve, texts, { tracker, modules });
  if (parsed.count > 0) saveTypeScriptCodeCache();
  const inside = (file: string | undefined): boolean => file !== undefined && relink.has(file);
  return {
    decls: linked.decls.filter((d) => inside(d.span?.file)),
    elsewhere: linked.decls.filter((d) => !inside(d.span?.file)),
    diagnostics: linked.diagnostics.filter((d) => inside(d.span?.file)),
    elsewhereDiagnostics: linked.diagnostics.filter((d) => !inside(d.span?.file)),
    files: new Map(linked.files.map((f) => [f.path, f])),
    traces: traceFiles(summaries, linked, tracker, resolve),
    uncuttable: whyUncuttable(tracker, relink),
    selfDeclared: tracker.selfDeclared,
  };
}

/**
 * The fingerprints of exported values (memo keys `file\u0000name`) in `files` as they are now,
 * with the files each depends on; null for an export that cannot be found or evaluated.
 */
export function recheckExports(files: readonly SourceFileInput[], keys: Iterable<string>, needed: ReadonlySet<string>, store?: SummaryStore): Map<string, ImportedValue | null> {
  const resolve = fileResolver(files.map((f) => f.path));
  const parsed = { count: 0 };
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const modules = new LazySummaries(texts, (file) => {
    const summary = summarizeFile(file, false, store, parsed);
    return summary.skipped !== undefined && needed.has(file.path) ? summarizeFile(file, true, store, parsed) : summary;
  });
  const tracker = new DependencyTracker();
  const ignore = (): void => undefined;
  const ev = new StaticEvaluator(modules, resolve, { schema: ignore, enumType: ignore, table: ignore, report: ignore }, [], texts, tracker);
  const results = new Map<string, ImportedValue | null>();
  for (const key of keys) {
    const [file = "", name = ""] = key.split("\u0000");
    // A loop of no file: every export looked up is another file's.
    tracker.enterLoop("");
    try {
      ev.exported(file, name, { file, start: 0, end: 0 }, file);
      const use = tracker.uses.get("")?.get(key);
      results.set(key, use === undefined ? null : [key, use.fingerprint, [...use.reads]]);
    } catch {
      results.set(key, null);
    } finally {
      tracker.leaveLoop();
      tracker.uses.get("")?.clear();
    }
  }
  if (parsed.count > 0) saveTypeScriptCodeCache();
  return results;
}

/** Summaries by path, made when first asked for. */
class LazySummaries extends Map<string, ModuleSummary> {
  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly summarize: (file: SourceFileInput) => ModuleSummary,
  ) {
    super();
  }

  override get(path: string): ModuleSummary | undefined {
    let summary = super.get(path);
    if (summary !== undefined) return summary;
    const text = this.texts.get(path);
    if (text === undefined) return undefined;
    summary = this.summarize({ path, text });
    this.set(path, summary);
    return summary;
  }
}

function whyUncuttable(tracker: DependencyTracker, loopFiles: ReadonlySet<string>): string | null {
  if (!tracker.cuttable) return tracker.why;
  const undeclared = tracker.undeclaredForeign(loopFiles);
  return undeclared.length > 0 ? `a binding used from another file that its own file does not declare (${undeclared[0]?.replace("\u0000", " ")})` : null;
}

function traceFiles(summaries: readonly ModuleSummary[], linked: { readonly files: readonly FileReport[] }, tracker: DependencyTracker, resolve: SpecifierResolver): Map<string, FileTrace> {
  const reports = new Map(linked.files.map((f) => [f.path, f]));
  const usedDeclaring = new Map<string, string[]>();
  for (const key of tracker.foreign) {
    const [file = "", name = ""] = key.split("\u0000");
    const names = usedDeclaring.get(file);
    if (names === undefined) usedDeclaring.set(file, [name]);
    else names.push(name);
  }
  const traces = new Map<string, FileTrace>();
  for (const summary of summaries) {
    const report = reports.get(summary.file);
    const usedDependent = report !== undefined && report.declares.length === 0 && summary.skipped === undefined && !summary.importsSchemac;
    const uses = [...(tracker.uses.get(summary.file) ?? [])].map(([key, use]): ImportedValue => [key, use.fingerprint, [...use.reads]]);
    const reads = [...(tracker.reads.get(summary.file) ?? [summary.file])];
    const used = [...(tracker.used.get(summary.file) ?? [])];
    traces.set(summary.file, { imports: importsOf(summary, resolve), reads, uses, used, usedDependent, usedDeclaring: usedDeclaring.get(summary.file) ?? [] });
  }
  return traces;
}

function importsOf(summary: ModuleSummary, resolve: SpecifierResolver): string[] {
  const targets: string[] = [];
  for (const specifier of summary.specifiers) {
    const target = resolve(summary.file, specifier);
    if (target.kind === "file") targets.push(target.file);
  }
  return targets;
}

function importTargets(summaries: readonly ModuleSummary[], resolve: SpecifierResolver): Set<string> {
  const needed = new Set<string>();
  for (const summary of summaries) for (const target of importsOf(summary, resolve)) needed.add(target);
  return needed;
}
