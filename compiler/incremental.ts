/**
 * The incremental build: when the files differ from a cached tree in a few files, relink only the
 * changed files, the files whose evaluation read one of them, and the files that imported a value
 * from them that is no longer what it was (each tree records what every file read and imported);
 * keep the rest of the cached tree (its graph objects, diagnostics and reports located in other
 * files), and re-run only the checks that can change (`incremental-checks.ts`). The full build
 * (`fullTree`, from `compileTree` in `compile.ts`) is the reference: test/property/incremental.test.ts
 * holds the two equal over random edits.
 *
 * The cut is by location: it holds when everything a file's evaluation declares or reports is
 * located in that file, or comes from a binding its own file declares (`extract/tracker.ts`).
 * Whenever something does not fit (another set of files, an import changed, a duplicate name, a
 * non-public schema, too many files to relink), this returns undefined and the full build runs.
 */
import type { Decl } from "../schema/declarations.js";
import type { Diagnostic } from "./diagnostics.js";
import type { IncrementalFile, IncrementalInfo, SummaryStore, TreeResult } from "./extract/cache.js";
import type { FileTrace, ImportedValue, Relinked, TracedExtraction } from "./extract/relink.js";
import type { SourceFileInput } from "./extract/summary.js";
import type { EnumType, Graph, Table } from "./graph.js";
import { usedFileReport } from "./extract/link.js";
import { checkGraph, flatten, recheckGraph } from "./incremental-checks.js";
import { byQualifiedName, resolveGraph } from "./resolve.js";
import { validateGraph } from "./validate.js";

const emptyGraph: Graph = { schemas: [], enums: [], tables: [] };

/** The full build's tree, with what the next incremental build needs when the tree can be cut. */
export function fullTree(traced: TracedExtraction, files: readonly SourceFileInput[], hashes: ReadonlyMap<string, string> | undefined): TreeResult {
  const { decls, diagnostics: linked, files: reports } = traced.extraction;
  const graph = resolveGraph(decls);
  const declChecks = hasDuplicates(decls) ? null : checkDeclsByFile(decls);
  const graphChecks = checkGraph(graph);
  const diagnostics = [...linked, ...(declChecks?.diagnostics ?? validateGraph(decls, emptyGraph)), ...flatten(graphChecks)];
  const tree = { graph, diagnostics, files: reports, isEmpty: decls.length === 0 };
  const cuttable = hashes !== undefined && declChecks !== null && traced.uncuttable === null && graph.schemas.length === 0 && linked.every((d) => d.span !== null);
  if (!cuttable) return tree;
  const info: IncrementalInfo = {
    files: files.map((f) => ({ path: f.path, hash: hashes.get(f.path) ?? "", ...traceOf(traced.traces, f.path) })),
    linkCount: linked.length,
    declFiles: declChecks.files,
    enumCount: graphChecks.enums.length,
    tableCounts: graphChecks.tables.map((list) => list.length),
  };
  return { ...tree, incremental: info };
}

/** An incremental build's tree, and the files it evaluated again. */
export interface Incremental {
  readonly tree: TreeResult;
  readonly relinked: ReadonlySet<string>;
}

/**
 * The tree of `files` from `previous` (a tree of files that differ in content only), or undefined
 * when the incremental build does not apply (see the module comment). `maxShare`: the largest
 * share of the files worth relinking (beyond it the full build is about as fast).
 */
