/**
 * The random models of the property round trips, as plain data (a `ModelSpec`) drawn from a
 * fixed universe: tables t1, t2 (public) and t3 (pgSchema aux), each with an id key of one of
 * seven kinds and optional columns from slots of mutually castable types, defaults, NOT NULL,
 * comments, a collation, a generated column, a foreign key, uniques, checks and indexes; enums
 * mood (public) and level (aux); and for each name (schema, enum, enum value, table, column,
 * named constraint) a second spelling, so that a pair renames. model-text.ts writes a spec out
 * as the TypeScript module a user would write.
 */
/** One column type of a slot: its DSL call, the defaults it may have and the two rows' values. */
export interface TypeChoice {
  readonly dsl: string;
  /** DSL arguments of `.default(...)`. */
  readonly defaults: readonly string[];
  /** SQL literals of the value each of the two test rows holds. */
  readonly values: readonly [string, string];
  /** The column is `GENERATED ALWAYS AS (...)`: never inserted. */
  readonly generated?: boolean;
}

/**
 * A slot: one column name and the types it may take. Types of an unnamed slot cast into each
 * other (a change is `ALTER COLUMN ... TYPE`); a named slot's column is called `<slot>_<i>`, so
 * its "type change" is a drop and an add.
 */
export interface Slot {
  readonly types: readonly TypeChoice[];
  readonly named: boolean;
  readonly collatable: boolean;
  readonly needs?: "mood" | "level";
}

const numbers = { defaults: ["0", "42", "sql`(1 + 2)`"], values: ["1", "2"] } as const;
const strings = { defaults: ['"x"', '"y z"', '"it\'s"'], values: ["'r1'", "'r2'"] } as const;
const times = { defaults: ["sql`now()`", "sql`CURRENT_TIMESTAMP`"], values: ["'2020-01-02'", "'2020-01-03'"] } as const;
const jsons = { defaults: ["{ a: 1 }", "[]"], values: [`'{"a": 1}'`, "'[1, 2]'"] } as const;
const texts = { defaults: ['["a", "b c"]', "[]"], values: ["'{x,y}'", "'{z}'"] } as const;

/** The column slots, in the order a table declares them. */
export const slots = {
  n: { named: false, collatable: false, types: ["integer()", "bigint()", "smallint()", "numeric(10, 2)", "numeric(12, 2)", "numeric()", "real()", "doublePrecision()"].map((d) => ({ dsl: d, ...numbers })) },
  s: { named: false, collatable: true, types: ["text()", "varchar(20)", "varchar(40)", "varchar()", "char(4)"].map((d) => ({ dsl: d, ...strings })) },
  // A timestamp literal default is printed back by PostgreSQL in its own form (known, see README).
  t: {
    named: false,
    collatable: false,
    types: [{ dsl: "date()", defaults: ['"2020-01-31"', ...times.defaults], values: times.values }, ...["timestamp()", "timestamptz()", "timestamp(3)", "timestamptz(6)"].map((d) => ({ dsl: d, ...times }))],
  },
  j: { named: false, collatable: false, types: ["json()", "jsonb()"].map((d) => ({ dsl: d, ...jsons })) },
  a: { named: false, collatable: false, types: ["text().array()", "varchar(10).array()"].map((d) => ({ dsl: d, ...texts })) },
  e: {
    named: false,
    collatable: false,
    needs: "mood",
    types: [
      { dsl: "mood()", defaults: ['"happy"', '"ok"'], values: ["'ok'", "'ok'"] },
      { dsl: "text()", defaults: ['"ok"'], values: ["'ok'", "'ok'"] },
    ],
  },
  ea: { named: false, collatable: false, needs: "mood", types: [{ dsl: "mood().array()", defaults: ['["ok"]', "[]"], values: ["'{ok}'", "'{ok,ok}'"] }] },
  l: { named: false, collatable: false, needs: "level", types: [{ dsl: "level()", defaults: ['"low"'], values: ["'low'", "'high'"] }] },
  m: {
    named: true,
    collatable: false,
    types: [
      { dsl: "uuid()", defaults: ["sql`gen_random_uuid()`"], values: ["'00000000-0000-0000-0000-000000000001'", "'00000000-0000-0000-0000-000000000002'"] },
      { dsl: "boolean()", defaults: ["false", "true"], values: ["true", "false"] },
      { dsl: "bytea()", defaults: [], values: ["'\\x01'", "'\\x0203'"] },
      { dsl: "inet()", defaults: ['"10.0.0.1"'], values: ["'10.0.0.2'", "'192.168.0.0/24'"] },
      { dsl: "interval()", defaults: ['"1 day"'], values: ["'1 day'", "'02:00:00'"] },
      { dsl: "time()", defaults: ['"12:00:00"'], values: ["'12:00:00'", "'13:30:00'"] },
      { dsl: "time(3)", defaults: [], values: ["'12:00:00.5'", "'13:30:00'"] },
      { dsl: "char(2)", defaults: ['"ab"'], values: ["'ab'", "'c'"] },
    ],
  },
  g: {
    named: false,
    collatable: false,
    types: ["bigint().generatedAs(sql`id + 1`)", "bigint().generatedAs(sql`id * 2`)", "numeric(12, 2).generatedAs(sql`id * 2`)"].map((d) => ({
      dsl: d,
      defaults: [],
      values: ["0", "0"] as const,
      generated: true,
    })),
  },
} satisfies Record<string, Slot>;

