/**
 * Checks the resolved graph against what PostgreSQL will accept, before any SQL is written:
 * duplicates across modules (naming both places), dangling references, unknown columns, names
 * over 63 bytes, type parameters out of range, enum defaults, identity misuse. Every problem in
 * every file is reported in one pass.
 */
import type { Decl, Span, TableDecl } from "../schema/declarations.js";
import { diagnostic, withRelated, type Diagnostic } from "./diagnostics.js";
import type { Column, ColumnType, EnumType, Graph, Table } from "./graph.js";
import { isForeignKeyCompatible } from "./type-families.js";
import { formatColumnType } from "./type-names.js";

const maxNameBytes = 63;

/** Validates declarations and the graph resolved from them. */
export function validateGraph(decls: readonly Decl[], graph: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkDuplicates(decls, out);
  checkDeclaredNames(decls, out);
  const tables = new Map(graph.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const enums = new Map(graph.enums.map((e) => [`${e.schema}.${e.name}`, e]));
  for (const e of graph.enums) checkEnum(e, out);
  const columns = new ColumnsByName();
  for (const t of graph.tables) checkTable(t, tables, enums, columns, out);
  checkRelationNames(graph, out);
  return out;
}

function tableSpan(t: { span?: Span }): Span | null {
  return t.span ?? null;
}

function checkDuplicates(decls: readonly Decl[], out: Diagnostic[]): void {
  const seen = new Map<string, Decl>();
  for (const decl of decls) {
    if (decl.kind === "schema") continue;
    const key = `${decl.kind}:${decl.schema ?? "public"}.${decl.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, decl);
      continue;
    }
    const name = `${decl.schema ?? "public"}.${decl.name}`;
    const d = diagnostic(decl.kind === "table" ? "DuplicateTable" : "DuplicateEnum", decl.span ?? null, name);
    out.push(withRelated(d, [{ span: first.span ?? null, message: `${name} is first declared here` }]));
  }
}

/**
 * Finds a table's columns by name: in a table of a few columns by a scan (a first build checks
 * thousands of tables, a map for each costs more than the scans), in a wider one by a map made
 * once per table (a table is looked up again by every foreign key to it).
 */
class ColumnsByName {
  private readonly byTable = new Map<Table, ReadonlyMap<string, Column>>();

  /** The column of `table` named `name`, or undefined. */
  find(table: Table, name: string): Column | undefined {
    if (table.columns.length <= 32) {
      // The last of a name, as the map below keeps it.
      for (let i = table.columns.length - 1; i >= 0; i--) if (table.columns[i]?.name === name) return table.columns[i];
      return undefined;
    }
    let columns = this.byTable.get(table);
    if (columns === undefined) this.byTable.set(table, (columns = new Map(table.columns.map((c) => [c.name, c]))));
    return columns.get(name);
  }
}

function checkName(name: string, span: Span | null, out: Diagnostic[]): void {
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
  if (name.length * 3 <= maxNameBytes) return;
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > maxNameBytes) out.push(diagnostic("NameTooLong", span, name, bytes));
}

/** Only names the user wrote are checked; default names are truncated as PostgreSQL does. */
function checkDeclaredNames(decls: readonly Decl[], out: Diagnostic[]): void {
  for (const decl of decls) {
    checkName(decl.name, decl.span ?? null, out);
    if (decl.kind === "enum") {
      if (decl.schema !== null) checkName(decl.schema, decl.span ?? null, out);
      for (const v of decl.values) checkName(v, decl.span ?? null, out);
    }
    if (decl.kind === "table") {
      checkTableNames(decl, out);
      checkPrimaryKeys(decl, out);
    }
  }
}

function checkPrimaryKeys(decl: TableDecl, out: Diagnostic[]): void {
  const columnKeys = decl.columns.filter((c) => c.primaryKey !== undefined);
  const count = columnKeys.length + (decl.primaryKey === undefined ? 0 : 1);
  if (count < 2) return;
  const second = columnKeys[1] ?? columnKeys[0];
  const first = columnKeys[0];
  const d = diagnostic("TwoPrimaryKeys", second?.span ?? decl.primaryKey?.span ?? decl.span ?? null, `${decl.schema ?? "public"}.${decl.name}`);
  out.push(first && second && first !== second ? withRelated(d, [{ span: first.span ?? null, message: `${first.name} is also a primary key` }]) : d);
}

function checkTableNames(decl: TableDecl, out: Diagnostic[]): void {
  if (decl.schema !== null) checkName(decl.schema, decl.span ?? null, out);
  for (const c of decl.columns) {
    const span = c.span ?? decl.span ?? null;
    checkName(c.name, span, out);
    for (const given of [c.primaryKey?.name, c.unique?.name, c.references?.name]) {
      if (given !== undefined) checkName(given, span, out);
    }
  }
  const named = [decl.primaryKey, ...decl.uniques, ...decl.indexes, ...decl.checks, ...decl.foreignKeys];
  for (const n of named) if (n?.name !== undefined) checkName(n.name, n.span ?? decl.span ?? null, out);
}

function checkEnum(e: EnumType, out: Diagnostic[]): void {
  const name = `${e.schema}.${e.name}`;
  if (e.values.length === 0) out.push(diagnostic("InvalidEnum", e.span ?? null, name, "it has no values"));
  const seen = new Set<string>();
  for (const v of e.values) {
    if (v.length === 0) out.push(diagnostic("InvalidEnum", e.span ?? null, name, "a value is the empty string"));
    if (seen.has(v)) out.push(diagnostic("InvalidEnum", e.span ?? null, name, `value '${v}' is listed twice`));
    seen.add(v);
  }
}

function checkTable(t: Table, tables: ReadonlyMap<string, Table>, enums: ReadonlyMap<string, EnumType>, columnsByName: ColumnsByName, out: Diagnostic[]): void {
  const requireColumns = (names: readonly string[], where: string, span: Span | undefined): void => {
    for (const n of names) {
      if (columnsByName.find(t, n) === undefined) out.push(diagnostic("UnknownColumn", span ?? t.span ?? null, n, `${t.schema}.${t.name}`, where));
    }
  };
  for (const c of t.columns) checkColumn(t, c, enums, out);
  if (t.primaryKey) requireColumns(t.primaryKey.columns, `primary key ${t.primaryKey.name}`, t.primaryKey.span);
  for (const u of t.uniques) requireColumns(u.columns, `unique constraint ${u.name}`, u.span);
  for (const i of t.indexes) {
    requireColumns(i.keys.map((k) => k.column), `index ${i.name}`, i.span);
    if (i.keys.length === 0) out.push(diagnostic("BadIndex", i.span ?? t.span ?? null, i.name));
  }
  for (const fk of t.foreignKeys) {
    requireColumns(fk.columns, `foreign key ${fk.name}`, fk.span);
    checkForeignKey(t, fk, tables, columnsByName, out);
  }
}

function checkColumn(t: Table, c: Column, enums: ReadonlyMap<string, EnumType>, out: Diagnostic[]): void {
  const span = c.span ?? t.span ?? null;
  // Named in messages only: formatted when one is written (most columns have none).
  const typeText = (): string => formatColumnType(c.type);
  const problem = typeParamProblem(c.type);
  if (problem !== null) out.push(diagnostic("InvalidTypeParams", span, typeText(), problem));
  if (c.type.kind === "enum") {
    const e = enums.get(`${c.type.enum.schema}.${c.type.enum.name}`);
    if (e === undefined) out.push(diagnostic("UnknownEnum", span, `${c.type.enum.schema}.${c.type.enum.name}`));
    else if (c.default !== null && c.type.dimensions === 0) {
      const literal = /^'((?:[^']|'')*)'$/.exec(c.default);
      const value = literal?.[1]?.replace(/''/g, "'");
      if (value !== undefined && !e.values.includes(value)) {
        out.push(diagnostic("EnumDefaultNotValue", span, value, `${e.schema}.${e.name}`, e.values.join(", ")));
      }
    }
  }
  if (c.identity !== null) {
    const integral = c.type.kind === "builtin" && c.type.dimensions === 0 && ["smallint", "integer", "bigint"].includes(c.type.name);
    if (!integral) out.push(diagnostic("InvalidIdentity", span, `${c.name} is ${typeText()}; identity needs smallint, integer or bigint`));
    else if (c.sequence !== null) out.push(diagnostic("InvalidIdentity", span, `${c.name} is serial; use integer().identity(...) instead`));
    else if (c.default !== null) out.push(diagnostic("InvalidIdentity", span, `${c.name} has both a default and an identity`));
    if (c.identity.increment === 0) out.push(diagnostic("InvalidIdentity", span, "increment must not be zero"));
  }
  if (c.generated !== null && c.default !== null) {
    out.push(diagnostic("InvalidDefault", span, `generated column ${c.name} cannot also have a default`));
  }
}

/** Why a type's parameters are out of PostgreSQL's range, or null when they are fine. */
export function typeParamProblem(type: ColumnType): string | null {
  if (type.kind === "enum") return null;
  const p = type.params;
  if (!p.every((n) => Number.isInteger(n))) return "type modifiers must be integers";
  switch (type.name) {
    case "varchar":
    case "char":
      if (p.length > 1) return "it takes one length";
      if (p[0] !== undefined && (p[0] < 1 || p[0] > 10485760)) return `length must be between 1 and 10485760 (found ${p[0]})`;
      return null;
    case "numeric": {
      if (p.length > 2) return "it takes a precision and a scale";
      const [precision, scale] = p;
      if (precision !== undefined && (precision < 1 || precision > 1000)) return `precision must be between 1 and 1000 (found ${precision})`;
      if (precision !== undefined && scale !== undefined && (scale < 0 || scale > precision)) {
        return `scale must be between 0 and the precision ${precision} (found ${scale})`;
      }
      return null;
    }
    case "time":
    case "timestamp":
    case "timestamptz":
      if (p.length > 1) return "it takes one precision";
      if (p[0] !== undefined && (p[0] < 0 || p[0] > 6)) return `precision must be between 0 and 6 (found ${p[0]})`;
      return null;
    default:
      return p.length > 0 ? `${type.name} takes no parameters` : null;
  }
}

function checkForeignKey(t: Table, fk: Table["foreignKeys"][number], tables: ReadonlyMap<string, Table>, columnsByName: ColumnsByName, out: Diagnostic[]): void {
  const span = fk.span ?? t.span ?? null;
  const targetName = `${fk.references.schema}.${fk.references.name}`;
  const target = tables.get(targetName);
  if (target === undefined) {
    out.push(diagnostic("UnknownTable", span, targetName));
    return;
  }
  const unknown = fk.referencedColumns.filter((n) => columnsByName.find(target, n) === undefined);
  for (const n of unknown) out.push(diagnostic("UnknownColumn", span, n, targetName, `foreign key ${fk.name}`));
  if (unknown.length > 0) return;
  if (fk.columns.length !== fk.referencedColumns.length) {
    out.push(diagnostic("ForeignKeyMismatch", span, `${fk.columns.length} column(s) reference ${fk.referencedColumns.length}`));
    return;
  }
  const sameSet = (a: readonly string[]): boolean => a.length === fk.referencedColumns.length && a.every((c) => fk.referencedColumns.includes(c));
  const keyed =
    (target.primaryKey !== null && sameSet(target.primaryKey.columns)) ||
    target.uniques.some((u) => sameSet(u.columns)) ||
    target.indexes.some((i) => i.unique && i.where === null && sameSet(i.keys.map((k) => k.column)));
  if (!keyed) {
    out.push(diagnostic("ForeignKeyMismatch", span, `${targetName}(${fk.referencedColumns.join(", ")}) has no primary key or unique constraint; PostgreSQL requires one on the referenced columns`));
  }
  fk.columns.forEach((name, i) => {
    const from = columnsByName.find(t, name);
    const to = columnsByName.find(target, fk.referencedColumns[i] ?? "");
    if (from && to && !isForeignKeyCompatible(from.type, to.type)) {
      out.push(diagnostic("ForeignKeyMismatch", span, `${name} is ${formatColumnType(from.type)} but ${targetName}.${to.name} is ${formatColumnType(to.type)}`));
    }
  });
}

/**
 * Tables, indexes and constraint-backing indexes (primary keys, uniques) share one namespace per
 * schema in PostgreSQL (pg_class); constraint names must be unique per table.
 */
function checkRelationNames(graph: Graph, out: Diagnostic[]): void {
  const relations = new Map<string, { what: string; span: Span | null }>();
  const claim = (schema: string, name: string, what: string, span: Span | null): void => {
    const key = `${schema}.${name}`;
    const first = relations.get(key);
    if (first === undefined) {
      relations.set(key, { what, span });
      return;
    }
    const d = diagnostic("DuplicateName", span, what, name, schema);
    out.push(withRelated(d, [{ span: first.span, message: `${first.what} ${name} is declared here` }]));
  };
  for (const t of graph.tables) claim(t.schema, t.name, "table", t.span ?? null);
  for (const t of graph.tables) {
    if (t.primaryKey) claim(t.schema, t.primaryKey.name, "primary key", t.primaryKey.span ?? t.span ?? null);
    for (const u of t.uniques) claim(t.schema, u.name, "unique constraint", u.span ?? t.span ?? null);
    for (const i of t.indexes) claim(t.schema, i.name, "index", i.span ?? t.span ?? null);
    const constraintNames = new Map<string, Span | null>();
    for (const c of [...t.checks, ...t.foreignKeys]) {
      if (constraintNames.has(c.name)) out.push(diagnostic("DuplicateName", c.span ?? null, "constraint", c.name, `${t.schema} (table ${t.name})`));
      constraintNames.set(c.name, c.span ?? null);
    }
  }
}

/**
 * The checks `validateGraph` makes of some of a graph's tables, one list per table in the order
 * given (the incremental build checks again only the tables an edit can change; see
 * `compiler/incremental.ts`). Foreign keys and enums are looked up in the whole graph.
 */
export function validateTables(graph: Graph, tables: readonly Table[]): Diagnostic[][] {
  const byName = new Map(graph.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const enums = new Map(graph.enums.map((e) => [`${e.schema}.${e.name}`, e]));
  const columns = new ColumnsByName();
  return tables.map((t) => {
    const out: Diagnostic[] = [];
    checkTable(t, byName, enums, columns, out);
    return out;
  });
}

/** The check of relation and constraint names `validateGraph` makes last (one namespace per schema). */
export function validateRelationNames(graph: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkRelationNames(graph, out);
  return out;
}