export async function incrementalTree(files: readonly SourceFileInput[], hashes: ReadonlyMap<string, string>, previous: TreeResult, store?: SummaryStore, maxShare = 1 / 3): Promise<Incremental | undefined> {
  const info = previous.incremental;
  if (info === undefined || info.files.length !== files.length) return undefined;
  const changed = new Set<string>();
  for (const [i, file] of files.entries()) {
    const old = info.files[i];
    if (old === undefined || old.path !== file.path) return undefined;
    if (old.hash !== hashes.get(file.path)) changed.add(file.path);
  }
  if (changed.size === 0) return undefined;
  const needed = new Set(info.files.flatMap((f) => f.imports));
  const { recheckExports, relinkFiles } = await import("./extract/relink.js");
  // A file that read a changed file is relinked; one that only imported values from changed
  // files is relinked when one of those values is not what it was.
  const relink = new Set(changed);
  const toCheck = new Set<string>();
  for (const file of info.files) {
    if (file.reads.some((read) => changed.has(read))) relink.add(file.path);
    else for (const [key, , reads] of file.uses) if (reads.some((read) => changed.has(read))) toCheck.add(key);
  }
  const rechecked = toCheck.size === 0 ? new Map<string, ImportedValue | null>() : recheckExports(files, toCheck, needed, store);
  for (const file of info.files) {
    if (!relink.has(file.path) && file.uses.some(([key, fingerprint]) => rechecked.has(key) && rechecked.get(key)?.[1] !== fingerprint)) relink.add(file.path);
  }
  if (process.env["INCR_DEBUG"]) { const g = globalThis as unknown as { incr?: Record<string, number> }; const c = (g.incr ??= {}); c["changed"] = (c["changed"] ?? 0) + changed.size; c["relink"] = (c["relink"] ?? 0) + relink.size; c["checked"] = (c["checked"] ?? 0) + toCheck.size; c["mismatch"] = (c["mismatch"] ?? 0) + [...toCheck].filter((k) => info.files.some((f) => f.uses.some(([key, fp]) => key === k && rechecked.get(k)?.[1] !== fp))).length; }
  if (relink.size > files.length * maxShare) return undefined;
  // Values the relinked files imported that no changed file can have changed are not looked up again.
  const known = info.files.filter((f) => relink.has(f.path)).flatMap((f) => f.uses.filter(([, , reads]) => !reads.some((read) => changed.has(read))));
  const relinked = relinkFiles(files, relink, needed, known, store);
  if (relinked.uncuttable !== null || !sameImports(info, relinked.traces)) return undefined;
  // A binding other files use must still be declared by its own file (tracker.ts).
  for (const file of info.files) {
    if (relink.has(file.path) && file.usedDeclaring.some((name) => !relinked.selfDeclared.has(`${file.path}\u0000${name}`))) return undefined;
  }
  const tree = merge(files, hashes, previous, info, relink, relinked, rechecked);
  return tree === undefined ? undefined : { tree, relinked: relink };
}

function merge(
  files: readonly SourceFileInput[],
  hashes: ReadonlyMap<string, string>,
  previous: TreeResult,
  info: IncrementalInfo,
  relink: ReadonlySet<string>,
  relinked: Relinked,
  rechecked: ReadonlyMap<string, ImportedValue | null>,
): TreeResult | undefined {
  const kept = (span: { readonly file: string } | null | undefined): boolean => span !== undefined && span !== null && !relink.has(span.file);
  const keptTables = previous.graph.tables.filter((t) => kept(t.span));
  const keptEnums = previous.graph.enums.filter((e) => kept(e.span));
  if (keptTables.length + keptEnums.length !== previous.graph.tables.length + previous.graph.enums.length - count(previous.graph, relink)) return undefined;
  if (!relinked.elsewhere.every((decl) => declaredBefore(decl, previous.graph))) return undefined;
  const oldKeys = new Set(previous.diagnostics.slice(0, info.linkCount).map(diagnosticKey));
  if (!relinked.elsewhereDiagnostics.every((d) => oldKeys.has(diagnosticKey(d)))) return undefined;
  const decls = relinked.decls;
  if (hasDuplicates(decls) || collides(decls, keptTables, keptEnums)) return undefined;
  const part = resolveGraph(decls);
  if (part.schemas.length > 0) return undefined;
  const graph: Graph = { schemas: [], enums: [...keptEnums, ...part.enums].sort(byQualifiedName), tables: [...keptTables, ...part.tables].sort(byQualifiedName) };
  const rank = new Map(files.map((f, i) => [f.path, i]));
  const byRank = (file: string | undefined): number => (file === undefined ? -1 : (rank.get(file) ?? -1));
  const oldLink = previous.diagnostics.slice(0, info.linkCount).filter((d) => kept(d.span));
  const linked = [...oldLink, ...relinked.diagnostics].map((d, i) => ({ d, i }));
  linked.sort((a, b) => byRank(a.d.span?.file) - byRank(b.d.span?.file) || (a.d.span?.start ?? 0) - (b.d.span?.start ?? 0) || a.i - b.i);
  const oldDecl = previous.diagnostics.slice(info.linkCount, info.linkCount + info.declFiles.length);
  const checks = checkDeclsByFile(decls);
  const declared = [
    ...oldDecl.map((d, i) => ({ d, file: info.declFiles[i] ?? "" })).filter((x) => !relink.has(x.file)),
    ...checks.diagnostics.map((d, i) => ({ d, file: checks.files[i] ?? "" })),
  ].map((x, i) => ({ ...x, i }));
  declared.sort((a, b) => byRank(a.file) - byRank(b.file) || a.i - b.i);
  const nextFiles = info.files.map((f) => ({
    ...f,
    hash: hashes.get(f.path) ?? "",
    ...(relink.has(f.path) ? traceOf(relinked.traces, f.path, f.usedDeclaring) : { uses: f.uses.map((use) => rechecked.get(use[0]) ?? use) }),
  }));
  // Whether a file is a helper or skipped may depend on any file's evaluation using it.
  const used = new Set(nextFiles.flatMap((f) => f.used));
  const usedDependent = new Set(nextFiles.filter((f) => f.usedDependent).map((f) => f.path));
  const located = (objects: readonly { readonly schema: string; readonly name: string; readonly span?: { readonly file: string } }[]): string[] =>
    objects.filter((o) => o.span !== undefined && relink.has(o.span.file)).map((o) => `${o.schema}.${o.name}`);
  const changedTables = new Set([...located(previous.graph.tables), ...part.tables.map((t) => `${t.schema}.${t.name}`)]);
  const changedEnums = new Set([...located(previous.graph.enums), ...part.enums.map((e) => `${e.schema}.${e.name}`)]);
  const oldChecks = previous.diagnostics.slice(info.linkCount + info.declFiles.length);
  const graphChecks = recheckGraph(graph, previous.graph, oldChecks, info.enumCount, info.tableCounts, changedTables, changedEnums);
  if (graphChecks === undefined) return undefined;
  const reports = previous.files.map((report) => {
    if (usedDependent.has(report.path)) return usedFileReport(report.path, used.has(report.path));
    return relink.has(report.path) ? relinked.files.get(report.path) : report;
  });
  if (reports.some((r) => r === undefined)) return undefined;
  const fileReports = reports.filter((r) => r !== undefined);
  const linkDiagnostics = linked.map((x) => x.d);
  const next: IncrementalInfo = {
    files: nextFiles,
    linkCount: linkDiagnostics.length,
    declFiles: declared.map((x) => x.file),
    enumCount: graphChecks.enums.length,
    tableCounts: graphChecks.tables.map((list) => list.length),
  };
  return {
    graph,
    diagnostics: [...linkDiagnostics, ...declared.map((x) => x.d), ...flatten(graphChecks)],
    files: fileReports,
    isEmpty: !fileReports.some((r) => r.status === "declares"),
    incremental: next,
  };
}

