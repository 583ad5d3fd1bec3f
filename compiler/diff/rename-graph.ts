/**
 * What a rename does to the schema graph, as PostgreSQL does it to the catalog: everything that
 * refers to the renamed object by OID follows it. A renamed table keeps its constraints, indexes
 * and sequences under their old names, and foreign keys elsewhere now point at the new name; a
 * renamed column is renamed in every key, index, foreign key (its own and those that reference
 * it) and stored expression (checks, index predicates, generated columns); a renamed enum value
 * is renamed in the defaults and expressions that compare it. The diff uses this to translate the
 * snapshot into the new names before comparing; the plan simulator uses it to apply renames.
 */
import type { Column, ColumnType, EnumType, Graph, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { ConstraintKind, OperationOf } from "../operations.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { formatColumnType } from "../type-names.js";
import { compareText } from "./keyed.js";

/** The operation kinds that rename something. */
export type RenameKind =
  | "renameSchema"
  | "renameEnum"
  | "renameEnumValue"
  | "renameTable"
  | "renameColumn"
  | "renameConstraint"
  | "renameIndex"
  | "renameSequence";

/** A rename operation. */
export type RenameOperation = OperationOf<RenameKind>;

function fail(message: string): never {
  throw new Error(`applyRename: ${message}`);
}

const sameName = (a: QualifiedName, b: QualifiedName): boolean => a.schema === b.schema && a.name === b.name;

/**
 * Tokens of an SQL expression that matter to renames: string literals, quoted identifiers and
 * bare words. Everything between them is kept as written.
 */
const tokenPattern = /'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*/g;

/**
 * `expression` with every identifier that names column `from` renamed to `to`. A bare word is
 * folded to lower case as PostgreSQL folds it; words that are a function name (followed by `(`),
 * a type (after `::`) or inside a string literal are left alone.
 */
export function renameIdentifier(expression: string, from: string, to: string): string {
  return expression.replace(tokenPattern, (token, offset: number) => {
    if (token.startsWith("'")) return token;
    const name = token.startsWith('"') ? token.slice(1, -1).replace(/""/g, '"') : token.toLowerCase();
    if (name !== from) return token;
    if (!token.startsWith('"')) {
      const rest = expression.slice(offset + token.length);
      if (/^\s*\(/.test(rest) || /::\s*$/.test(expression.slice(0, offset))) return token;
    }
    return quoteIdentifier(to);
  });
}

/** `expression` with the string literal `'from'` replaced by `'to'` wherever it stands alone. */
export function renameLiteral(expression: string, from: string, to: string): string {
  const literal = quoteLiteral(from);
  return expression.replace(tokenPattern, (token) => (token === literal ? quoteLiteral(to) : token));
}

function sortTables(tables: Table[]): Table[] {
  return tables.sort((a, b) => compareText(qualifiedKey(a), qualifiedKey(b)));
}

function mapTypes(graph: Graph, update: (type: ColumnType) => ColumnType): Table[] {
  return graph.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: update(c.type) })) }));
}

/** The graph with table `name` replaced by `update(table)`; other tables unchanged. */
function updateTable(tables: readonly Table[], name: QualifiedName, update: (t: Table) => Table): Table[] {
  let found = false;
  const updated = tables.map((t) => {
    if (!sameName(t, name)) return t;
    found = true;
    return update(t);
  });
  if (!found) fail(`no table ${qualifiedKey(name)}`);
  return updated;
}

function renameSchema(graph: Graph, op: OperationOf<"renameSchema">): Graph {
  if (!graph.schemas.some((s) => s.name === op.from)) fail(`no schema ${op.from}`);
  if (graph.schemas.some((s) => s.name === op.to)) fail(`schema ${op.to} exists`);
  const move = <T extends { readonly schema: string }>(x: T): T => (x.schema === op.from ? { ...x, schema: op.to } : x);
  // A serial's default names its sequence schema-qualified; the text follows the schema's name.
  const sequenceDefault = (t: Table, c: Column): Column => {
    if (t.schema !== op.from || c.sequence === null || c.default === null) return c;
    const from = sequenceLiteral(t, c.sequence);
    return { ...c, default: c.default.split(from).join(sequenceLiteral({ schema: op.to, name: t.name }, c.sequence)) };
  };
  const tables = mapTypes(graph, (type) => (type.kind === "enum" ? { ...type, enum: move(type.enum) } : type)).map((t) => ({
    ...move(t),
    columns: t.columns.map((c) => sequenceDefault(t, c)),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, references: move(f.references) })),
  }));
  return {
    schemas: graph.schemas.map((s) => (s.name === op.from ? { ...s, name: op.to } : s)).sort((a, b) => compareText(a.name, b.name)),
    enums: graph.enums.map(move).sort((a, b) => compareText(qualifiedKey(a), qualifiedKey(b))),
    tables: sortTables(tables),
  };
}

