/**
 * Renames, from the one-shot `renamedFrom` hints of the model (and `renamedValues` of an enum):
 * each hint whose old name is in the snapshot becomes an `ALTER … RENAME` operation, and the
 * snapshot is translated to the new names (diff/rename-graph.ts) so that the rest of the diff
 * compares like with like: a column renamed and retyped is a rename, then a type change.
 *
 * Objects named by PostgreSQL's defaults follow a renamed table or column (`t_pkey`, `t_col_key`,
 * `t_col_idx`, `t_col_seq`, …): when a renamed table keeps such an object with the same definition
 * under a new default name, it is renamed too, so the migrated database equals one built fresh
 * (which is what introspection and `verify` compare).
 *
 * A hint whose old name is not in the snapshot is stale (notice SC4004, from `hintNotices`); a hint
 * that cannot apply (its new name is in the snapshot too, its old name is still declared, or two
 * hints claim one old name) is an error (SC4007).
 */
import type { Column, EnumType, Graph, PgSchema, QualifiedName, Span, Table } from "../graph.js";
import { displayName, qualifiedKey } from "../graph.js";
import type { ConstraintKind } from "../operations.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { defaultConstraintName } from "../names.js";
import { quoteIdentifier, quoteLiteral } from "../quote.js";
import { sameValue } from "./keyed.js";
import { applyRename, takenNames, type RenameOperation } from "./rename-graph.js";

/** A hint found in the model: what carries it, its text, and where it is. */
export interface RenameHint {
  /** `column t.title`, `enum billing.status`, … */
  readonly what: string;
  /** `renamedFrom("name")`, `renamedValues { done: "finished" }`. */
  readonly text: string;
  readonly span: Span | null;
  /** A pattern that finds the statement this hint makes in a migration file (for `check`). */
  readonly statement: RegExp;
}

/** The renames of a migration and the snapshot translated to the new names. */
export interface RenameMatch {
  readonly operations: readonly RenameOperation[];
  /** `before` with every rename applied: the graph the rest of the diff starts from. */
  readonly translated: Graph;
  /** Hints whose old name is not in the snapshot (the rename happened in an earlier migration). */
  readonly stale: readonly RenameHint[];
  /** Hints that cannot apply, as SC4007 errors. */
  readonly conflicts: readonly Diagnostic[];
}

/** Collects rename operations while keeping the translated graph current. */
class Renamer {
  graph: Graph;
  readonly operations: RenameOperation[] = [];
  readonly stale: RenameHint[] = [];
  readonly conflicts: Diagnostic[] = [];
  /** Keys of tables whose name or a column's name changed: default-named objects may follow. */
  readonly touched = new Set<string>();
  /** Per renamed table (new key): its old name, and its renamed columns (new name → old). */
  readonly oldNames = new Map<string, { table: string; columns: Map<string, string> }>();
  private readonly claimed = new Map<string, RenameHint>();

  constructor(before: Graph) {
    this.graph = before;
  }

  rename(op: RenameOperation): void {
    this.operations.push(op);
    this.graph = applyRename(this.graph, op);
  }

  /**
   * Decides what a hint does: `exists(old)` and `exists(new)` ask the translated snapshot,
   * `declared(old)` the model. Returns true when the rename applies.
   */
  check(hint: RenameHint, scope: string, old: string, name: string, probe: { exists: (n: string) => boolean; declared: (n: string) => boolean }): boolean {
    const claim = `${scope} ${old}`;
    const first = this.claimed.get(claim);
    if (first !== undefined) return this.conflict(hint, `${first.what} already claims ${old}`);
    this.claimed.set(claim, hint);
    if (old === name) return this.conflict(hint, "the old name is its own name");
    if (!probe.exists(old)) {
      this.stale.push(hint);
      return false;
    }
    if (probe.exists(name)) return this.conflict(hint, `the snapshot has both ${old} and ${name}; rename in a migration of its own`);
    if (probe.declared(old)) return this.conflict(hint, `${old} is still declared in the model`);
    return true;
  }

  private conflict(hint: RenameHint, reason: string): false {
    this.conflicts.push(diagnostic("RenameConflict", hint.span, hint.text, hint.what, reason));
    return false;
  }