/** The checks of the declarations alone, one file at a time (only without duplicates: those compare across files). */
function checkDeclsByFile(decls: readonly Decl[]): { diagnostics: Diagnostic[]; files: string[] } {
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  for (let start = 0; start < decls.length; ) {
    const file = decls[start]?.span?.file ?? "";
    let end = start + 1;
    while (end < decls.length && (decls[end]?.span?.file ?? "") === file) end++;
    for (const d of validateGraph(decls.slice(start, end), emptyGraph)) {
      diagnostics.push(d);
      files.push(file);
    }
    start = end;
  }
  return { diagnostics, files };
}

function declKey(decl: Decl): string | null {
  return decl.kind === "schema" ? null : `${decl.kind}:${decl.schema ?? "public"}.${decl.name}`;
}

function hasDuplicates(decls: readonly Decl[]): boolean {
  const seen = new Set<string>();
  for (const decl of decls) {
    const key = declKey(decl);
    if (key === null) continue;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function collides(decls: readonly Decl[], tables: readonly Table[], enums: readonly EnumType[]): boolean {
  const keys = new Set([...tables.map((t) => `table:${t.schema}.${t.name}`), ...enums.map((e) => `enum:${e.schema}.${e.name}`)]);
  return decls.some((decl) => {
    const key = declKey(decl);
    return key !== null && keys.has(key);
  });
}

/** How many graph objects of `graph` are located in the given files. */
function count(graph: Graph, files: ReadonlySet<string>): number {
  let n = 0;
  for (const object of [...graph.tables, ...graph.enums]) if (object.span !== undefined && files.has(object.span.file)) n++;
  return n;
}

/** True when a declaration made in a file not relinked is one the cached graph has, at the same place. */
function declaredBefore(decl: Decl, graph: Graph): boolean {
  if (decl.kind === "schema" || decl.span === undefined) return false;
  const objects: readonly (Table | EnumType)[] = decl.kind === "table" ? graph.tables : graph.enums;
  const schema = decl.schema ?? "public";
  const span = decl.span;
  return objects.some((o) => o.schema === schema && o.name === decl.name && o.span?.file === span.file && o.span.start === span.start && o.span.end === span.end);
}

function sameImports(info: IncrementalInfo, traces: ReadonlyMap<string, FileTrace>): boolean {
  return info.files.every((f) => {
    const trace = traces.get(f.path);
    return trace === undefined || (trace.imports.length === f.imports.length && trace.imports.every((t, i) => t === f.imports[i]));
  });
}

/** A file's trace as a tree keeps it; `usedBefore`: what other files not relinked still use. */
function traceOf(traces: ReadonlyMap<string, FileTrace>, path: string, usedBefore: readonly string[] = []): Omit<IncrementalFile, "path" | "hash"> {
  const trace = traces.get(path);
  const usedDeclaring = [...new Set([...usedBefore, ...(trace?.usedDeclaring ?? [])])];
  return { imports: trace?.imports ?? [], reads: trace?.reads ?? [path], uses: trace?.uses ?? [], used: trace?.used ?? [], usedDependent: trace?.usedDependent ?? false, usedDeclaring };
}

function diagnosticKey(d: Diagnostic): string {
  return JSON.stringify(d);
}
