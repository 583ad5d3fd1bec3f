/**
 * The third phase of `schemac pull`: prints each module of the plan as TypeScript laid out like
 * hand-written code (two-space indent, one column per line, trailing commas, lines kept under
 * 100 characters where a list can break), with imports sorted, so that the same database always
 * gives the same bytes.
 */
import { posix } from "node:path";
import type {
  CheckDecl,
  ColumnDecl,
  DefaultDecl,
  EnumDecl,
  ForeignKeyDecl,
  IndexDecl,
  KeyDecl,
  LiteralValue,
  ReferenceDecl,
  TableDecl,
  TypeDecl,
} from "../../schema/declarations.js";
import { declKey, type ModulePlan, type PullPlan } from "./modules.js";

/** A file to write, relative to the output directory. */
export interface PulledFile {
  readonly path: string;
  readonly content: string;
}

/** The first line of every pulled file; `pull --force` replaces only files that start with it. */
export const pulledHeader = "// Pulled from the database by `schemac pull`. Edit freely: from now on this file is the model.";

const width = 100;

/** Where repeated column groups are written. */
const groupsFile = "shared/columns.ts";

/** Collects what a file uses: names from "schemac" and declarations from other files. */
class Imports {
  readonly dsl = new Set<string>();
  readonly local = new Map<string, Set<string>>();
  constructor(
    private readonly plan: PullPlan,
    private readonly file: string,
  ) {}
  use(name: string): string {
    this.dsl.add(name);
    return name;
  }
  /** The identifier of a table or enum, imported when another file declares it. */
  declaration(key: string): string {
    const name = this.plan.identifiers.get(key) ?? "unknown";
    const home = this.plan.homes.get(key) ?? "";
    return this.from(posix.join(home, key.startsWith("e:") ? "enums.ts" : "schema.ts"), name);
  }
  /** A column group, imported from the leaf file `shared/columns.ts`. */
  group(name: string): string {
    return this.from(groupsFile, name);
  }
  private from(target: string, name: string): string {
    if (target !== this.file) {
      let specifier = posix.relative(posix.dirname(this.file), target).replace(/\.ts$/, ".js");
      if (!specifier.startsWith(".")) specifier = `./${specifier}`;
      const names = this.local.get(specifier) ?? new Set<string>();
      names.add(name);
      this.local.set(specifier, names);
    }
    return name;
  }
  render(): string {
    const list = (names: Set<string>): string => [...names].sort().join(", ");
    const lines = [`import { ${list(this.dsl)} } from "schemac";`];
    for (const specifier of [...this.local.keys()].sort()) lines.push(`import { ${list(this.local.get(specifier) ?? new Set())} } from "${specifier}";`);
    return lines.map((l) => (l.length <= width ? l : breakImport(l))).join("\n");
  }
}

function breakImport(line: string): string {
  const match = /^import \{ (.*) \} from (.*)$/.exec(line);
  if (match === null) return line;
  return `import {\n${(match[1] ?? "").split(", ").map((n) => `  ${n},`).join("\n")}\n} from ${match[2] ?? ""}`;
}

const string = (text: string): string => JSON.stringify(text);

/** A property key: bare when it is an identifier, else quoted. */
function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : string(name);
}

