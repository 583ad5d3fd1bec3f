/**
 * The DSL's functions as the static reader sees them: each call of a schemac builder (column
 * types, `enumType`, `pgSchema`, `table`, `index`, `check`, `foreignKey`) or of a builder's
 * method becomes the same value the runtime DSL would return, and declarations go to a sink.
 */
import type { BuiltinTypeName, EnumDecl, SchemaDecl, Span } from "../../schema/declarations.js";
import { diagnostic } from "../diagnostics.js";
import {
  argument,
  checkArgumentCount,
  labeled,
  numberOf,
  optionsOf,
  requiredArgument,
  stringOf,
  wrongValue,
  unknownMethod,
} from "./arguments.js";
import { columnMethod } from "./column.js";
import { checkBuilder, foreignKeyBuilder, indexBuilder, indexMethod } from "./constraints.js";
import type { DeclSink, Evaluator, Scope } from "./evaluator.js";
import type { CallNode } from "./summary.js";
import { tableBuilder } from "./table.js";
import { DiagnosticFailure, NotStaticFailure, type Located, type PendingTable, type Value } from "./values.js";

/** How many type modifiers each column type takes (`numeric(p, s)`, `varchar(n)`). */
const columnTypes: Readonly<Record<BuiltinTypeName, number>> = {
  smallint: 0,
  integer: 0,
  bigint: 0,
  serial: 0,
  bigserial: 0,
  numeric: 2,
  real: 0,
  doublePrecision: 0,
  boolean: 0,
  text: 0,
  varchar: 1,
  char: 1,
  uuid: 0,
  date: 0,
  time: 1,
  timestamp: 1,
  timestamptz: 1,
  interval: 0,
  json: 0,
  jsonb: 0,
  bytea: 0,
  inet: 0,
};

const otherBuilders = new Set(["table", "pgSchema", "enumType", "index", "uniqueIndex", "check", "foreignKey", "sql"]);

/** True when "schemac" exports a value of this name. */
export function isDslExport(name: string): boolean {
  return Object.hasOwn(columnTypes, name) || otherBuilders.has(name);
}

function isColumnType(name: string): name is BuiltinTypeName {
  return Object.hasOwn(columnTypes, name);
}

/** Calls the schemac function `name`. */
export function applyBuilder(ev: Evaluator, name: string, call: CallNode, scope: Scope): Value {
  if (isColumnType(name)) return columnType(ev, name, call, scope);
  switch (name) {
    case "table":
      return tableBuilder(ev, null, call, scope);
    case "pgSchema":
      return pgSchemaBuilder(ev, call, scope);
    case "enumType":
      return enumBuilder(ev, null, call, scope);
    case "index":
    case "uniqueIndex":
      return indexBuilder(ev, name === "uniqueIndex", call, scope);
    case "check":
      return checkBuilder(ev, call, scope);
    case "foreignKey":
      return foreignKeyBuilder(ev, call, scope);
    default:
      throw new DiagnosticFailure(diagnostic("BadArgument", ev.span(scope.file, call), name, "a tagged template, as in sql`now()`"));
  }
}

/** Calls method `name` of a builder value (`text().notNull()`, `billing.table(...)`). */
export function applyMethod(ev: Evaluator, target: Value, name: string, call: CallNode, scope: Scope): Value {
  switch (target.t) {
    case "column":
      return columnMethod(ev, target.state, name, call, scope);
    case "index":
      return indexMethod(ev, target.decl, name, call, scope);
    case "pgSchema":
      if (name === "table") return tableBuilder(ev, target.name, call, scope);
      if (name === "enumType") return enumBuilder(ev, target.name, call, scope);
      throw unknownMethod(ev, name, call, scope);
    case "enum":
    case "table":
    case "check":
    case "foreignKey":
      throw unknownMethod(ev, name, call, scope);
    default:
      throw new NotStaticFailure(`a call to ${ev.callText(scope.file, call)}`, ev.span(scope.file, call));
  }
}

function columnType(ev: Evaluator, name: BuiltinTypeName, call: CallNode, scope: Scope): Value {
  checkArgumentCount(ev, call, scope, `${name}()`, columnTypes[name]);
  const params: number[] = [];
  for (let i = 0; i < call.args.length; i++) {
    const located = argument(ev, call, i, scope, `argument ${i + 1} of ${name}()`);
    if (located !== undefined) params.push(numberOf(located, `argument ${i + 1} of ${name}()`));
  }
  return { t: "column", state: { type: { kind: "builtin", name, params, dimensions: 0 }, notNull: false } };
}

function pgSchemaBuilder(ev: Evaluator, call: CallNode, scope: Scope): Value {
  checkArgumentCount(ev, call, scope, "pgSchema()", 2);
  const located = requiredArgument(ev, call, 0, scope, "schema name");
  const name = stringOf(located, "schema name");
  const options = optionsOf(argument(ev, call, 1, scope, `options of pgSchema ${name}`), `options of pgSchema ${name}`, ["renamedFrom"]);
  const renamedFrom = options.get("renamedFrom");
  const hint = renamedFrom === undefined ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom of pgSchema ${name}`) };
  ev.sink.schema({ kind: "schema", name, ...hint, span: located.span });
  return { t: "pgSchema", name };
}

function enumBuilder(ev: Evaluator, schema: string | null, call: CallNode, scope: Scope): Value {
  checkArgumentCount(ev, call, scope, "enumType()", 3);
  const nameArg = requiredArgument(ev, call, 0, scope, "enum name");
  const name = stringOf(nameArg, "enum name");
  const valuesArg = requiredArgument(ev, call, 1, scope, `values of enum ${name}`);
  const values = labeled(`values of enum ${name}`, () => {
    if (valuesArg.value.t !== "array") return wrongValue(valuesArg, `values of enum ${name}`, "a list of strings");
    return valuesArg.value.items.map((item) => stringOf(item, `value of enum ${name}`));
  });
  const hints = enumHints(argument(ev, call, 2, scope, `options of enum ${name}`), name);
  ev.sink.enumType({ kind: "enum", schema, name, values, ...hints, span: nameArg.span });
  return { t: "enum", name: { schema, name } };
}

/** `{ renamedFrom, renamedValues: { new: "old" } }` of `enumType(name, values, options)`. */
function enumHints(located: Located | undefined, name: string): { renamedFrom?: string; renamedValues?: Record<string, string> } {
  const what = `options of enum ${name}`;
  const options = optionsOf(located, what, ["renamedFrom", "renamedValues"]);
  const renamedFrom = options.get("renamedFrom");
  const renamedValues = options.get("renamedValues");
  const values: Record<string, string> = {};
  if (renamedValues !== undefined) {
    for (const [value, old] of optionsOf(renamedValues, `renamedValues of enum ${name}`, [...keysOf(renamedValues)])) {
      values[value] = stringOf(old, `renamedValues.${value} of enum ${name}`);
    }
  }
  return {
    ...(renamedFrom === undefined ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom of enum ${name}`) }),
    ...(renamedValues === undefined ? {} : { renamedValues: values }),
  };
}

function keysOf(located: Located): string[] {
  return located.value.t === "object" ? [...located.value.props.keys()] : [];
}
