/**
 * Structural equality of two tables, as `sameValue` (keyed.ts) decides it, without its generic
 * walk: a diff of a large model asks it of every table the model keeps (10,000 at a time), and
 * the walk (two `for…in` per object, a set lookup per key, on objects of many shapes) was most of
 * diffing an unchanged table. Each comparer reads its type's fields directly; the key lists below
 * name every key of each type (the mapped types make a key added to the graph's types a type
 * error here until it is listed) and say which ones sameValue skips (spans, one-shot hints). Held
 * equal to sameValue by test/unit/same-table.test.ts.
 */
import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from "../graph.js";
import { sameValue } from "./keyed.js";

/** Every key of T: true when the comparer below compares it, false when sameValue skips it. */
type Keys<T> = { readonly [K in keyof Required<T>]: boolean };

export const comparedKeys = {
  table: { schema: true, name: true, columns: true, primaryKey: true, uniques: true, checks: true, foreignKeys: true, indexes: true, comment: true, module: true, renamedFrom: false, span: false } satisfies Keys<Table>,
  column: { name: true, type: true, notNull: true, default: true, identity: true, generated: true, collation: true, comment: true, sequence: true, renamedFrom: false, using: false, span: false } satisfies Keys<Column>,
  key: { name: true, columns: true, renamedFrom: false, span: false } satisfies Keys<PrimaryKey & UniqueConstraint>,
  check: { name: true, expression: true, renamedFrom: false, span: false } satisfies Keys<CheckConstraint>,
  foreignKey: { name: true, columns: true, references: true, referencedColumns: true, onDelete: true, onUpdate: true, renamedFrom: false, span: false } satisfies Keys<ForeignKey>,
  index: { name: true, unique: true, keys: true, method: true, where: true, renamedFrom: false, span: false } satisfies Keys<Index>,
};

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i] as T, b[i] as T)) return false;
  return true;
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  if (a.kind !== "builtin" || b.kind !== "builtin") return sameValue(a, b);
  if (a.name !== b.name || a.dimensions !== b.dimensions || a.params.length !== b.params.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  return true;
}

function sameColumn(a: Column, b: Column): boolean {
  return (
    a.name === b.name && a.notNull === b.notNull && a.default === b.default && a.generated === b.generated && a.collation === b.collation &&
    a.comment === b.comment && a.sequence === b.sequence && sameType(a.type, b.type) && (a.identity === b.identity || sameValue(a.identity, b.identity))
  );
}

function sameKey(a: PrimaryKey | UniqueConstraint, b: PrimaryKey | UniqueConstraint): boolean {
  return a.name === b.name && sameStrings(a.columns, b.columns);
}

function sameCheck(a: CheckConstraint, b: CheckConstraint): boolean {
  return a.name === b.name && a.expression === b.expression;
}

function sameForeignKey(a: ForeignKey, b: ForeignKey): boolean {
  return (
    a.name === b.name && a.onDelete === b.onDelete && a.onUpdate === b.onUpdate && sameStrings(a.columns, b.columns) &&
    sameStrings(a.referencedColumns, b.referencedColumns) && sameValue(a.references, b.references)
  );
}

function sameIndex(a: Index, b: Index): boolean {
  return a.name === b.name && a.unique === b.unique && a.method === b.method && a.where === b.where && sameValue(a.keys, b.keys);
}

/** True when sameValue(a, b) would be: every compared key equal, spans and one-shot hints aside. */
export function sameTable(a: Table, b: Table): boolean {
  if (a === b) return true;
  return (
    a.schema === b.schema && a.name === b.name && a.comment === b.comment && a.module === b.module &&
    (a.primaryKey === null || b.primaryKey === null ? a.primaryKey === b.primaryKey : sameKey(a.primaryKey, b.primaryKey)) &&
    sameList(a.columns, b.columns, sameColumn) && sameList(a.uniques, b.uniques, sameKey) && sameList(a.checks, b.checks, sameCheck) &&
    sameList(a.foreignKeys, b.foreignKeys, sameForeignKey) && sameList(a.indexes, b.indexes, sameIndex)
  );
}
