/**
 * The model of a synthetic modular monolith: M modules of K tables each, drawn from a seeded PRNG
 * so that the same options always give the same schema. Both emitters (schemac and drizzle-orm)
 * render this one model, so the two tools are measured on the same tables.
 *
 * Node built-ins only: the smoke test imports it from the main tree without bench/node_modules.
 */

/** Options of the generator: `tables` tables in modules of K (at least two modules, one table each). */
export interface MonolithOptions {
  readonly tables: number;
  /** Tables per module (K); the module count M is `ceil(tables / K)`. Default 20. */
  readonly tablesPerModule?: number;
  /** Seed of the PRNG. Default 1. */
  readonly seed?: number;
}

/** A column type, as both DSLs can spell it. */
export type ColumnType =
  | { readonly kind: "uuid" | "text" | "integer" | "boolean" | "timestamptz" | "jsonb" | "enum" }
  | { readonly kind: "varchar"; readonly length: number }
  | { readonly kind: "numeric"; readonly precision: number; readonly scale: number };

/** A column default: a JS literal (written as a literal of the column's type) or verbatim SQL. */
export type ColumnDefault =
  | { readonly kind: "sql"; readonly text: string }
  | { readonly kind: "literal"; readonly value: string | number | boolean | Readonly<Record<string, never>> | readonly never[] };

/** A foreign key from one column to the `id` of a table in another module. */
export interface ForeignKeyModel {
  readonly module: number;
  readonly table: string;
  readonly onDelete: "cascade" | "set null";
}

/** One column of a table. */
export interface ColumnModel {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  readonly default: ColumnDefault | null;
  readonly references: ForeignKeyModel | null;
}

/** The one index of a table. */
export interface IndexModel {
  readonly name: string;
  readonly column: string;
  readonly unique: boolean;
}

/** One table; `name` is unique in the whole monolith and is also its exported identifier. */
export interface TableModel {
  readonly name: string;
  readonly columns: readonly ColumnModel[];
  readonly index: IndexModel;
}

/** The enum type of a module, used by at least one of its tables. */
export interface EnumModel {
  readonly name: string;
  readonly exportName: string;
  readonly values: readonly string[];
}

/** A module: a folder `src/modules/<name>/` with one `schema.ts`. */
export interface ModuleModel {
  readonly name: string;
  readonly enumType: EnumModel;
  readonly tables: readonly TableModel[];
}

/** The whole generated application. */
export interface MonolithModel {
  readonly modules: readonly ModuleModel[];
}

/** A small deterministic PRNG (mulberry32); returns floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Prng = () => number;

const nouns = [
  "account", "invoice", "order", "payment", "customer", "product", "shipment", "address",
  "ticket", "comment", "session", "report", "contract", "supplier", "warehouse", "refund",
  "coupon", "review", "task", "event", "device", "message", "team", "project", "budget",
] as const;

const enumValues = ["draft", "pending", "active", "paused", "done", "archived"] as const;

function pick<T>(prng: Prng, items: readonly T[]): T {
  return items[Math.floor(prng() * items.length)] as T;
}

function shuffle<T>(prng: Prng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(prng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function column(name: string, type: ColumnType, notNull: boolean, value: ColumnDefault | null): ColumnModel {
  return { name, type, notNull, primaryKey: false, default: value, references: null };
}

const now: ColumnDefault = { kind: "sql", text: "now()" };

/** The pool of payload columns a table draws from; `nullable` randomizes where it is realistic. */
function payloadPool(prng: Prng): ColumnModel[] {
  const maybe = (): boolean => prng() < 0.5;
  return [
    column("name", { kind: "varchar", length: pick(prng, [64, 120, 255]) }, true, null),
    column("title", { kind: "text" }, maybe(), null),
    column("description", { kind: "text" }, false, null),
    column("quantity", { kind: "integer" }, true, { kind: "literal", value: 0 }),
    column("position", { kind: "integer" }, false, null),
    column("is_active", { kind: "boolean" }, true, { kind: "literal", value: true }),
    column("archived", { kind: "boolean" }, true, { kind: "literal", value: false }),
    column("due_at", { kind: "timestamptz" }, false, null),
    column("amount", { kind: "numeric", precision: 12, scale: 2 }, true, { kind: "literal", value: 0 }),
    column("rate", { kind: "numeric", precision: 8, scale: 4 }, false, null),
    column("metadata", { kind: "jsonb" }, true, { kind: "literal", value: {} }),
    column("tags", { kind: "jsonb" }, maybe(), { kind: "literal", value: [] }),
    column("code", { kind: "varchar", length: 32 }, true, { kind: "literal", value: "none" }),
  ];
}

