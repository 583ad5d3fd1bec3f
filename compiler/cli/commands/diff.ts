/**
 * `schemac diff [--sql|--json] [--verbose] [--online]`: show what the next build would write, without
 * writing anything (`--online`, or `"online": true` in the config: what `build --online` would write). `--verbose` lists the files read, the tables each declares, and why a file
 * was skipped (the answer to "the migration is empty though I changed a model").
 */
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { compileProject, type FileReport } from "../../compile.js";
import { loadMigrationState } from "../../migrations/state.js";
import { moduleLookup, unknownModule } from "../../modules/grouping.js";
import { booleanFlag } from "../args.js";
import type { Command, CommandContext } from "../command.js";
import { offlineFlags } from "../offline-flags.js";
import { formatHazards, operationJson } from "../hazard-text.js";
import { formatPlan } from "../plan-text.js";
import type { Plan } from "../../operations.js";
import { planMigrationSteps } from "../../plan/index.js";
import { onlineSteps } from "../../plan/online.js";
import { hintNotices } from "./planning.js";

export const diff: Command = {
  name: "diff",
  summary: "show the changes between the model and the snapshot (writes nothing)",
  usage: "diff [--sql|--json] [--verbose] [--online]",
  flags: offlineFlags.diff,
  async run(context) {
    const config = context.config();
    const state = loadMigrationState(config);
    const compilation = await compileProject(config);
    context.addSources(compilation.sources);
    if (booleanFlag(context.args, "verbose") && !context.json) printFiles(context, compilation.files);
    const notices = hintNotices(state.snapshot, compilation.graph, compilation.sources);
    if (context.report([...state.diagnostics, ...compilation.diagnostics, ...notices])) return 1;
    const planned = planMigrationSteps(state.snapshot, compilation.graph);
    const steps = booleanFlag(context.args, "online") || config.online === true ? onlineSteps(planned) : planned;
    const plan: Plan = { operations: steps.flatMap((step) => step.plan.operations) };
    if (context.json) {
      const modules = moduleLookup(compilation.graph, state.snapshot);
      const operations = plan.operations.map((p) => ({ ...operationJson(p), module: modules.of(p) }));
      context.print(JSON.stringify({ operations }, null, 2));
      return 0;
    }
    if (plan.operations.length === 0) {
      if (!existsSync(state.paths.snapshot)) context.print("No changes: nothing is declared and there is no migration yet.");
      else context.print(`No changes: the model matches ${relative(context.io.cwd, state.paths.snapshot)}.`);
      return 0;
    }
    if (booleanFlag(context.args, "sql")) {
      const { renderMigrationFiles } = await import("../../emit/migration-file.js");
      // A change that adds an enum value and uses it is two migrations (see build).
      const lookup = moduleLookup(compilation.graph, state.snapshot);
      let previous = "";
      for (const [i, step] of steps.entries()) {
        const name = step.isEnumValues ? "pending_enum_values" : step.suffix !== undefined && steps.length > 1 ? `pending_${step.suffix}` : "pending";
        const modules = lookup.touched(step.plan.operations).map((m) => m ?? unknownModule);
        const parent = i === 0 ? (state.migrations.at(-1)?.name ?? null) : `next_${previous}`;
        const files = await renderMigrationFiles(step.plan, { version: "next", name, parent, modules, online: step.online === true, noTransaction: step.noTransaction === true });
        previous = name;
        context.io.stdout.write(files.up);
      }
      return 0;
    }
    context.io.stdout.write(formatPlan(plan.operations, context.colors, compilation.graph, state.snapshot) + formatHazards(plan.operations));
    return 0;
  },
};

function printFiles(context: CommandContext, files: readonly FileReport[]): void {
  context.print(`project ${context.config().root}`);
  context.print(`modules ${context.config().modules.join(", ")}`);
  for (const f of files) {
    const detail = f.status === "declares" ? f.declares.join(", ") : (f.reason ?? "");
    context.print(`  ${f.status.padEnd(8)} ${f.path}${detail ? `  ${context.colors.dim(detail)}` : ""}`);
  }
  context.print();
}
