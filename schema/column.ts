/**
 * The column builder (kysely `column-definition-builder.ts` style): every modifier returns a new,
 * frozen builder around a new node, so a column group shared by spreading (`...timestamps`) can
 * never be changed by later calls. The type parameters carry what `InferRow`/`InferInsert` need.
 */
import type {
  ColumnDecl,
  ConstraintNameDecl,
  DeclName,
  DefaultDecl,
  IdentityDecl,
  LiteralValue,
  ReferenceDecl,
  ReferentialAction,
  TypeDecl,
} from "./declarations.js";
import { isSqlFragment, type SqlFragment } from "./sql.js";

/** Type-only key of the phantom that carries a builder's TypeScript types (no run-time value). */
declare const columnTypes: unique symbol;
/** Type-only key of the phantom that carries a table column's TypeScript value type. */
declare const tableColumnTypes: unique symbol;
/** Where a builder keeps its node; Symbol.for so that any copy of this module can read it. */
const columnNodeKey: unique symbol = Symbol.for("schemac.column");
const tableColumnBrand: unique symbol = Symbol.for("schemac.tableColumn");

/** Options of `.references(() => t.col, options)`. */
export interface ReferenceOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** The constraint name; PostgreSQL's default `t_col_fkey` when omitted. */
  readonly name?: string;
  /** One-shot hint: the constraint's previous name (`ALTER TABLE … RENAME CONSTRAINT`). */
  readonly renamedFrom?: string;
}

/** Options of `.identity(kind, options)`: the identity sequence's parameters. */
export interface IdentityOptions {
  readonly start?: number;
  readonly increment?: number;
  readonly min?: number;
  readonly max?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
}

/** Options of `.primaryKey(options)` and `.unique(options)`. */
export interface ConstraintNameOptions {
  /** The constraint name; PostgreSQL's default (`t_pkey`, `t_col_key`) when omitted. */
  readonly name?: string;
  /** One-shot hint: the constraint's previous name (`ALTER TABLE … RENAME CONSTRAINT`). */
  readonly renamedFrom?: string;
}

/**
 * A lazy reference target, `() => users.id`. Typed as returning `void` on purpose: TypeScript
 * would otherwise need the referenced table's type while computing the referencing one, which
 * breaks cyclic and self references. The value is checked when declarations are read.
 */
export type ReferenceTarget = () => void;

/** The run-time state of a column builder, frozen. The column's name comes from its table key. */
export interface ColumnNode {
  readonly type: TypeDecl;
  readonly notNull: boolean;
  readonly primaryKey?: ConstraintNameDecl;
  readonly unique?: ConstraintNameDecl;
  readonly default?: DefaultDecl;
  readonly references?: { readonly target: ReferenceTarget; readonly options: ReferenceOptions };
  readonly identity?: IdentityDecl;
  readonly generatedAs?: string;
  readonly collate?: string;
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly using?: string;
}

/**
 * A column of a table under construction. `TData` is the selected value type, `TDefault` what
 * `.default()` accepts; the flags say whether it is NOT NULL, has a default, or is generated
 * (not insertable).
 */
export class ColumnBuilder<
  TData,
  TDefault,
  TNotNull extends boolean = false,
  THasDefault extends boolean = false,
  TGenerated extends boolean = false,
