/**
 * Diff of one kept table's columns: added and dropped columns, type, NOT NULL, default,
 * identity, collation, generated expression dropped, serial sequences and comments. A change
 * PostgreSQL cannot make in place (a column made generated, or a new expression) drops and
 * re-adds the column.
 */
import type { Column, ColumnType, QualifiedName, Table } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import type { Operation } from "../operations.js";
import { diagnostic, SchemacError } from "../diagnostics.js";
import { quoteIdentifier } from "../quote.js";
import { formatColumnType } from "../type-names.js";
import { identityAfterTypeChange } from "../resolve.js";
import { expressionColumns } from "./constraints.js";
import { diffByKey, sameValue } from "./keyed.js";
import { isForeignKeyCompatible } from "../type-families.js";
import { hasAssignmentCast, isSameType } from "./type-changes.js";

/** The operations that turn `before`'s columns into `after`'s, and the columns recreated. */
export interface ColumnDiff {
  readonly operations: readonly Operation[];
  /** Columns dropped and re-added: every index and constraint on them must be recreated. */
  readonly recreated: readonly string[];
  /**
   * Columns whose type changes to one a foreign key could not compare with the old one (integer
   * → uuid): a foreign key on them is dropped before and added after, since PostgreSQL checks
   * the key at each step and one side changes before the other.
   */
  readonly retyped: readonly string[];
}

/** Diffs the columns of a table present in both graphs. */
export function diffColumns(before: Table, after: Table): ColumnDiff {
  const table: QualifiedName = { schema: after.schema, name: after.name };
  const matched = diffByKey(before.columns, after.columns, (c) => c.name);
  const operations: Operation[] = [];
  const recreated: string[] = [];
  const retyped: string[] = [];
  for (const column of matched.removed) operations.push({ kind: "dropColumn", table, column });
  for (const column of orderedAdded(after, matched.added)) operations.push(...addColumnOperations(table, column));
  // PostgreSQL refuses to change the type of a column a generated column reads: that generated
  // column is dropped and added back (after the type change: see order.ts).
  const typeChanged = new Set(matched.kept.filter(({ before: b, after: a }) => !isSameType(b.type, a.type)).map(({ after: a }) => a.name));
  const readsRetyped = (b: Column, a: Column): boolean =>
    b.generated !== null && a.generated !== null && expressionColumns(a.generated, after).some((c) => typeChanged.has(c));
  for (const { before: b, after: a } of matched.kept) {
    // PostgreSQL 15 can make a generated column plain (DROP EXPRESSION) but not the reverse,
    // nor change the expression: those drop the column and add it back. DROP EXPRESSION is used
    // only on a column no key, index or check names, since its inverse (in `down`) drops and
    // re-adds the column, which would lose them.
    const dropsExpression = b.generated !== null && a.generated === null && !isNamedByDependents(before, b.name);
    if ((b.generated !== a.generated && !dropsExpression) || readsRetyped(b, a)) {
      recreated.push(a.name);
      operations.push({ kind: "dropColumn", table, column: b }, ...addColumnOperations(table, a));
    } else {
      operations.push(...alterColumn(table, b, a));
      if (!isForeignKeyCompatible(b.type, a.type) || !isForeignKeyCompatible(a.type, b.type)) retyped.push(a.name);
    }
  }
  return { operations, recreated, retyped };
}

/** True when a key, unique, index or check of the table names the column. */
function isNamedByDependents(table: Table, column: string): boolean {
  const inKey = (columns: readonly string[]): boolean => columns.includes(column);
  return (
    (table.primaryKey !== null && inKey(table.primaryKey.columns)) ||
    table.uniques.some((u) => inKey(u.columns)) ||
    table.foreignKeys.some((f) => inKey(f.columns)) ||
    table.indexes.some((i) => i.keys.some((k) => k.column === column) || (i.where !== null && expressionColumns(i.where, table).includes(column))) ||
    table.checks.some((c) => expressionColumns(c.expression, table).includes(column))
  );
}

/** New columns in declaration order, since PostgreSQL appends each at the end. */
function orderedAdded(after: Table, added: readonly Column[]): Column[] {
  const names = new Set(added.map((c) => c.name));
  return after.columns.filter((c) => names.has(c.name));
}