function findEnum(graph: Graph, name: QualifiedName): EnumType {
  return graph.enums.find((e) => sameName(e, name)) ?? fail(`no enum ${qualifiedKey(name)}`);
}

function renameEnum(graph: Graph, op: OperationOf<"renameEnum">): Graph {
  findEnum(graph, op.from);
  const to: QualifiedName = { schema: op.from.schema, name: op.to };
  if (graph.enums.some((e) => sameName(e, to))) fail(`enum ${qualifiedKey(to)} exists`);
  // An array default names its type (`'{ok}'::mood[]`); PostgreSQL stores the type by OID, so
  // after RENAME TO it prints the new name: the text follows, and no SET DEFAULT is planned.
  const castTo = (type: ColumnType): string => `::${formatColumnType(type)}`;
  const renamedDefault = (c: Column): Column => {
    if (c.type.kind !== "enum" || !sameName(c.type.enum, op.from) || c.type.dimensions === 0 || c.default === null) return c;
    return { ...c, default: c.default.split(castTo(c.type)).join(castTo({ ...c.type, enum: to })) };
  };
  const tables = mapTypes(
    { ...graph, tables: graph.tables.map((t) => ({ ...t, columns: t.columns.map(renamedDefault) })) },
    (type) => (type.kind === "enum" && sameName(type.enum, op.from) ? { ...type, enum: to } : type),
  );
  return {
    ...graph,
    enums: graph.enums.map((e) => (sameName(e, op.from) ? { ...e, name: op.to } : e)).sort((a, b) => compareText(qualifiedKey(a), qualifiedKey(b))),
    tables,
  };
}

function usesEnum(table: Table, name: QualifiedName): boolean {
  return table.columns.some((c) => c.type.kind === "enum" && sameName(c.type.enum, name));
}

function renameEnumValue(graph: Graph, op: OperationOf<"renameEnumValue">): Graph {
  const e = findEnum(graph, op.enum);
  if (!e.values.includes(op.from)) fail(`no value ${op.from} in enum ${qualifiedKey(op.enum)}`);
  if (e.values.includes(op.to)) fail(`value ${op.to} exists in enum ${qualifiedKey(op.enum)}`);
  const literal = (text: string): string => renameLiteral(text, op.from, op.to);
  const nullable = (text: string | null): string | null => (text === null ? null : literal(text));
  // PostgreSQL stores an enum constant by the value's OID, so defaults, checks and index
  // predicates that compare the enum show the new label after RENAME VALUE.
  const tables = graph.tables.map((t) => {
    if (!usesEnum(t, op.enum)) return t;
    return {
      ...t,
      columns: t.columns.map((c) => (c.type.kind === "enum" && sameName(c.type.enum, op.enum) ? { ...c, default: nullable(c.default) } : c)),
      checks: t.checks.map((c) => ({ ...c, expression: literal(c.expression) })),
      indexes: t.indexes.map((i) => ({ ...i, where: nullable(i.where) })),
    };
  });
  return {
    ...graph,
    enums: graph.enums.map((x) => (x === e ? { ...x, values: x.values.map((v) => (v === op.from ? op.to : v)) } : x)),
    tables,
  };
}

function renameTable(graph: Graph, op: OperationOf<"renameTable">): Graph {
  const to: QualifiedName = { schema: op.from.schema, name: op.to };
  if (graph.tables.some((t) => sameName(t, to))) fail(`table ${qualifiedKey(to)} exists`);
  const renamed = updateTable(graph.tables, op.from, (t) => ({ ...t, name: op.to })).map((t) => ({
    ...t,
    foreignKeys: t.foreignKeys.map((f) => (sameName(f.references, op.from) ? { ...f, references: to } : f)),
  }));
  return { ...graph, tables: sortTables(renamed) };
}

function renameColumnIn(table: Table, from: string, to: string): Table {
  if (!table.columns.some((c) => c.name === from)) fail(`no column ${qualifiedKey(table)}.${from}`);
  if (table.columns.some((c) => c.name === to)) fail(`column ${qualifiedKey(table)}.${to} exists`);
  const names = (list: readonly string[]): string[] => list.map((c) => (c === from ? to : c));
  const expression = (text: string): string => renameIdentifier(text, from, to);
  const column = (c: Column): Column => ({
    ...c,
    name: c.name === from ? to : c.name,
    generated: c.generated === null ? null : expression(c.generated),
  });
  return {
    ...table,
    columns: table.columns.map(column),
    primaryKey: table.primaryKey === null ? null : { ...table.primaryKey, columns: names(table.primaryKey.columns) },
    uniques: table.uniques.map((u) => ({ ...u, columns: names(u.columns) })),
    checks: table.checks.map((c) => ({ ...c, expression: expression(c.expression) })),
    foreignKeys: table.foreignKeys.map((f) => ({ ...f, columns: names(f.columns) })),
    indexes: table.indexes.map((i) => ({
      ...i,
      keys: i.keys.map((k) => (k.column === from ? { ...k, column: to } : k)),
      where: i.where === null ? null : expression(i.where),
    })),
  };
}

