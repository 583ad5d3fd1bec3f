/**
 * Column modifiers (`.notNull()`, `.default(v)`, `.references(() => t.col)`, ...), applied to a
 * column builder's state exactly as `schema/column.ts` does at run time: each returns a new state.
 */
import type { ConstraintNameDecl, IdentityDecl } from "../../schema/declarations.js";
import {
  actionOf,
  argument,
  booleanOf,
  checkArgumentCount,
  literalOf,
  numberOf,
  optionsOf,
  requiredArgument,
  sqlOf,
  stringOf,
  wrongValue,
  unknownMethod,
} from "./arguments.js";
import type { Evaluator, Scope } from "./evaluator.js";
import type { CallNode } from "./summary.js";
import type { ColumnState, Located, PendingReference, Value } from "./values.js";

type Modifier = (ev: Evaluator, state: ColumnState, call: CallNode, scope: Scope) => ColumnState;

const identityNumbers = ["start", "increment", "min", "max", "cache"] as const;

const modifiers: Readonly<Record<string, Modifier>> = {
  notNull: (ev, state, call, scope) => {
    checkArgumentCount(ev, call, scope, ".notNull()", 0);
    return { ...state, notNull: true };
  },
  primaryKey: (ev, state, call, scope) => ({ ...state, primaryKey: constraintName(ev, call, scope, ".primaryKey()") }),
  unique: (ev, state, call, scope) => ({ ...state, unique: constraintName(ev, call, scope, ".unique()") }),
  default: (ev, state, call, scope) => {
    checkArgumentCount(ev, call, scope, ".default()", 1);
    const value = requiredArgument(ev, call, 0, scope, "default value");
    if (value.value.t === "sql") return { ...state, default: { kind: "sql", text: value.value.text } };
    return { ...state, default: { kind: "literal", value: literalOf(value, "default value") } };
  },
  references: (ev, state, call, scope) => ({ ...state, references: referenceOf(ev, call, scope) }),
  identity: (ev, state, call, scope) => ({ ...state, identity: identityOf(ev, call, scope) }),
  generatedAs: (ev, state, call, scope) => ({ ...state, generatedAs: sqlArgument(ev, call, scope, ".generatedAs()") }),
  using: (ev, state, call, scope) => ({ ...state, using: sqlArgument(ev, call, scope, ".using()") }),
  collate: (ev, state, call, scope) => ({ ...state, collate: stringArgument(ev, call, scope, ".collate()") }),
  comment: (ev, state, call, scope) => ({ ...state, comment: stringArgument(ev, call, scope, ".comment()") }),
  renamedFrom: (ev, state, call, scope) => ({ ...state, renamedFrom: stringArgument(ev, call, scope, ".renamedFrom()") }),
  array: (ev, state, call, scope) => {
    checkArgumentCount(ev, call, scope, ".array()", 0);
    return { ...state, type: { ...state.type, dimensions: state.type.dimensions + 1 } };
  },
};

/** Applies modifier `name` to a column builder's state. */
export function columnMethod(ev: Evaluator, state: ColumnState, name: string, call: CallNode, scope: Scope): Value {
  const modifier = Object.hasOwn(modifiers, name) ? modifiers[name] : undefined;
  if (modifier === undefined) throw unknownMethod(ev, name, call, scope);
  return { t: "column", state: modifier(ev, state, call, scope) };
}

function constraintName(ev: Evaluator, call: CallNode, scope: Scope, what: string): ConstraintNameDecl {
  checkArgumentCount(ev, call, scope, what, 1);
  const options = optionsOf(argument(ev, call, 0, scope, `options of ${what}`), `options of ${what}`, ["name", "renamedFrom"]);
  const name = options.get("name");
  const renamedFrom = options.get("renamedFrom");
  return {
    ...(name === undefined ? {} : { name: stringOf(name, `name in ${what}`) }),
    ...(renamedFrom === undefined ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom in ${what}`) }),
  };
}

function stringArgument(ev: Evaluator, call: CallNode, scope: Scope, what: string): string {
  checkArgumentCount(ev, call, scope, what, 1);
  return stringOf(requiredArgument(ev, call, 0, scope, `argument of ${what}`), `argument of ${what}`);
}

function sqlArgument(ev: Evaluator, call: CallNode, scope: Scope, what: string): string {
  checkArgumentCount(ev, call, scope, what, 1);
  return sqlOf(requiredArgument(ev, call, 0, scope, `argument of ${what}`), `argument of ${what}`);
}

function identityOf(ev: Evaluator, call: CallNode, scope: Scope): IdentityDecl {
  checkArgumentCount(ev, call, scope, ".identity()", 2);
  const kind = requiredArgument(ev, call, 0, scope, "kind of .identity()");
  const value = kind.value;
  if (value.t !== "prim" || (value.v !== "always" && value.v !== "by default")) {
    return wrongValue(kind, "kind of .identity()", `"always" or "by default"`);
  }
  const options = optionsOf(argument(ev, call, 1, scope, "options of .identity()"), "options of .identity()", [...identityNumbers, "cycle"]);
  const identity: { -readonly [K in keyof IdentityDecl]: IdentityDecl[K] } = { always: value.v === "always" };
  for (const key of identityNumbers) {
    const option = options.get(key);
    if (option !== undefined) identity[key] = numberOf(option, `${key} in .identity()`);
  }
  const cycle = options.get("cycle");
  if (cycle !== undefined) identity.cycle = booleanOf(cycle, "cycle in .identity()");
  return identity;
}

/** `.references(() => t.col, { onDelete, onUpdate, name })`; the target is called later. */
function referenceOf(ev: Evaluator, call: CallNode, scope: Scope): PendingReference {
  checkArgumentCount(ev, call, scope, ".references()", 2);
  const target = requiredArgument(ev, call, 0, scope, "target of .references()");
  const options = optionsOf(argument(ev, call, 1, scope, "options of .references()"), "options of .references()", ["onDelete", "onUpdate", "name", "renamedFrom"]);
  return pendingReference(target, options, ".references()");
}

/** A lazy reference target with its options (shared with `foreignKey({...})`). */
export function pendingReference(target: Located, options: ReadonlyMap<string, Located>, what: string): PendingReference {
  if (target.value.t !== "function") {
    return wrongValue(target, `target of ${what}`, "a function, as in () => users.id");
  }
  const onDelete = options.get("onDelete");
  const onUpdate = options.get("onUpdate");
  const name = options.get("name");
  const renamedFrom = options.get("renamedFrom");
  return {
    target: target.value,
    span: { file: target.value.file, start: target.value.fn.body.start, end: target.value.fn.body.end },
    ...(onDelete === undefined ? {} : { onDelete: actionOf(onDelete, `onDelete in ${what}`) }),
    ...(onUpdate === undefined ? {} : { onUpdate: actionOf(onUpdate, `onUpdate in ${what}`) }),
    ...(name === undefined ? {} : { name: stringOf(name, `name in ${what}`) }),
    ...(renamedFrom === undefined ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom in ${what}`) }),
  };
}
