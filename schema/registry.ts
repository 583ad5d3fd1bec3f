/**
 * The run-time reader of the DSL. Every `table()`, `enumType()` and `pgSchema()` call registers
 * its builder, in call order, in an array kept on `globalThis` under `Symbol.for("schemac.registry")`
 * (so two copies of this package share it); `takeDeclarations()` turns them into `Decl` records.
 *
 * Decl conventions, followed by the static extractor too, so that both readers produce equal Decls:
 * - Runtime decls have no `span`. `schema: null` when the declaration is not under a `pgSchema`.
 * - A builtin `TypeDecl.name` is the builder function's name (`"doublePrecision"`, `"serial"`,
 *   `"timestamptz"`); `params` are exactly the numbers passed (`varchar()` → `[]`,
 *   `numeric(10, 2)` → `[10, 2]`); `dimensions` counts `.array()` calls. An enum column's type is
 *   `{ kind: "enum", enum: { schema, name }, dimensions }`.
 * - `notNull` is true only after `.notNull()`: what primaryKey, serial and identity imply is
 *   left to `compiler/resolve.ts`.
 * - `.primaryKey()` → `primaryKey: {}`, with `{ name }` only when given; `.unique()` likewise.
 * - `.default("x")` → `{ kind: "literal", value: "x" }`; `.default(sql\`now()\`)` →
 *   `{ kind: "sql", text: "now()" }`; `.generatedAs(sql\`a+b\`)` → `generatedAs: "a+b"`;
 *   `.using(sql\`…\`)` → `using: "…"`. A fragment's text is the template's text with `${}`
 *   values spliced in.
 * - `.identity("always", opts)` → `{ always: true, ...only the options given }`;
 *   `"by default"` → `{ always: false, ... }`.
 * - Column-level `.references(() => t.col, { onDelete, onUpdate, name })` → `ColumnDecl.references`
 *   = `{ table: { schema, name }, columns: ["col"], ...given options }` (the referenced column).
 *   A composite `foreignKey({ columns, references, onDelete, onUpdate, name })` →
 *   `TableDecl.foreignKeys[]` = `{ name?, columns, references: { table, columns, onDelete?, onUpdate? } }`
 *   (its name on the ForeignKeyDecl, not on the ReferenceDecl).
 * - `options.primaryKey` (`["a"]` or `{ name, columns }`) → `TableDecl.primaryKey` = `{ name?, columns }`;
 *   `options.uniques` entries likewise → `uniques`.
 * - Index columns keep their given order; `uniqueIndex()` → `unique: true`, `index()` → `false`.
 *   `check(sql\`…\`)` / `check(name, sql\`…\`)` → `{ name?, expression }`.
 * - Optional fields are omitted (never `undefined`) when not given; `uniques`, `indexes`, `checks`
 *   and `foreignKeys` are always arrays, empty when there are none.
 * - Columns keep the order of the object's keys (JavaScript's own key order).
 * - Reference targets are called by `takeDeclarations()`, not before, so cyclic foreign keys work.
 */
import type { Decl } from "./declarations.js";

/** The key under which a registered builder keeps the function that reads its `Decl`. */
export const declarationKey: unique symbol = Symbol.for("schemac.declaration");
const registryKey: unique symbol = Symbol.for("schemac.registry");

/** A builder that can be read as a declaration. */
export interface Declared {
  readonly [declarationKey]: () => Decl;
}

type RegistryHolder = { [registryKey]?: Declared[] };

function registry(): Declared[] {
  const holder = globalThis as RegistryHolder;
  holder[registryKey] ??= [];
  return holder[registryKey];
}

/** Adds a builder to the global registry (in call order) and returns it. */
export function register<T extends Declared>(builder: T): T {
  registry().push(builder);
  return builder;
}

/**
 * Reads everything registered so far as `Decl` records (calling the lazy reference targets now)
 * and clears the registry. Throws a `TypeError` when a reference target returns something that
 * is not a declared table's column.
 */
export function takeDeclarations(): Decl[] {
  const taken = registry().splice(0);
  return taken.map((builder) => builder[declarationKey]());
}