function renameColumn(graph: Graph, op: OperationOf<"renameColumn">): Graph {
  const tables = updateTable(graph.tables, op.table, (t) => renameColumnIn(t, op.from, op.to)).map((t) => ({
    ...t,
    foreignKeys: t.foreignKeys.map((f) =>
      sameName(f.references, op.table) ? { ...f, referencedColumns: f.referencedColumns.map((c) => (c === op.from ? op.to : c)) } : f,
    ),
  }));
  return { ...graph, tables };
}

/** The names of a table's constraints of one kind. */
function constraintNames(table: Table, kind: ConstraintKind): string[] {
  switch (kind) {
    case "primaryKey":
      return table.primaryKey === null ? [] : [table.primaryKey.name];
    case "unique":
      return table.uniques.map((u) => u.name);
    case "check":
      return table.checks.map((c) => c.name);
    case "foreignKey":
      return table.foreignKeys.map((f) => f.name);
  }
}

/** Every constraint and index name of a table: PostgreSQL keeps them apart from other tables' only per schema. */
export function takenNames(table: Table): Set<string> {
  return new Set([
    ...(["primaryKey", "unique", "check", "foreignKey"] as const).flatMap((k) => constraintNames(table, k)),
    ...table.indexes.map((i) => i.name),
  ]);
}

function renameConstraint(graph: Graph, op: OperationOf<"renameConstraint">): Graph {
  const rename = <T extends { readonly name: string }>(x: T): T => (x.name === op.from ? { ...x, name: op.to } : x);
  const tables = updateTable(graph.tables, op.table, (t) => {
    if (!constraintNames(t, op.constraint).includes(op.from)) fail(`no ${op.constraint} ${op.from} on ${qualifiedKey(t)}`);
    switch (op.constraint) {
      case "primaryKey":
        return { ...t, primaryKey: t.primaryKey === null ? null : rename(t.primaryKey) };
      case "unique":
        return { ...t, uniques: t.uniques.map(rename).sort(byName) };
      case "check":
        return { ...t, checks: t.checks.map(rename).sort(byName) };
      case "foreignKey":
        return { ...t, foreignKeys: t.foreignKeys.map(rename).sort(byName) };
    }
  });
  return { ...graph, tables };
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareText(a.name, b.name);
}

function renameIndex(graph: Graph, op: OperationOf<"renameIndex">): Graph {
  const tables = updateTable(graph.tables, op.table, (t) => {
    if (!t.indexes.some((i) => i.name === op.from)) fail(`no index ${op.from} on ${qualifiedKey(t)}`);
    return { ...t, indexes: t.indexes.map((i) => (i.name === op.from ? { ...i, name: op.to } : i)).sort(byName) };
  });
  return { ...graph, tables };
}

/** How a serial column's default names its sequence: `'t_id_seq'` in public, `'s.t_id_seq'` elsewhere. */
function sequenceLiteral(table: QualifiedName, sequence: string): string {
  return quoteLiteral(qualifiedName({ schema: table.schema, name: sequence }));
}

function renameSequence(graph: Graph, op: OperationOf<"renameSequence">): Graph {
  const from = sequenceLiteral(op.table, op.from);
  const to = sequenceLiteral(op.table, op.to);
  const tables = updateTable(graph.tables, op.table, (t) => ({
    ...t,
    columns: t.columns.map((c) => {
      if (c.name !== op.column) return c;
      // An identity column's sequence is not in the graph: nothing to change.
      if (c.sequence === null && c.identity !== null) return c;
      if (c.sequence !== op.from) fail(`column ${qualifiedKey(t)}.${c.name} does not own sequence ${op.from}`);
      return { ...c, sequence: op.to, default: c.default === null ? null : c.default.split(from).join(to) };
    }),
  }));
  return { ...graph, tables };
}

const renamers: { readonly [K in RenameKind]: (graph: Graph, op: OperationOf<K>) => Graph } = {
  renameSchema,
  renameEnum,
  renameEnumValue,
  renameTable,
  renameColumn,
  renameConstraint,
  renameIndex,
  renameSequence,
};

/** The graph after one rename, as PostgreSQL's catalog is after the statement. */
export function applyRename(graph: Graph, op: RenameOperation): Graph {
  return (renamers[op.kind] as (graph: Graph, op: RenameOperation) => Graph)(graph, op);
}
