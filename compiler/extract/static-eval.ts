/**
 * The static evaluator: computes `Value`s from `StaticNode`s across modules, the way running
 * them would, without running anything. It follows `const` bindings, imports, re-exports and
 * namespaces, spreads, `+` and templates, and calls of zero-argument functions; calls of the DSL
 * go to `builders.ts`. Anything else throws `NotStaticFailure`, which the caller reports.
 */
import type { Span } from "../../schema/declarations.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { applyBuilder, applyMethod, isDslExport } from "./builders.js";
import type { DeclSink, Evaluator, Scope } from "./evaluator.js";
import { memoKey, type BindingTrace, type DependencyTracker } from "./tracker.js";
import { callText, type CallNode, type FunctionNode, type ModuleSummary, type ObjectEntry, type SourceRange, type StaticNode } from "./summary.js";
import {
  DiagnosticFailure,
  NotStaticFailure,
  describeValue,
  type Located,
  type Value,
} from "./values.js";

/** Where an import specifier leads. */
export type ResolvedSpecifier =
  | { readonly kind: "dsl" }
  | { readonly kind: "file"; readonly file: string }
  | { readonly kind: "external" }
  | { readonly kind: "missing" };

/** Resolves `specifier` as imported from `from` (both project-relative). */
export type SpecifierResolver = (from: string, specifier: string) => ResolvedSpecifier;

type Memo =
  | { readonly state: "pending" }
  | { readonly state: "done"; readonly value: Value; readonly trace?: BindingTrace }
  | { readonly state: "failed"; readonly error: unknown; readonly trace?: BindingTrace };

/** Evaluates static nodes of a set of linked modules. */
export class StaticEvaluator implements Evaluator {
  private readonly memo = new Map<string, Memo>();
  private readonly warned = new Set<string>();
  private readonly cyclePaths = new Map<string, readonly string[] | null>();
  /** The functions being called (a call inside itself never returns). */
  private readonly calling = new Set<FunctionNode>();
  /** Files whose bindings were used by an evaluation. */
  readonly used = new Set<string>();

  constructor(
    readonly modules: ReadonlyMap<string, ModuleSummary>,
    private readonly resolve: SpecifierResolver,
    readonly sink: DeclSink,
    private readonly warnings: Diagnostic[],
    private readonly sources: ReadonlyMap<string, string>,
    /** Records what each evaluation read, for the incremental build. */
    readonly tracker?: DependencyTracker,
  ) {}

  /** A span of `file` from summary offsets. */
  span(file: string, at: SourceRange): Span {
    return { file, start: at.start, end: at.end };
  }

  /** How messages quote a call of `file`: its shortened source text. */
  callText(file: string, at: SourceRange): string {
    return callText(this.sources.get(file) ?? "", at);
  }

  /** Evaluates a node. */
  evaluate(node: StaticNode, scope: Scope): Value {
    switch (node.k) {
      case "lit":
        return { t: "prim", v: node.v };
      case "undef":
        return { t: "undefined" };
      case "arr":
        return { t: "array", items: this.arrayItems(node.items, scope) };
      case "obj":
        return { t: "object", props: this.objectProps(node.entries, scope) };
      case "spread":
        throw new NotStaticFailure("a spread outside an object or array", this.span(scope.file, node));
      case "ref":
        return this.reference(node.name, node, scope);
      case "member":
        return this.member(this.evaluate(node.object, scope), node.name, this.span(scope.file, node), scope);
      case "call":
        return this.call(node, scope);
      case "tagged":
        return this.tagged(node, scope);
      case "tpl":
        return { t: "prim", v: this.template(node.parts, node.subs, scope, false) };
      case "plus":
        return this.plus(node, scope);
      case "fn":
        return { t: "function", file: scope.file, fn: node, name: "" };
      case "bad":
        throw new NotStaticFailure(node.found, this.span(scope.file, node));
    }
  }

  /** Evaluates a node and keeps its span. */
  located(node: StaticNode, scope: Scope): Located {
    return { value: this.evaluate(node, scope), span: this.span(scope.file, node) };
  }

