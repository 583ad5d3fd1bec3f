/**
 * Renders a monolith model in the schemac DSL: one `src/modules/<m>/schema.ts` per module,
 * importing from "schemac", with cross-module foreign keys through imports of the other modules.
 */
import type { ColumnDefault, ColumnModel, ColumnType, ModuleModel, MonolithModel, TableModel } from "./model.js";

/** The files of the schemac project, keyed by path relative to the project root. */
export function renderSchemacProject(model: MonolithModel): Map<string, string> {
  const files = new Map<string, string>();
  files.set("schemac.config.json", `${JSON.stringify({ modules: ["src/modules/**/*.ts"], out: "generated" }, null, 2)}\n`);
  files.set("package.json", `${JSON.stringify({ name: "bench-monolith", private: true, type: "module" }, null, 2)}\n`);
  for (const module of model.modules) files.set(schemaPath(module), renderSchemacModule(module));
  return files;
}

/** The path of a module's schema file, relative to the project root. */
export function schemaPath(module: ModuleModel): string {
  return `src/modules/${module.name}/schema.ts`;
}

/** One module's `schema.ts` in the schemac DSL. */
export function renderSchemacModule(module: ModuleModel): string {
  const builders = new Set<string>(["table", "enumType", "sql"]);
  for (const table of module.tables) {
    builders.add(table.index.unique ? "uniqueIndex" : "index");
    for (const column of table.columns) if (column.type.kind !== "enum") builders.add(column.type.kind);
  }
  const lines = [
    `import { ${[...builders].sort().join(", ")} } from "schemac";`,
    ...foreignImports(module),
    "",
    `export const ${module.enumType.exportName} = enumType(${JSON.stringify(module.enumType.name)}, ${JSON.stringify(module.enumType.values)});`,
  ];
  for (const table of module.tables) lines.push("", ...renderTable(module, table));
  return `${lines.join("\n")}\n`;
}

/** `import { a, b } from "../mNN/schema";` for every other module this module references. */
export function foreignImports(module: ModuleModel): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const table of module.tables) {
    for (const column of table.columns) {
      const ref = column.references;
      if (ref === null) continue;
      const dir = ref.table.slice(0, ref.table.indexOf("_"));
      if (dir === module.name) continue;
      byModule.set(dir, (byModule.get(dir) ?? new Set()).add(ref.table));
    }
  }
  return [...byModule.keys()].sort().map((dir) => {
    const names = [...(byModule.get(dir) ?? [])].sort().join(", ");
    return `import { ${names} } from "../${dir}/schema";`;
  });
}

function renderTable(module: ModuleModel, table: TableModel): string[] {
  const index = `${table.index.unique ? "uniqueIndex" : "index"}(${JSON.stringify(table.index.name)}).on(${JSON.stringify(table.index.column)})`;
  return [
    `export const ${table.name} = table(${JSON.stringify(table.name)}, {`,
    ...table.columns.map((c) => `  ${c.name}: ${renderColumn(module, c)},`),
    `}, {`,
    `  indexes: [${index}],`,
    `});`,
  ];
}

function renderType(module: ModuleModel, type: ColumnType): string {
  switch (type.kind) {
    case "varchar":
      return `varchar(${type.length})`;
    case "numeric":
      return `numeric(${type.precision}, ${type.scale})`;
    case "enum":
      return `${module.enumType.exportName}()`;
    default:
      return `${type.kind}()`;
  }
}

function renderDefault(value: ColumnDefault): string {
  return value.kind === "sql" ? `sql\`${value.text}\`` : JSON.stringify(value.value);
}

function renderColumn(module: ModuleModel, column: ColumnModel): string {
  let out = renderType(module, column.type);
  if (column.primaryKey) out += ".primaryKey()";
  else if (column.notNull) out += ".notNull()";
  if (column.default !== null) out += `.default(${renderDefault(column.default)})`;
  if (column.references !== null) {
    out += `.references(() => ${column.references.table}.id, { onDelete: ${JSON.stringify(column.references.onDelete)} })`;
  }
  return out;
}
