/**
 * Writes a `ModelSpec` out as the TypeScript module a user would write, with the one-shot hints
 * the change from the previous model needs (`renamedFrom`, `renamedValues`, `.using`), and reads
 * such a module back into a graph the way the compiler reads the runtime DSL. The tests run that
 * very text, so a failing pair prints as a case file that reproduces it.
 */
import type { Graph } from "../../compiler/graph.js";
import { resolveGraph } from "../../compiler/resolve.js";
import { validateGraph } from "../../compiler/validate.js";
import * as dsl from "../../schema/index.js";
import { takeDeclarations } from "../../schema/registry.js";
import {
  actions,
  auxName,
  comments,
  defaultOf,
  has,
  idKinds,
  levelVariants,
  moodName,
  moodValues,
  presentColumns,
  repairModel,
  slots,
  tableName,
  tableNames,
  typeOf,
  columnName,
  type ColumnSpec,
  type ModelSpec,
  type SlotName,
  type TableSpec,
} from "./model-spec.js";

const quote = (text: string): string => JSON.stringify(text);

/** The model being written and the one it follows (for hints), both repaired. */
interface Context {
  readonly model: ModelSpec;
  readonly old: ModelSpec | undefined;
}

/** The previous spec of table `index` when it was there, for hints. */
function previousTable(context: Context, index: number): TableSpec | undefined {
  const table = context.old?.tables[index];
  return table?.present === true ? table : undefined;
}

function columnText(context: Context, slot: SlotName, column: ColumnSpec, previous: ColumnSpec | undefined): string {
  const { model } = context;
  let text = typeOf(slot, column).dsl;
  const was = previous?.present === true ? previous : undefined;
  const name = columnName(slot, column);
  // A named slot's other type is another column (dropped and added), never a rename.
  if (was !== undefined && !slots[slot].named && columnName(slot, was) !== name) text += `.renamedFrom(${quote(columnName(slot, was))})`;
  // text → mood has no cast PostgreSQL applies by itself: the model says how, as a user must.
  if (was !== undefined && typeOf(slot, was).dsl === "text()" && text.startsWith("mood()")) text += `.using(sql\`${name}::${moodName(model)}\`)`;
  const value = defaultOf(model, slot, column);
  if (value !== null) text += `.default(${value})`;
  if (column.notNull) text += ".notNull()";
  if (column.collate && slots[slot].collatable) text += '.collate("C")';
  const comment = comments[column.comment % comments.length] ?? null;
  if (comment !== null) text += `.comment(${quote(comment)})`;
  return text;
}

function primaryKeyName(model: ModelSpec, index: number, table: TableSpec): string {
  return table.namedKey ? `${tableNames[index]}_key` : `${tableName(model, index)}_pkey`;
}

function idText(context: Context, index: number): string {
  const table = context.model.tables[index] as TableSpec;
  const kind = idKinds[table.id % idKinds.length] ?? idKinds[0];
  const options: string[] = [];
  if (table.namedKey) options.push(`name: ${quote(`${tableNames[index]}_key`)}`);
  const previous = previousTable(context, index);
  if (previous !== undefined && context.old !== undefined && previous.namedKey !== table.namedKey) {
    options.push(`renamedFrom: ${quote(primaryKeyName(context.old, index, previous))}`);
  }
  return `${kind.dsl}.primaryKey(${options.length > 0 ? `{ ${options.join(", ")} }` : ""})`;
}

function referenceText(model: ModelSpec, table: TableSpec): string | null {
  if (table.references < 0) return null;
  const target = model.tables[table.references] as TableSpec;
  const kind = idKinds[target.id % idKinds.length] ?? idKinds[0];
  const name = tableNames[table.references] as string;
  return `${kind.base}.references(() => ${name}.id, { onDelete: ${quote(actions[table.onDelete % actions.length] ?? "no action")} })`;
}

/** An explicit constraint or index name, and the hint when it was spelled otherwise before. */
function named(base: string, table: TableSpec, previous: TableSpec | undefined, existed: boolean): { name: string; from: string | null } {
  const spell = (t: TableSpec): string => `${base}${t.renamedConstraints ? "_v2" : ""}`;
  const from = existed && previous !== undefined && spell(previous) !== spell(table) ? spell(previous) : null;
  return { name: spell(table), from };
}

function constraintsText(context: Context, index: number, table: TableSpec): string[] {
  const previous = previousTable(context, index);
  const base = tableNames[index] as string;
  const col = (slot: SlotName): string => quote(columnName(slot, table.columns[slot]));
  const options: string[] = [];
  const uniques: string[] = [];
  if (table.uniqueS && has(table, "s")) uniques.push(`[${col("s")}]`);
  if (table.uniqueSN && has(table, "s") && has(table, "n")) {
    const u = named(`${base}_s_n_uq`, table, previous, previous?.uniqueSN === true && has(previous, "s") && has(previous, "n"));
    uniques.push(`{ name: ${quote(u.name)}, columns: [${col("s")}, ${col("n")}]${u.from === null ? "" : `, renamedFrom: ${quote(u.from)}`} }`);
  }
  if (uniques.length > 0) options.push(`uniques: [${uniques.join(", ")}]`);
  const checks: string[] = [];
  const n = columnName("n", table.columns.n);
  const s = columnName("s", table.columns.s);
  if (table.checkN && has(table, "n")) checks.push(`check(sql\`${n} >= 0\`)`);
  if (table.checkS && has(table, "s")) {
    const c = named(`${base}_s_nonempty`, table, previous, previous?.checkS === true && has(previous, "s"));
    checks.push(`check(${quote(c.name)}, sql\`${s} <> ''\`${c.from === null ? "" : `, { renamedFrom: ${quote(c.from)} }`})`);
  }
  if (checks.length > 0) options.push(`checks: [${checks.join(", ")}]`);
  const indexes = indexesText(table, previous, base);
  if (indexes.length > 0) options.push(`indexes: [${indexes.join(", ")}]`);
  return options;
}