/** Draws every table of one module; `foreignTarget` picks the table a foreign key points to. */
function buildTables(
  prng: Prng,
  moduleName: string,
  count: number,
  enumType: EnumModel,
  foreignTarget: () => ForeignKeyModel,
): TableModel[] {
  const tables: TableModel[] = [];
  for (let k = 0; k < count; k++) {
    const name = `${moduleName}_${tableBase(k)}`;
    tables.push(buildTable(prng, name, k === 0 || prng() < 0.5 ? enumType : null, foreignTarget()));
  }
  return tables;
}

function buildTable(prng: Prng, name: string, enumType: EnumModel | null, target: ForeignKeyModel): TableModel {
  const id: ColumnModel = {
    ...column("id", { kind: "uuid" }, true, { kind: "sql", text: "gen_random_uuid()" }),
    primaryKey: true,
  };
  const fk: ColumnModel = {
    ...column(`${target.table}_id`, { kind: "uuid" }, target.onDelete === "cascade", null),
    references: target,
  };
  const payload = shuffle(prng, payloadPool(prng)).slice(0, 4 + Math.floor(prng() * 6));
  const status = enumType === null
    ? []
    : [column("status", { kind: "enum" }, true, { kind: "literal", value: enumType.values[0] as string })];
  const columns = [
    id,
    fk,
    ...payload,
    ...status,
    column("created_at", { kind: "timestamptz" }, true, now),
    column("updated_at", { kind: "timestamptz" }, false, null),
  ];
  const unique = columns.find((c) => c.type.kind === "varchar");
  const index: IndexModel = unique !== undefined && prng() < 0.3
    ? { name: `${name}_${unique.name}_key_idx`, column: unique.name, unique: true }
    : { name: `${name}_${fk.name}_idx`, column: fk.name, unique: false };
  return { name, columns, index };
}

/** The folder name of module `index` among `count` modules: m00, m01, ... (wider when needed). */
export function moduleName(index: number, count: number): string {
  return `m${String(index).padStart(Math.max(2, String(count - 1).length), "0")}`;
}

/** Builds the model of a monolith; the same options always give the same model. */
export function buildMonolith(options: MonolithOptions): MonolithModel {
  const perModule = options.tablesPerModule ?? 20;
  const moduleCount = Math.max(2, Math.ceil(options.tables / perModule));
  const prng = createPrng(options.seed ?? 1);
  const names = Array.from({ length: moduleCount }, (_, i) => moduleName(i, moduleCount));
  const sizes = names.map((_, i) => Math.min(perModule, Math.max(1, options.tables - i * perModule)));
  const modules: ModuleModel[] = [];
  for (const [m, name] of names.entries()) {
    const enumType: EnumModel = {
      name: `${name}_status`,
      exportName: `${name}Status`,
      values: enumValues.slice(0, 3 + Math.floor(prng() * 4)),
    };
    const target = (): ForeignKeyModel => {
      const other = (m + 1 + Math.floor(prng() * (moduleCount - 1))) % moduleCount;
      const k = Math.floor(prng() * (sizes[other] ?? 1));
      const table = `${names[other] as string}_${tableBase(k)}`;
      return { module: other, table, onDelete: prng() < 0.5 ? "cascade" : "set null" };
    };
    modules.push({ name, enumType, tables: buildTables(prng, name, sizes[m] ?? 1, enumType, target) });
  }
  return { modules };
}

/** The name of the k-th table of a module, without the module prefix: order, invoice, ..., order1. */
function tableBase(k: number): string {
  return `${nouns[k % nouns.length] as string}${k < nouns.length ? "" : String(Math.floor(k / nouns.length))}`;
}

/** The number of tables in a model. */
export function countTables(model: MonolithModel): number {
  return model.modules.reduce((sum, m) => sum + m.tables.length, 0);
}

/** The column that the one-change scenario adds: a fresh name, so no tool can take it for a rename. */
export const addedColumn: ColumnModel = column("bench_note", { kind: "text" }, false, null);

/** The model with `addedColumn` appended to the first table of the middle module. */
export function withAddedColumn(model: MonolithModel): { model: MonolithModel; module: number } {
  const index = Math.floor(model.modules.length / 2);
  const modules = model.modules.map((m, i) => {
    if (i !== index) return m;
    const [first, ...rest] = m.tables;
    if (first === undefined) return m;
    return { ...m, tables: [{ ...first, columns: [...first.columns, addedColumn] }, ...rest] };
  });
  return { model: { modules }, module: index };
}