  table(name: QualifiedName): Table | undefined {
    return this.graph.tables.find((t) => t.schema === name.schema && t.name === name.name);
  }
}

const hintText = (old: string): string => `renamedFrom("${old}")`;

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The statement a hint makes, as a pattern over a laid-out migration file: `old RENAME TO new`
 * (schema, enum, table, index), or `RENAME COLUMN/CONSTRAINT/VALUE old TO new`.
 */
function statementPattern(word: "" | "COLUMN" | "CONSTRAINT" | "VALUE", old: string, name: string): RegExp {
  const quote = word === "VALUE" ? quoteLiteral : quoteIdentifier;
  const from = escaped(quote(old));
  const to = escaped(quote(name));
  if (word === "") return new RegExp(`(^|[\\s."])${from}\\s+RENAME\\s+TO\\s+${to}\\s*;`, "m");
  return new RegExp(`RENAME\\s+${word}\\s+${from}\\s+TO\\s+${to}\\s*;`);
}

function renameSchemas(r: Renamer, after: Graph): void {
  const declared = new Set(after.schemas.map((s) => s.name));
  for (const schema of after.schemas) {
    const old = schema.renamedFrom;
    if (old === undefined) continue;
    const hint: RenameHint = { what: `schema ${schema.name}`, text: hintText(old), span: schema.span ?? null, statement: statementPattern("", old, schema.name) };
    const exists = (n: string): boolean => r.graph.schemas.some((s: PgSchema) => s.name === n);
    if (r.check(hint, "schema", old, schema.name, { exists, declared: (n) => declared.has(n) })) {
      r.rename({ kind: "renameSchema", from: old, to: schema.name, ...source(schema.span) });
    }
  }
}

function source(span: Span | undefined): { source?: Span } {
  return span === undefined ? {} : { source: span };
}

function renameEnums(r: Renamer, after: Graph): void {
  const declared = new Set(after.enums.map(qualifiedKey));
  for (const e of after.enums) {
    const old = e.renamedFrom;
    if (old === undefined) continue;
    const hint: RenameHint = { what: `enum ${displayName(e)}`, text: hintText(old), span: e.span ?? null, statement: statementPattern("", old, e.name) };
    const key = (n: string): string => `${e.schema}.${n}`;
    const exists = (n: string): boolean => r.graph.enums.some((x) => qualifiedKey(x) === key(n));
    if (r.check(hint, `enum ${e.schema}`, old, e.name, { exists, declared: (n) => declared.has(key(n)) })) {
      r.rename({ kind: "renameEnum", from: { schema: e.schema, name: old }, to: e.name, ...source(e.span) });
    }
  }
  for (const e of after.enums) renameEnumValues(r, e);
}

function renameEnumValues(r: Renamer, e: EnumType): void {
  for (const [value, old] of Object.entries(e.renamedValues ?? {})) {
    const hint: RenameHint = {
      what: `enum ${displayName(e)}`,
      text: `renamedValues { ${value}: "${old}" }`,
      span: e.span ?? null,
      statement: statementPattern("VALUE", old, value),
    };
    const current = r.graph.enums.find((x) => x.schema === e.schema && x.name === e.name);
    if (current === undefined) {
      r.stale.push(hint);
      continue;
    }
    if (!e.values.includes(value)) {
      r.conflicts.push(diagnostic("RenameConflict", hint.span, hint.text, hint.what, `${value} is not one of its values`));
      continue;
    }
    const exists = (v: string): boolean => current.values.includes(v);
    const declared = (v: string): boolean => e.values.includes(v);
    if (r.check(hint, `value ${qualifiedKey(e)}`, old, value, { exists, declared })) {
      r.rename({ kind: "renameEnumValue", enum: { schema: e.schema, name: e.name }, from: old, to: value, ...source(e.span) });
    }
  }
}