function indexesText(table: TableSpec, previous: TableSpec | undefined, base: string): string[] {
  const n = quote(columnName("n", table.columns.n));
  const s = quote(columnName("s", table.columns.s));
  const hint = (from: string | null): string => (from === null ? "" : `.renamedFrom(${quote(from)})`);
  const indexes: string[] = [];
  if (table.indexS > 0 && has(table, "s")) {
    const choice = (table.indexS - 1) % 3;
    const u = named(`${base}_s_uidx`, table, previous, previous !== undefined && has(previous, "s") && previous.indexS > 0 && (previous.indexS - 1) % 3 === 2);
    indexes.push([`index().on(${s})`, `index().on(${s}).using("hash")`, `uniqueIndex(${quote(u.name)}).on(${s}, "id")${hint(u.from)}`][choice] as string);
  }
  if (table.indexN > 0 && has(table, "n")) {
    const choice = (table.indexN - 1) % 3;
    const p = named(`${base}_n_part`, table, previous, previous !== undefined && has(previous, "n") && previous.indexN > 0 && (previous.indexN - 1) % 3 === 1);
    const column = columnName("n", table.columns.n);
    indexes.push([`index().on(${n})`, `index(${quote(p.name)}).on(${n}).where(sql\`${column} > 0\`)${hint(p.from)}`, `uniqueIndex().on(${n}, "id")`][choice] as string);
  }
  if (table.indexT && has(table, "t")) indexes.push(`index().on(${quote(columnName("t", table.columns.t))}).using("brin")`);
  if (table.indexA && has(table, "a")) indexes.push(`index().on(${quote(columnName("a", table.columns.a))}).using("gin")`);
  return indexes;
}

function tableText(context: Context, index: number): string {
  const { model } = context;
  const table = model.tables[index] as TableSpec;
  const previous = previousTable(context, index);
  const columns = [
    `id: ${idText(context, index)}`,
    ...presentColumns(table).map((c) => `${c.name}: ${columnText(context, c.slot, c.column, previous?.columns[c.slot])}`),
  ];
  const reference = referenceText(model, table);
  if (reference !== null) columns.push(`ref_${tableNames[table.references]}: ${reference}`);
  const options = constraintsText(context, index, table);
  const comment = comments[table.comment % comments.length] ?? null;
  if (comment !== null) options.push(`comment: ${quote(comment)}`);
  const name = tableName(model, index);
  if (previous !== undefined && context.old !== undefined && tableName(context.old, index) !== name) options.push(`renamedFrom: ${quote(tableName(context.old, index))}`);
  const maker = index === 2 ? "aux.table" : "table";
  const rest = options.length === 0 ? "" : `, { ${options.join(", ")} }`;
  return `export const ${tableNames[index]} = ${maker}(${quote(name)}, { ${columns.join(", ")} }${rest});`;
}

function enumText(context: Context): string {
  const { model, old } = context;
  const options: string[] = [];
  if (old !== undefined && old.mood >= 0) {
    if (moodName(old) !== moodName(model)) options.push(`renamedFrom: ${quote(moodName(old))}`);
    if (old.sadRenamed !== model.sadRenamed) {
      const [to, from] = model.sadRenamed ? ["blue", "sad"] : ["sad", "blue"];
      options.push(`renamedValues: { ${to}: ${quote(from)} }`);
    }
  }
  const rest = options.length === 0 ? "" : `, { ${options.join(", ")} }`;
  return `export const mood = enumType(${quote(moodName(model))}, ${JSON.stringify(moodValues(model))}${rest});`;
}

/**
 * The TypeScript module of a (repaired) spec, as a user would write it; given the model it
 * follows, with the one-shot hints the change needs.
 */
export function moduleText(spec: ModelSpec, previous?: ModelSpec): string {
  const model = repairModel(spec);
  const context: Context = { model, old: previous === undefined ? undefined : repairModel(previous) };
  const lines: string[] = [];
  if (model.aux) {
    const was = context.old?.aux === true && auxName(context.old) !== auxName(model) ? `, { renamedFrom: ${quote(auxName(context.old))} }` : "";
    lines.push(`export const aux = pgSchema(${quote(auxName(model))}${was});`);
  }
  if (model.mood >= 0) lines.push(enumText(context));
  if (model.level >= 0) lines.push(`export const level = aux.enumType("level", ${JSON.stringify(levelVariants[model.level % levelVariants.length])});`);
  model.tables.forEach((t, i) => {
    if (t.present) lines.push(tableText(context, i));
  });
  const used = Object.keys(dsl).filter((name) => lines.some((line) => new RegExp(`(^|[^.\\w])${name}[(\`]`).test(line)));
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
