/**
 * IR #2: the operations a migration is made of. One kind per change; each carries what it needs
 * to render itself and its inverse (a drop carries the full old definition, so the inverse is a
 * complete create), plus `source`, the declaration that caused it.
 */
import type {
  CheckConstraint,
  Column,
  ColumnType,
  EnumType,
  ForeignKey,
  Identity,
  Index,
  PgSchema,
  PrimaryKey,
  QualifiedName,
  Span,
  Table,
  UniqueConstraint,
} from "./graph.js";

/**
 * The closed set of hazards: what can go wrong when an operation runs on a live database that
 * holds data. Each has a stable code and an online alternative (`HazardCodes` in codes.ts).
 */
export type HazardType =
  | "data-loss"
  | "table-rewrite"
  | "volatile-default"
  | "not-null-without-default"
  | "validation-scan"
  | "index-build"
  | "access-exclusive-lock";

/** One hazard of one operation: its type and why it applies here (naming the objects). */
export interface Hazard {
  readonly type: HazardType;
  /** E.g. `changes public.product.name from varchar(320) to varchar(255): shortens the maximum length`. */
  readonly reason: string;
}

/** A column that uses an enum type, as an enum rewrite needs to know it. */
export interface EnumUsage {
  readonly table: QualifiedName;
  readonly column: string;
  readonly dimensions: number;
  /** The column's default before the rebuild, dropped before the type swap. */
  readonly default: string | null;
  /** The column's default after the rebuild, set after the type swap. */
  readonly newDefault: string | null;
}

/** The kinds of table constraint `renameConstraint` renames. */
export type ConstraintKind = "primaryKey" | "unique" | "check" | "foreignKey";

interface Base {
  readonly source?: Span;
}

/*
 * `online: true` (set by plan/online.ts for `build --online`) marks an operation written in its
 * online form: an index built or dropped CONCURRENTLY, a foreign key or check added NOT VALID and
 * then validated, SET NOT NULL through a validated CHECK, a unique or primary key from a
 * concurrently built unique index. It changes the SQL and the hazards, never the resulting graph.
 */