function renameTables(r: Renamer, after: Graph): void {
  const declared = new Set(after.tables.map(qualifiedKey));
  for (const table of after.tables) {
    const old = table.renamedFrom;
    if (old === undefined) continue;
    const hint: RenameHint = { what: `table ${displayName(table)}`, text: hintText(old), span: table.span ?? null, statement: statementPattern("", old, table.name) };
    const key = (n: string): string => `${table.schema}.${n}`;
    const exists = (n: string): boolean => r.table({ schema: table.schema, name: n }) !== undefined;
    if (r.check(hint, `table ${table.schema}`, old, table.name, { exists, declared: (n) => declared.has(key(n)) })) {
      r.rename({ kind: "renameTable", from: { schema: table.schema, name: old }, to: table.name, ...source(table.span) });
      r.touched.add(qualifiedKey(table));
      r.oldNames.set(qualifiedKey(table), { table: old, columns: new Map() });
    }
  }
}

function renameColumns(r: Renamer, table: Table): void {
  const ref: QualifiedName = { schema: table.schema, name: table.name };
  for (const column of table.columns) {
    const old = column.renamedFrom;
    if (old === undefined) continue;
    const hint: RenameHint = {
      what: `column ${displayName(table)}.${column.name}`,
      text: hintText(old),
      span: column.span ?? null,
      statement: statementPattern("COLUMN", old, column.name),
    };
    const current = r.table(ref);
    if (current === undefined) {
      r.stale.push(hint);
      continue;
    }
    const exists = (n: string): boolean => current.columns.some((c) => c.name === n);
    const declared = (n: string): boolean => table.columns.some((c) => c.name === n);
    if (r.check(hint, `column ${qualifiedKey(table)}`, old, column.name, { exists, declared })) {
      r.rename({ kind: "renameColumn", table: ref, from: old, to: column.name, ...source(column.span) });
      r.touched.add(qualifiedKey(table));
      const names = r.oldNames.get(qualifiedKey(table)) ?? { table: table.name, columns: new Map<string, string>() };
      names.columns.set(column.name, old);
      r.oldNames.set(qualifiedKey(table), names);
    }
  }
}

/** A named object of a table that a hint may rename: its kind and its hint. */
interface NamedObject {
  readonly kind: ConstraintKind | "index";
  readonly name: string;
  readonly renamedFrom?: string;
  readonly span?: Span;
}

const objectWords: Record<NamedObject["kind"], string> = {
  primaryKey: "primary key",
  unique: "unique",
  check: "check",
  foreignKey: "foreign key",
  index: "index",
};

function namedObjects(table: Table): NamedObject[] {
  return [
    ...(table.primaryKey === null ? [] : [{ ...table.primaryKey, kind: "primaryKey" as const }]),
    ...table.uniques.map((u) => ({ ...u, kind: "unique" as const })),
    ...table.checks.map((c) => ({ ...c, kind: "check" as const })),
    ...table.foreignKeys.map((f) => ({ ...f, kind: "foreignKey" as const })),
    ...table.indexes.map((i) => ({ ...i, kind: "index" as const })),
  ];
}

function renameOperation(table: QualifiedName, kind: NamedObject["kind"], from: string, to: string, span: Span | undefined): RenameOperation {
  if (kind === "index") return { kind: "renameIndex", table, from, to, ...source(span) };
  return { kind: "renameConstraint", table, constraint: kind, from, to, ...source(span) };
}

/** True when a key, constraint or index of the table carries a `renamedFrom` hint. */
function hasObjectHint(table: Table): boolean {
  const hinted = (o: { readonly renamedFrom?: string }): boolean => o.renamedFrom !== undefined;
  return (table.primaryKey !== null && hinted(table.primaryKey)) || table.uniques.some(hinted) || table.checks.some(hinted) || table.foreignKeys.some(hinted) || table.indexes.some(hinted);
}

