/**
 * The first phase of `schemac pull`: lifts the introspected graph back into the declarations a
 * person would write (`Decl`, the DSL's own record), choosing the short form wherever it resolves
 * to the same graph: a single-column key on its column, a literal default instead of `sql`,
 * `serial()` for an integer with its owned sequence, and no name where PostgreSQL's default name
 * is what resolve gives. Each table is checked by resolving it again: where the short form would
 * not give back the same names, every name of that table is written out.
 */
import type {
  BuiltinTypeName,
  ColumnDecl,
  Decl,
  DefaultDecl,
  IdentityDecl,
  KeyDecl,
  LiteralValue,
  ReferenceDecl,
  TableDecl,
  TypeDecl,
} from "../../schema/declarations.js";
import type { BuiltinType, Column, ColumnType, Graph, QualifiedName, Table } from "../graph.js";
import { defaultConstraintName } from "../names.js";
import { quoteIdentifier, quoteLiteral } from "../quote.js";
import { renderDefault, resolveGraph, resolveIdentity } from "../resolve.js";
import { canonicalGraph } from "../snapshot.js";

/** A column the DSL can write only approximately, for the unsupported list. */
export interface LiftProblem {
  readonly kind: string;
  readonly name: string;
  readonly reason: string;
}

/** The declarations of a graph, in the graph's order, and what could not be expressed exactly. */
export interface Lifted {
  readonly decls: readonly Decl[];
  readonly problems: readonly LiftProblem[];
}

/**
 * The DSL's name for a graph type: the same spelling except `doublePrecision`. Typed, so a graph
 * type the DSL cannot spell as is (another name with a space) fails to compile here.
 */
const dslType = (name: BuiltinType): BuiltinTypeName => (name === "double precision" ? "doublePrecision" : name);

const declName = (name: QualifiedName): { schema: string | null; name: string } => ({
  schema: name.schema === "public" ? null : name.schema,
  name: name.name,
});

/** Lifts a whole graph: schemas, enums, then tables, each table checked against the graph. */
export function liftGraph(graph: Graph): Lifted {
  const problems: LiftProblem[] = [];
  const decls: Decl[] = [
    ...graph.schemas.map((s): Decl => ({ kind: "schema", name: s.name })),
    ...graph.enums.map((e): Decl => ({ kind: "enum", schema: e.schema === "public" ? null : e.schema, name: e.name, values: [...e.values] })),
  ];
  const enumDecls = decls.filter((d) => d.kind === "enum");
  for (const table of graph.tables) {
    const short = liftTable(table, false, problems);
    const same = (decl: TableDecl): boolean =>
      JSON.stringify(canonicalGraph(resolveGraph([...enumDecls, decl])).tables[0]) === JSON.stringify(canonicalGraph({ schemas: [], enums: [], tables: [table] }).tables[0]);
    decls.push(same(short) ? short : liftTable(table, true, []));
  }
  return { decls, problems };
}

function liftTable(table: Table, explicit: boolean, problems: LiftProblem[]): TableDecl {
  const named = (name: string, columns: readonly string[], suffix: string): { name?: string } =>
    !explicit && name === defaultConstraintName(table.name, columns, suffix) ? {} : { name };
  const pk = table.primaryKey;
  const single = (columns: readonly string[]): string | null => (columns.length === 1 ? (columns[0] ?? null) : null);
  const pkColumn = pk === null ? null : single(pk.columns);
  const onColumnUnique = new Map<string, { name?: string }>();
  const uniques: KeyDecl[] = [];
  for (const u of table.uniques) {
    const column = single(u.columns);
    if (column !== null && !onColumnUnique.has(column)) onColumnUnique.set(column, named(u.name, u.columns, "key"));
    else uniques.push({ ...named(u.name, u.columns, "key"), columns: [...u.columns] });
  }
  const onColumnReference = new Map<string, ReferenceDecl>();
  const foreignKeys: TableDecl["foreignKeys"][number][] = [];
  for (const fk of table.foreignKeys) {
    const reference: ReferenceDecl = {
      table: declName(fk.references),
      columns: [...fk.referencedColumns],
      ...(fk.onDelete === "no action" ? {} : { onDelete: fk.onDelete }),
      ...(fk.onUpdate === "no action" ? {} : { onUpdate: fk.onUpdate }),
    };
    const column = single(fk.columns);
    const name = named(fk.name, fk.columns, "fkey");
    if (column !== null && !onColumnReference.has(column)) onColumnReference.set(column, { ...reference, ...name });
    else foreignKeys.push({ ...name, columns: [...fk.columns], references: reference });
  }
  const columns = table.columns.map((c): ColumnDecl => {
    const inKey = pk?.columns.includes(c.name) ?? false;
    const lifted = liftColumn(table, c, problems);
    const unique = onColumnUnique.get(c.name);
    const references = onColumnReference.get(c.name);
    return {
      ...lifted,
      notNull: lifted.notNull && !inKey,
      ...(pk !== null && pkColumn === c.name ? { primaryKey: named(pk.name, [], "pkey") } : {}),
      ...(unique === undefined ? {} : { unique }),
      ...(references === undefined ? {} : { references }),
    };
  });
  return {
    kind: "table",
    schema: table.schema === "public" ? null : table.schema,
    name: table.name,
    columns,
    ...(pk !== null && pkColumn === null ? { primaryKey: { ...named(pk.name, [], "pkey"), columns: [...pk.columns] } } : {}),
    uniques,
    indexes: table.indexes.map((i) => {
      const columns = i.keys.map((k) => k.column);
      return {
        ...named(i.name, columns, "idx"),
        unique: i.unique,
        columns,
        ...(i.method === "btree" ? {} : { using: i.method }),
        ...(i.where === null ? {} : { where: i.where }),
      };
    }),
    checks: table.checks.map((c) => ({ ...(explicit ? { name: c.name } : checkName(table, c.name)), expression: c.expression })),
    foreignKeys,
    ...(table.comment === null ? {} : { comment: table.comment }),
  };
}

