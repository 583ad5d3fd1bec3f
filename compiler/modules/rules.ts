/**
 * The config's two module sections, checked and parsed: `"moduleOf"` (how a file's module is
 * named) and `"boundaries"` (which module may reference which, and which must keep its tables
 * in a Postgres schema of its own). Shape problems are returned as sentences for SC1002.
 */

/** The placeholder a `"moduleOf"` pattern names the module with: `src/modules/<module>/**`. */
export const modulePlaceholder = "<module>";

/** One module's entry in `"boundaries"`. */
export interface BoundaryRule {
  readonly module: string;
  /** The modules its foreign keys may point at (besides its own tables), or "*" for any. */
  readonly references: readonly string[] | "*";
  /** True when its tables and enums must live in a Postgres schema it declares itself. */
  readonly ownSchema: boolean;
  /** The rule as written in the config, quoted by diagnostics: `"orders": ["users"]`. */
  readonly text: string;
}

/** The `"boundaries"` section: one rule per module it names, in the config's order. */
export interface Boundaries {
  readonly rules: readonly BoundaryRule[];
}

/** Parses `"moduleOf"`: a pattern or a list of patterns, each with `<module>` exactly once. */
export function parseModuleOf(value: unknown, problems: string[]): string[] {
  const patterns = typeof value === "string" ? [value] : value;
  const valid =
    Array.isArray(patterns) &&
    patterns.length > 0 &&
    patterns.every((p) => typeof p === "string" && p.split(modulePlaceholder).length === 2 && !p.startsWith("!") && !(p.split(modulePlaceholder)[0] ?? "").includes("**"));
  if (!valid) {
    problems.push(`"moduleOf" must be a path pattern, or a list of them, each with ${modulePlaceholder} once and no ** before it (e.g. "src/modules/${modulePlaceholder}/**")`);
    return [];
  }
  return patterns as string[];
}

const names = (list: unknown): list is string[] => Array.isArray(list) && list.every((m) => typeof m === "string" && m.length > 0);

/** Parses `"boundaries"`: `{ "billing": ["orders", "users"], "catalog": "*", "orders": { "references": ["users"], "ownSchema": true } }`. */
export function parseBoundaries(value: unknown, problems: string[]): Boundaries | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`"boundaries" must be an object from module name to the modules it may reference`);
    return null;
  }
  const rules: BoundaryRule[] = [];
  for (const [module, raw] of Object.entries(value as Record<string, unknown>)) {
    const text = `${JSON.stringify(module)}: ${JSON.stringify(raw)}`;
    const where = `"boundaries" entry ${JSON.stringify(module)}`;
    if (raw === "*" || names(raw)) {
      rules.push({ module, references: raw, ownSchema: false, text });
      continue;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problems.push(`${where} must be a list of module names, "*", or { "references": [...], "ownSchema": true }`);
      continue;
    }
    const record = raw as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => k !== "references" && k !== "ownSchema");
    for (const key of unknown) problems.push(`${where} has unknown key "${key}" (known: references, ownSchema)`);
    const references = record["references"] ?? [];
    const ownSchema = record["ownSchema"] ?? false;
    if (references !== "*" && !names(references)) problems.push(`${where}: "references" must be a list of module names or "*"`);
    if (typeof ownSchema !== "boolean") problems.push(`${where}: "ownSchema" must be true or false`);
    if (unknown.length > 0 || (references !== "*" && !names(references)) || typeof ownSchema !== "boolean") continue;
    rules.push({ module, references, ownSchema, text });
  }
  return { rules };
}
