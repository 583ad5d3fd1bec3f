/**
 * `schemac build [-m msg] [--empty] [--manual] [--baseline] [--allow-data-loss]`: compile the
 * modules, diff against the snapshot, and write the next migration pair, the new snapshot and
 * schemac.sum, all or nothing. `--manual` writes the plan as a draft to finish by hand
 * (plan/manual.ts). `--baseline` writes the first migration of an adopted database (after `pull`): the
 * full create script, refused when migrations exist already (SC5020). `--online` (or `"online": true`
 * in the config) writes the change in its online form (plan/online.ts).
 */
import { existsSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { compileProject } from "../../compile.js";
import { SchemacError, diagnostic, type Diagnostic } from "../../diagnostics.js";
import { physicalColumnOrder, serializeSnapshot, snapshotVersion } from "../../snapshot.js";
import { nextVersion, slugify } from "../../migrations/directory.js";
import { loadMigrationState, type MigrationState } from "../../migrations/state.js";
import { extendSum, formatSum } from "../../migrations/sum.js";
import { writeFilesAtomically } from "../../migrations/write.js";
import type { Graph } from "../../graph.js";
import type { Plan } from "../../operations.js";
import { moduleLookup, unknownModule, withModelModules } from "../../modules/grouping.js";
import { UsageError, booleanFlag, stringFlag } from "../args.js";
import type { Command, CommandContext } from "../command.js";
import { offlineFlags } from "../offline-flags.js";
import { acceptedHazards } from "../hazard-text.js";
import { describeOperation, formatPlan } from "../plan-text.js";
import { planMigrationSteps, type PlanStep } from "../../plan/index.js";
import { planManualMigration } from "../../plan/manual.js";
import { onlineSteps } from "../../plan/online.js";
import { hintNotices } from "./planning.js";
import { matchRenames } from "../../diff/renames.js";

export const build: Command = {
  name: "build",
  summary: "write the next migration (up/down SQL), the snapshot and schemac.sum",
  usage: "build [-m msg] [--empty] [--manual] [--baseline] [--online] [--allow-data-loss]",
  flags: offlineFlags.build,
  async run(context) {
    const config = context.config();
    const state = loadMigrationState(config);
    if (context.report(state.diagnostics)) return 1;
    const baseline = booleanFlag(context.args, "baseline");
    const message = stringFlag(context.args, "message") ?? (baseline ? "baseline" : undefined);
    if (baseline) refuseLateBaseline(context, state);
    if (booleanFlag(context.args, "empty")) return writeEmpty(context, state, message);
    const compilation = await compileProject(config);
    context.addSources(compilation.sources);
    const notices = hintNotices(state.snapshot, compilation.graph, compilation.sources);
    if (context.report([...compilation.diagnostics, ...notices])) return 1;
    const manual = booleanFlag(context.args, "manual");
    if (manual && (baseline || booleanFlag(context.args, "empty"))) throw new UsageError("--manual writes the planned change as a draft; it cannot go with --empty or --baseline");
    // A --manual draft is one migration: the person who finishes it orders its statements.
    const online = !manual && (booleanFlag(context.args, "online") || config.online === true);
    if (manual && booleanFlag(context.args, "online")) throw new UsageError("--online writes generated migrations; a --manual draft is ordered by the person who finishes it");
    const planned: PlanStep[] = manual
      ? [{ plan: planManualMigration(state.snapshot, compilation.graph), before: state.snapshot, after: compilation.graph, isEnumValues: false }]
      : planMigrationSteps(state.snapshot, compilation.graph);
    const steps = online ? onlineSteps(planned) : planned;
    const plan: Plan = { operations: steps.flatMap((step) => step.plan.operations) };
    if (plan.operations.length === 0) {
      const last = state.migrations.at(-1);
      if (state.snapshotVersion !== null && state.snapshotVersion !== snapshotVersion) return upgradeSnapshot(context, state, compilation.graph);
      if (!existsSync(state.paths.snapshot)) context.print("No changes: nothing is declared and there is no migration yet. Nothing written.");
      else context.print(`No changes: the model matches ${relative(config.root, state.paths.snapshot)}${last ? ` (${last.name})` : ""}. Nothing written.`);
      return 0;
    }
    // A --manual draft is written by a person, who sees every hazard in it: data loss is listed, not refused.
    const refused = dataLossRefusals(plan, manual || booleanFlag(context.args, "allow-data-loss"));
    if (refused.length > 0) {
      context.io.stdout.write(formatPlan(plan.operations, context.colors, compilation.graph, state.snapshot));
      context.report(refused);
      return 1;
    }
    const slug = slugify(message ?? defaultMessage(plan, state));
    if (slug.length === 0) throw new SchemacError([diagnostic("EmptyMessage", null)]);
    const { renderMigrationFiles } = await import("../../emit/migration-file.js");
    const version = nextVersion(state.migrations);
    const lookup = moduleLookup(compilation.graph, state.snapshot);
    const pairs: MigrationPair[] = [];
    for (const step of steps) {
      // An enum value used in the same change is added by a migration of its own, before.
      const number = String(Number(version) + pairs.length).padStart(version.length, "0");
      const name = step.isEnumValues ? `${slug}_enum_values` : step.suffix !== undefined && steps.length > 1 ? `${slug}_${step.suffix}` : slug;
      const parent = pairs.at(-1)?.name ?? state.migrations.at(-1)?.name ?? null;
      const modules = lookup.touched(step.plan.operations).map((m) => m ?? unknownModule);
      pairs.push({ name: `${number}_${name}`, files: await renderMigrationFiles(step.plan, { version: number, name, parent, after: step.after, before: step.before, manual, modules, online: step.online === true, noTransaction: step.noTransaction === true }) });
    }
    context.io.stdout.write(formatPlan(plan.operations, context.colors, compilation.graph, state.snapshot));
    writeMigration(context, state, pairs, serializeSnapshot(physicalColumnOrder(matchRenames(state.snapshot, compilation.graph).translated, compilation.graph)));
    if (manual) {
      context.print(`draft: edit ${version}_${slug}.up.sql and .down.sql (replace every schemac_manual_conversion), then run \`schemac hash\` and \`schemac verify\``);
    }
    if (baseline) {
      context.print(`baseline: on the database this schema was pulled from, run \`schemac stamp ${version} --db URL\` (it has the schema already); \`schemac up\` creates it on a new one`);
    }
    context.report(acceptedHazards(plan.operations));
    return 0;
  },
};

/** `--baseline` writes the first migration only: with migrations already there it is SC5020. */
function refuseLateBaseline(context: CommandContext, state: MigrationState): void {
  const newest = state.migrations.at(-1);
  if (newest === undefined) return;
  throw new SchemacError([diagnostic("BaselineNotFirst", null, relative(context.io.cwd, state.paths.migrations) || ".", state.migrations.length, newest.name)]);
}

/**
 * A snapshot in an older format with no model change: rewritten in the current format (with the
 * model's modules, which the older format did not record), nothing else.
 */
function upgradeSnapshot(context: CommandContext, state: MigrationState, model: Graph): number {
  writeFilesAtomically([{ path: state.paths.snapshot, content: serializeSnapshot(withModelModules(state.snapshot, model)) }], (p) => relative(context.config().root, p));
  context.print(`No changes. Rewrote ${relative(context.io.cwd, state.paths.snapshot)} from format version ${state.snapshotVersion} to ${snapshotVersion}.`);
  return 0;
}

function dataLossRefusals(plan: Plan, allowed: boolean): Diagnostic[] {
  if (allowed) return [];
  return plan.operations.flatMap((p) =>
    p.hazards
      .filter((h) => h.type === "data-loss")
      .map((h) => diagnostic("DataLossRefused", p.operation.source ?? null, `${describeOperation(p.operation)} (${h.reason})`)),
  );
}

/** Without -m: "initial" for the first migration, else the first change, e.g. "add_column_user_email". */
function defaultMessage(plan: Plan, state: MigrationState): string {
  if (state.migrations.length === 0) return "initial";
  const first = plan.operations[0];
  return first === undefined ? "migration" : describeOperation(first.operation).replace(/^[+~-] /, (s) => ({ "+ ": "add ", "- ": "drop ", "~ ": "change " })[s] ?? "").slice(0, 48);
}

function writeEmpty(context: CommandContext, state: MigrationState, message: string | undefined): number {
  if (message === undefined || slugify(message).length === 0) throw new SchemacError([diagnostic("EmptyMessage", null)]);
  const version = nextVersion(state.migrations);
  const name = `${version}_${slugify(message)}`;
  const parent = state.migrations.at(-1)?.name ?? "none";
  const body = (direction: string): string =>
    `-- ${name} (${direction})\n-- parent: ${parent}\n-- Written by hand: schemac build --empty. Put the ${direction} statements of this migration here.\n`;
  writeMigration(context, state, [{ name, files: { up: body("up"), down: body("down") } }], null);
  return 0;
}

/** A migration to write: `NNNN_slug` and the text of its two files. */
interface MigrationPair {
  readonly name: string;
  readonly files: { readonly up: string; readonly down: string };
}

/** Writes migration pairs (in order), schemac.sum and the snapshot, all or nothing. */
function writeMigration(context: CommandContext, state: MigrationState, pairs: readonly MigrationPair[], snapshot: string | null): void {
  const root = context.config().root;
  const files = pairs.flatMap(({ name, files }) => [
    { path: join(state.paths.migrations, `${name}.up.sql`), content: files.up },
    { path: join(state.paths.migrations, `${name}.down.sql`), content: files.down },
  ]);
  // The chain's sum was computed from these files when the state was loaded (and matched schemac.sum).
  const sum = extendSum(state.actualSum, files.map((f) => ({ file: basename(f.path), content: f.content })));
  const writes = [
    ...files,
    { path: state.paths.sum, content: formatSum(sum) },
    ...(snapshot === null ? [] : [{ path: state.paths.snapshot, content: snapshot }]),
  ];
  writeFilesAtomically(writes, (p) => relative(root, p));
  for (const w of writes) context.print(`wrote ${relative(context.io.cwd, w.path)}`);
}