function renameNamedObjects(r: Renamer, table: Table): void {
  // Most tables carry no hint: their objects and names are not gathered at all.
  if (!hasObjectHint(table)) return;
  const objects = namedObjects(table);
  const ref: QualifiedName = { schema: table.schema, name: table.name };
  const declared = takenNames(table);
  for (const object of objects) {
    const old = object.renamedFrom;
    if (old === undefined) continue;
    const hint: RenameHint = {
      what: `${objectWords[object.kind]} ${object.name} on ${displayName(table)}`,
      text: hintText(old),
      span: object.span ?? null,
      statement: statementPattern(object.kind === "index" ? "" : "CONSTRAINT", old, object.name),
    };
    const current = r.table(ref);
    if (current === undefined) {
      r.stale.push(hint);
      continue;
    }
    const taken = takenNames(current);
    const exists = (n: string): boolean => taken.has(n);
    const ofKind = namedObjects(current).some((o) => o.kind === object.kind && o.name === old);
    if (!r.check(hint, `object ${qualifiedKey(table)}`, old, object.name, { exists, declared: (n) => declared.has(n) })) continue;
    if (!ofKind) {
      r.conflicts.push(diagnostic("RenameConflict", hint.span, hint.text, hint.what, `${old} is not a ${objectWords[object.kind]} of ${displayName(table)}`));
      continue;
    }
    r.rename(renameOperation(ref, object.kind, old, object.name, object.span));
  }
}

/** An object without its name, to tell whether two differ only by name. */
function definition(object: NamedObject): unknown {
  return { ...object, name: "", renamedFrom: undefined };
}

/**
 * In a table whose name or a column's name changed, objects that keep their definition under a
 * new name (PostgreSQL's default names follow the table and column names) are renamed, and so
 * are serial sequences (`t_col_seq`).
 */
function followDefaultNames(r: Renamer, table: Table): void {
  const ref: QualifiedName = { schema: table.schema, name: table.name };
  const current = r.table(ref);
  if (current === undefined) return;
  const wanted = namedObjects(table);
  const wantedNames = new Set(wanted.map((o) => o.name));
  const taken = takenNames(current);
  for (const object of namedObjects(current)) {
    if (wantedNames.has(object.name)) continue;
    const match = wanted.find((w) => w.kind === object.kind && !taken.has(w.name) && sameValue(definition(w), definition(object)));
    if (match === undefined) continue;
    taken.add(match.name);
    r.rename(renameOperation(ref, object.kind, object.name, match.name, table.span));
  }
  for (const column of table.columns) {
    const was: Column | undefined = r.table(ref)?.columns.find((c) => c.name === column.name);
    if (was?.sequence != null && column.sequence !== null && was.sequence !== column.sequence) {
      r.rename({ kind: "renameSequence", table: ref, column: column.name, from: was.sequence, to: column.sequence, ...source(column.span) });
    }
    // An identity column's sequence is named as a serial's (`t_col_seq`); the graph does not
    // hold the name, but a database built fresh has the new one.
    const names = r.oldNames.get(qualifiedKey(table));
    if (was?.identity == null || column.identity === null || names === undefined) continue;
    const from = defaultConstraintName(names.table, [names.columns.get(column.name) ?? column.name], "seq");
    const to = defaultConstraintName(table.name, [column.name], "seq");
    if (from !== to) r.rename({ kind: "renameSequence", table: ref, column: column.name, from, to, ...source(column.span) });
  }
}

/**
 * Matches the model's rename hints against the snapshot: the rename operations, in the order
 * they run (schemas, enums and their values, tables, columns, constraints and indexes), and the
 * snapshot translated to the new names.
 */
export function matchRenames(before: Graph, after: Graph): RenameMatch {
  // A build asks for the same pair several times (notices, plan, snapshot); graphs are immutable.
  let byAfter = matched.get(before);
  if (byAfter === undefined) matched.set(before, (byAfter = new WeakMap()));
  let match = byAfter.get(after);
  if (match === undefined) byAfter.set(after, (match = computeRenames(before, after)));
  return match;
}

/** `matchRenames` results by snapshot, then by model. */
const matched = new WeakMap<Graph, WeakMap<Graph, RenameMatch>>();

function computeRenames(before: Graph, after: Graph): RenameMatch {
  const r = new Renamer(before);
  renameSchemas(r, after);
  renameEnums(r, after);
  renameTables(r, after);
  for (const table of after.tables) renameColumns(r, table);
  for (const table of after.tables) renameNamedObjects(r, table);
  for (const table of after.tables) if (r.touched.has(qualifiedKey(table))) followDefaultNames(r, table);
  return { operations: r.operations, translated: r.graph, stale: r.stale, conflicts: r.conflicts };
}
