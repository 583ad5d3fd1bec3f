/**
 * IR #1: the schema graph. One shape shared by every phase: the compiler resolves declarations
 * into it, the snapshot stores it, the diff compares two of them, and introspection reads a live
 * database back into it.
 *
 * Rules: plain readonly JSON-able data; objects refer to each other by qualified name, never by
 * pointer; everything is normalized (canonical type names, PostgreSQL's default constraint
 * names, schema "public" spelled out) so that the diff compares fields structurally.
 * `span` fields exist only on graphs built from source; the snapshot strips them.
 */
import type { IdentityDecl, IndexMethod, ReferentialAction, Span } from "../schema/declarations.js";

export type { IdentityDecl, IndexMethod, ReferentialAction, Span };

/** A schema-qualified name. `schema` is always spelled out ("public" by default). */
export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

/**
 * Canonical builtin type names as PostgreSQL's `format_type` spells them in short form.
 * `serial`/`bigserial` do not appear: they resolve to integer/bigint + a sequence.
 */
export type BuiltinType =
  | "smallint"
  | "integer"
  | "bigint"
  | "numeric"
  | "real"
  | "double precision"
  | "boolean"
  | "text"
  | "varchar"
  | "char"
  | "uuid"
  | "date"
  | "time"
  | "timestamp"
  | "timestamptz"
  | "interval"
  | "json"
  | "jsonb"
  | "bytea"
  | "inet";

/** A column type: a builtin with its modifiers, or a user enum; either may be an array. */
export type ColumnType =
  | {
      readonly kind: "builtin";
      readonly name: BuiltinType;
      /** Type modifiers: varchar(255) → [255], numeric(10,2) → [10, 2], time(3) → [3]. */
      readonly params: readonly number[];
      readonly dimensions: number;
    }
  | {
      readonly kind: "enum";
      readonly enum: QualifiedName;
      readonly dimensions: number;
    };

/** Identity column options, with PostgreSQL's defaults filled in by resolve. */
export interface Identity {
  readonly always: boolean;
  readonly start: number;
  readonly increment: number;
  readonly min: number;
  readonly max: number;
  readonly cache: number;
  readonly cycle: boolean;
}

/** A column. Order in `Table.columns` is the physical order. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  /** The default as the SQL expression schemac writes (`'x'`, `0`, `now()`), or null. */
  readonly default: string | null;
  readonly identity: Identity | null;
  /** Expression of a `GENERATED ALWAYS AS (…) STORED` column, or null. */
  readonly generated: string | null;
  readonly collation: string | null;
  readonly comment: string | null;
  /**
   * Name of the sequence a `serial`/`bigserial` column owns (`t_col_seq`), or null. Its
   * `nextval(...)` default is in `default`.
   */
  readonly sequence: string | null;
  /** One-shot hints; not stored in the snapshot. */
  readonly renamedFrom?: string;
  readonly using?: string;
  readonly span?: Span;
}

/** PRIMARY KEY constraint. */
export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** One-shot hint: this object's previous name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** UNIQUE constraint (distinct from a unique index). */
export interface UniqueConstraint {
  readonly name: string;
  readonly columns: readonly string[];
  /** One-shot hint: this object's previous name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** CHECK constraint. */
export interface CheckConstraint {
  readonly name: string;
  readonly expression: string;
  /** One-shot hint: this object's previous name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** FOREIGN KEY constraint. */
export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: QualifiedName;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  /** One-shot hint: this object's previous name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/**
 * One key of an index. Today only plain columns; the union leaves room for expressions,
 * ordering and operator classes (DESIGN.md "Later").
 */
export type IndexKey = { readonly kind: "column"; readonly column: string };

/** An index (CREATE [UNIQUE] INDEX). */
export interface Index {
  readonly name: string;
  readonly unique: boolean;
  readonly keys: readonly IndexKey[];
  readonly method: IndexMethod;
  readonly where: string | null;
  /** One-shot hint: this object's previous name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** A table with everything that belongs to it. */
export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKey | null;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly indexes: readonly Index[];
  readonly comment: string | null;
  /** One-shot hint: the table's previous (unqualified) name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  /**
   * The module that declares it (config `"moduleOf"`), set by compileProject from the span's
   * file. Stored in the snapshot (to name the module of a later drop) but never compared:
   * moving a file between modules is no change.
   */
  readonly module?: string;
  readonly span?: Span;
}

/** An enum type; the order of `values` is meaningful. */
export interface EnumType {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
  /** One-shot hint: the enum's previous (unqualified) name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  /** One-shot hint: new value → previous value, for ALTER TYPE … RENAME VALUE. Not stored. */
  readonly renamedValues?: Readonly<Record<string, string>>;
  /**
   * The module that declares it (config `"moduleOf"`), set by compileProject from the span's
   * file. Stored in the snapshot (to name the module of a later drop) but never compared:
   * moving a file between modules is no change.
   */
  readonly module?: string;
  readonly span?: Span;
}

/** A Postgres schema declared with `pgSchema(name)` (never "public"). */
export interface PgSchema {
  readonly name: string;
  /** One-shot hint: this object's previous name. Not stored in the snapshot. */
  readonly renamedFrom?: string;
  /**
   * The module that declares it (config `"moduleOf"`), set by compileProject from the span's
   * file. Stored in the snapshot (to name the module of a later drop) but never compared:
   * moving a file between modules is no change.
   */
  readonly module?: string;
  readonly span?: Span;
}

/**
 * The whole application schema. Lists are sorted by qualified name (determinism); columns
 * keep declaration order.
 */
export interface Graph {
  readonly schemas: readonly PgSchema[];
  readonly enums: readonly EnumType[];
  readonly tables: readonly Table[];
}

/** The empty graph: what a project has before its first migration. */
export const emptyGraph: Graph = { schemas: [], enums: [], tables: [] };

/** A name as plans and messages show it: `schema.name`, or just `name` in `public`. */
export function displayName(name: QualifiedName): string {
  return name.schema === "public" ? name.name : `${name.schema}.${name.name}`;
}

/** `schema.name`, the key used to refer to tables and enums across the graph. */
export function qualifiedKey(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}
