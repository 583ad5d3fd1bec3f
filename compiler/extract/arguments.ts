/**
 * Readers for the arguments of DSL calls: each checks the shape the runtime DSL accepts and
 * throws a BadArgument (or NotStatic, named after the argument) diagnostic otherwise.
 */
import type { LiteralValue, ReferentialAction, Span } from "../../schema/declarations.js";
import { diagnostic } from "../diagnostics.js";
import type { Evaluator, Scope } from "./evaluator.js";
import type { CallNode, StaticNode } from "./summary.js";
import { DiagnosticFailure, NotStaticFailure, describeValue, type Located, type Value } from "./values.js";

/** Runs `evaluate`, turning a NotStatic failure into a diagnostic that names `what`. */
export function labeled<T>(what: string, evaluate: () => T): T {
  try {
    return evaluate();
  } catch (error) {
    if (error instanceof NotStaticFailure) throw new DiagnosticFailure(diagnostic("NotStatic", error.span, what, error.found));
    throw error;
  }
}

/** Throws a BadArgument diagnostic that says what was found. */
export function wrongValue(located: Located, what: string, expected: string): never {
  throw new DiagnosticFailure(diagnostic("BadArgument", located.span, what, `${expected} (found ${describeValue(located.value)})`));
}

/** Evaluates argument `index` of a call, named `what` in messages; undefined when absent. */
export function argument(ev: Evaluator, call: CallNode, index: number, scope: Scope, what: string): Located | undefined {
  const node: StaticNode | undefined = call.args[index];
  if (node === undefined) return undefined;
  const located = labeled(what, () => ev.located(node, scope));
  return located.value.t === "undefined" ? undefined : located;
}

/** Argument `index`, which must be given. */
export function requiredArgument(ev: Evaluator, call: CallNode, index: number, scope: Scope, what: string): Located {
  const located = argument(ev, call, index, scope, what);
  if (located === undefined) {
    throw new DiagnosticFailure(diagnostic("BadArgument", ev.span(scope.file, call), what, "an argument, but none was given"));
  }
  return located;
}

/** Rejects calls with more than `max` arguments. */
export function checkArgumentCount(ev: Evaluator, call: CallNode, scope: Scope, what: string, max: number): void {
  if (call.args.length <= max) return;
  const expected = max === 0 ? "no arguments" : `at most ${max} argument${max === 1 ? "" : "s"}`;
  throw new DiagnosticFailure(diagnostic("BadArgument", ev.span(scope.file, call), what, `${expected} (found ${call.args.length})`));
}

/** A string value. */
export function stringOf(located: Located, what: string): string {
  if (located.value.t === "prim" && typeof located.value.v === "string") return located.value.v;
  return wrongValue(located, what, "a string");
}

/** A number value. */
export function numberOf(located: Located, what: string): number {
  if (located.value.t === "prim" && typeof located.value.v === "number") return located.value.v;
  return wrongValue(located, what, "a number");
}

/** A boolean value. */
export function booleanOf(located: Located, what: string): boolean {
  if (located.value.t === "prim" && typeof located.value.v === "boolean") return located.value.v;
  return wrongValue(located, what, "true or false");
}

/** The text of a sql`…` fragment. */
export function sqlOf(located: Located, what: string): string {
  if (located.value.t === "sql") return located.value.text;
  return wrongValue(located, what, "a sql`…` fragment");
}

/** A list of strings (column names). */
export function stringListOf(located: Located, what: string): string[] {
  if (located.value.t !== "array") return wrongValue(located, what, "a list of column names");
  return located.value.items.map((item) => stringOf(item, what));
}

/** The entries of an options object, without `undefined` ones; unknown keys are errors. */
export function optionsOf(located: Located | undefined, what: string, keys: readonly string[]): Map<string, Located> {
  if (located === undefined) return new Map();
  if (located.value.t !== "object") return wrongValue(located, what, "an object");
  const options = new Map<string, Located>();
  for (const [key, prop] of located.value.props) {
    if (!keys.includes(key)) wrongValue(prop, `${what}: unknown option '${key}'`, `one of ${keys.join(", ")}`);
    if (prop.value.t !== "undefined") options.set(key, prop);
  }
  return options;
}

const actions: readonly ReferentialAction[] = ["cascade", "restrict", "no action", "set null", "set default"];

/** A referential action, `onDelete` / `onUpdate`. */
export function actionOf(located: Located, what: string): ReferentialAction {
  const value = located.value;
  const found = actions.find((a) => value.t === "prim" && value.v === a);
  if (found === undefined) wrongValue(located, what, actions.map((a) => `"${a}"`).join(", "));
  return found;
}

/** A JSON-able value for `.default(v)`. */
export function literalOf(located: Located, what: string): LiteralValue {
  const convert = (value: Value, span: Span): LiteralValue => {
    if (value.t === "prim") {
      if (typeof value.v === "number" && !Number.isFinite(value.v)) wrongValue({ value, span }, what, "a finite number");
      return value.v;
    }
    if (value.t === "array") return value.items.map((item) => convert(item.value, item.span));
    if (value.t === "object") {
      const out: { [key: string]: LiteralValue } = {};
      for (const [key, prop] of value.props) {
        if (prop.value.t !== "undefined") out[key] = convert(prop.value, prop.span);
      }
      return out;
    }
    return wrongValue({ value, span }, what, "a JSON value or a sql`…` fragment");
  };
  return convert(located.value, located.span);
}

/** Thrown for a call that is not static at all (a non-DSL method). */
export function notStaticCall(ev: Evaluator, call: CallNode, scope: Scope): never {
  throw new NotStaticFailure(`a call to ${ev.callText(scope.file, call)}`, ev.span(scope.file, call));
}

/** An UnknownBuilder failure located at the method's name (`.primary` in `text().primary()`). */
export function unknownMethod(ev: Evaluator, name: string, call: CallNode, scope: Scope): DiagnosticFailure {
  const end = call.callee.end;
  return new DiagnosticFailure(diagnostic("UnknownBuilder", ev.span(scope.file, { start: end - name.length, end }), name));
}
