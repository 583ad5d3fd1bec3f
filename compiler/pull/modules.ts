/**
 * The second phase of `schemac pull`: which module each table and enum goes to, where each
 * module's files are, and the TypeScript name of every declaration. Modules are a PostgreSQL
 * schema (`--split-by schema`, the default), a table-name prefix such as `billing_` within a
 * schema (`--split-by prefix`), or one module for everything (`--split-by none`). Each module
 * has `schema.ts` (its tables) and, when it has enums, the leaf file `enums.ts`, which imports
 * nothing from the modules, so that an enum used while a module loads never comes through an
 * import cycle (foreign keys may form cycles: `references(() => …)` is lazy).
 */
import type { Decl, EnumDecl, TableDecl } from "../../schema/declarations.js";
import { findColumnGroups, type ColumnGroups } from "./groups.js";

/** How `pull` groups tables into modules. */
export type SplitBy = "schema" | "prefix" | "none";

/** The split modes, for usage checks. */
export const splitModes: readonly SplitBy[] = ["schema", "prefix", "none"];

/** One module: its folder (relative to the output directory, "" for none) and its declarations. */
export interface ModulePlan {
  readonly folder: string;
  readonly tables: readonly TableDecl[];
  readonly enums: readonly EnumDecl[];
  /** Postgres schemas declared in this module that hold no table of it (kept by `pgSchema`). */
  readonly emptySchemas: readonly string[];
}

/** The modules of a pull, and the name every declaration gets in TypeScript. */
export interface PullPlan {
  readonly modules: readonly ModulePlan[];
  /** `t:schema.name`, `e:schema.name` and `s:schema` → identifier. */
  readonly identifiers: ReadonlyMap<string, string>;
  /** `t:…` / `e:…` → the folder of the module that declares it. */
  readonly homes: ReadonlyMap<string, string>;
  /** Column groups repeated across tables, written once in `shared/columns.ts`. */
  readonly groups: ColumnGroups;
}

/** The key of a table (`t:`), enum (`e:`) or schema (`s:`) in the plan's maps. */
export function declKey(kind: "t" | "e" | "s", schema: string | null, name = ""): string {
  return kind === "s" ? `s:${schema ?? "public"}` : `${kind}:${schema ?? "public"}.${name}`;
}

/**
 * Words a declaration may not be named: JavaScript's reserved words and everything a pulled
 * file imports from "schemac".
 */
const taken: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval undefined " +
    "table pgSchema enumType sql index uniqueIndex check foreignKey smallint integer bigint serial bigserial numeric real " +
    "doublePrecision boolean text varchar char uuid date time timestamp timestamptz interval json jsonb bytea inet"
  ).split(" "),
);

function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  const safe = joined.length === 0 ? "unnamed" : joined;
  return /^\d/.test(safe) ? `_${safe}` : safe;
}

/** A folder name from a module name: lower case letters, digits, `_` and `-` only. */
function folderName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "");
  return cleaned.length === 0 ? "module" : cleaned;
}

/**
 * The module a table belongs to under the split mode (before folder naming). A prefix (the name
 * up to its first `_`) makes a module only when two or more tables of the schema share it;
 * a table whose prefix is its own is a module of its own name.
 */
function moduleOf(table: TableDecl, split: SplitBy, shared: ReadonlyMap<string, number>): string {
  const schema = table.schema ?? "public";
  if (split === "none") return "";
  if (split === "schema") return schema;
  const first = table.name.split("_")[0] || table.name;
  const prefix = (shared.get(`${schema}.${first}`) ?? 0) >= 2 ? first : table.name;
  return schema === "public" ? prefix : `${schema}_${prefix}`;
}

/** How many tables of each schema start with each prefix (`schema.prefix` → count). */
function prefixCounts(tables: readonly TableDecl[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const key = `${t.schema ?? "public"}.${t.name.split("_")[0] || t.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Groups the lifted declarations into modules and names them; stable for the same input. */
export function planModules(decls: readonly Decl[], split: SplitBy): PullPlan {
  const tables = decls.filter((d): d is TableDecl => d.kind === "table");
  const enums = decls.filter((d): d is EnumDecl => d.kind === "enum");
  const schemas = decls.flatMap((d) => (d.kind === "schema" ? [d.name] : []));
  const folders = new Map<string, string>();
  const folderOf = (module: string): string => {
    const existing = folders.get(module);
    if (existing !== undefined) return existing;
    const base = split === "none" ? "" : folderName(module);
    let folder = base;
    for (let n = 2; [...folders.values()].includes(folder); n++) folder = `${base}_${n}`;
    folders.set(module, folder);
    return folder;
  };
  const homes = new Map<string, string>();
  const shared = prefixCounts(tables);
  for (const t of tables) homes.set(declKey("t", t.schema, t.name), folderOf(moduleOf(t, split, shared)));
  for (const e of enums) {
    // In prefix mode an enum lives with the first table that uses it, else with its schema.
    const user = tables.find((t) => t.columns.some((c) => c.type.kind === "enum" && c.type.enum.name === e.name && c.type.enum.schema === e.schema));
    const module = split === "prefix" && user !== undefined ? moduleOf(user, split, shared) : split === "none" ? "" : (e.schema ?? "public");
    homes.set(declKey("e", e.schema, e.name), folderOf(module));
  }
  const emptySchemaHomes = new Map<string, string[]>();
  for (const s of schemas) {
    const used = [...homes.keys()].some((k) => k.startsWith(`t:${s}.`) || k.startsWith(`e:${s}.`));
    if (used) continue;
    const folder = folderOf(split === "none" ? "" : s);
    emptySchemaHomes.set(folder, [...(emptySchemaHomes.get(folder) ?? []), s]);
  }
  const modules = [...new Set(folders.values())].sort().map((folder) => ({
    folder,
    tables: tables.filter((t) => homes.get(declKey("t", t.schema, t.name)) === folder),
    enums: enums.filter((e) => homes.get(declKey("e", e.schema, e.name)) === folder),
    emptySchemas: emptySchemaHomes.get(folder) ?? [],
  }));
  const identifiers = nameDeclarations(tables, enums, schemas);
  return { modules, identifiers, homes, groups: findColumnGroups(tables, new Set([...identifiers.values(), ...taken])) };
}

/** Every table, enum and schema gets one identifier, unique across the whole pull. */
function nameDeclarations(tables: readonly TableDecl[], enums: readonly EnumDecl[], schemas: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const identifiers = new Map<string, string>();
  const claim = (key: string, candidates: readonly string[]): void => {
    const free = candidates.find((c) => !used.has(c) && !taken.has(c));
    let name = free ?? candidates[candidates.length - 1] ?? "unnamed";
    for (let n = 2; used.has(name) || taken.has(name); n++) name = `${candidates[candidates.length - 1] ?? "unnamed"}${n}`;
    used.add(name);
    identifiers.set(key, name);
  };
  for (const s of schemas) claim(declKey("s", s), [`${camelCase(s)}Schema`]);
  const qualified = (schema: string | null, name: string): string => camelCase(`${schema ?? ""}_${name}`);
  for (const e of enums) claim(declKey("e", e.schema, e.name), [camelCase(e.name), `${camelCase(e.name)}Enum`, qualified(e.schema, `${e.name}_enum`)]);
  for (const t of tables) claim(declKey("t", t.schema, t.name), [camelCase(t.name), `${camelCase(t.name)}Table`, qualified(t.schema, `${t.name}_table`)]);
  return identifiers;
}