  /** Evaluates object entries in order: later keys override spread ones and vice versa. */
  objectProps(entries: readonly ObjectEntry[], scope: Scope): Map<string, Located> {
    const props = new Map<string, Located>();
    for (const entry of entries) {
      if (entry.k === "prop") {
        props.set(entry.key, { value: this.evaluate(entry.value, scope), span: this.span(scope.file, entry) });
        continue;
      }
      for (const [key, prop] of this.spreadProps(entry.value, scope)) props.set(key, prop);
    }
    return props;
  }

  /** The properties an object spread `...value` contributes. */
  spreadProps(node: StaticNode, scope: Scope): ReadonlyMap<string, Located> {
    const value = this.evaluate(node, scope);
    if (value.t === "object") return value.props;
    if (value.t === "undefined" || (value.t === "prim" && value.v === null)) return new Map();
    throw new NotStaticFailure(`a spread of ${describeValue(value)}`, this.span(scope.file, node));
  }

  private arrayItems(nodes: readonly StaticNode[], scope: Scope): Located[] {
    const items: Located[] = [];
    for (const node of nodes) {
      if (node.k !== "spread") {
        items.push(this.located(node, scope));
        continue;
      }
      const value = this.evaluate(node.value, scope);
      if (value.t !== "array") throw new NotStaticFailure(`a spread of ${describeValue(value)}`, this.span(scope.file, node));
      items.push(...value.items);
    }
    return items;
  }

  private plus(node: Extract<StaticNode, { k: "plus" }>, scope: Scope): Value {
    const left = this.evaluate(node.left, scope);
    const right = this.evaluate(node.right, scope);
    if (left.t === "prim" && right.t === "prim") {
      if (typeof left.v === "number" && typeof right.v === "number") return { t: "prim", v: left.v + right.v };
      if (typeof left.v === "string" || typeof right.v === "string") return { t: "prim", v: String(left.v) + String(right.v) };
    }
    throw new NotStaticFailure(`${describeValue(left)} + ${describeValue(right)}`, this.span(scope.file, node));
  }

  /** Joins a template's parts with its static substitutions; sql fragments splice in their text. */
  template(parts: readonly string[], subs: readonly StaticNode[], scope: Scope, allowSql: boolean): string {
    let text = parts[0] ?? "";
    subs.forEach((sub, i) => {
      const value = this.evaluate(sub, scope);
      if (value.t === "prim" && value.v !== null) text += String(value.v);
      else if (value.t === "sql" && allowSql) text += value.text;
      else throw new NotStaticFailure(`${describeValue(value)} in a template`, this.span(scope.file, sub));
      text += parts[i + 1] ?? "";
    });
    return text;
  }

  private tagged(node: Extract<StaticNode, { k: "tagged" }>, scope: Scope): Value {
    const tag = this.evaluate(node.tag, scope);
    if (tag.t === "dsl" && tag.name === "sql") return { t: "sql", text: this.template(node.parts, node.subs, scope, true) };
    throw new NotStaticFailure(`a template tagged with ${describeValue(tag)}`, this.span(scope.file, node));
  }

  private call(node: CallNode, scope: Scope): Value {
    const span = this.span(scope.file, node);
    if (node.callee.k === "member") {
      const target = this.evaluate(node.callee.object, scope);
      if (target.t !== "object" && target.t !== "namespace" && target.t !== "dslNamespace") {
        return applyMethod(this, target, node.callee.name, node, scope);
      }
      return this.callValue(this.member(target, node.callee.name, span, scope), node, scope);
    }
    return this.callValue(this.evaluate(node.callee, scope), node, scope);
  }

  private callValue(callee: Value, node: CallNode, scope: Scope): Value {
    if (callee.t === "dsl") return applyBuilder(this, callee.name, node, scope);
    if (callee.t === "enum") {
      if (node.args.length > 0) {
        throw new DiagnosticFailure(diagnostic("BadArgument", this.span(scope.file, node), `the enum type ${callee.name.name}()`, "no arguments"));
      }
      return { t: "column", state: { type: { kind: "enum", enum: callee.name, dimensions: 0 }, notNull: false } };
    }
    if (callee.t === "function") {
      if (node.args.length > 0 || callee.fn.body.k === "bad") {
        const why = node.args.length > 0 ? " with arguments" : "";
        throw new NotStaticFailure(`a call to ${this.callText(scope.file, node)}${why}`, this.span(scope.file, node));
      }
      return this.callFunction(callee, scope.loadTime);
    }
    throw new NotStaticFailure(`a call to ${this.callText(scope.file, node)}`, this.span(scope.file, node));
  }

