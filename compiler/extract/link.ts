/**
 * Stage two of extraction: links module summaries and evaluates every top-level statement that
 * declares something (a table, an enum type, a pgSchema), as running the modules would. Reference
 * targets (`() => users.id`) are called only after every module has loaded, so foreign keys may
 * form cycles between modules and point at their own table.
 */
import type { ColumnDecl, Decl, ReferenceDecl, Span, TableDecl } from "../../schema/declarations.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { DeclSink } from "./evaluator.js";
import { labeled } from "./arguments.js";
import { StaticEvaluator, type SpecifierResolver } from "./static-eval.js";
import type { ModuleSummary, StaticNode } from "./summary.js";
import { memoKey, type DependencyTracker } from "./tracker.js";
import {
  DiagnosticFailure,
  NotStaticFailure,
  describeValue,
  qualified,
  type PendingReference,
  type PendingTable,
} from "./values.js";

/** What `--verbose` reports about one file. */
export interface FileReport {
  readonly path: string;
  readonly status: "declares" | "helper" | "skipped";
  readonly reason?: string;
  /** What the file declares, in source order: tables by name, `enum x`, `schema y`. */
  readonly declares: readonly string[];
}

/** The result of linking: declarations in file then source order, and every diagnostic. */
export interface LinkResult {
  readonly decls: Decl[];
  readonly diagnostics: Diagnostic[];
  readonly files: FileReport[];
}

type Made = { readonly span: Span } & ({ readonly decl: Decl } | { readonly table: PendingTable });
/** A declaration made, in making order, with the file whose evaluation made it (`loop`). */
type Entry = Made & { readonly seq: number; readonly loop: string };

/** Options of a link the incremental build makes (`compiler/incremental.ts`). */
export interface LinkOptions {
  /** Records what each file's evaluation read, and whether the outputs can be cut by file. */
  readonly tracker?: DependencyTracker;
  /** Every module, when the summaries given are only the files to evaluate (may summarize lazily). */
  readonly modules?: ReadonlyMap<string, ModuleSummary>;
}

const declaringBuilders = new Set(["table", "enumType", "pgSchema"]);

/** Links summaries (in the order the files were given) into Decls and diagnostics; `sources` are the files' texts, which messages quote. */
export function linkModules(summaries: readonly ModuleSummary[], resolveSpecifier: SpecifierResolver, sources: ReadonlyMap<string, string>, options: LinkOptions = {}): LinkResult {
  const modules = options.modules ?? new Map(summaries.map((s) => [s.file, s]));
  const order = new Map(summaries.map((s, i) => [s.file, i]));
  const diagnostics: Diagnostic[] = summaries.flatMap((s) => s.diagnostics);
  const entries: Entry[] = [];
  const tracker = options.tracker;
  let loop = "";
  const add = (made: Made): void => {
    tracker?.declared(made.span.file);
    entries.push({ ...made, seq: entries.length, loop });
  };
  const sink: DeclSink = {
    schema: (decl) => add({ decl, span: decl.span }),
    enumType: (decl) => add({ decl, span: decl.span }),
    table: (table) => add({ table, span: table.span }),
    report: (error, what) => {
      const d = toDiagnostic(error, what);
      tracker?.reported(d.span?.file ?? null);
      diagnostics.push(d);
    },
  };
  const ev = new StaticEvaluator(modules, resolveSpecifier, sink, diagnostics, sources, tracker);
  const detector = new DeclarationDetector(modules, resolveSpecifier, tracker);
  for (const summary of summaries) {
    loop = summary.file;
    tracker?.enterLoop(loop);
    for (const statement of summary.statements) {
      const node = statement.k === "expr" ? statement.value : bindingNode(summary, statement.name);
      if (node === undefined || !detector.declares(summary.file, node, 0)) continue;
      if (statement.k === "binding") tracker?.selfDeclared.add(memoKey(summary.file, statement.name));
      try {
        if (statement.k === "expr") ev.evaluate(statement.value, { file: summary.file, loadTime: true });
        else ev.bindingValue(summary.file, statement.name);
      } catch (error) {
        sink.report(error, statement.k === "binding" ? `the declaration of ${statement.name}` : "a declaration");
      }
    }
    tracker?.leaveLoop();
  }
  const sorted = [...entries].sort((a, b) => compareEntries(a, b, order));
  const decls = sorted.map((entry) => {
    if ("decl" in entry) return entry.decl;
    tracker?.enterLoop(entry.loop);
    const decl = finishTable(ev, entry.table);
    tracker?.leaveLoop();
    return decl;
  });
  return { decls, diagnostics: sortDiagnostics(dedupe(diagnostics), order), files: fileReports(summaries, decls, ev.used) };
}