> {
  declare readonly [columnTypes]: {
    readonly data: TData;
    readonly default: TDefault;
    readonly notNull: TNotNull;
    readonly hasDefault: THasDefault;
    readonly generated: TGenerated;
  };
  readonly [columnNodeKey]: ColumnNode;

  constructor(node: ColumnNode) {
    this[columnNodeKey] = Object.freeze(node);
    Object.freeze(this);
  }

  /**
   * Makes the column `NOT NULL`.
   *
   * ```ts
   * email: text().notNull()      // email text NOT NULL
   * ```
   */
  notNull(): ColumnBuilder<TData, TDefault, true, THasDefault, TGenerated> {
    return derive(this, { notNull: true });
  }

  /**
   * Makes the column the table's primary key (and so NOT NULL).
   *
   * ```ts
   * id: uuid().primaryKey()                     // id uuid PRIMARY KEY   (constraint t_pkey)
   * id: uuid().primaryKey({ name: "user_pk" })  // CONSTRAINT user_pk PRIMARY KEY (id)
   * ```
   */
  primaryKey(options?: ConstraintNameOptions): ColumnBuilder<TData, TDefault, true, THasDefault, TGenerated> {
    return derive(this, { primaryKey: named(options) });
  }

  /**
   * Adds a UNIQUE constraint on this column alone (a constraint, not a unique index).
   *
   * ```ts
   * email: text().unique()   // CONSTRAINT user_email_key UNIQUE (email)
   * ```
   */
  unique(options?: ConstraintNameOptions): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, TGenerated> {
    return derive(this, { unique: named(options) });
  }

  /**
   * Sets the column's default: a literal of the column's type (escaped by schemac) or raw SQL.
   *
   * ```ts
   * status: text().notNull().default("new")    // status text NOT NULL DEFAULT 'new'
   * tags: text().array().default(["a"])         // tags text[] DEFAULT '{a}'::text[]
   * at: timestamptz().default(sql`now()`)       // at timestamptz DEFAULT now()
   * ```
   */
  default(value: TDefault | SqlFragment): ColumnBuilder<TData, TDefault, TNotNull, true, TGenerated> {
    const decl: DefaultDecl = isSqlFragment(value)
      ? { kind: "sql", text: value.text }
      : { kind: "literal", value: structuredClone(value as LiteralValue) };
    return derive(this, { default: decl });
  }

  /**
   * Adds a foreign key to another table's column. The target is a function, called only when
   * the schema is read, so tables may reference each other (or themselves) in any order.
   *
   * ```ts
   * owner_id: uuid().notNull().references(() => users.id, { onDelete: "cascade" })
   * // CONSTRAINT order_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES "user" (id) ON DELETE CASCADE
   * ```
   */
  references(target: ReferenceTarget, options?: ReferenceOptions): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, TGenerated> {
    const { onDelete, onUpdate, name, renamedFrom } = options ?? {};
    return derive(this, { references: { target, options: definedOnly({ onDelete, onUpdate, name, renamedFrom }) } });
  }

  /**
   * Makes the column an identity column (implicitly NOT NULL). `"always"` columns cannot be
   * written by inserts, so `InferInsert` leaves them out.
   *
   * ```ts
   * id: bigint().identity("always", { start: 1000 })
   * // id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000)
   * ```
   */
  identity(kind: "always", options?: IdentityOptions): ColumnBuilder<TData, TDefault, true, THasDefault, true>;
  identity(kind: "by default", options?: IdentityOptions): ColumnBuilder<TData, TDefault, true, true, TGenerated>;
  identity(kind: "always" | "by default", options?: IdentityOptions): AnyColumnBuilder {
    const { start, increment, min, max, cache, cycle } = options ?? {};
    const given = definedOnly({ start, increment, min, max, cache, cycle });
    return derive(this, { identity: { always: kind === "always", ...given } });
  }

  /**
   * Makes the column a stored generated column (not insertable).
   *
   * ```ts
   * total: numeric(10, 2).generatedAs(sql`price * qty`)
   * // total numeric(10, 2) GENERATED ALWAYS AS (price * qty) STORED
   * ```
   */
  generatedAs(expression: SqlFragment): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, true> {
    return derive(this, { generatedAs: expression.text });
  }

  /**
   * Sets the column's collation.
   *
   * ```ts
   * name: text().collate("C")   // name text COLLATE "C"
   * ```
   */
  collate(collation: string): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, TGenerated> {
    return derive(this, { collate: collation });
  }

  /**
   * Sets the column's comment.
   *
   * ```ts
   * email: text().comment("login")   // COMMENT ON COLUMN "user".email IS 'login'
   * ```
   */
  comment(text: string): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, TGenerated> {
    return derive(this, { comment: text });
  }

  /**
   * One-shot hint for the next migration: this column was called `oldName` (a rename, not a
   * drop and add). Ignored with a notice once the snapshot has moved past it.
   *
   * ```ts
   * email: text().renamedFrom("mail")   // ALTER TABLE "user" RENAME COLUMN mail TO email
   * ```
   */
  renamedFrom(oldName: string): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, TGenerated> {
    return derive(this, { renamedFrom: oldName });
  }

  /**
   * One-shot hint for the next migration: the `USING` expression of a type change PostgreSQL
   * cannot cast by itself.
   *
   * ```ts
   * qty: integer().using(sql`qty::integer`)
   * // ALTER TABLE item ALTER COLUMN qty TYPE integer USING qty::integer
   * ```
   */
  using(expression: SqlFragment): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, TGenerated> {
    return derive(this, { using: expression.text });
  }

  /**
   * Makes the column an array of its type; call it again for more dimensions.
   *
   * ```ts
   * tags: text().array()              // tags text[]
   * grid: integer().array().array()   // grid integer[][]
   * ```
   */
  array(): ColumnBuilder<TData[], readonly TDefault[], TNotNull, THasDefault, TGenerated> {
    const type = this[columnNodeKey].type;
    return derive(this, { type: { ...type, dimensions: type.dimensions + 1 } });
  }
}

