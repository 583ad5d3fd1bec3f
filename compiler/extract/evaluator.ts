/**
 * What the per-kind builder files (table, column, constraints, arguments, builders) need from the
 * static evaluator: an interface of its own, so that they receive the evaluator instead of
 * importing `static-eval.ts`, which dispatches into them (no import cycle).
 */
import type { EnumDecl, SchemaDecl, Span } from "../../schema/declarations.js";
import type { ObjectEntry, SourceRange, StaticNode } from "./summary.js";
import type { Located, PendingTable, Value } from "./values.js";

/** Where an expression is evaluated: its file, and whether that happens while the module loads. */
export interface Scope {
  readonly file: string;
  readonly loadTime: boolean;
}

/** Receives the declarations evaluation makes, and reports failures it recovers from. */
export interface DeclSink {
  schema(decl: SchemaDecl & { readonly span: Span }): void;
  enumType(decl: EnumDecl & { readonly span: Span }): void;
  table(table: PendingTable): void;
  /** Turns a caught failure into a diagnostic that names `what`; rethrows anything else. */
  report(error: unknown, what: string): void;
}

/** The evaluator as the builder files see it (implemented by `StaticEvaluator`). */
export interface Evaluator {
  readonly sink: DeclSink;
  /** A span of `file` from summary offsets. */
  span(file: string, at: SourceRange): Span;
  /** How messages quote a call of `file`: its shortened source text. */
  callText(file: string, at: SourceRange): string;
  /** Evaluates a node. */
  evaluate(node: StaticNode, scope: Scope): Value;
  /** Evaluates a node and keeps its span. */
  located(node: StaticNode, scope: Scope): Located;
  /** Evaluates object entries in order: later keys override spread ones and vice versa. */
  objectProps(entries: readonly ObjectEntry[], scope: Scope): Map<string, Located>;
  /** The properties an object spread `...value` contributes. */
  spreadProps(node: StaticNode, scope: Scope): ReadonlyMap<string, Located>;
}