/** The union of all operations. Renderers and inverses are exhaustive over `kind`. */
export type Operation =
  | (Base & { readonly kind: "createSchema"; readonly schema: PgSchema })
  | (Base & { readonly kind: "dropSchema"; readonly schema: PgSchema })
  | (Base & { readonly kind: "renameSchema"; readonly from: string; readonly to: string })
  | (Base & { readonly kind: "createEnum"; readonly enum: EnumType })
  | (Base & { readonly kind: "renameEnum"; readonly from: QualifiedName; readonly to: string })
  | (Base & {
      /** ALTER TYPE … RENAME VALUE: rows, defaults and stored expressions follow the new label. */
      readonly kind: "renameEnumValue";
      readonly enum: QualifiedName;
      readonly from: string;
      readonly to: string;
    })
  | (Base & { readonly kind: "dropEnum"; readonly enum: EnumType })
  | (Base & {
      readonly kind: "addEnumValue";
      readonly enum: QualifiedName;
      readonly value: string;
      /** Insert before this existing value; null appends. */
      readonly before: string | null;
    })
  | (Base & {
      /** Replace an enum's value list by recreating the type (needed to remove or reorder values). */
      readonly kind: "rebuildEnum";
      readonly from: EnumType;
      readonly to: EnumType;
      readonly usages: readonly EnumUsage[];
    })
  | (Base & {
      /** CREATE TABLE with columns, primary key, uniques and checks; no FKs, no indexes. */
      readonly kind: "createTable";
      readonly table: Table;
    })
  | (Base & { readonly kind: "dropTable"; readonly table: Table })
  | (Base & { readonly kind: "renameTable"; readonly from: QualifiedName; readonly to: string })
  | (Base & { readonly kind: "addColumn"; readonly table: QualifiedName; readonly column: Column })
  | (Base & { readonly kind: "dropColumn"; readonly table: QualifiedName; readonly column: Column })
  | (Base & {
      readonly kind: "renameColumn";
      readonly table: QualifiedName;
      readonly from: string;
      readonly to: string;
    })
  | (Base & {
      readonly kind: "alterColumnType";
      readonly table: QualifiedName;
      readonly column: string;
      readonly from: ColumnType;
      readonly to: ColumnType;
      /** USING expression, when PostgreSQL cannot cast by itself; null for an implicit cast. */
      readonly using: string | null;
      /** USING expression for the inverse change. */
      readonly reverseUsing: string | null;
      /**
       * The column's collation after the change (`TYPE t COLLATE c`; PostgreSQL resets it to
       * the type's default when COLLATE is left out) and before it; absent: none. With `from`
       * equal to `to`, the operation changes the collation alone.
       */
      readonly toCollation?: string | null;
      readonly fromCollation?: string | null;
    })
  | (Base & {
      /** DROP EXPRESSION: a generated column becomes a plain one and keeps its values (PG 13+). */
      readonly kind: "dropExpression";
      readonly table: QualifiedName;
      /** The generated column as it is before, for the inverse (drop and re-add generated). */
      readonly column: Column;
    })
  | (Base & { readonly kind: "setNotNull"; readonly table: QualifiedName; readonly column: string; readonly online?: true })
  | (Base & { readonly kind: "dropNotNull"; readonly table: QualifiedName; readonly column: string })
  | (Base & {
      /** SET DEFAULT (to non-null) or DROP DEFAULT (to null); `from` is kept for the inverse. */
      readonly kind: "setDefault";
      readonly table: QualifiedName;
      readonly column: string;
      readonly from: string | null;
      readonly to: string | null;
    })
  | (Base & {
      readonly kind: "setIdentity";
      readonly table: QualifiedName;
      readonly column: string;
      readonly from: Identity | null;
      readonly to: Identity | null;
    })
  | (Base & {
      /** CREATE SEQUENCE owned by a serial column (serial → integer drops it). */
      readonly kind: "createSequence";
      readonly table: QualifiedName;
      readonly column: string;
      readonly sequence: string;
      readonly type: ColumnType;
    })
  | (Base & {
      readonly kind: "dropSequence";
      readonly table: QualifiedName;
      readonly column: string;
      readonly sequence: string;
      readonly type: ColumnType;
    })
  | (Base & { readonly kind: "addPrimaryKey"; readonly table: QualifiedName; readonly primaryKey: PrimaryKey; readonly online?: true })
  | (Base & { readonly kind: "dropPrimaryKey"; readonly table: QualifiedName; readonly primaryKey: PrimaryKey })
  | (Base & { readonly kind: "addUnique"; readonly table: QualifiedName; readonly unique: UniqueConstraint; readonly online?: true })
  | (Base & { readonly kind: "dropUnique"; readonly table: QualifiedName; readonly unique: UniqueConstraint })
  | (Base & { readonly kind: "addCheck"; readonly table: QualifiedName; readonly check: CheckConstraint; readonly online?: true })
  | (Base & {
      readonly kind: "dropCheck";
      readonly table: QualifiedName;
      readonly check: CheckConstraint;
      /** Set on the drop of `build --online`'s temporary NOT NULL check: down adds it back NOT VALID, as it was. */
      readonly online?: true;
    })
  | (Base & { readonly kind: "addForeignKey"; readonly table: QualifiedName; readonly foreignKey: ForeignKey; readonly online?: true })
  | (Base & { readonly kind: "dropForeignKey"; readonly table: QualifiedName; readonly foreignKey: ForeignKey })
  | (Base & {
      /**
       * ALTER TABLE … VALIDATE CONSTRAINT of a foreign key or check that `build --online` added
       * NOT VALID in the migration before: scans the rows under SHARE UPDATE EXCLUSIVE (reads and
       * writes go on). The graph does not record validity, so it changes nothing there.
       */
      readonly kind: "validateConstraint";
      readonly table: QualifiedName;
      readonly constraint: "check" | "foreignKey";
      readonly name: string;
    })
  | (Base & {
      /** ALTER TABLE … RENAME CONSTRAINT (a primary key's or unique's index follows it). */
      readonly kind: "renameConstraint";
      readonly table: QualifiedName;
      readonly constraint: ConstraintKind;
      readonly from: string;
      readonly to: string;
    })
  | (Base & { readonly kind: "renameIndex"; readonly table: QualifiedName; readonly from: string; readonly to: string })
  | (Base & {
      /** ALTER SEQUENCE … RENAME TO for a serial's owned sequence (its default follows) or an identity's. */
      readonly kind: "renameSequence";
      readonly table: QualifiedName;
      readonly column: string;
      readonly from: string;
      readonly to: string;
    })
  | (Base & { readonly kind: "createIndex"; readonly table: QualifiedName; readonly index: Index; readonly online?: true })
  | (Base & { readonly kind: "dropIndex"; readonly table: QualifiedName; readonly index: Index; readonly online?: true })
  | (Base & {
      readonly kind: "setTableComment";
      readonly table: QualifiedName;
      readonly from: string | null;
      readonly to: string | null;
    })
  | (Base & {
      readonly kind: "setColumnComment";
      readonly table: QualifiedName;
      readonly column: string;
      readonly from: string | null;
      readonly to: string | null;
    });

/** The `kind` of every operation, as `--json` prints it. */
export type OperationKind = Operation["kind"];

/** Narrows the union to one kind. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** An operation placed in a plan: its hazards (none when safe) and the operations that undo it. */
export interface PlannedOperation {
  readonly operation: Operation;
  readonly hazards: readonly Hazard[];
  readonly inverse: readonly Operation[];
}

/** True when a planned operation loses data (what `--allow-data-loss` gates). */
export function losesData(planned: PlannedOperation): boolean {
  return planned.hazards.some((h) => h.type === "data-loss");
}

/** An ordered migration plan: `up` runs `operations` in order; `down` runs the inverses reversed. */
export interface Plan {
  readonly operations: readonly PlannedOperation[];
}

/** Compile-time exhaustiveness guard for switches over kinds. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
