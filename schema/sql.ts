/**
 * The `sql` template tag: raw SQL fragments for defaults, generated columns, checks, partial
 * index predicates and `USING` casts. A fragment is text only; schemac writes it verbatim.
 */

/** Brand shared by every copy of this module (Symbol.for), so fragments are recognized anywhere. */
const sqlFragmentBrand: unique symbol = Symbol.for("schemac.sql");

/** What may appear inside `${}` of the `sql` tag: spliced into the text as is. */
export type SqlValue = string | number | boolean | SqlFragment;

/** A raw SQL fragment made by the `sql` tag. Immutable. */
export class SqlFragment {
  readonly [sqlFragmentBrand] = true as const;
  /** The SQL text, verbatim. */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
    Object.freeze(this);
  }
}

/**
 * Writes raw SQL. The text is the template's text as JavaScript reads it; `${}` substitutions
 * (strings, numbers, booleans, other fragments) are spliced in **verbatim, not escaped or bound as
 * parameters**: this is raw SQL for DDL, never for user input.
 *
 * ### Examples
 *
 * ```ts
 * created_at: timestamptz().notNull().default(sql`now()`)
 * const max = 100;
 * checks: [check("qty_range", sql`qty BETWEEN 0 AND ${max}`)]
 * ```
 *
 * ```sql
 * created_at timestamptz NOT NULL DEFAULT now()
 * CONSTRAINT qty_range CHECK (qty BETWEEN 0 AND 100)
 * ```
 */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlValue[]): SqlFragment {
  let text = strings[0] ?? strings.raw[0] ?? "";
  values.forEach((value, i) => {
    text += isSqlFragment(value) ? value.text : String(value);
    text += strings[i + 1] ?? strings.raw[i + 1] ?? "";
  });
  return new SqlFragment(text);
}

/** Tells whether a value is a fragment made by `sql` (from any copy of this module). */
export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === "object" && value !== null && (value as { [sqlFragmentBrand]?: unknown })[sqlFragmentBrand] === true;
}
