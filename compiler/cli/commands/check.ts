/**
 * `schemac check`: the CI gate. Fails (exit 1) on model changes with no migration, migration
 * files edited since they were generated (against schemac.sum), a broken or forked chain, and a
 * `build --manual` draft that still has a placeholder.
 */
import { compileProject } from "../../compile.js";
import { readFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import { matchRenames } from "../../diff/renames.js";
import type { Graph } from "../../graph.js";
import { loadMigrationState, type MigrationState } from "../../migrations/state.js";
import { manualPlaceholder } from "../../plan/manual.js";
import type { Command } from "../command.js";
import { offlineFlags } from "../offline-flags.js";
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
  flags: offlineFlags.check,
  async run(context) {
    const config = context.config();
    const state = loadMigrationState(config);
    const compilation = await compileProject(config);
    context.addSources(compilation.sources);
    const problems = [...state.diagnostics, ...unfinishedDrafts(state, relative(config.root, state.paths.migrations)), ...compilation.diagnostics];
    if (context.report(problems)) return 1;
    const plan = planMigration(state.snapshot, compilation.graph);
    if (plan.operations.length > 0) {
      context.io.stdout.write(formatPlan(plan.operations, context.colors, compilation.graph, state.snapshot));
      context.report([diagnostic("PendingChanges", null, plan.operations.length)]);
      return 1;
    }
    context.report(hintsToDelete(state, compilation.graph));
    context.print(`ok: ${state.migrations.length} migration(s), checksums match, the model matches the snapshot`);
    return 0;
  },
};

/** SC5014 at the first placeholder of each migration file that still has one (a `build --manual` draft not finished). */
function unfinishedDrafts(state: MigrationState, dir: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const m of state.migrations) {
    for (const path of [m.upFile, m.downFile]) {
      const text = readFileSync(path, "utf8");
      const start = text.search(new RegExp(`${manualPlaceholder}\\s*\\(`));
      if (start < 0) continue;
      found.push(diagnostic("ManualDraftUnfinished", { file: `${dir}/${basename(path)}`, start, end: start + manualPlaceholder.length }, m.name));
    }
  }
  return found;
}
