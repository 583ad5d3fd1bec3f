/**
 * `schemac rebase [--onto REF]`: after a git merge in which both sides added migrations, moves
 * the local ones after the upstream head. Upstream is REF (default: the branch being merged,
 * MERGE_HEAD, or after the merge commit its second parent); the local migrations are the ones
 * REF's tree does not have. Each local migration's schema before and after comes from the
 * commit that added it; the new files, the snapshot and schemac.sum are written all or nothing.
 */
import { readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { Codes } from "../../codes.js";
import { compileProject } from "../../compile.js";
import { SchemacError, diagnostic } from "../../diagnostics.js";
import { emptyGraph, type Graph } from "../../graph.js";
import { parentProblems, readMigrationDirectory, type MigrationEntry } from "../../migrations/directory.js";
import { openGit, type GitReader } from "../../migrations/git.js";
import { rebaseMigrations, type LocalMigration } from "../../migrations/rebase.js";
import { outputPaths } from "../../migrations/paths.js";
import { chainFiles, computeSum, formatSum } from "../../migrations/sum.js";
import { writeFilesAtomically } from "../../migrations/write.js";
import { parseSnapshot, serializeSnapshot } from "../../snapshot.js";
import { planMigration } from "../../plan/index.js";
import { stringFlag } from "../args.js";
import type { Command } from "../command.js";

export const rebase: Command = {
  name: "rebase",
  summary: "after a git merge, renumber the local migrations after the merged head and regenerate them",
  usage: "rebase [--onto REF]",
  flags: [{ name: "onto", value: true }],
  async run(context) {
    const config = context.config();
    const paths = outputPaths(config);
    const show = (p: string): string => relative(config.root, p) || ".";
    const directory = readMigrationDirectory(paths.migrations, show(paths.migrations));
    const structural = directory.diagnostics.filter((d) => d.code !== Codes.ForkedHistory.code && d.code !== Codes.MigrationNumbering.code);
    if (context.report(structural)) return 1;
    const git = openGit(config.root);
    if (git === null) throw new SchemacError([diagnostic("RebaseNeedsUpstream", null, `${show(config.root) === "." ? "the project" : show(config.root)} is not in a git work tree`)]);
    const onto = upstreamRef(git, stringFlag(context.args, "onto"));
    const inUpstream = new Set(git.list(onto.commit, show(paths.migrations)) ?? []);
    const upstream = directory.migrations.filter((m) => inUpstream.has(basename(m.upFile)));
    const local = directory.migrations.filter((m) => !inUpstream.has(basename(m.upFile)));
    if (local.length === 0) {
      context.print(`nothing to rebase: every migration is in ${onto.name}`);
      return 0;
    }
    const forked = directory.diagnostics.some((d) => d.code === Codes.ForkedHistory.code) || parentProblems(directory.migrations, (p) => readFileSync(p, "utf8")).length > 0;
    if (!forked && directory.migrations.indexOf(local[0] as MigrationEntry) === upstream.length) {
      context.print(`nothing to rebase: the ${local.length} local migration(s) already follow ${upstream.at(-1)?.name ?? "the start of the chain"}`);
      return 0;
    }
    const snapshotPath = show(paths.snapshot);
    const readGraph = (ref: string): Graph => {
      const text = git.show(ref, snapshotPath);
      return text === null ? emptyGraph : parseSnapshot(text, `${ref.slice(0, 12)}:${snapshotPath}`);
    };
    const locals = localMigrations(git, local, onto.commit, show, readGraph);
    const compilation = await compileProject(config);
    context.addSources(compilation.sources);
    if (context.report(compilation.diagnostics)) return 1;
    const head = upstream.at(-1) ?? null;
    const result = await rebaseMigrations(locals, head, readGraph(onto.commit), compilation.graph);
    const kept = result.migrations.filter((m) => m.how !== "dropped");
    const files = kept.flatMap((m) => [
      { path: join(paths.migrations, `${m.to}.up.sql`), content: m.up },
      { path: join(paths.migrations, `${m.to}.down.sql`), content: m.down },
    ]);
    const chain = [...chainFiles(upstream, (p) => readFileSync(p, "utf8")), ...files.map((f) => ({ file: basename(f.path), content: f.content }))];
    const writes = [...files, { path: paths.snapshot, content: serializeSnapshot(result.snapshot) }, { path: paths.sum, content: formatSum(computeSum(chain)) }];
    writeFilesAtomically(writes, show, local.flatMap((m) => [m.upFile, m.downFile]));
    for (const m of result.migrations) {
      context.print(m.how === "dropped" ? `${m.from}: dropped (${onto.name} already makes this change)` : `${m.from} → ${m.to} (${m.how})`);
    }
    for (const w of writes) context.print(`wrote ${relative(context.io.cwd, w.path)}`);
    const pending = planMigration(result.snapshot, compilation.graph).operations.length;
    if (pending > 0) context.print(`the merged models still differ from the snapshot in ${pending} change(s): run schemac build`);
    return 0;
  },
};

/** The upstream commit: --onto, else the branch being merged (MERGE_HEAD), else HEAD's second parent. */
function upstreamRef(git: GitReader, onto: string | undefined): { name: string; commit: string } {
  if (onto !== undefined) {
    const commit = git.commit(onto);
    if (commit === null) throw new SchemacError([diagnostic("RebaseNeedsUpstream", null, `--onto ${onto} names no commit`)]);
    return { name: onto, commit };
  }
  for (const name of ["MERGE_HEAD", "HEAD^2"]) {
    const commit = git.commit(name);
    if (commit !== null) return { name: name === "MERGE_HEAD" ? "the branch being merged" : "the merged branch (HEAD^2)", commit };
  }
  throw new SchemacError([diagnostic("RebaseNeedsUpstream", null, "no merge is in progress and HEAD is not a merge commit")]);
}

/**
 * Each local migration with its text and its schema before and after, read from the commit that
 * added it on this branch. Of several added in one commit only the last is given the change.
 */
function localMigrations(git: GitReader, local: readonly MigrationEntry[], upstream: string, show: (p: string) => string, readGraph: (ref: string) => Graph): LocalMigration[] {
  const commits = local.map((m) => {
    const commit = git.addedBy(show(m.upFile), "HEAD", upstream);
    if (commit === null) throw new SchemacError([diagnostic("RebaseNeedsUpstream", null, `${m.name} is not committed on this branch`)]);
    return commit;
  });
  return local.map((entry, i) => {
    const commit = commits[i] as string;
    const before = readGraph(`${commit}^`);
    const sharesCommit = commits[i + 1] === commit;
    return { entry, up: readFileSync(entry.upFile, "utf8"), down: readFileSync(entry.downFile, "utf8"), before, after: sharesCommit ? before : readGraph(commit) };
  });
}
