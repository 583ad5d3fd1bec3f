/**
 * The per-file summary the extractor's first stage produces: a module's imports, exports and
 * top-level bindings as partially evaluated static values. A summary is plain JSON and a pure
 * function of one file's path and text, so it can be cached by content hash; the second stage
 * (`link.ts`) resolves identifiers across summaries and evaluates them into Decls.
 */
import type { Diagnostic } from "../diagnostics.js";

/**
 * A range of the summarized file, `[start, end)` (the file is the summary's), as two fields of
 * the node or binding it locates: an array per node was a third of a summary's memory.
 */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/**
 * An expression, read without evaluating anything: literals, arrays, objects, identifiers left
 * symbolic, calls, templates. What cannot be static at all is a `bad` node that says what it is;
 * it becomes a diagnostic only when a declaration uses it.
 */
export type StaticNode =
  | { readonly k: "lit"; readonly v: string | number | boolean | null; readonly start: number; readonly end: number }
  | { readonly k: "undef"; readonly start: number; readonly end: number }
  | { readonly k: "arr"; readonly items: readonly StaticNode[]; readonly start: number; readonly end: number }
  | { readonly k: "obj"; readonly entries: readonly ObjectEntry[]; readonly start: number; readonly end: number }
  | { readonly k: "spread"; readonly value: StaticNode; readonly start: number; readonly end: number }
  | { readonly k: "ref"; readonly name: string; readonly start: number; readonly end: number }
  | { readonly k: "member"; readonly object: StaticNode; readonly name: string; readonly start: number; readonly end: number }
  | CallNode
  | { readonly k: "tagged"; readonly tag: StaticNode; readonly parts: readonly string[]; readonly subs: readonly StaticNode[]; readonly start: number; readonly end: number }
  | { readonly k: "tpl"; readonly parts: readonly string[]; readonly subs: readonly StaticNode[]; readonly start: number; readonly end: number }
  | { readonly k: "plus"; readonly left: StaticNode; readonly right: StaticNode; readonly start: number; readonly end: number }
  | FunctionNode
  | { readonly k: "bad"; readonly found: string; readonly start: number; readonly end: number };

/**
 * A call `callee(args)`. Messages quote its source (`callText`), read from the file's text at
 * link time rather than stored: chains like `uuid().primaryKey().default(...)` would repeat it at
 * every level, a sixth of a summary.
 */
export interface CallNode {
  readonly k: "call";
  readonly callee: StaticNode;
  readonly args: readonly StaticNode[];
  readonly start: number;
  readonly end: number;
}

/** Source text as messages quote it: whitespace runs as one space, at most 60 characters. */
export function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= 60 ? flat : `${flat.slice(0, 57)}...`;
}

/** How a message quotes a call: its shortened source text, from the file's text. */
export function callText(source: string, at: SourceRange): string {
  return shorten(source.slice(at.start, Math.min(at.end, at.start + 200)));
}

/** A function: an arrow, a function expression or declaration whose body returns one value. */
export interface FunctionNode {
  readonly k: "fn";
  readonly params: number;
  readonly body: StaticNode;
  readonly start: number;
  readonly end: number;
}

/** An entry of an object literal: `key: value`, `key` (shorthand) or `...spread`. */
export type ObjectEntry =
  | { readonly k: "prop"; readonly key: string; readonly value: StaticNode; readonly start: number; readonly end: number }
  | { readonly k: "spread"; readonly value: StaticNode; readonly start: number; readonly end: number };

/** A top-level name of a module: a value, an import, or something that is never static. */
export type Binding =
  | { readonly k: "value"; readonly value: StaticNode; readonly start: number; readonly end: number }
  | { readonly k: "import"; readonly specifier: string; readonly imported: string; readonly start: number; readonly end: number }
  | { readonly k: "other"; readonly found: string; readonly start: number; readonly end: number };

/** What an exported name is: a local binding, or a name (or namespace, `*`) of another module. */
export type ExportTarget =
  | { readonly k: "local"; readonly name: string }
  | { readonly k: "from"; readonly specifier: string; readonly imported: string };

/** A top-level statement that may declare something when the module loads. */
export type TopStatement =
  | { readonly k: "binding"; readonly name: string }
  | { readonly k: "expr"; readonly value: StaticNode };

/** Everything the linker needs to know about one file. */
export interface ModuleSummary {
  readonly file: string;
  /** Set when the file was not parsed at all (it imports nothing). */
  readonly skipped?: string;
  /** True when the file imports (or re-exports) "schemac". */
  readonly importsSchemac: boolean;
  /** Specifiers of every value import and re-export, in source order (the import graph). */
  readonly specifiers: readonly string[];
  readonly bindings: Readonly<Record<string, Binding>>;
  readonly exports: Readonly<Record<string, ExportTarget>>;
  /** Specifiers of `export * from`. */
  readonly stars: readonly string[];
  readonly statements: readonly TopStatement[];
  /** Local diagnostics: syntax errors. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The module specifier of the DSL. */
export const dslSpecifier = "schemac";

const mentionsDsl = /["']schemac["']/;
const importsSomething = /\bfrom\s*["']|\bimport\s*["'(]/;

/**
 * The summary of a file that imports nothing at all, which neither reader parses unless `force`
 * is set (another file imports it); null when the file must be read.
 */
export function skippedSummary(file: string, text: string, force: boolean): ModuleSummary | null {
  if (force || mentionsDsl.test(text) || importsSomething.test(text)) return null;
  return { file, skipped: "imports neither schemac nor another module", importsSchemac: false, specifiers: [], bindings: {}, exports: {}, stars: [], statements: [], diagnostics: [] };
}

/** The name under which `export default <expr>` is bound in `bindings`. */
export const defaultBinding = "*default*";

/** One input file: project-relative path with forward slashes (used in spans), and its text. */
export interface SourceFileInput {
  readonly path: string;
  readonly text: string;
}