/** Any column builder, whatever its types. */
export type AnyColumnBuilder = ColumnBuilder<unknown, unknown, boolean, boolean, boolean>;

/** The TypeScript types a column builder carries: `data`, `default`, `notNull`, `hasDefault`, `generated`. */
export type ColumnTypesOf<C extends AnyColumnBuilder> = C[typeof columnTypes];

/**
 * A column of a declared table, as exposed by the table object (`users.id`): knows its table
 * and its name, and carries the column's value type. Used as a foreign key target.
 */
export class TableColumn<TData = unknown> {
  declare readonly [tableColumnTypes]: { readonly data: TData };
  readonly [tableColumnBrand] = true as const;
  /** The table the column belongs to (`schema: null` for `public`). */
  readonly table: DeclName;
  /** The column's name, verbatim. */
  readonly name: string;

  constructor(table: DeclName, name: string) {
    this.table = table;
    this.name = name;
    Object.freeze(this);
  }
}

/** Makes a builder around a fresh node; the type parameters are phantom, only the node changes. */
function derive<R>(builder: AnyColumnBuilder, patch: Partial<ColumnNode>): R {
  return new ColumnBuilder({ ...builder[columnNodeKey], ...patch }) as unknown as R;
}

/** Starts a column of the given type (used by column-types.ts and enum.ts). */
export function column<TData, TDefault, TNotNull extends boolean = false, THasDefault extends boolean = false>(
  type: TypeDecl,
): ColumnBuilder<TData, TDefault, TNotNull, THasDefault, false> {
  return new ColumnBuilder({ type, notNull: false });
}

/** Tells whether a value is a column builder (from any copy of this module). */
export function isColumnBuilder(value: unknown): value is AnyColumnBuilder {
  return typeof value === "object" && value !== null && columnNodeKey in value;
}

/** Tells whether a value is a table's column (from any copy of this module). */
export function isTableColumn(value: unknown): value is TableColumn {
  return typeof value === "object" && value !== null && (value as { [tableColumnBrand]?: unknown })[tableColumnBrand] === true;
}

/** Reads the `ColumnDecl` of a builder keyed `name` in `table`, calling its reference target now. */
export function columnDecl(table: string, name: string, builder: AnyColumnBuilder): ColumnDecl {
  const { references, ...node } = builder[columnNodeKey];
  return {
    name,
    // A deep copy: the node holds only JSON-able data besides the reference target.
    ...structuredClone(node),
    ...(references ? { references: referenceDecl(`${table}.${name}`, [references.target()], references.options) } : {}),
  };
}

/**
 * Turns the value(s) a reference target returned into a `ReferenceDecl`; throws when they are
 * not columns of one declared table (the static compiler reports the same as a diagnostic).
 */
export function referenceDecl(source: string, targets: readonly unknown[], options: ReferenceOptions): ReferenceDecl {
  const columns = targets.map((target) => {
    if (!isTableColumn(target)) {
      throw new TypeError(`the foreign key of ${source} must reference a column of a declared table (found ${describe(target)})`);
    }
    return target;
  });
  const first = columns[0];
  if (first === undefined) throw new TypeError(`the foreign key of ${source} references no column`);
  if (columns.some((c) => c.table.schema !== first.table.schema || c.table.name !== first.table.name)) {
    throw new TypeError(`the foreign key of ${source} references columns of more than one table`);
  }
  return { table: { ...first.table }, columns: columns.map((c) => c.name), ...definedOnly(options) };
}

/** The constraint-name options as stored: `{}`, `{ name }`, `{ name, renamedFrom }`. */
function named(options: ConstraintNameOptions | undefined): ConstraintNameDecl {
  return definedOnly({ name: options?.name, renamedFrom: options?.renamedFrom });
}

/** Copies an options object without its `undefined` fields (Decl fields are omitted, never undefined). */
export function definedOnly<T extends object>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function describe(value: unknown): string {
  if (isColumnBuilder(value)) return "a column builder that belongs to no table";
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value;
}