/** The name of a column slot. */
export type SlotName = keyof typeof slots;

/** The kinds of id key a table may have (the key every foreign key references). */
export const idKinds = [
  { dsl: "integer()", base: "integer()" },
  { dsl: "bigint()", base: "bigint()" },
  { dsl: "serial()", base: "integer()" },
  { dsl: "bigserial()", base: "bigint()" },
  { dsl: 'integer().identity("always")', base: "integer()" },
  { dsl: 'bigint().identity("by default", { start: 10, increment: 2 })', base: "bigint()" },
  { dsl: 'integer().identity("by default")', base: "integer()" },
] as const;

/** The values of enum mood, by variant; every variant holds "ok", which the rows use. */
export const moodVariants: readonly (readonly string[])[] = [
  ["ok", "sad"],
  ["ok", "sad", "happy"],
  ["happy", "ok", "sad"],
  ["ok", "meh", "sad"],
];

/** The values of enum aux.level, by variant. */
export const levelVariants: readonly (readonly string[])[] = [
  ["low", "high"],
  ["low", "mid", "high"],
];

/** The referential actions a foreign key may take. */
export const actions = ["no action", "cascade", "set null", "restrict"] as const;

/** One column of a table, present or not (absent columns stay in the spec so pairs line up). */
export interface ColumnSpec {
  readonly present: boolean;
  readonly type: number;
  readonly notNull: boolean;
  /** 0 for no default, else 1 + an index into the type's defaults (0 is where shrinking goes). */
  readonly default: number;
  readonly comment: number;
  readonly collate: boolean;
  /** Called `<slot>_v2` instead of `<slot>` (a change of it is a rename, with its hint). */
  readonly renamed: boolean;
}

/** The optional parts of a table beyond its columns. */
export interface TableSpec {
  readonly present: boolean;
  /** Called `<name>_v2` instead of `<name>` (a change of it is a rename, with its hint). */
  readonly renamed: boolean;
  /** The explicitly named check, unique and indexes end in `_v2` (renamed, with hints). */
  readonly renamedConstraints: boolean;
  readonly id: number;
  readonly namedKey: boolean;
  readonly comment: number;
  readonly columns: { readonly [K in SlotName]: ColumnSpec };
  /**
   * The foreign key: drawn as 0 for none or 1 + the index of the referenced table in
   * `tableNames` (0 is where shrinking goes); `repairModel` makes it the index, or -1.
   */
  readonly references: number;
  readonly onDelete: number;
  readonly uniqueS: boolean;
  readonly uniqueSN: boolean;
  readonly checkN: boolean;
  readonly checkS: boolean;
  readonly indexS: number;
  readonly indexN: number;
  readonly indexT: boolean;
  readonly indexA: boolean;
}

/** A whole model: the aux schema, the two enums (-1 absent) and the three tables. */
export interface ModelSpec {
  readonly aux: boolean;
  /** pgSchema aux is called aux_v2. */
  readonly auxRenamed: boolean;
  readonly mood: number;
  /** Enum mood is called feeling. */
  readonly moodRenamed: boolean;
  /** Mood's value sad is called blue. */
  readonly sadRenamed: boolean;
  readonly level: number;
  readonly tables: readonly [TableSpec, TableSpec, TableSpec];
}