/** ADD COLUMN (without its comment) followed by COMMENT ON COLUMN when it has one. */
export function addColumnOperations(table: QualifiedName, column: Column): Operation[] {
  const ops: Operation[] = [{ kind: "addColumn", table, column: { ...column, comment: null } }];
  if (column.comment !== null) {
    ops.push({ kind: "setColumnComment", table, column: column.name, from: null, to: column.comment });
  }
  return ops;
}

function alterColumn(table: QualifiedName, b: Column, a: Column): Operation[] {
  const column = a.name;
  const ops: Operation[] = [];
  if (b.generated !== null && a.generated === null) ops.push({ kind: "dropExpression", table, column: b });
  const typeChanged = !isSameType(b.type, a.type);
  // A default may not survive the cast (PostgreSQL casts it without the USING expression), and
  // one that does keeps the old type in its expression (`'x'::character varying` after varchar
  // → text), so around every type change it is dropped first and set again after: the database
  // then equals one built fresh.
  const splitDefault = typeChanged && b.default !== null;
  if (splitDefault) {
    ops.push({ kind: "setDefault", table, column, from: b.default, to: null });
    if (a.default !== null) ops.push({ kind: "setDefault", table, column, from: null, to: a.default });
  } else if (b.default !== a.default) {
    ops.push({ kind: "setDefault", table, column, from: b.default, to: a.default });
  }
  if (typeChanged || b.collation !== a.collation) ops.push(typeChange(table, b, a));
  if (b.sequence !== a.sequence) ops.push(...sequenceChange(table, b, a));
  if (b.notNull !== a.notNull) ops.push({ kind: a.notNull ? "setNotNull" : "dropNotNull", table, column });
  // After a type change the identity is compared as PostgreSQL left it (its bounds follow the
  // type), so the options set after the type are valid for it, and so are those `down` sets
  // back before it changes the type back.
  const identity = typeChanged && b.identity !== null && a.identity !== null ? identityAfterTypeChange(b.identity, b.type, a.type) : b.identity;
  if (!sameValue(identity, a.identity)) ops.push({ kind: "setIdentity", table, column, from: identity, to: a.identity });
  if (b.comment !== a.comment) ops.push({ kind: "setColumnComment", table, column, from: b.comment, to: a.comment });
  return ops;
}

function typeChange(table: QualifiedName, b: Column, a: Column): Operation {
  const collations = { toCollation: a.collation, fromCollation: b.collation };
  if (isSameType(b.type, a.type)) return { kind: "alterColumnType", table, column: a.name, from: b.type, to: a.type, using: null, reverseUsing: null, ...collations };
  const using = a.using ?? null;
  if (using === null && !hasAssignmentCast(b.type, a.type)) {
    const what = `column ${qualifiedKey(table)}.${a.name} changes type from ${formatColumnType(b.type)} to ${formatColumnType(a.type)}, which PostgreSQL cannot cast by itself; add .using(sql\`...\`) with the conversion (e.g. .using(sql\`${a.name}::text::${formatColumnType(a.type)}\`)), or write the migration by hand with \`schemac build --manual\``;
    throw new SchemacError([diagnostic("UnsupportedChange", a.span ?? null, what)]);
  }
  const reverseUsing = hasAssignmentCast(a.type, b.type) ? null : textCast(a.name, a.type, b.type);
  return { kind: "alterColumnType", table, column: a.name, from: b.type, to: a.type, using, reverseUsing, ...collations };
}

/** `col::text::type` (`col::text[]::type[]` for arrays): a conversion through text. */
export function textCast(column: string, from: ColumnType, to: ColumnType): string {
  return `${quoteIdentifier(column)}::text${"[]".repeat(from.dimensions)}::${formatColumnType(to)}`;
}

/** serial → integer drops the owned sequence; integer → serial creates one. */
function sequenceChange(table: QualifiedName, b: Column, a: Column): Operation[] {
  const ops: Operation[] = [];
  if (b.sequence !== null) ops.push({ kind: "dropSequence", table, column: b.name, sequence: b.sequence, type: b.type });
  if (a.sequence !== null) ops.push({ kind: "createSequence", table, column: a.name, sequence: a.sequence, type: a.type });
  return ops;
}