  /** Calls a zero-argument function; `loadTime` says whether that happens while modules load. */
  callFunction(fn: Extract<Value, { t: "function" }>, loadTime: boolean): Value {
    // A function without arguments that calls itself never returns (running it would overflow the stack).
    if (this.calling.has(fn.fn)) throw new NotStaticFailure(`a call of ${fn.name === "" ? "a function" : fn.name} inside itself`, this.span(fn.file, fn.fn));
    this.calling.add(fn.fn);
    try {
      return this.evaluate(fn.fn.body, { file: fn.file, loadTime });
    } finally {
      this.calling.delete(fn.fn);
    }
  }

  /** `object.name`. */
  member(object: Value, name: string, span: Span, scope: Scope): Value {
    switch (object.t) {
      case "object":
        return object.props.get(name)?.value ?? { t: "undefined" };
      case "namespace":
        if (scope.loadTime) this.checkCycle(scope.file, object.file, name, span);
        return this.exported(object.file, name, span, object.file);
      case "dslNamespace":
        if (!isDslExport(name)) throw new DiagnosticFailure(diagnostic("UnknownImport", span, name, "schemac"));
        return { t: "dsl", name };
      case "table":
        return { t: "columnRef", table: object.name, column: name };
      default:
        throw new NotStaticFailure(`the property ${name} of ${describeValue(object)}`, span);
    }
  }

  /** The value of an identifier of `scope.file`. */
  private reference(name: string, at: SourceRange, scope: Scope): Value {
    const span = this.span(scope.file, at);
    const module = this.modules.get(scope.file);
    this.tracker?.read(scope.file);
    const binding = module && Object.hasOwn(module.bindings, name) ? module.bindings[name] : undefined;
    if (binding === undefined) throw new NotStaticFailure(`the global ${name}`, span);
    if (binding.k === "other") throw new NotStaticFailure(binding.found, span);
    if (binding.k === "value") return this.bindingValue(scope.file, name);
    const target = this.resolve(scope.file, binding.specifier);
    switch (target.kind) {
      case "dsl":
        if (binding.imported === "*") return { t: "dslNamespace" };
        if (!isDslExport(binding.imported)) throw new DiagnosticFailure(diagnostic("UnknownImport", span, binding.imported, "schemac"));
        return { t: "dsl", name: binding.imported };
      case "external":
        throw new NotStaticFailure(`an import from '${binding.specifier}'`, span);
      case "missing":
        throw new DiagnosticFailure(diagnostic("UnknownImport", span, binding.imported, binding.specifier));
      case "file":
        if (binding.imported === "*") return { t: "namespace", file: target.file };
        if (scope.loadTime) this.checkCycle(scope.file, target.file, name, span);
        return this.exported(target.file, binding.imported, span, binding.specifier);
    }
  }

  /** The value of a top-level `value` binding, computed once (as when its module loads). */
  bindingValue(file: string, name: string): Value {
    const key = memoKey(file, name);
    const memo = this.memo.get(key);
    const tracker = this.tracker;
    if (memo?.state === "done") {
      if (memo.trace !== undefined) tracker?.reuse(memo.trace);
      return memo.value;
    }
    if (memo?.state === "failed") {
      if (memo.trace !== undefined) tracker?.reuse(memo.trace);
      throw memo.error;
    }
    const binding = this.modules.get(file)?.bindings[name];
    if (binding?.k !== "value") throw new Error(`internal: ${name} is not a value binding of ${file}`);
    if (memo?.state === "pending") {
      tracker?.fail(`a circular definition of ${name} in ${file}`);
      throw new NotStaticFailure(`a circular definition of ${name}`, this.span(file, binding));
    }
    this.used.add(file);
    tracker?.use(file);
    this.memo.set(key, { state: "pending" });
    tracker?.enterBinding(file, key);
    try {
      const node = binding.value;
      const value: Value = node.k === "fn" ? { t: "function", file, fn: node, name } : this.evaluate(node, { file, loadTime: true });
      this.memo.set(key, { state: "done", value, ...(tracker ? { trace: tracker.leaveBinding() } : {}) });
      return value;
    } catch (error) {
      this.memo.set(key, { state: "failed", error, ...(tracker ? { trace: tracker.leaveBinding() } : {}) });
      throw error;
    }
  }