/** A check keeps its name unless it is one of the defaults resolve may pick (`t_col_check`, `t_check`). */
function checkName(table: Table, name: string): { name?: string } {
  const defaults = [defaultConstraintName(table.name, [], "check"), ...table.columns.map((c) => defaultConstraintName(table.name, [c.name], "check"))];
  return defaults.includes(name) ? {} : { name };
}

function liftType(type: ColumnType): TypeDecl {
  if (type.kind === "enum") return { kind: "enum", enum: declName(type.enum), dimensions: type.dimensions };
  const params = type.name === "numeric" && type.params.length === 2 && type.params[1] === 0 ? [type.params[0] ?? 0] : [...type.params];
  return { kind: "builtin", name: dslType(type.name), params, dimensions: type.dimensions };
}

function liftColumn(table: Table, column: Column, problems: LiftProblem[]): ColumnDecl {
  let type = liftType(column.type);
  let value: DefaultDecl | undefined = column.default === null ? undefined : liftDefault(column.default, column.type);
  if (column.sequence !== null && type.kind === "builtin" && (type.name === "integer" || type.name === "bigint") && type.dimensions === 0) {
    const expected = defaultConstraintName(table.name, [column.name], "seq");
    const qualified = table.schema === "public" ? quoteIdentifier(expected) : `${quoteIdentifier(table.schema)}.${quoteIdentifier(expected)}`;
    if (column.sequence !== expected || column.default !== `nextval(${quoteLiteral(qualified)}::regclass)`) {
      problems.push({
        kind: "sequence",
        name: `${table.schema}.${column.sequence}`,
        reason: `owned by ${table.schema}.${table.name}.${column.name}, written as ${type.name === "integer" ? "serial" : "bigserial"}(), which names it ${expected}`,
      });
    }
    type = { ...type, name: type.name === "integer" ? "serial" : "bigserial" };
    value = undefined;
  }
  return {
    name: column.name,
    type,
    notNull: column.notNull && column.identity === null && column.sequence === null,
    ...(value === undefined ? {} : { default: value }),
    ...(column.identity === null ? {} : { identity: liftIdentity(column) }),
    ...(column.generated === null ? {} : { generatedAs: column.generated }),
    ...(column.collation === null ? {} : { collate: column.collation }),
    ...(column.comment === null ? {} : { comment: column.comment }),
  };
}

/** Only the options that differ from PostgreSQL's defaults for the column's type. */
function liftIdentity(column: Column): IdentityDecl {
  const identity = column.identity;
  if (identity === null) return { always: false };
  const defaults = resolveIdentity({ always: identity.always, increment: identity.increment }, column.type);
  const decl: { -readonly [K in keyof IdentityDecl]: IdentityDecl[K] } = { always: identity.always };
  if (identity.start !== defaults.start) decl.start = identity.start;
  if (identity.increment !== 1) decl.increment = identity.increment;
  if (identity.min !== defaults.min) decl.min = identity.min;
  if (identity.max !== defaults.max) decl.max = identity.max;
  if (identity.cache !== defaults.cache) decl.cache = identity.cache;
  if (identity.cycle) decl.cycle = true;
  return decl;
}

/** A literal when it renders back to exactly the stored default, else the SQL verbatim. */
function liftDefault(text: string, type: ColumnType): DefaultDecl {
  for (const value of literalCandidates(text)) {
    if (renderDefault({ kind: "literal", value }, type) === text) return { kind: "literal", value };
  }
  return { kind: "sql", text };
}

function literalCandidates(text: string): LiteralValue[] {
  const candidates: LiteralValue[] = [];
  if (/^-?\d+(\.\d+)?$/.test(text) && Number.isSafeInteger(Math.trunc(Number(text)))) candidates.push(Number(text));
  if (text === "true" || text === "false") candidates.push(text === "true");
  const quoted = /^'((?:[^']|'')*)'(?:::.*)?$/.exec(text);
  if (quoted) {
    const body = (quoted[1] ?? "").replace(/''/g, "'");
    candidates.push(body);
    try {
      candidates.push(JSON.parse(body) as LiteralValue);
    } catch {
      // not JSON: a plain string
    }
    const array = /^\{([^"{}\\]*)\}$/.exec(body);
    if (array) {
      const items = array[1] === "" ? [] : (array[1] ?? "").split(",");
      candidates.push(items);
      if (items.every((i) => /^-?\d+(\.\d+)?$/.test(i))) candidates.push(items.map(Number));
    }
  }
  return candidates;
}
