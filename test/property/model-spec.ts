/**
 * The random models of the property round trips, as plain data (a `ModelSpec`) drawn from a
 * fixed universe: tables t1, t2 (public) and t3 (pgSchema aux), each with an id key of one of
 * seven kinds and optional columns from slots of mutually castable types, defaults, NOT NULL,
 * comments, a collation, a generated column, a foreign key, uniques, checks and indexes; enums
 * mood (public) and level (aux). A spec is written out as the TypeScript module a user would
 * write (`moduleText`), and that very text is what the tests run (`specGraph` evaluates it with
 * the DSL), so a failing pair prints as a case file that reproduces it.
 */
import type { Graph } from "../../compiler/graph.js";
import { resolveGraph } from "../../compiler/resolve.js";
import { validateGraph } from "../../compiler/validate.js";
import * as dsl from "../../schema/index.js";
import { takeDeclarations } from "../../schema/registry.js";

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
const strings = { defaults: ['"x"', '""', '"it\'s"'], values: ["'r1'", "'r2'"] } as const;
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
      { dsl: "mood()", defaults: ['"ok"', '"happy"'], values: ["'ok'", "'ok'"] },
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
  /** Index into the type's defaults, or -1 for none. */
  readonly default: number;
  readonly comment: number;
  readonly collate: boolean;
}