  /**
   * The value a module exports as `name` (following re-exports and `export *`). With a tracker,
   * the caller depends on that value only, not on what finding it read.
   */
  exported(file: string, name: string, span: Span, specifier: string): Value {
    const tracker = this.tracker;
    if (tracker === undefined) return this.lookUpExport(file, name, span, specifier);
    const known = tracker.knownImport(file, name);
    if (known !== undefined) return known;
    tracker.enterImport(file);
    let found: Value | null = null;
    try {
      found = this.lookUpExport(file, name, span, specifier);
      return found;
    } finally {
      tracker.leaveImport(name, found);
    }
  }

  private lookUpExport(file: string, name: string, span: Span, specifier: string): Value {
    const found = this.findExport(file, name, span, new Set());
    if (found === undefined) throw new DiagnosticFailure(diagnostic("UnknownImport", span, name, specifier));
    return found;
  }

  private findExport(file: string, name: string, span: Span, visited: Set<string>): Value | undefined {
    const key = `${file}\u0000${name}`;
    if (visited.has(key)) return undefined;
    visited.add(key);
    const module = this.modules.get(file);
    this.tracker?.read(file);
    if (module === undefined) return undefined;
    this.used.add(file);
    this.tracker?.use(file);
    const target = Object.hasOwn(module.exports, name) ? module.exports[name] : undefined;
    if (target?.k === "local") {
      const binding = Object.hasOwn(module.bindings, target.name) ? module.bindings[target.name] : undefined;
      return binding === undefined ? undefined : this.reference(target.name, binding, { file, loadTime: false });
    }
    if (target?.k === "from") return this.reexported(file, target.specifier, target.imported, span, visited);
    if (name === "default") return undefined;
    for (const star of module.stars) {
      const resolved = this.resolve(file, star);
      if (resolved.kind === "file") {
        const value = this.findExport(resolved.file, name, span, visited);
        if (value !== undefined) return value;
      } else if (resolved.kind === "dsl" && isDslExport(name)) return { t: "dsl", name };
    }
    return undefined;
  }

  private reexported(file: string, specifier: string, imported: string, span: Span, visited: Set<string>): Value | undefined {
    const resolved = this.resolve(file, specifier);
    if (resolved.kind === "dsl") return imported === "*" ? { t: "dslNamespace" } : isDslExport(imported) ? { t: "dsl", name: imported } : undefined;
    if (resolved.kind === "external") throw new NotStaticFailure(`an import from '${specifier}'`, span);
    if (resolved.kind === "missing") throw new DiagnosticFailure(diagnostic("UnknownImport", span, imported, specifier));
    if (imported === "*") return { t: "namespace", file: resolved.file };
    return this.findExport(resolved.file, imported, span, visited);
  }

  /** Warns when a value used while `from` loads comes from a module that imports `from` back. */
  private checkCycle(from: string, to: string, name: string, span: Span): void {
    const back = this.importPath(to, from);
    if (back === null) return;
    const key = `${span.file}:${span.start}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.tracker?.warned(span.file);
    this.warnings.push(diagnostic("ImportCycleInit", span, name, [from, ...back].join(" → ")));
  }

  /** The shortest import path from `start` to `goal` (both included), or null. */
  private importPath(start: string, goal: string): readonly string[] | null {
    const key = `${start}\u0000${goal}`;
    const cached = this.cyclePaths.get(key);
    if (cached !== undefined) return cached;
    const previous = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    let path: string[] | null = null;
    for (let i = 0; i < queue.length && path === null; i++) {
      const file = queue[i] as string;
      if (file === goal) {
        path = [];
        for (let at: string | null = file; at !== null; at = previous.get(at) ?? null) path.unshift(at);
        break;
      }
      for (const specifier of this.modules.get(file)?.specifiers ?? []) {
        const next = this.resolve(file, specifier);
        if (next.kind === "file" && !previous.has(next.file)) {
          previous.set(next.file, file);
          queue.push(next.file);
        }
      }
    }
    this.cyclePaths.set(key, path);
    return path;
  }
}
