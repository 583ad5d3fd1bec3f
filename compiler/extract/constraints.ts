/**
 * `index(name?)` / `uniqueIndex(name?)` with `.on()`, `.using()`, `.where()`; `check(name, sql)`;
 * `foreignKey({ columns, references, onDelete, onUpdate, name })`.
 */
import type { IndexDecl, IndexMethod } from "../../schema/declarations.js";
import {
  argument,
  checkArgumentCount,
  optionsOf,
  requiredArgument,
  sqlOf,
  stringListOf,
  stringOf,
  wrongValue,
  unknownMethod,
} from "./arguments.js";
import { pendingReference } from "./column.js";
import type { Evaluator, Scope } from "./evaluator.js";
import type { CallNode } from "./summary.js";
import type { Value } from "./values.js";

const indexMethods: readonly IndexMethod[] = ["btree", "hash", "gin", "gist", "brin"];

/** `index(name?)` or `uniqueIndex(name?)`: an index on no columns yet. */
export function indexBuilder(ev: Evaluator, unique: boolean, call: CallNode, scope: Scope): Value {
  const what = unique ? "uniqueIndex()" : "index()";
  checkArgumentCount(ev, call, scope, what, 1);
  const name = argument(ev, call, 0, scope, `name of ${what}`);
  return {
    t: "index",
    decl: {
      unique,
      columns: [],
      ...(name === undefined ? {} : { name: stringOf(name, `name of ${what}`) }),
      span: ev.span(scope.file, call),
    },
  };
}

/** `.on(...columns)`, `.using(method)`, `.where(sql)` of an index builder. */
export function indexMethod(ev: Evaluator, decl: IndexDecl, name: string, call: CallNode, scope: Scope): Value {
  const span = ev.span(scope.file, call);
  if (name === "on") {
    const columns = call.args.map((_, i) => stringOf(requiredArgument(ev, call, i, scope, "column of .on()"), "column of .on()"));
    return { t: "index", decl: { ...decl, columns, span } };
  }
  if (name === "using") {
    checkArgumentCount(ev, call, scope, ".using()", 1);
    const method = requiredArgument(ev, call, 0, scope, "method of .using()");
    const found = indexMethods.find((m) => method.value.t === "prim" && method.value.v === m);
    if (found === undefined) wrongValue(method, "method of .using()", indexMethods.map((m) => `"${m}"`).join(", "));
    return { t: "index", decl: { ...decl, using: found, span } };
  }
  if (name === "where") {
    checkArgumentCount(ev, call, scope, ".where()", 1);
    const where = sqlOf(requiredArgument(ev, call, 0, scope, "predicate of .where()"), "predicate of .where()");
    return { t: "index", decl: { ...decl, where, span } };
  }
  if (name === "renamedFrom") {
    checkArgumentCount(ev, call, scope, ".renamedFrom()", 1);
    const renamedFrom = stringOf(requiredArgument(ev, call, 0, scope, "argument of .renamedFrom()"), "argument of .renamedFrom()");
    return { t: "index", decl: { ...decl, renamedFrom, span } };
  }
  throw unknownMethod(ev, name, call, scope);
}

/** `check(name, sql`…`)`, or `check(sql`…`)` for PostgreSQL's default name. */
export function checkBuilder(ev: Evaluator, call: CallNode, scope: Scope): Value {
  checkArgumentCount(ev, call, scope, "check()", 3);
  const span = ev.span(scope.file, call);
  const first = requiredArgument(ev, call, 0, scope, "check()");
  if (call.args.length === 1) return { t: "check", decl: { expression: sqlOf(first, "expression of check()"), span } };
  const name = stringOf(first, "name of check()");
  const expression = sqlOf(requiredArgument(ev, call, 1, scope, "expression of check()"), "expression of check()");
  const options = optionsOf(argument(ev, call, 2, scope, `options of check ${name}`), `options of check ${name}`, ["renamedFrom"]);
  const renamedFrom = options.get("renamedFrom");
  const hint = renamedFrom === undefined ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom of check ${name}`) };
  return { t: "check", decl: { name, expression, ...hint, span } };
}

/** `foreignKey({ columns, references: () => [t.a, t.b], onDelete, onUpdate, name })`. */
export function foreignKeyBuilder(ev: Evaluator, call: CallNode, scope: Scope): Value {
  checkArgumentCount(ev, call, scope, "foreignKey()", 1);
  const what = "foreignKey()";
  const options = optionsOf(requiredArgument(ev, call, 0, scope, `options of ${what}`), `options of ${what}`, ["columns", "references", "onDelete", "onUpdate", "name", "renamedFrom"]);
  const columns = options.get("columns");
  const references = options.get("references");
  if (columns === undefined || references === undefined) {
    return wrongValue(requiredArgument(ev, call, 0, scope, what), `options of ${what}`, "an object with columns and references");
  }
  const name = options.get("name");
  const renamedFrom = options.get("renamedFrom");
  return {
    t: "foreignKey",
    fk: {
      columns: stringListOf(columns, `columns of ${what}`),
      references: pendingReference(references, new Map([...options].filter(([key]) => key !== "name" && key !== "renamedFrom")), what),
      ...(name === undefined ? {} : { name: stringOf(name, `name of ${what}`) }),
      ...(renamedFrom === undefined ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom of ${what}`) }),
      span: ev.span(scope.file, call),
    },
  };
}