/** The optional parts of a table beyond its columns. */
export interface TableSpec {
  readonly present: boolean;
  readonly id: number;
  readonly namedKey: boolean;
  readonly comment: number;
  readonly columns: { readonly [K in SlotName]: ColumnSpec };
  /** Index of the referenced table in `tableNames`, or -1 for no foreign key. */
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
  readonly mood: number;
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

/** The column name of a slot's column: the slot, or `<slot>_<type>` for a named slot. */
export function columnName(slot: SlotName, column: ColumnSpec): string {
  return slots[slot].named ? `${slot}_${column.type % slots[slot].types.length}` : slot;
}

function has(table: TableSpec, slot: SlotName): boolean {
  return table.columns[slot].present;
}

/** The enum a slot needs is in the model. */
function slotAllowed(model: ModelSpec, slot: SlotName): boolean {
  const needs = (slots[slot] as Slot).needs;
  return needs === undefined || (needs === "mood" ? model.mood >= 0 : model.level >= 0);
}

/** The default of a column, or null when it has none or its value is not in the enum of the model. */
function defaultOf(model: ModelSpec, slot: SlotName, column: ColumnSpec): string | null {
  const choice = typeOf(slot, column);
  const value = column.default < 0 ? undefined : choice.defaults[column.default % Math.max(1, choice.defaults.length)];
  if (value === undefined) return null;
  if (slot === "e" && value === '"happy"' && !(moodVariants[model.mood % moodVariants.length] ?? []).includes("happy")) return null;
  return value;
}

/** A spec with everything whose dependencies are missing removed (what `moduleText` writes). */
export function repairModel(model: ModelSpec): ModelSpec {
  const aux = model.aux || model.level >= 0 || model.tables[2].present;
  const tables = model.tables.map((t) => {
    const columns = Object.fromEntries(
      (Object.keys(slots) as SlotName[]).map((slot) => [slot, { ...t.columns[slot], present: t.columns[slot].present && slotAllowed(model, slot) }]),
    ) as TableSpec["columns"];
    const target = t.references >= 0 ? t.references % tableNames.length : -1;
    return { ...t, columns, references: target >= 0 && model.tables[target]?.present ? target : -1 };
  }) as unknown as ModelSpec["tables"];
  return { ...model, aux, tables };
}

const quote = (text: string): string => JSON.stringify(text);

function columnText(model: ModelSpec, slot: SlotName, column: ColumnSpec, previous: ColumnSpec | undefined): string {
  let text = typeOf(slot, column).dsl;
  // text → mood has no cast PostgreSQL applies by itself: the model says how, as a user must.
  if (previous?.present === true && typeOf(slot, previous).dsl === "text()" && text === "mood()") text += ".using(sql`e::mood`)";
  const value = defaultOf(model, slot, column);
  if (value !== null) text += `.default(${value})`;
  if (column.notNull) text += ".notNull()";
  if (column.collate && slots[slot].collatable) text += '.collate("C")';
  const comment = comments[column.comment % comments.length] ?? null;
  if (comment !== null) text += `.comment(${quote(comment)})`;
  return text;
}

function idText(table: TableSpec, name: string): string {
  const kind = idKinds[table.id % idKinds.length] ?? idKinds[0];
  return `${kind.dsl}.primaryKey(${table.namedKey ? `{ name: ${quote(`${name}_key`)} }` : ""})`;
}

function referenceText(model: ModelSpec, table: TableSpec): string | null {
  if (table.references < 0) return null;
  const target = model.tables[table.references] as TableSpec;
  const kind = idKinds[target.id % idKinds.length] ?? idKinds[0];
  const name = tableNames[table.references] as string;
  return `${kind.base}.references(() => ${name}.id, { onDelete: ${quote(actions[table.onDelete % actions.length] ?? "no action")} })`;
}

function optionsText(table: TableSpec, name: string): string {
  const options: string[] = [];
  const uniques: string[] = [];
  if (table.uniqueS && has(table, "s")) uniques.push('["s"]');
  if (table.uniqueSN && has(table, "s") && has(table, "n")) uniques.push(`{ name: ${quote(`${name}_s_n_uq`)}, columns: ["s", "n"] }`);
  if (uniques.length > 0) options.push(`uniques: [${uniques.join(", ")}]`);
  const checks: string[] = [];
  if (table.checkN && has(table, "n")) checks.push("check(sql`n >= 0`)");
  if (table.checkS && has(table, "s")) checks.push(`check(${quote(`${name}_s_nonempty`)}, sql\`s <> ''\`)`);
  if (checks.length > 0) options.push(`checks: [${checks.join(", ")}]`);
  const indexes: string[] = [];
  const sIndexes = ['index().on("s")', 'index().on("s").using("hash")', `uniqueIndex(${quote(`${name}_s_uidx`)}).on("s", "id")`];
  const nIndexes = ['index().on("n")', `index(${quote(`${name}_n_part`)}).on("n").where(sql\`n > 0\`)`, 'uniqueIndex().on("n", "id")'];
  if (table.indexS > 0 && has(table, "s")) indexes.push(sIndexes[(table.indexS - 1) % sIndexes.length] as string);
  if (table.indexN > 0 && has(table, "n")) indexes.push(nIndexes[(table.indexN - 1) % nIndexes.length] as string);
  if (table.indexT && has(table, "t")) indexes.push('index().on("t").using("brin")');
  if (table.indexA && has(table, "a")) indexes.push('index().on("a").using("gin")');
  if (indexes.length > 0) options.push(`indexes: [${indexes.join(", ")}]`);
  const comment = comments[table.comment % comments.length] ?? null;
  if (comment !== null) options.push(`comment: ${quote(comment)}`);
  return options.length === 0 ? "" : `, { ${options.join(", ")} }`;
}

/** The columns a table of the spec declares, with their type choices (the rows use them). */
export function presentColumns(table: TableSpec): { name: string; slot: SlotName; type: TypeChoice; column: ColumnSpec }[] {
  return (Object.keys(slots) as SlotName[])
    .filter((slot) => has(table, slot))
    .map((slot) => ({ name: columnName(slot, table.columns[slot]), slot, type: typeOf(slot, table.columns[slot]), column: table.columns[slot] }));
}

function tableText(model: ModelSpec, index: number, previous: TableSpec | undefined): string {
  const table = model.tables[index] as TableSpec;
  const name = tableNames[index] as string;
  const before = previous?.present === true ? previous : undefined;
  const columns = [
    `id: ${idText(table, name)}`,
    ...presentColumns(table).map((c) => `${c.name}: ${columnText(model, c.slot, c.column, before?.columns[c.slot])}`),
  ];
  const reference = referenceText(model, table);
  if (reference !== null) columns.push(`ref_${tableNames[table.references]}: ${reference}`);
  const maker = index === 2 ? "aux.table" : "table";
  return `export const ${name} = ${maker}(${quote(name)}, { ${columns.join(", ")} }${optionsText(table, name)});`;
}

/**
 * The TypeScript module of a (repaired) spec, as a user would write it; given the model it
 * follows, with the one-shot hints the change needs (`.using` for text → enum).
 */
export function moduleText(spec: ModelSpec, previous?: ModelSpec): string {
  const model = repairModel(spec);
  const old = previous === undefined ? undefined : repairModel(previous);
  const lines: string[] = [];
  if (model.aux) lines.push('export const aux = pgSchema("aux");');
  if (model.mood >= 0) lines.push(`export const mood = enumType("mood", ${JSON.stringify(moodVariants[model.mood % moodVariants.length])});`);
  if (model.level >= 0) lines.push(`export const level = aux.enumType("level", ${JSON.stringify(levelVariants[model.level % levelVariants.length])});`);
  model.tables.forEach((t, i) => {
    if (t.present) lines.push(tableText(model, i, old?.tables[i]));
  });
  const used = Object.keys(dsl).filter((name) => lines.some((line) => new RegExp(`\\b${name}\\b`).test(line)));
  return [`import { ${used.sort().join(", ")} } from "schemac";`, ...lines, ""].join("\n");
}

const dslNames = Object.keys(dsl);
const dslValues = Object.values(dsl);

/**
 * The graph of a module written by `moduleText`, read as the compiler reads the runtime DSL:
 * the module is run with the DSL's functions (its import line dropped, `export` removed), its
 * declarations taken from the registry, resolved and validated.
 */
export function moduleGraph(text: string): Graph {
  const body = text
    .split("\n")
    .filter((line) => !line.startsWith("import "))
    .map((line) => line.replace(/^export /, ""))
    .join("\n");
  takeDeclarations();
  new Function(...dslNames, body)(...dslValues);
  const decls = takeDeclarations();
  const graph = resolveGraph(decls);
  const errors = validateGraph(decls, graph).filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`the random model is invalid (${errors.map((d) => `${d.code} ${d.message}`).join("; ")}):\n${text}`);
  return graph;
}
