/**
 * `schemac pull` without the database: graph → declarations (lift) → modules (plan) →
 * TypeScript files (write). Before anything is written, the declarations are resolved again
 * and compared with the graph, so pulled code that would not build back to the same schema is
 * reported instead of written.
 */
import type { Graph } from "../graph.js";
import { resolveGraph } from "../resolve.js";
import { canonicalGraph } from "../snapshot.js";
import { liftGraph, type LiftProblem } from "./lift.js";
import { planModules, type SplitBy } from "./modules.js";
import { writeGroups, writeModule, type PulledFile } from "./write.js";

export { pulledHeader, type PulledFile } from "./write.js";
export { splitModes, type SplitBy } from "./modules.js";

/** The files of a pull and what they could not express exactly. */
export interface PullResult {
  readonly files: readonly PulledFile[];
  readonly problems: readonly LiftProblem[];
}

/** Writes the modules of a graph as DSL files (paths relative to the output directory). */
export function pullFiles(graph: Graph, split: SplitBy): PullResult {
  const lifted = liftGraph(graph);
  const problems = [...lifted.problems];
  const resolved = canonicalGraph(resolveGraph(lifted.decls));
  const expected = canonicalGraph(graph);
  const text = (t: unknown): string => JSON.stringify(t);
  for (const table of expected.tables) {
    const back = resolved.tables.find((t) => t.schema === table.schema && t.name === table.name);
    if (text(back) !== text(table) && !problems.some((p) => p.reason.includes(`${table.schema}.${table.name}.`))) {
      problems.push({ kind: "table", name: `${table.schema}.${table.name}`, reason: "the pulled declaration would not build back to the same table (please report this)" });
    }
  }
  if (text(resolved.enums) !== text(expected.enums) || text(resolved.schemas) !== text(expected.schemas)) {
    problems.push({ kind: "schema", name: "enums and schemas", reason: "the pulled declarations would not build back to the same enums and schemas (please report this)" });
  }
  const plan = planModules(lifted.decls, split);
  const files = [...plan.modules.flatMap((m) => writeModule(plan, m)), ...writeGroups(plan)].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, problems };
}
