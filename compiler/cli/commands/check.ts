/**
 * `schemac check`: the CI gate. Fails (exit 1) on model changes with no migration, migration
 * files edited since they were generated (against schemac.sum), and a broken or forked chain.
 */
import { compileProject } from "../../compile.js";
import { diagnostic } from "../../diagnostics.js";
import { loadMigrationState } from "../../migrations/state.js";
import type { Command } from "../command.js";
import { formatPlan } from "../plan-text.js";
import { planMigration } from "../../plan/index.js";

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
    context.print(`ok: ${state.migrations.length} migration(s), checksums match, the model matches the snapshot`);
    return 0;
  },
};
