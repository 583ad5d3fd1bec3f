/**
 * `schemac squash --to V`: folds migrations 0001…V into one migration that keeps V's name (so the
 * migration after it still names its parent) and whose up creates V's schema from nothing and
 * whose down drops it. The schema after each folded migration comes from git (snapshot.json as
 * committed with that migration; the newest one's is the working tree's), and every folded
 * migration must be exactly what schemac generates for its change: SQL written or edited by
 * hand would be lost for new databases, so such a migration is refused by name, never dropped.
 */
import { basename } from "node:path";
import { headerModules, renderMigrationFiles } from "../emit/migration-file.js";
import { emptyGraph, type Graph } from "../graph.js";
import { ModuleLookup } from "../modules/grouping.js";
import { planMigration } from "../plan/index.js";
import { parseSnapshot } from "../snapshot.js";
import type { MigrationEntry } from "./directory.js";
import { openGit } from "./git.js";
import { squashedModules, squashedNames, withSquashedHeader } from "./squashed.js";

/** The up and down text of a migration. */
export interface MigrationTexts {
  readonly up: string;
  readonly down: string;
}

/**
 * The modules a squash creating `graph` touches, by the modules its snapshot (or, for an object
 * it recorded none for, the newest snapshot `head`) recorded; none when no snapshot recorded any (they
 * were written before snapshots recorded modules), else unknown ones are named as such.
 */
export function squashModules(graph: Graph, head: Graph): string[] {
  const touched = new ModuleLookup(graph, head).touched(planMigration(emptyGraph, graph).operations);
  if (touched.every((m) => m === null)) return [];
  return touched.map((m) => m ?? squashUnknownModule);
}

/** How a squash header names the module of objects that no snapshot recorded a module for. */
export const squashUnknownModule = "(module unknown: not recorded in the snapshot)";

/**
 * The files of a squashed migration named like `target`, folding `names`, creating `graph`;
 * its header lists `modules` after the `-- squashes:` line.
 */
export async function renderSquashed(target: MigrationEntry, names: readonly string[], graph: Graph, modules: readonly string[] = []): Promise<MigrationTexts> {
  const slug = target.name.slice(target.version.length + 1);
  const files = await renderMigrationFiles(planMigration(emptyGraph, graph), { version: target.version, name: slug, parent: null, after: graph, modules });
  return { up: withSquashedHeader(files.up, names), down: withSquashedHeader(files.down, names) };
}

/**
 * True when a migration's files are exactly what schemac writes for the change from `before` to
 * `after` (for an earlier squash: what squash writes). Anything else was written or edited by hand.
 */
export async function isGenerated(entry: MigrationEntry, texts: MigrationTexts, parent: string | null, before: Graph, after: Graph): Promise<boolean> {
  try {
    const names = squashedNames(texts.up);
    const slug = entry.name.slice(entry.version.length + 1);
    const files =
      names !== null
        ? await renderSquashed(entry, names, after, squashedModules(texts.up))
        : await renderMigrationFiles(planMigration(before, after), { version: entry.version, name: slug, parent, after, ...modulesOf(texts.up) });
    return files.up === texts.up && files.down === texts.down;
  } catch {
    return false;
  }
}

/** The `modules` option that renders a file's modules header line again (none for a file without one). */
function modulesOf(up: string): { modules?: string[] } {
  const modules = headerModules(up);
  return modules === undefined ? {} : { modules };
}

/** Where a migration's schema could not be read, in words, or its schema. */
export type CommittedSchema = { readonly graph: Graph } | { readonly reason: string };

/**
 * The schema after each of `migrations` as git has it: snapshot.json in the commit that added the
 * migration's up file, when that commit's newest migration is this one. `root` is the project
 * root; paths are relative to it. The last migration of the chain may fall back to `head`.
 */
export function committedSchemas(root: string, migrationsDir: string, snapshotPath: string, migrations: readonly MigrationEntry[], head: { readonly name: string; readonly graph: Graph }): CommittedSchema[] {
  const git = openGit(root);
  return migrations.map((m): CommittedSchema => {
    if (m.name === head.name) return { graph: head.graph };
    if (git === null) return { reason: "the project is not in a git work tree, and only the newest migration's schema (snapshot.json) is known without it" };
    const upFile = `${migrationsDir}/${basename(m.upFile)}`;
    const commit = git.addedBy(upFile, "HEAD");
    if (commit === null) return { reason: `${upFile} is not committed` };
    const newest = (git.list(commit, migrationsDir) ?? []).filter((f) => f.endsWith(".up.sql")).sort().at(-1);
    if (newest !== basename(m.upFile)) return { reason: `commit ${commit.slice(0, 12)} that added it also added ${newest ?? "no up file"}, so its snapshot.json is not the schema after ${m.name}` };
    const text = git.show(commit, snapshotPath);
    if (text === null) return { reason: `commit ${commit.slice(0, 12)} has no ${snapshotPath}` };
    return { graph: parseSnapshot(text, `${commit.slice(0, 12)}:${snapshotPath}`) };
  });
}