function bindingNode(summary: ModuleSummary, name: string): StaticNode | undefined {
  const binding = Object.hasOwn(summary.bindings, name) ? summary.bindings[name] : undefined;
  return binding?.k === "value" ? binding.value : undefined;
}

function compareEntries(a: Entry, b: Entry, order: ReadonlyMap<string, number>): number {
  const fa = order.get(a.span.file) ?? 0;
  const fb = order.get(b.span.file) ?? 0;
  return fa - fb || a.span.start - b.span.start || a.seq - b.seq;
}

/** Calls the table's reference targets (every module has loaded now) and makes its TableDecl. */
function finishTable(ev: StaticEvaluator, table: PendingTable): TableDecl {
  const columns: ColumnDecl[] = table.columns.map(({ name, state, span }) => {
    const { references, ...rest } = state;
    const reference = references === undefined ? undefined : referenceOrReport(ev, references, `the reference of column ${name}`, false);
    return { name, ...rest, ...(reference === undefined ? {} : { references: reference }), span };
  });
  const foreignKeys = table.foreignKeys.flatMap((fk) => {
    const references = referenceOrReport(ev, fk.references, "the references of foreignKey()", true);
    return references === undefined ? [] : [{ ...fk, references }];
  });
  const { columns: _pending, foreignKeys: _fks, ...rest } = table;
  return { kind: "table", ...rest, columns, foreignKeys };
}

function referenceOrReport(ev: StaticEvaluator, pending: PendingReference, what: string, isList: boolean): ReferenceDecl | undefined {
  try {
    return labeled(what, () => callReference(ev, pending, isList));
  } catch (error) {
    ev.sink.report(error, what);
    return undefined;
  }
}

/** Calls a reference target: one column of a table, or (for foreignKey) a list of them. */
function callReference(ev: StaticEvaluator, pending: PendingReference, isList: boolean): ReferenceDecl {
  if (pending.target.t !== "function") throw new Error("internal: a reference target that is not a function");
  const result = ev.callFunction(pending.target, false);
  const values = isList && result.t === "array" ? result.items.map((item) => item.value) : [result];
  const refs = values.map((value) => {
    if (value.t !== "columnRef") throw new DiagnosticFailure(diagnostic("NotAReference", pending.span, isList && result.t !== "array" ? `${describeValue(value)}, not a list` : describeValue(value)));
    return value;
  });
  const first = refs[0];
  if (first === undefined) throw new DiagnosticFailure(diagnostic("NotAReference", pending.span, "an empty list"));
  if (refs.some((r) => qualified(r.table) !== qualified(first.table))) {
    throw new DiagnosticFailure(diagnostic("NotAReference", pending.span, "columns of more than one table"));
  }
  const { target: _target, span, ...options } = pending;
  return { table: first.table, columns: refs.map((r) => r.column), ...options, span };
}

/** Turns an evaluation failure into its diagnostic; anything else is a bug and is rethrown. */
function toDiagnostic(error: unknown, what: string): Diagnostic {
  if (error instanceof DiagnosticFailure) return error.diagnostic;
  if (error instanceof NotStaticFailure) return diagnostic("NotStatic", error.span, what, error.found);
  throw error;
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.span?.file}\u0000${d.span?.start}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortDiagnostics(diagnostics: Diagnostic[], order: ReadonlyMap<string, number>): Diagnostic[] {
  const rank = (d: Diagnostic): number => (d.span ? (order.get(d.span.file) ?? -1) : -1);
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || (a.d.span?.start ?? 0) - (b.d.span?.start ?? 0) || a.i - b.i)
    .map(({ d }) => d);
}

function fileReports(summaries: readonly ModuleSummary[], decls: readonly Decl[], used: ReadonlySet<string>): FileReport[] {
  const byFile = new Map<string, string[]>();
  for (const decl of decls) {
    const file = decl.span?.file;
    if (file === undefined) continue;
    const name = decl.kind === "table" ? qualified(decl) : decl.kind === "enum" ? `enum ${qualified(decl)}` : `schema ${decl.name}`;
    const names = byFile.get(file);
    if (names === undefined) byFile.set(file, [name]);
    else names.push(name);
  }
  return summaries.map((s): FileReport => {
    const declares = byFile.get(s.file) ?? [];
    if (declares.length > 0) return { path: s.file, status: "declares", declares };
    if (s.skipped !== undefined) return { path: s.file, status: "skipped", reason: s.skipped, declares };
    return s.importsSchemac ? { path: s.file, status: "helper", declares } : usedFileReport(s.file, used.has(s.file));
  });
}

/** The report of a file that declares nothing and imports no schemac builder: a helper when some evaluation used it. */
export function usedFileReport(path: string, used: boolean): FileReport {
  return used ? { path, status: "helper", declares: [] } : { path, status: "skipped", reason: "declares nothing (imports no schemac builder) and no declaring file uses it", declares: [] };
}

