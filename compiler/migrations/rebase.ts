/**
 * Settles a forked history: the local migrations move after the upstream head, renumbered and
 * re-chained. A local migration that is exactly what schemac generated for its change is
 * generated again on top of the upstream schema (the last one from the merged models); one
 * written or edited by hand (`build --empty`, `build --manual`, an edit) is kept as written, with
 * only its header's name and parent changed.
 */
import { SchemacError, diagnostic } from "../diagnostics.js";
import type { Graph } from "../graph.js";
import { noTransactionMarker } from "../db/statements.js";
import { headerModules, renderMigrationFiles } from "../emit/migration-file.js";
import { matchRenames } from "../diff/renames.js";
import { applyOperations } from "../plan/apply.js";
import { planMigration, upOperations } from "../plan/index.js";
import { graphsEqual, physicalColumnOrder } from "../snapshot.js";
import { headerParent, type MigrationEntry } from "./directory.js";

/** A local migration with its files' text and the schema before and after it on its branch. */
export interface LocalMigration {
  readonly entry: MigrationEntry;
  readonly up: string;
  readonly down: string;
  readonly before: Graph;
  readonly after: Graph;
}

/** What becomes of one local migration. */
export interface RebasedMigration {
  /** `NNNN_slug` before and after. */
  readonly from: string;
  readonly to: string;
  /** "dropped" when upstream already made the change: regenerated, it is empty. */
  readonly how: "regenerated" | "kept as written" | "dropped";
  readonly up: string;
  readonly down: string;
}

/** The result of a rebase: the new local migrations and the snapshot after them. */
export interface RebaseResult {
  readonly migrations: readonly RebasedMigration[];
  readonly snapshot: Graph;
}

/** True when the files are exactly what schemac generates for the migration's change. */
async function isGenerated(m: LocalMigration): Promise<boolean> {
  try {
    const slug = m.entry.name.slice(m.entry.version.length + 1);
    const parent = headerParent(m.up);
    const modules = headerModules(m.up);
    const files = await renderMigrationFiles(planMigration(m.before, m.after), { version: m.entry.version, name: slug, parent: parent === "none" ? null : parent, after: m.after, ...(modules === undefined ? {} : { modules }) });
    return files.up === m.up && files.down === m.down;
  } catch {
    return false;
  }
}

/** The header lines of a kept file, renamed: `-- NNNN_slug (up)` and `-- parent: …`. */
function renameHeader(text: string, from: string, to: string, parent: string): string {
  const lines = text.split("\n");
  // A `build --online` file may start with `-- schemac:no-transaction`, before the name line.
  const at = lines[0] === noTransactionMarker ? 1 : 0;
  const name = lines[at];
  const parentLine = lines[at + 1];
  if (name !== undefined && name.startsWith(`-- ${from} (`)) lines[at] = `-- ${to}${name.slice(3 + from.length)}`;
  if (parentLine !== undefined && parentLine.startsWith("-- parent: ")) lines[at + 1] = `-- parent: ${parent}`;
  return lines.join("\n");
}

/** The schema after a local migration, carried over the upstream schema `base`. */
function carry(m: LocalMigration, base: Graph, model: Graph, isLast: boolean): Graph {
  if (isLast) return physicalColumnOrder(matchRenames(base, model).translated, model);
  try {
    return applyOperations(base, upOperations(planMigration(m.before, m.after)));
  } catch (error) {
    const reason = error instanceof SchemacError ? (error.diagnostics[0]?.message ?? "") : (error as Error).message.replace(/^applyOperations: /, "");
    throw new SchemacError([diagnostic("RebaseConflict", null, m.entry.name, reason)]);
  }
}

/**
 * Renumbers `local` after the upstream chain (whose head is `upstreamHead` with schema
 * `upstreamSnapshot`) and regenerates the generated ones; the last local migration that changes
 * the schema is generated to reach `model` exactly.
 */
export async function rebaseMigrations(local: readonly LocalMigration[], upstreamHead: MigrationEntry | null, upstreamSnapshot: Graph, model: Graph): Promise<RebaseResult> {
  const lastChange = local.reduce((last, m, i) => (graphsEqual(m.before, m.after) ? last : i), -1);
  const migrations: RebasedMigration[] = [];
  let schema = upstreamSnapshot;
  let parent = upstreamHead?.name ?? null;
  let next = upstreamHead === null ? 1 : Number(upstreamHead.version) + 1;
  for (const [i, m] of local.entries()) {
    const changes = !graphsEqual(m.before, m.after);
    const after = changes || i === lastChange ? carry(m, schema, model, i === lastChange) : schema;
    const version = String(next).padStart(4, "0");
    const slug = m.entry.name.slice(m.entry.version.length + 1);
    const to = `${version}_${slug}`;
    if (await isGenerated(m)) {
      const plan = planMigration(schema, after);
      if (plan.operations.length === 0) migrations.push({ from: m.entry.name, to: "", how: "dropped", up: "", down: "" });
      else {
        // The change is the branch's own, so it touches the modules its header already lists.
        const modules = headerModules(m.up);
        const files = await renderMigrationFiles(plan, { version, name: slug, parent, after, ...(modules === undefined ? {} : { modules }) });
        migrations.push({ from: m.entry.name, to, how: "regenerated", ...files });
        next++;
        parent = to;
      }
    } else {
      const header = parent ?? "none";
      migrations.push({ from: m.entry.name, to, how: "kept as written", up: renameHeader(m.up, m.entry.name, to, header), down: renameHeader(m.down, m.entry.name, to, header) });
      next++;
      parent = to;
    }
    schema = after;
  }
  return { migrations, snapshot: schema };
}
