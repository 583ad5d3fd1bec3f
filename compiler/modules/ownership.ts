/**
 * Ownership: every table, enum and Postgres schema belongs to the module whose file declares it.
 * The module is named from the file's project-relative path, by the config's `"moduleOf"`
 * patterns or, by default, as the folder under the modules root of the glob that selected the
 * file. The name goes into the graph's `module` fields, which the snapshot never stores.
 */
import type { Config } from "../config.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { globMatcher, isExclusion } from "../discover.js";
import type { EnumType, Graph, PgSchema, Span, Table } from "../graph.js";
import { modulePlaceholder } from "./rules.js";

/**
 * The modules root of a glob: its leading path segments up to (not including) the first one
 * with a glob character (`*`, `?`, `{`, `[`, `(`, `!`). `src/modules/**\/*.ts` → `src/modules`; `**\/*.ts` → ``
 * (the project root).
 */
export function modulesRoot(glob: string): string {
  const segments = glob.replace(/^\.\//, "").split("/");
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?{[(!]/.test(segment)) break;
    literal.push(segment);
  }
  return literal.join("/");
}

/** Names the module of a project-relative file path; null when no rule names one. */
export type ModuleNamer = (path: string) => string | null;

/** The module namer a config asks for: its `"moduleOf"` patterns, else the default rule. */
export function moduleNamer(config: Pick<Config, "modules" | "moduleOf">): ModuleNamer {
  const patterns = config.moduleOf ?? [];
  if (patterns.length > 0) {
    const namers = patterns.map(patternNamer);
    return (path) => {
      for (const name of namers) {
        const found = name(path);
        if (found !== null) return found;
      }
      return null;
    };
  }
  const globs = config.modules.filter((g) => !isExclusion(g)).map((glob) => ({ root: modulesRoot(glob), matches: globMatcher(glob) }));
  return (path) => {
    const roots = globs.filter((g) => g.matches(path)).map((g) => g.root);
    if (roots.length === 0) return null;
    const root = roots.reduce((a, b) => (b.length > a.length ? b : a));
    const rest = root === "" ? path : path.slice(root.length + 1);
    const segments = rest.split("/");
    // A file directly in the root is a module of its own, named by the file: src/modules/audit.ts → audit.
    return segments.length > 1 ? (segments[0] ?? null) : rest.replace(/\.ts$/, "");
  };
}

/**
 * One `"moduleOf"` pattern: the path must match it as a glob with `<module>` read as `*`, and the
 * module is what `<module>` stands for in its path segment (rules.ts allows no `**` before it, so
 * the segment is found by its index): `src/<module>.schema.ts` names `src/audit.schema.ts` audit.
 */
function patternNamer(pattern: string): ModuleNamer {
  const segments = pattern.replace(/^\.\//, "").split("/");
  const index = segments.findIndex((s) => s.includes(modulePlaceholder));
  const [prefix = "", suffix = ""] = (segments[index] ?? "").split(modulePlaceholder);
  const matches = globMatcher(pattern.replace(modulePlaceholder, "*"));
  return (path) => {
    if (!matches(path)) return null;
    const segment = path.split("/")[index] ?? "";
    const module = segment.slice(prefix.length, segment.length - suffix.length);
    return module.length > 0 && segment.startsWith(prefix) && segment.endsWith(suffix) ? module : null;
  };
}

/** The graph with every object's module filled in, and SC1010 for each file no rule names. */
export function assignModules(graph: Graph, config: Pick<Config, "modules" | "moduleOf">): { graph: Graph; diagnostics: Diagnostic[] } {
  const nameOf = moduleNamer(config);
  const unnamed = new Map<string, Span>();
  const moduleAt = (span: Span | undefined): string | undefined => {
    if (span === undefined) return undefined;
    const module = nameOf(span.file);
    if (module !== null) return module;
    const first = unnamed.get(span.file);
    if (first === undefined || span.start < first.start) unnamed.set(span.file, span);
    return undefined;
  };
  const withModule = <T extends Table | EnumType | PgSchema>(object: T, module: string | undefined): T =>
    module === undefined ? object : { ...object, module };
  const tables = graph.tables.map((t) => withModule(t, moduleAt(t.span)));
  const enums = graph.enums.map((e) => withModule(e, moduleAt(e.span)));
  // A schema that no pgSchema() call declares (only `x.table(...)` names it) belongs to the
  // module of the first table or enum in it.
  const firstIn = (schema: string): string | undefined =>
    [...tables, ...enums].find((o) => o.schema === schema && o.module !== undefined)?.module;
  const schemas = graph.schemas.map((s) => withModule(s, s.span === undefined ? firstIn(s.name) : (moduleAt(s.span) ?? firstIn(s.name))));
  const patterns = (config.moduleOf ?? []).join(", ");
  const diagnostics = [...unnamed].map(([file, span]) => diagnostic("ModuleUnnamed", span, file, patterns));
  return { graph: { ...graph, schemas, enums, tables }, diagnostics };
}

/** The modules that own something in a graph, sorted. */
export function modulesOf(graph: Graph): string[] {
  const all = [...graph.schemas, ...graph.enums, ...graph.tables].flatMap((o) => (o.module === undefined ? [] : [o.module]));
  return [...new Set(all)].sort();
}
