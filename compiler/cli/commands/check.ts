/**
 * `schemac check`: the CI gate. Fails (exit 1) on model changes with no migration, migration
 * files edited since they were generated (against schemac.sum), and a broken or forked chain.
 */
import { compileProject } from "../../compile.js";
import { readFileSync } from "node:fs";
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import { matchRenames } from "../../diff/renames.js";
import type { Graph } from "../../graph.js";
import { loadMigrationState, type MigrationState } from "../../migrations/state.js";
import type { Command } from "../command.js";
import { formatPlan } from "../plan-text.js";
import { planMigration } from "../../plan/index.js";

/**
 * Notices for the rename hints the snapshot has moved past: SC4008 names the migration that made
 * the rename (the hint is inert and may go once that migration is merged), SC4004 when no
 * migration holds the rename (the hint never matched: a typo, or an old name from elsewhere).
 */
function hintsToDelete(state: MigrationState, model: Graph): Diagnostic[] {
  const texts = [...state.migrations].reverse().map((m) => ({ name: m.name, text: readText(m.upFile) }));
  return matchRenames(state.snapshot, model).stale.map((hint) => {
    const used = texts.find((m) => hint.statement.test(m.text));
    if (used === undefined) return diagnostic("StaleHint", hint.span, hint.text, hint.what);
    return diagnostic("HintInert", hint.span, hint.text, hint.what, used.name);
  });
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export const check: Command = {
  name: "check",
  summary: "CI gate: fail on pending model changes, edited migrations, a broken chain",
  usage: "check",
  flags: [],
  async run(context) {
    const config = context.config();
    const state = loadMigrationState(config);
    const compilation = await compileProject(config);
    context.addSources(compilation.sources);
    const problems = [...state.diagnostics, ...compilation.diagnostics];
    if (context.report(problems)) return 1;
    const plan = planMigration(state.snapshot, compilation.graph);
    if (plan.operations.length > 0) {
      context.io.stdout.write(formatPlan(plan.operations, context.colors, compilation.graph));
      context.report([diagnostic("PendingChanges", null, plan.operations.length)]);
      return 1;
    }
    context.report(hintsToDelete(state, compilation.graph));
    context.print(`ok: ${state.migrations.length} migration(s), checksums match, the model matches the snapshot`);
    return 0;
  },
};