/**
 * Decides, without evaluating, whether a top-level statement declares something: it calls
 * `table`, `enumType` or `pgSchema` of schemac (under any alias or namespace), or `.table` /
 * `.enumType` of a pgSchema. Other statements are evaluated only when a declaration uses them,
 * so application code in the same file is never reported.
 */
class DeclarationDetector {
  constructor(
    private readonly modules: ReadonlyMap<string, ModuleSummary>,
    private readonly resolve: SpecifierResolver,
    private readonly tracker: DependencyTracker | undefined,
  ) {}

  declares(file: string, node: StaticNode, depth: number): boolean {
    switch (node.k) {
      case "call":
        return this.callDeclares(file, node.callee, depth) || this.declares(file, node.callee, depth) || node.args.some((a) => this.declares(file, a, depth));
      case "arr":
        return node.items.some((item) => this.declares(file, item, depth));
      case "obj":
        return node.entries.some((entry) => this.declares(file, entry.value, depth));
      case "spread":
        return this.declares(file, node.value, depth);
      case "member":
        return this.declares(file, node.object, depth);
      case "tagged":
        return node.subs.some((sub) => this.declares(file, sub, depth));
      case "plus":
        return this.declares(file, node.left, depth) || this.declares(file, node.right, depth);
      default:
        return false;
    }
  }

  private callDeclares(file: string, callee: StaticNode, depth: number): boolean {
    const name = this.dslName(file, callee);
    if (name !== undefined) return declaringBuilders.has(name);
    if (callee.k === "ref") return this.functionDeclares(file, callee.name, depth + 1);
    return callee.k === "member" && (callee.name === "table" || callee.name === "enumType") && this.isPgSchema(file, callee.object, depth);
  }

  /** True when `name` is a function (here or imported) whose returned value declares something. */
  private functionDeclares(file: string, name: string, depth: number): boolean {
    if (depth > 32) return false;
    const binding = this.binding(file, name);
    if (binding?.k === "value") return binding.value.k === "fn" && this.declares(file, binding.value.body, depth);
    if (binding?.k !== "import" || binding.imported === "*") return false;
    const target = this.resolve(file, binding.specifier);
    const found = target.kind === "file" ? this.exportNode(target.file, binding.imported, depth + 1) : undefined;
    return found?.node.k === "ref" && this.functionDeclares(found.file, found.node.name, depth + 1);
  }

  /** The schemac export a callee names directly (`table`, `t` for `table as t`, `s.table`). */
  private dslName(file: string, callee: StaticNode): string | undefined {
    if (callee.k === "ref") {
      const binding = this.binding(file, callee.name);
      if (binding?.k === "import" && this.resolve(file, binding.specifier).kind === "dsl" && binding.imported !== "*") return binding.imported;
    }
    if (callee.k === "member" && callee.object.k === "ref") {
      const binding = this.binding(file, callee.object.name);
      if (binding?.k === "import" && binding.imported === "*" && this.resolve(file, binding.specifier).kind === "dsl") return callee.name;
    }
    return undefined;
  }

  private isPgSchema(file: string, node: StaticNode, depth: number): boolean {
    if (depth > 32) return false;
    if (node.k === "call") return this.dslName(file, node.callee) === "pgSchema";
    if (node.k !== "ref") return false;
    const binding = this.binding(file, node.name);
    if (binding?.k === "value") return this.isPgSchema(file, binding.value, depth + 1);
    if (binding?.k !== "import" || binding.imported === "*") return false;
    const target = this.resolve(file, binding.specifier);
    if (target.kind !== "file") return false;
    const found = this.exportNode(target.file, binding.imported, depth + 1);
    return found !== undefined && this.isPgSchema(found.file, found.node, depth + 1);
  }

  /** The node an exported name stands for, as `{ file, node }` (a ref node to follow further). */
  private exportNode(file: string, name: string, depth: number): { file: string; node: StaticNode } | undefined {
    const module = this.modules.get(file);
    this.tracker?.read(file);
    if (module === undefined || depth > 32) return undefined;
    const target = Object.hasOwn(module.exports, name) ? module.exports[name] : undefined;
    if (target?.k === "local") return { file, node: { k: "ref", name: target.name, start: 0, end: 0 } };
    if (target?.k === "from") {
      const next = this.resolve(file, target.specifier);
      return next.kind === "file" ? this.exportNode(next.file, target.imported, depth + 1) : undefined;
    }
    for (const star of module.stars) {
      const next = this.resolve(file, star);
      const found = next.kind === "file" ? this.exportNode(next.file, name, depth + 1) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private binding(file: string, name: string): ModuleSummary["bindings"][string] | undefined {
    const module = this.modules.get(file);
    this.tracker?.read(file);
    return module && Object.hasOwn(module.bindings, name) ? module.bindings[name] : undefined;
  }
}
