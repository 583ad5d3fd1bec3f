/**
 * Boundaries: the config's `"boundaries"` rules checked against a graph whose objects carry their
 * modules. A foreign key from one module to another that its rule does not allow is SC3016 at
 * the `references()` call; a table or enum outside the Postgres schema of a module that asks for
 * one of its own (`"ownSchema": true`), or inside another module's, is SC3017. A module the
 * section does not name may reference only its own tables. Without the section nothing is checked.
 */
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { EnumType, Graph, Table } from "../graph.js";
import { displayName, qualifiedKey } from "../graph.js";
import { modulesOf } from "./ownership.js";
import type { BoundaryRule, Boundaries } from "./rules.js";

/** Every boundary problem of a graph (SC3016, SC3017) and every rule naming no module (SC1011). */
export function checkBoundaries(graph: Graph, boundaries: Boundaries | null | undefined): Diagnostic[] {
  if (boundaries === null || boundaries === undefined) return [];
  const rules = new Map(boundaries.rules.map((r) => [r.module, r]));
  const known = modulesOf(graph);
  const diagnostics: Diagnostic[] = [];
  const named = new Set(boundaries.rules.flatMap((r) => [r.module, ...(r.references === "*" ? [] : r.references)]));
  for (const module of named) {
    if (!known.includes(module)) diagnostics.push(diagnostic("UnknownBoundaryModule", null, module, known.join(", ") || "none"));
  }
  const tableModule = new Map(graph.tables.map((t) => [qualifiedKey(t), t.module]));
  for (const table of graph.tables) {
    const from = table.module;
    if (from === undefined) continue;
    for (const fk of table.foreignKeys) {
      const to = tableModule.get(qualifiedKey(fk.references));
      if (to === undefined || to === from) continue;
      const rule = rules.get(from);
      if (rule !== undefined && (rule.references === "*" || rule.references.includes(to))) continue;
      const quoted = rule === undefined ? `"boundaries" has no rule for ${from}, so it may reference only its own tables` : `rule ${rule.text}`;
      const shown = `${displayName(table)}(${fk.columns.join(", ")}) → ${displayName(fk.references)}`;
      diagnostics.push(diagnostic("BoundaryViolation", fk.span ?? table.span ?? null, shown, from, to, quoted));
    }
  }
  diagnostics.push(...schemaProblems(graph, rules));
  return diagnostics;
}

/** SC3017: objects of an `ownSchema` module outside its schemas, and other modules' objects inside them. */
function schemaProblems(graph: Graph, rules: ReadonlyMap<string, BoundaryRule>): Diagnostic[] {
  const owner = new Map(graph.schemas.map((s) => [s.name, s.module]));
  const diagnostics: Diagnostic[] = [];
  const check = (what: string, object: Table | EnumType): void => {
    const module = object.module;
    if (module === undefined) return;
    const schemaOwner = owner.get(object.schema);
    const own = rules.get(module);
    if (own?.ownSchema === true && schemaOwner !== module) {
      const why = `${module} does not declare it, and rule ${own.text} keeps its tables and enums in a Postgres schema of its own`;
      diagnostics.push(diagnostic("ForeignSchema", object.span ?? null, `${what} ${displayName(object)}`, module, object.schema, why));
      return;
    }
    const theirs = schemaOwner === undefined ? undefined : rules.get(schemaOwner);
    if (schemaOwner !== undefined && schemaOwner !== module && theirs?.ownSchema === true) {
      const why = `it belongs to module ${schemaOwner} (rule ${theirs.text})`;
      diagnostics.push(diagnostic("ForeignSchema", object.span ?? null, `${what} ${displayName(object)}`, module, object.schema, why));
    }
  };
  for (const e of graph.enums) check("enum", e);
  for (const t of graph.tables) check("table", t);
  return diagnostics;
}
