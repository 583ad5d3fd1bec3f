/**
 * Table-level builders for `table(name, columns, options)`: indexes, checks and composite foreign
 * keys. Like column builders they are immutable; the column names they take are captured as
 * literal types so that `options` can require them to be the table's own keys.
 */
import { definedOnly, referenceDecl, type ReferenceTarget } from "./column.js";
import type { CheckDecl, ForeignKeyDecl, IndexDecl, IndexMethod, ReferentialAction } from "./declarations.js";
import type { SqlFragment } from "./sql.js";

/** Type-only key of the phantom that carries the column names a builder uses. */
declare const columnNames: unique symbol;
const indexNodeKey: unique symbol = Symbol.for("schemac.index");
const checkNodeKey: unique symbol = Symbol.for("schemac.check");
const foreignKeyNodeKey: unique symbol = Symbol.for("schemac.foreignKey");

/** The run-time state of an index builder (the Decl minus its span). */
type IndexNode = Omit<IndexDecl, "span">;

/** An index before its columns are given: only `.on(...)` can follow. */
export class PendingIndexBuilder {
  readonly #node: IndexNode;

  constructor(node: IndexNode) {
    this.#node = node;
    Object.freeze(this);
  }

  /**
   * Sets the indexed columns, in order; they must be columns of the table the index is given to.
   *
   * ```ts
   * index().on("owner_id", "created_at")
   * // CREATE INDEX order_owner_id_created_at_idx ON "order" (owner_id, created_at)
   * ```
   */
  on<TColumn extends string>(...columns: [TColumn, ...TColumn[]]): IndexBuilder<TColumn> {
    return new IndexBuilder({ ...this.#node, columns: [...columns] });
  }
}

/** An index on the columns `TColumn`, given to `options.indexes`. */
export class IndexBuilder<TColumn extends string> {
  declare readonly [columnNames]: TColumn;
  readonly [indexNodeKey]: IndexNode;

  constructor(node: IndexNode) {
    this[indexNodeKey] = Object.freeze(node);
    Object.freeze(this);
  }

  /**
   * Sets the index method (btree by default).
   *
   * ```ts
   * index().on("tags").using("gin")   // CREATE INDEX t_tags_idx ON t USING gin (tags)
   * ```
   */
  using(method: IndexMethod): IndexBuilder<TColumn> {
    return new IndexBuilder({ ...this[indexNodeKey], using: method });
  }

  /**
   * Makes the index partial.
   *
   * ```ts
   * uniqueIndex().on("email").where(sql`deleted_at IS NULL`)
   * // CREATE UNIQUE INDEX user_email_idx ON "user" (email) WHERE deleted_at IS NULL
   * ```
   */
  where(predicate: SqlFragment): IndexBuilder<TColumn> {
    return new IndexBuilder({ ...this[indexNodeKey], where: predicate.text });
  }

  /**
   * One-shot hint for the next migration: the index was called `oldName` before.
   *
   * ```ts
   * index("order_owner_idx").on("owner_id").renamedFrom("order_owner_id_idx")
   * // ALTER INDEX order_owner_id_idx RENAME TO order_owner_idx
   * ```
   */
  renamedFrom(oldName: string): IndexBuilder<TColumn> {
    return new IndexBuilder({ ...this[indexNodeKey], renamedFrom: oldName });
  }
}

/**
 * Starts an index; without a name it gets PostgreSQL's default (`t_col_idx`).
 *
 * ### Examples
 *
 * ```ts
 * table("order", { owner_id: uuid() }, { indexes: [index("order_owner_idx").on("owner_id")] })
 * ```
 *
 * ```sql
 * CREATE INDEX order_owner_idx ON "order" (owner_id);
 * ```
 */
export function index(name?: string): PendingIndexBuilder {
  return new PendingIndexBuilder({ ...definedOnly({ name }), unique: false, columns: [] });
}

/**
 * Starts a unique *index* (distinct from a UNIQUE constraint made by `.unique()` or `uniques`).
 *
 * ### Examples
 *
 * ```ts
 * uniqueIndex().on("owner_id", "note").where(sql`note IS NOT NULL`)
 * ```
 *
 * ```sql
 * CREATE UNIQUE INDEX order_owner_id_note_idx ON "order" (owner_id, note) WHERE note IS NOT NULL;
 * ```
 */
export function uniqueIndex(name?: string): PendingIndexBuilder {
  return new PendingIndexBuilder({ ...definedOnly({ name }), unique: true, columns: [] });
}

/** Options of a named `check(name, sql, options)`. */
export interface CheckOptions {
  /**
   * One-shot hint: the check's previous name.
   * `check("price_positive", sql\`price > 0\`, { renamedFrom: "item_price_check" })`
   * → `ALTER TABLE item RENAME CONSTRAINT item_price_check TO price_positive`.
   */
  readonly renamedFrom?: string;
}

/** A CHECK constraint, given to `options.checks`. */
export class CheckBuilder {
  readonly [checkNodeKey]: Omit<CheckDecl, "span">;

  constructor(node: Omit<CheckDecl, "span">) {
    this[checkNodeKey] = Object.freeze(node);
    Object.freeze(this);
  }
}

/**
 * Declares a CHECK constraint; without a name it gets PostgreSQL's default (`t_col_check`).
 *
 * ### Examples
 *
 * ```ts
 * checks: [check("order_total_nonnegative", sql`total >= 0`), check(sql`qty > 0`)]
 * ```
 *
 * ```sql
 * CONSTRAINT order_total_nonnegative CHECK (total >= 0),
 * CONSTRAINT order_qty_check CHECK (qty > 0)
 * ```
 */
export function check(expression: SqlFragment): CheckBuilder;
export function check(name: string, expression: SqlFragment, options?: CheckOptions): CheckBuilder;
export function check(nameOrExpression: string | SqlFragment, expression?: SqlFragment, options?: CheckOptions): CheckBuilder {
  if (typeof nameOrExpression === "string") {
    if (expression === undefined) throw new TypeError(`check ${nameOrExpression} needs an sql\`…\` expression`);
    return new CheckBuilder({ name: nameOrExpression, expression: expression.text, ...definedOnly({ renamedFrom: options?.renamedFrom }) });
  }
  return new CheckBuilder({ expression: nameOrExpression.text });
}

/** What `foreignKey()` takes: the local columns and a function returning the referenced ones. */
export interface ForeignKeySpec<TColumn extends string> {
  readonly columns: readonly [TColumn, ...TColumn[]];
  /** `() => [t.x, t.y]`: called when the schema is read (see `ReferenceTarget` for the `void`). */
  readonly references: ReferenceTarget;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly name?: string;
  /** One-shot hint: the constraint's previous name (`ALTER TABLE … RENAME CONSTRAINT`). */
  readonly renamedFrom?: string;
}

/** A composite foreign key on the columns `TColumn`, given to `options.foreignKeys`. */
export class ForeignKeyBuilder<TColumn extends string> {
  declare readonly [columnNames]: TColumn;
  readonly [foreignKeyNodeKey]: ForeignKeySpec<TColumn>;

  constructor(spec: ForeignKeySpec<TColumn>) {
    this[foreignKeyNodeKey] = Object.freeze({ ...spec, columns: [...spec.columns] as [TColumn, ...TColumn[]] });
    Object.freeze(this);
  }
}

/**
 * Declares a (composite) foreign key; without a name it gets PostgreSQL's default
 * (`t_a_b_fkey`).
 *
 * ### Examples
 *
 * ```ts
 * foreignKeys: [foreignKey({ columns: ["order_id", "line"], references: () => [lines.order_id, lines.no], onDelete: "cascade" })]
 * ```
 *
 * ```sql
 * ALTER TABLE item ADD CONSTRAINT item_order_id_line_fkey FOREIGN KEY (order_id, line)
 *   REFERENCES line (order_id, no) ON DELETE CASCADE;
 * ```
 */
export function foreignKey<TColumn extends string>(spec: ForeignKeySpec<TColumn>): ForeignKeyBuilder<TColumn> {
  return new ForeignKeyBuilder(spec);
}

/** Reads an index builder's `IndexDecl`. */
export function indexDecl(builder: IndexBuilder<string>): IndexDecl {
  const node = builder[indexNodeKey];
  return { ...node, columns: [...node.columns] };
}

/** Reads a check builder's `CheckDecl`. */
export function checkDecl(builder: CheckBuilder): CheckDecl {
  return { ...builder[checkNodeKey] };
}

/** Reads a foreign key builder's `ForeignKeyDecl`, calling its reference target now. */
export function foreignKeyDecl(table: string, builder: ForeignKeyBuilder<string>): ForeignKeyDecl {
  const { columns, references, name, renamedFrom, onDelete, onUpdate } = builder[foreignKeyNodeKey];
  const returned: unknown = references();
  const targets: readonly unknown[] = Array.isArray(returned) ? returned : [returned];
  const source = `${table} (${columns.join(", ")})`;
  return {
    ...definedOnly({ name, renamedFrom }),
    columns: [...columns],
    references: referenceDecl(source, targets, definedOnly({ onDelete, onUpdate })),
  };
}
