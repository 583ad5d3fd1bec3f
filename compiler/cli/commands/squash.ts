/**
 * `schemac squash --to V`: folds migrations from the first one up to V into one migration named
 * like V, whose up creates V's schema and whose down drops it; the migrations after V, the
 * snapshot and the other files stay as they are, schemac.sum is rewritten. A migration written or
 * edited by hand inside the range is refused (SC5021), as is a schema git cannot tell (SC5022).
 */
import { readFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { SchemacError, diagnostic, type Diagnostic } from "../../diagnostics.js";
import { emptyGraph, type Graph } from "../../graph.js";
import { resolveVersion } from "../../db/runner.js";
import { headerParent } from "../../migrations/directory.js";
import { committedSchemas, isGenerated, renderSquashed, squashModules } from "../../migrations/squash.js";
import { squashedNames } from "../../migrations/squashed.js";
import { chainFiles, computeSum, formatSum } from "../../migrations/sum.js";
import { writeFilesAtomically } from "../../migrations/write.js";
import { UsageError, stringFlag } from "../args.js";
import type { Command } from "../command.js";
import { loadChain, toFlag } from "./database.js";

/** The marker `build --empty` writes into a hand-written migration's header. */
const handWritten = /^-- Written by hand/m;

export const squash: Command = {
  name: "squash",
  summary: "fold migrations up to V into one that creates V's schema (databases that applied them all keep working)",
  usage: "squash --to V",
  flags: [toFlag],
  async run(context) {
    const to = stringFlag(context.args, "to");
    if (to === undefined) throw new UsageError("squash needs --to V, the last migration to fold, e.g. schemac squash --to 0005");
    if (context.args.positionals.length > 0) throw new UsageError(`unexpected argument ${context.args.positionals[0] ?? ""}`);
    const state = loadChain(context);
    if (state === null) return 1;
    const root = context.config().root;
    const target = resolveVersion(state.migrations, to, false);
    if (target === null) return 1;
    const end = state.migrations.indexOf(target);
    const range = state.migrations.slice(0, end + 1);
    const texts = range.map((m) => ({ up: readFileSync(m.upFile, "utf8"), down: readFileSync(m.downFile, "utf8") }));
    const first = texts[0];
    if (range.length === 1 && first !== undefined && squashedNames(first.up) !== null) {
      context.print(`nothing to squash: ${target.name} is already the first migration and a squash`);
      return 0;
    }
    const show = (p: string): string => relative(root, p) || ".";
    const head = state.migrations.at(-1);
    const schemas = committedSchemas(root, show(state.paths.migrations), show(state.paths.snapshot), range, { name: head?.name ?? "", graph: state.snapshot });
    const problems: Diagnostic[] = [];
    let before: Graph | null = emptyGraph;
    for (const [i, m] of range.entries()) {
      const t = texts[i] ?? { up: "", down: "" };
      const schema = schemas[i];
      const after = schema !== undefined && "graph" in schema ? schema.graph : null;
      const previous = i === 0 ? null : (range[i - 1]?.name ?? null);
      if (handWritten.test(t.up) || (before !== null && after !== null && !(await isGenerated(m, t, previous, before, after)))) {
        problems.push(diagnostic("SquashHandWritten", null, m.name, previous === null ? "squash cannot fold it" : `squash --to ${previous} folds the migrations before it`));
      } else if (schema !== undefined && "reason" in schema) {
        problems.push(diagnostic("SquashSchemaUnknown", null, m.name, schema.reason));
      }
      before = after;
    }
    if (problems.length > 0) throw new SchemacError(problems);
    const graph = (schemas[end] as { graph: Graph }).graph;
    const names = range.flatMap((m, i) => squashedNames(texts[i]?.up ?? "") ?? [m.name]);
    const files = await renderSquashed(target, names, graph, squashModules(graph, state.snapshot));
    const kept = state.migrations.slice(end + 1);
    const read = (path: string): string => readFileSync(path, "utf8");
    const chain = [{ file: basename(target.upFile), content: files.up }, { file: basename(target.downFile), content: files.down }, ...chainFiles(kept, read)];
    const writes = [
      { path: target.upFile, content: files.up },
      { path: target.downFile, content: files.down },
      { path: state.paths.sum, content: formatSum(computeSum(chain)) },
    ];
    const removals = range.slice(0, -1).flatMap((m) => [m.upFile, m.downFile]);
    writeFilesAtomically(writes, (p) => relative(context.io.cwd, p), removals);
    for (const path of removals) context.print(`removed ${relative(context.io.cwd, path)}`);
    for (const w of writes) context.print(`wrote ${relative(context.io.cwd, w.path)}`);
    const parentOfNext = kept[0] === undefined ? null : headerParent(read(kept[0].upFile));
    context.print(`squashed ${names.length} migration(s) into ${target.name}${parentOfNext === target.name ? ` (${kept[0]?.name ?? ""} still follows it)` : ""}.`);
    context.print(`Databases that applied all of ${names[0] ?? ""}…${target.name} read them as ${target.name}; one that applied only some must reach ${target.version} with the code from before the squash first.`);
    return 0;
  },
};