/** A member access: `t.col`, or `t["odd col"]`. */
function member(object: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${object}.${name}` : `${object}[${string(name)}]`;
}

/** A `sql` template holding `text` verbatim (backslashes, backticks and `${` escaped). */
function sqlTemplate(imports: Imports, text: string): string {
  return `${imports.use("sql")}\`${text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
}

function literal(value: LiteralValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  const entries = Object.entries(value as { readonly [key: string]: LiteralValue });
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${literal(v)}`).join(", ")} }`;
}

function typeCall(imports: Imports, type: TypeDecl): string {
  const base = type.kind === "enum" ? `${imports.declaration(declKey("e", type.enum.schema, type.enum.name))}()` : `${imports.use(type.name)}(${type.params.join(", ")})`;
  return base + ".array()".repeat(type.dimensions);
}

function nameOption(given: { readonly name?: string } | undefined): string {
  return given?.name === undefined ? "" : `{ name: ${string(given.name)} }`;
}

function referenceOptions(ref: ReferenceDecl & { readonly name?: string }): string[] {
  return [
    ...(ref.onDelete === undefined ? [] : [`onDelete: ${string(ref.onDelete)}`]),
    ...(ref.onUpdate === undefined ? [] : [`onUpdate: ${string(ref.onUpdate)}`]),
    ...(ref.name === undefined ? [] : [`name: ${string(ref.name)}`]),
  ];
}

function defaultValue(imports: Imports, value: DefaultDecl): string {
  return value.kind === "sql" ? sqlTemplate(imports, value.text) : literal(value.value);
}

function columnLine(imports: Imports, column: ColumnDecl): string {
  let text = typeCall(imports, column.type);
  if (column.identity !== undefined) {
    const { always, ...options } = column.identity;
    const entries = Object.entries(options).map(([k, v]) => `${k}: ${String(v)}`);
    text += `.identity(${string(always ? "always" : "by default")}${entries.length > 0 ? `, { ${entries.join(", ")} }` : ""})`;
  }
  if (column.primaryKey !== undefined) text += `.primaryKey(${nameOption(column.primaryKey)})`;
  if (column.notNull) text += ".notNull()";
  if (column.unique !== undefined) text += `.unique(${nameOption(column.unique)})`;
  if (column.default !== undefined) text += `.default(${defaultValue(imports, column.default)})`;
  if (column.generatedAs !== undefined) text += `.generatedAs(${sqlTemplate(imports, column.generatedAs)})`;
  if (column.collate !== undefined) text += `.collate(${string(column.collate)})`;
  if (column.references !== undefined) {
    const ref = column.references;
    const target = member(imports.declaration(declKey("t", ref.table.schema, ref.table.name)), ref.columns[0] ?? "");
    const options = referenceOptions(ref);
    text += `.references(() => ${target}${options.length > 0 ? `, { ${options.join(", ")} }` : ""})`;
  }
  if (column.comment !== undefined) text += `.comment(${string(column.comment)})`;
  return `${propertyKey(column.name)}: ${text},`;
}

function keyOption(key: KeyDecl): string {
  const columns = `[${key.columns.map(string).join(", ")}]`;
  return key.name === undefined ? columns : `{ name: ${string(key.name)}, columns: ${columns} }`;
}

function indexCall(imports: Imports, index: IndexDecl): string {
  let text = `${imports.use(index.unique ? "uniqueIndex" : "index")}(${index.name === undefined ? "" : string(index.name)})`;
  text += `.on(${index.columns.map(string).join(", ")})`;
  if (index.using !== undefined) text += `.using(${string(index.using)})`;
  if (index.where !== undefined) text += `.where(${sqlTemplate(imports, index.where)})`;
  return text;
}

function checkCall(imports: Imports, check: CheckDecl): string {
  return `${imports.use("check")}(${check.name === undefined ? "" : `${string(check.name)}, `}${sqlTemplate(imports, check.expression)})`;
}

function foreignKeyCall(imports: Imports, fk: ForeignKeyDecl): string {
  const target = imports.declaration(declKey("t", fk.references.table.schema, fk.references.table.name));
  const parts = [
    `columns: [${fk.columns.map(string).join(", ")}]`,
    `references: () => [${fk.references.columns.map((c) => member(target, c)).join(", ")}]`,
    ...referenceOptions({ ...fk.references, ...(fk.name === undefined ? {} : { name: fk.name }) }),
  ];
  return `${imports.use("foreignKey")}({ ${parts.join(", ")} })`;
}

/** `key: [a, b],` on one line when it fits, else one item per line. */
function listOption(key: string, items: readonly string[], indent: string): string[] {
  const line = `${indent}${key}: [${items.join(", ")}],`;
  if (line.length <= width) return [line];
  return [`${indent}${key}: [`, ...items.map((i) => `${indent}  ${i},`), `${indent}],`];
}

function tableOptions(imports: Imports, table: TableDecl, indent: string): string[] {
  const lines: string[] = [];
  if (table.primaryKey !== undefined) lines.push(`${indent}primaryKey: ${keyOption(table.primaryKey)},`);
  if (table.uniques.length > 0) lines.push(...listOption("uniques", table.uniques.map(keyOption), indent));
  if (table.foreignKeys.length > 0) lines.push(...listOption("foreignKeys", table.foreignKeys.map((fk) => foreignKeyCall(imports, fk)), indent));
  if (table.indexes.length > 0) lines.push(...listOption("indexes", table.indexes.map((i) => indexCall(imports, i)), indent));
  if (table.checks.length > 0) lines.push(...listOption("checks", table.checks.map((c) => checkCall(imports, c)), indent));
  if (table.comment !== undefined) lines.push(`${indent}comment: ${string(table.comment)},`);
  return lines;
}

/** A table's column lines, with each repeated group spread (`...createdAtColumns,`). */
function columnLines(imports: Imports, plan: PullPlan, table: TableDecl, indent: string): string[] {
  const uses = plan.groups.uses.get(`${table.schema ?? "public"}.${table.name}`) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < table.columns.length; i++) {
    const use = uses.find((u) => u.start === i);
    if (use !== undefined) {
      lines.push(`${indent}...${imports.group(use.group.name)},`);
      i += use.group.columns.length - 1;
      continue;
    }
    const column = table.columns[i];
    if (column !== undefined) lines.push(`${indent}${columnLine(imports, column)}`);
  }
  return lines;
}

function tableBlock(imports: Imports, plan: PullPlan, table: TableDecl): string {
  const name = plan.identifiers.get(declKey("t", table.schema, table.name)) ?? "unknown";
  const callee = table.schema === null ? imports.use("table") : `${plan.identifiers.get(declKey("s", table.schema)) ?? "unknown"}.table`;
  const head = `export const ${name} = ${callee}(`;
  const options = tableOptions(imports, table, "    ");
  if (options.length === 0) {
    const columns = columnLines(imports, plan, table, "  ");
    return columns.length === 0 ? `${head}${string(table.name)}, {});` : `${head}${string(table.name)}, {\n${columns.join("\n")}\n});`;
  }
  const columns = columnLines(imports, plan, table, "    ");
  const body = columns.length === 0 ? ["  {},"] : ["  {", ...columns, "  },"];
  return [head, `  ${string(table.name)},`, ...body, "  {", ...options, "  },", ");"].join("\n");
}

function enumBlock(imports: Imports, plan: PullPlan, decl: EnumDecl): string {
  const name = plan.identifiers.get(declKey("e", decl.schema, decl.name)) ?? "unknown";
  const callee = decl.schema === null ? imports.use("enumType") : `${plan.identifiers.get(declKey("s", decl.schema)) ?? "unknown"}.enumType`;
  const one = `export const ${name} = ${callee}(${string(decl.name)}, [${decl.values.map(string).join(", ")}]);`;
  if (one.length <= width) return one;
  return `export const ${name} = ${callee}(${string(decl.name)}, [\n${decl.values.map((v) => `  ${string(v)},`).join("\n")}\n]);`;
}

function schemaConsts(imports: Imports, plan: PullPlan, schemas: readonly string[], exported: ReadonlySet<string>): string[] {
  return [...new Set(schemas)].sort().map((s) => `${exported.has(s) ? "export " : ""}const ${plan.identifiers.get(declKey("s", s)) ?? "unknown"} = ${imports.use("pgSchema")}(${string(s)});`);
}

function file(path: string, doc: string, imports: Imports, blocks: readonly string[]): PulledFile {
  const parts = [pulledHeader, `/** ${doc} */`, imports.render(), ...blocks];
  return { path, content: `${parts.join("\n\n")}\n` };
}

/** The leaf file of repeated column groups, or nothing when no group repeats. */
export function writeGroups(plan: PullPlan): PulledFile[] {
  if (plan.groups.groups.length === 0) return [];
  const imports = new Imports(plan, groupsFile);
  const blocks = plan.groups.groups.map((g) => `export const ${g.name} = {\n${g.columns.map((c) => `  ${columnLine(imports, c)}`).join("\n")}\n};`);
  return [file(groupsFile, "Column groups that several tables declare alike: a leaf file (it imports no module), spread into each table.", imports, blocks)];
}

/** The files of one module: `schema.ts` (tables) and, when it has enums, `enums.ts`. */
export function writeModule(plan: PullPlan, module: ModulePlan): PulledFile[] {
  const files: PulledFile[] = [];
  const label = module.folder === "" ? "all tables" : `module ${module.folder}`;
  if (module.enums.length > 0) {
    const path = posix.join(module.folder, "enums.ts");
    const imports = new Imports(plan, path);
    const schemas = schemaConsts(imports, plan, module.enums.flatMap((e) => (e.schema === null ? [] : [e.schema])), new Set());
    const enums = module.enums.map((e) => enumBlock(imports, plan, e));
    files.push(file(path, `Enum types of ${label}: a leaf file (it imports no module), so tables anywhere may use them.`, imports, [...(schemas.length > 0 ? [schemas.join("\n")] : []), ...enums]));
  }
  if (module.tables.length > 0 || module.emptySchemas.length > 0) {
    const path = posix.join(module.folder, "schema.ts");
    const imports = new Imports(plan, path);
    const tables = module.tables.map((t) => tableBlock(imports, plan, t));
    const used = module.tables.flatMap((t) => (t.schema === null ? [] : [t.schema]));
    const schemas = schemaConsts(imports, plan, [...used, ...module.emptySchemas], new Set(module.emptySchemas));
    files.push(file(path, `Tables of ${label}.`, imports, [...(schemas.length > 0 ? [schemas.join("\n")] : []), ...tables]));
  }
  return files;
}
