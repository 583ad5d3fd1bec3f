/**
 * Renders the same monolith model in drizzle-orm's `pg-core` DSL, with a `drizzle.config.ts`
 * for `drizzle-kit generate` (dialect postgresql, migrations in `./drizzle`).
 */
import { foreignImports, schemaPath } from "./emit-schemac.js";
import type { ColumnDefault, ColumnModel, ColumnType, ModuleModel, MonolithModel, TableModel } from "./model.js";

/** The folder, relative to the drizzle project, where drizzle-kit writes its migrations. */
export const drizzleOut = "drizzle";

const drizzleConfig = `import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/modules/*/schema.ts",
  out: "./${drizzleOut}",
});
`;

/** The files of the drizzle project, keyed by path relative to the project root. */
export function renderDrizzleProject(model: MonolithModel): Map<string, string> {
  const files = new Map<string, string>();
  files.set("drizzle.config.ts", drizzleConfig);
  for (const module of model.modules) files.set(schemaPath(module), renderDrizzleModule(module));
  return files;
}

/** One module's `schema.ts` in drizzle-orm's pg-core DSL. */
export function renderDrizzleModule(module: ModuleModel): string {
  const builders = new Set<string>(["pgTable", "pgEnum"]);
  for (const table of module.tables) {
    builders.add(table.index.unique ? "uniqueIndex" : "index");
    for (const column of table.columns) {
      if (column.type.kind === "enum") continue;
      builders.add(column.type.kind === "timestamptz" ? "timestamp" : column.type.kind);
    }
  }
  const lines = [
    `import { sql } from "drizzle-orm";`,
    `import { ${[...builders].sort().join(", ")} } from "drizzle-orm/pg-core";`,
    ...foreignImports(module),
    "",
    `export const ${module.enumType.exportName} = pgEnum(${JSON.stringify(module.enumType.name)}, ${JSON.stringify(module.enumType.values)});`,
  ];
  for (const table of module.tables) lines.push("", ...renderTable(module, table));
  return `${lines.join("\n")}\n`;
}

function renderTable(module: ModuleModel, table: TableModel): string[] {
  const index = `${table.index.unique ? "uniqueIndex" : "index"}(${JSON.stringify(table.index.name)}).on(t.${table.index.column})`;
  return [
    `export const ${table.name} = pgTable(${JSON.stringify(table.name)}, {`,
    ...table.columns.map((c) => `  ${c.name}: ${renderColumn(module, c)},`),
    `}, (t) => [${index}]);`,
  ];
}

function renderType(module: ModuleModel, name: string, type: ColumnType): string {
  const quoted = JSON.stringify(name);
  switch (type.kind) {
    case "varchar":
      return `varchar(${quoted}, { length: ${type.length} })`;
    case "numeric":
      return `numeric(${quoted}, { precision: ${type.precision}, scale: ${type.scale} })`;
    case "timestamptz":
      return `timestamp(${quoted}, { withTimezone: true })`;
    case "enum":
      return `${module.enumType.exportName}(${quoted})`;
    default:
      return `${type.kind}(${quoted})`;
  }
}

function renderDefault(type: ColumnType, value: ColumnDefault): string {
  if (value.kind === "sql") return `sql\`${value.text}\``;
  // drizzle-orm types numeric values as strings.
  if (type.kind === "numeric") return JSON.stringify(String(value.value));
  return JSON.stringify(value.value);
}

function renderColumn(module: ModuleModel, column: ColumnModel): string {
  let out = renderType(module, column.name, column.type);
  if (column.primaryKey) out += ".primaryKey()";
  else if (column.notNull) out += ".notNull()";
  if (column.default !== null) out += `.default(${renderDefault(column.type, column.default)})`;
  if (column.references !== null) {
    out += `.references(() => ${column.references.table}.id, { onDelete: ${JSON.stringify(column.references.onDelete)} })`;
  }
  return out;
}
