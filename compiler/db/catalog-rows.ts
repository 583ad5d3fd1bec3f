/**
 * The rows the queries in `queries/` return, and their mapping to graph nodes: columns (type,
 * default, identity, generated, serial sequence), constraints and indexes. A row the graph
 * cannot hold faithfully is SC6005 (IntrospectionFailed) rather than a silently wrong node.
 */
import type {
  CheckConstraint,
  Column,
  ColumnType,
  ForeignKey,
  Index,
  IndexMethod,
  PrimaryKey,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "../graph.js";
import { SchemacError, diagnostic } from "../diagnostics.js";
import { checkExpression, normalizeDefault, parseFormatType, sequenceNumber, stripOuterParens } from "./pg-text.js";

function fail(what: string): never {
  throw new SchemacError([diagnostic("IntrospectionFailed", null, what)]);
}

/** A row of enums.sql. */
export type EnumRow = { schema: string; name: string; values: string[] };

/** A row of tables.sql (kind: pg_class.relkind). */
export type TableRow = { schema: string; name: string; kind: string };

/** A row of comments.sql; `column` is null for the table's own comment. */
export type CommentRow = { schema: string; table: string; column: string | null; comment: string };

/** A row of columns.sql. */
export type ColumnRow = {
  schema: string;
  table: string;
  name: string;
  type_text: string;
  element_text: string;
  is_array: boolean;
  dimensions: number;
  element_kind: string;
  element_schema: string;
  element_name: string;
  not_null: boolean;
  default_expr: string | null;
  identity: string;
  generated: string;
  collation: string | null;
};

/** A row of sequences.sql: a sequence owned by a column ('a' serial, 'i' identity). */
export type SequenceRow = {
  schema: string;
  table: string;
  column: string;
  name: string;
  dependency: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
};

/** A row of constraints.sql. */
export type ConstraintRow = {
  schema: string;
  table: string;
  name: string;
  type: string;
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
  deferrable: boolean;
  validated: boolean;
  no_inherit: boolean;
  definition: string;
};

/** A row of indexes.sql. */
export type IndexRow = {
  schema: string;
  table: string;
  name: string;
  unique: boolean;
  method: string;
  predicate: string | null;
  columns: string[];
  has_expressions: boolean;
  has_include: boolean;
  has_options: boolean;
  has_opclass: boolean;
  definition: string;
};

function readType(row: ColumnRow): ColumnType {
  // attndims is what the column was declared with (integer[][] → 2); 0 happens for arrays made
  // by some tools, and is at least one dimension.
  const dimensions = row.is_array ? Math.max(1, row.dimensions) : 0;
  if (row.element_kind === "e") return { kind: "enum", enum: { schema: row.element_schema, name: row.element_name }, dimensions };
  const builtin = parseFormatType(row.element_text);
  if (!builtin) fail(`column ${row.schema}.${row.table}.${row.name} has type ${row.type_text}, which schemac does not model`);
  return { kind: "builtin", name: builtin.name, params: builtin.params, dimensions };
}

function readIdentity(row: ColumnRow, type: ColumnType, sequence: SequenceRow | undefined): Column["identity"] {
  if (row.identity !== "a" && row.identity !== "d") return null;
  if (!sequence) fail(`identity column ${row.schema}.${row.table}.${row.name} has no sequence`);
  return {
    always: row.identity === "a",
    start: sequenceNumber(sequence.start, type),
    increment: sequenceNumber(sequence.increment, type),
    min: sequenceNumber(sequence.min, type),
    max: sequenceNumber(sequence.max, type),
    cache: sequenceNumber(sequence.cache, type),
    cycle: sequence.cycle,
  };
}

/** A column from its catalog row, its owned sequence (if any) and its comment. */
export function readColumn(row: ColumnRow, sequence: SequenceRow | undefined, comment: string | null): Column {
  const type = readType(row);
  const isGenerated = row.generated === "s";
  return {
    name: row.name,
    type,
    notNull: row.not_null,
    default: row.default_expr === null || isGenerated ? null : normalizeDefault(row.default_expr, { type }),
    identity: readIdentity(row, type, sequence),
    generated: isGenerated && row.default_expr !== null ? stripOuterParens(row.default_expr) : null,
    collation: row.collation,
    comment,
    sequence: sequence?.dependency === "a" ? sequence.name : null,
  };
}

const actions: Readonly<Record<string, ReferentialAction>> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/**
 * The constraints of one table, each list sorted by name (the query's order). A NOT VALID one is
 * refused unless `acceptNotValid` (see IntrospectOptions).
 */
export function readConstraints(table: string, rows: readonly ConstraintRow[], acceptNotValid = false): Pick<Table, "primaryKey" | "uniques" | "checks" | "foreignKeys"> {
  let primaryKey: PrimaryKey | null = null;
  const uniques: UniqueConstraint[] = [];
  const checks: CheckConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (const row of rows) {
    const where = `constraint ${row.name} on ${table}`;
    if (row.deferrable) fail(`${where} is DEFERRABLE, which schemac does not model yet`);
    if (!row.validated && !acceptNotValid) fail(`${where} is NOT VALID, which schemac does not model yet`);
    // connoinherit is set on every primary key and unique constraint; it matters for checks only.
    if (row.type === "c" && row.no_inherit) fail(`${where} is NO INHERIT, which schemac does not model yet`);
    if (row.type === "p") primaryKey = { name: row.name, columns: row.columns };
    else if (row.type === "u") uniques.push(readUnique(row, where));
    else if (row.type === "c") checks.push({ name: row.name, expression: checkExpression(row.definition) });
    else if (row.type === "f") foreignKeys.push(readForeignKey(row, where));
    else fail(`${where} is an EXCLUDE constraint, which schemac does not model`);
  }
  return { primaryKey, uniques, checks, foreignKeys };
}

function readUnique(row: ConstraintRow, where: string): UniqueConstraint {
  if (/NULLS NOT DISTINCT|INCLUDE \(/.test(row.definition)) fail(`${where} (${row.definition}) uses options schemac does not model yet`);
  return { name: row.name, columns: row.columns };
}

function readForeignKey(row: ConstraintRow, where: string): ForeignKey {
  const onDelete = actions[row.on_delete];
  const onUpdate = actions[row.on_update];
  if (!onDelete || !onUpdate || row.ref_schema === null || row.ref_table === null) fail(`${where}: unexpected catalog row`);
  if (/MATCH FULL|MATCH PARTIAL|SET (NULL|DEFAULT) \(/.test(row.definition)) {
    fail(`${where} (${row.definition}) uses options schemac does not model yet`);
  }
  return {
    name: row.name,
    columns: row.columns,
    references: { schema: row.ref_schema, name: row.ref_table },
    referencedColumns: row.ref_columns,
    onDelete,
    onUpdate,
  };
}

const methods: ReadonlySet<string> = new Set<IndexMethod>(["btree", "hash", "gin", "gist", "brin"]);

/** An index that backs no constraint; keys beyond plain columns are refused for now. */
export function readIndex(row: IndexRow): Index {
  if (row.has_expressions || row.has_include || row.has_options || row.has_opclass || !methods.has(row.method)) {
    fail(`index ${row.schema}.${row.name} (${row.definition}) uses expressions, ordering, operator classes, INCLUDE or a method schemac does not model yet`);
  }
  return {
    name: row.name,
    unique: row.unique,
    keys: row.columns.map((column) => ({ kind: "column" as const, column })),
    method: row.method as IndexMethod,
    where: row.predicate === null ? null : stripOuterParens(row.predicate),
  };
}
