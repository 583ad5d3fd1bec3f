/**
 * `table(name, columns, options?)` and `pgSchema(s).table(...)`: reads the columns object (with
 * spreads of column groups, later keys overriding earlier ones as in JavaScript) and the options,
 * reporting each bad column or option and going on with the rest.
 */
import type { CheckDecl, IndexDecl, KeyDecl } from "../../schema/declarations.js";
import {
  checkArgumentCount,
  labeled,
  requiredArgument,
  stringListOf,
  stringOf,
  wrongValue,
} from "./arguments.js";
import type { Evaluator, Scope } from "./evaluator.js";
import type { CallNode, StaticNode } from "./summary.js";
import type { Located, PendingForeignKey, PendingTable, Value } from "./values.js";

type PendingColumn = PendingTable["columns"][number];

interface TableOptions {
  primaryKey?: KeyDecl;
  uniques: KeyDecl[];
  indexes: IndexDecl[];
  checks: CheckDecl[];
  foreignKeys: PendingForeignKey[];
  comment?: string;
  renamedFrom?: string;
}

const optionNames = ["indexes", "checks", "primaryKey", "uniques", "foreignKeys", "comment", "renamedFrom"];

/** Declares a table in `schema` (null: no pgSchema) and returns the table value. */
export function tableBuilder(ev: Evaluator, schema: string | null, call: CallNode, scope: Scope): Value {
  checkArgumentCount(ev, call, scope, "table()", 3);
  const nameArg = requiredArgument(ev, call, 0, scope, "table name");
  const name = stringOf(nameArg, "table name");
  const label = schema === null ? name : `${schema}.${name}`;
  const columns = tableColumns(ev, call, scope, label);
  const options = tableOptions(ev, call.args[2], scope, label);
  ev.sink.table({ schema, name, columns, ...options, span: nameArg.span });
  return { t: "table", name: { schema, name } };
}

/** The columns of a table, each bad column reported and skipped. */
function tableColumns(ev: Evaluator, call: CallNode, scope: Scope, table: string): PendingColumn[] {
  const columns = new Map<string, PendingColumn>();
  const add = (key: string, located: Located): void => {
    if (located.value.t !== "column") wrongValue(located, `column ${key} of table ${table}`, "a column type such as text() or integer()");
    columns.set(key, { name: key, state: located.value.state, span: located.span });
  };
  const node = call.args[1];
  if (node === undefined) requiredArgument(ev, call, 1, scope, `columns of table ${table}`);
  else if (node.k === "obj") {
    for (const entry of node.entries) {
      if (entry.k === "prop") {
        const key = entry.key;
        guard(ev, `column ${key}`, () => add(key, { value: ev.evaluate(entry.value, scope), span: ev.span(scope.file, entry) }));
      } else {
        const group = guard(ev, `a column group spread into table ${table}`, () => ev.spreadProps(entry.value, scope));
        for (const [key, prop] of group ?? []) guard(ev, `column ${key}`, () => add(key, prop));
      }
    }
  } else {
    const located = guard(ev, `columns of table ${table}`, () => ev.located(node, scope));
    if (located !== undefined && located.value.t !== "object") {
      guard(ev, `columns of table ${table}`, () => wrongValue(located, `columns of table ${table}`, "an object of columns"));
    } else if (located?.value.t === "object") {
      for (const [key, prop] of located.value.props) guard(ev, `column ${key}`, () => add(key, prop));
    }
  }
  return [...columns.values()];
}

/** Runs `step`; on failure reports it (naming `what`) and returns undefined. */
function guard<T>(ev: Evaluator, what: string, step: () => T): T | undefined {
  try {
    return labeled(what, step);
  } catch (error) {
    ev.sink.report(error, what);
    return undefined;
  }
}

function tableOptions(ev: Evaluator, node: StaticNode | undefined, scope: Scope, table: string): TableOptions {
  const options: TableOptions = { uniques: [], indexes: [], checks: [], foreignKeys: [] };
  if (node === undefined || node.k === "undef") return options;
  const what = `options of table ${table}`;
  if (node.k === "obj") {
    for (const entry of node.entries) {
      if (entry.k === "prop") {
        guard(ev, `option ${entry.key} of table ${table}`, () => applyOption(ev, options, entry.key, { value: ev.evaluate(entry.value, scope), span: ev.span(scope.file, entry) }, table));
      } else {
        const props = guard(ev, what, () => ev.spreadProps(entry.value, scope));
        for (const [key, prop] of props ?? []) guard(ev, `option ${key} of table ${table}`, () => applyOption(ev, options, key, prop, table));
      }
    }
    return options;
  }
  const located = guard(ev, what, () => ev.located(node, scope));
  if (located === undefined) return options;
  if (located.value.t !== "object") {
    guard(ev, what, () => wrongValue(located, what, "an object"));
    return options;
  }
  for (const [key, prop] of located.value.props) guard(ev, `option ${key} of table ${table}`, () => applyOption(ev, options, key, prop, table));
  return options;
}

function applyOption(ev: Evaluator, options: TableOptions, key: string, located: Located, table: string): void {
  const what = `option ${key} of table ${table}`;
  if (located.value.t === "undefined") return;
  switch (key) {
    case "indexes":
      for (const item of listOf(located, what)) guard(ev, what, () => options.indexes.push(item.value.t === "index" ? item.value.decl : wrongValue(item, what, "index() or uniqueIndex()")));
      return;
    case "checks":
      for (const item of listOf(located, what)) guard(ev, what, () => options.checks.push(item.value.t === "check" ? item.value.decl : wrongValue(item, what, "check(name, sql`…`)")));
      return;
    case "foreignKeys":
      for (const item of listOf(located, what)) guard(ev, what, () => options.foreignKeys.push(item.value.t === "foreignKey" ? item.value.fk : wrongValue(item, what, "foreignKey({...})")));
      return;
    case "primaryKey":
      options.primaryKey = keyOf(located, what);
      return;
    case "uniques":
      for (const item of listOf(located, what)) guard(ev, what, () => options.uniques.push(keyOf(item, what)));
      return;
    case "comment":
      options.comment = stringOf(located, what);
      return;
    case "renamedFrom":
      options.renamedFrom = stringOf(located, what);
      return;
    default:
      wrongValue(located, `unknown option ${key} of table ${table}`, `one of ${optionNames.join(", ")}`);
  }
}

function listOf(located: Located, what: string): readonly Located[] {
  if (located.value.t !== "array") return wrongValue(located, what, "a list");
  return located.value.items;
}

/** A composite key: `["a", "b"]` or `{ name, columns }`. */
function keyOf(located: Located, what: string): KeyDecl {
  if (located.value.t === "array") return { columns: stringListOf(located, what), span: located.span };
  if (located.value.t !== "object") return wrongValue(located, what, `a list of column names or { name, columns }`);
  const props = located.value.props;
  for (const key of props.keys()) {
    if (key !== "name" && key !== "columns" && key !== "renamedFrom") wrongValue(located, `${what}: unknown key '${key}'`, "name, columns and renamedFrom");
  }
  const columns = props.get("columns");
  if (columns === undefined) return wrongValue(located, what, "{ name, columns } with columns");
  const name = props.get("name");
  const renamedFrom = props.get("renamedFrom");
  return {
    columns: stringListOf(columns, `columns of ${what}`),
    ...(name === undefined || name.value.t === "undefined" ? {} : { name: stringOf(name, `name of ${what}`) }),
    ...(renamedFrom === undefined || renamedFrom.value.t === "undefined" ? {} : { renamedFrom: stringOf(renamedFrom, `renamedFrom of ${what}`) }),
    span: located.span,
  };
}
