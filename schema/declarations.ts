/**
 * The plain declaration records that both the runtime builders (schema/) and the static
 * extractor (compiler/extract/) produce. They are the meeting point of the two readers: both
 * hand a `Decl[]` to `compiler/resolve.ts`, which turns it into the schema graph.
 *
 * Everything here is JSON-able data. Nothing is normalized yet (no default names, no canonical
 * type spelling beyond the builder's own name); `resolve.ts` does that once.
 */

/** A source range in a file: offsets, turned into line:col only when printed. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A reference to a named object in a Postgres schema; `schema: null` means `public`. */
export interface DeclName {
  readonly schema: string | null;
  readonly name: string;
}

/** A raw SQL fragment written with the `sql` template tag. */
export interface SqlDecl {
  readonly kind: "sql";
  readonly text: string;
}

/** A JSON-able JavaScript value given to `.default(...)`. */
export type LiteralValue =
  | string
  | number
  | boolean
  | null
  | readonly LiteralValue[]
  | { readonly [key: string]: LiteralValue };

/** `.default(v)`: a literal of the column's type, or verbatim SQL. */
export type DefaultDecl =
  | { readonly kind: "literal"; readonly value: LiteralValue }
  | SqlDecl;

/** The built-in column type names of the DSL (the builder function names). */
export type BuiltinTypeName =
  | "smallint"
  | "integer"
  | "bigint"
  | "serial"
  | "bigserial"
  | "numeric"
  | "real"
  | "doublePrecision"
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

/** A column's type as declared: a builtin with its parameters, or an enum type. */
export type TypeDecl =
  | {
      readonly kind: "builtin";
      readonly name: BuiltinTypeName;
      /** Type modifiers as written: `varchar(255)` → [255], `numeric(10, 2)` → [10, 2]. */
      readonly params: readonly number[];
      /** Array dimensions added with `.array()`. */
      readonly dimensions: number;
    }
  | {
      readonly kind: "enum";
      readonly enum: DeclName;
      readonly dimensions: number;
    };

/** PostgreSQL's referential actions. */
export type ReferentialAction = "cascade" | "restrict" | "no action" | "set null" | "set default";

/** A foreign key target as declared: `() => users.id`. */
export interface ReferenceDecl {
  readonly table: DeclName;
  readonly columns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly name?: string;
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** `.identity(kind, options)` */
export interface IdentityDecl {
  readonly always: boolean;
  readonly start?: number;
  readonly increment?: number;
  readonly min?: number;
  readonly max?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
}

/** The options of a column's `.primaryKey()` / `.unique()`: an optional name and rename hint. */
export interface ConstraintNameDecl {
  readonly name?: string;
  readonly renamedFrom?: string;
}

/** One column of a table, keyed by its (verbatim) name. */
export interface ColumnDecl {
  readonly name: string;
  readonly type: TypeDecl;
  readonly notNull: boolean;
  /** `.primaryKey()` / `.primaryKey({ name })`; the name is optional. */
  readonly primaryKey?: ConstraintNameDecl;
  /** `.unique()` / `.unique({ name })`: a UNIQUE constraint on this column alone. */
  readonly unique?: ConstraintNameDecl;
  readonly default?: DefaultDecl;
  readonly references?: ReferenceDecl;
  readonly identity?: IdentityDecl;
  /** `.generatedAs(sql`…`)`: a stored generated column. */
  readonly generatedAs?: string;
  readonly collate?: string;
  readonly comment?: string;
  /** One-shot hint: this column was called `renamedFrom` in the previous snapshot. */
  readonly renamedFrom?: string;
  /** One-shot hint: the `USING` expression of a type change PostgreSQL cannot cast by itself. */
  readonly using?: string;
  readonly span?: Span;
}

/** Index methods the DSL accepts. */
export type IndexMethod = "btree" | "hash" | "gin" | "gist" | "brin";

/** `index(name?)` / `uniqueIndex(name?)`. */
export interface IndexDecl {
  readonly name?: string;
  readonly unique: boolean;
  readonly columns: readonly string[];
  readonly using?: IndexMethod;
  readonly where?: string;
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** `check(name, sql`…`)`. */
export interface CheckDecl {
  readonly name?: string;
  readonly expression: string;
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** A composite key in `options` (`primaryKey`, `uniques`). */
export interface KeyDecl {
  readonly name?: string;
  readonly columns: readonly string[];
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** `foreignKey({ columns, references, onDelete, onUpdate, name })` in `options.foreignKeys`. */
export interface ForeignKeyDecl {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly references: ReferenceDecl;
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** `table(name, columns, options)` or `pgSchema(s).table(...)`. */
export interface TableDecl {
  readonly kind: "table";
  readonly schema: string | null;
  readonly name: string;
  readonly columns: readonly ColumnDecl[];
  readonly primaryKey?: KeyDecl;
  readonly uniques: readonly KeyDecl[];
  readonly indexes: readonly IndexDecl[];
  readonly checks: readonly CheckDecl[];
  readonly foreignKeys: readonly ForeignKeyDecl[];
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** `enumType(name, values)` or `pgSchema(s).enumType(...)`. */
export interface EnumDecl {
  readonly kind: "enum";
  readonly schema: string | null;
  readonly name: string;
  readonly values: readonly string[];
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  /** One-shot hint: new value → previous value, each renamed with ALTER TYPE … RENAME VALUE. */
  readonly renamedValues?: Readonly<Record<string, string>>;
  readonly span?: Span;
}

/** `pgSchema(name)`: creates the schema even while it holds nothing. */
export interface SchemaDecl {
  readonly kind: "schema";
  readonly name: string;
  /** One-shot hint for the next migration: this object's previous name. */
  readonly renamedFrom?: string;
  readonly span?: Span;
}

/** Every kind of top-level declaration. */
export type Decl = TableDecl | EnumDecl | SchemaDecl;