/** The tables of the universe: t3 lives in pgSchema aux. */
export const tableNames = ["t1", "t2", "t3"] as const;

/** Comments a table or a column may have (index 0: none). */
export const comments = [null, "first", "it's"] as const;

/** The type of a column spec in its slot (clamped, so shrinking never goes out of range). */
export function typeOf(slot: SlotName, column: ColumnSpec): TypeChoice {
  const types: readonly TypeChoice[] = slots[slot].types;
  return types[column.type % types.length] as TypeChoice;
}

/** The column name of a slot's column: the slot (or `<slot>_v2`), or `<slot>_<type>` for a named slot. */
export function columnName(slot: SlotName, column: ColumnSpec): string {
  if (slots[slot].named) return `${slot}_${column.type % slots[slot].types.length}`;
  return column.renamed ? `${slot}_v2` : slot;
}

/** The SQL name of table `index` in the model. */
export function tableName(model: ModelSpec, index: number): string {
  return `${tableNames[index]}${model.tables[index]?.renamed === true ? "_v2" : ""}`;
}

/** The schema of table `index` in the model. */
export function schemaName(model: ModelSpec, index: number): string {
  return index === 2 ? auxName(model) : "public";
}

/** The SQL name of pgSchema aux. */
export function auxName(model: ModelSpec): string {
  return model.auxRenamed ? "aux_v2" : "aux";
}

/** The SQL name of enum mood. */
export function moodName(model: ModelSpec): string {
  return model.moodRenamed ? "feeling" : "mood";
}

/** The values of enum mood in the model (sad may be called blue). */
export function moodValues(model: ModelSpec): string[] {
  return (moodVariants[model.mood % moodVariants.length] ?? []).map((v) => (v === "sad" && model.sadRenamed ? "blue" : v));
}

/** `schema.table` of table `index`, as `qualifiedKey` spells it. */
export function tableKey(model: ModelSpec, index: number): string {
  return `${schemaName(model, index)}.${tableName(model, index)}`;
}

/** True when the table declares the slot's column (repaired specs only). */
export function has(table: TableSpec, slot: SlotName): boolean {
  return table.columns[slot].present;
}

/** The enum a slot needs is in the model. */
function slotAllowed(model: ModelSpec, slot: SlotName): boolean {
  const needs = (slots[slot] as Slot).needs;
  return needs === undefined || (needs === "mood" ? model.mood >= 0 : model.level >= 0);
}

/** The default of a column, or null when it has none or its value is not in the enum of the model. */
export function defaultOf(model: ModelSpec, slot: SlotName, column: ColumnSpec): string | null {
  const choice = typeOf(slot, column);
  const value = column.default <= 0 ? undefined : choice.defaults[(column.default - 1) % Math.max(1, choice.defaults.length)];
  if (value === undefined) return null;
  if (slot === "e" && value === '"happy"' && !moodValues(model).includes("happy")) return null;
  return value;
}

/**
 * A drawn spec with everything whose dependencies are missing removed, and its foreign key as
 * an index (what `moduleText` writes). Apply it to a drawn spec once, never to its result.
 */
export function repairModel(model: ModelSpec): ModelSpec {
  const aux = model.aux || model.level >= 0 || model.tables[2].present;
  const tables = model.tables.map((t) => {
    const columns = Object.fromEntries(
      (Object.keys(slots) as SlotName[]).map((slot) => [slot, { ...t.columns[slot], present: t.columns[slot].present && slotAllowed(model, slot) }]),
    ) as TableSpec["columns"];
    const target = t.references > 0 ? (t.references - 1) % tableNames.length : -1;
    return { ...t, columns, references: target >= 0 && model.tables[target]?.present ? target : -1 };
  }) as unknown as ModelSpec["tables"];
  return { ...model, aux, tables };
}

/** The columns a table of the spec declares, with their type choices (the rows use them). */
export function presentColumns(table: TableSpec): { name: string; slot: SlotName; type: TypeChoice; column: ColumnSpec }[] {
  return (Object.keys(slots) as SlotName[])
    .filter((slot) => has(table, slot))
    .map((slot) => ({ name: columnName(slot, table.columns[slot]), slot, type: typeOf(slot, table.columns[slot]), column: table.columns[slot] }));
}

