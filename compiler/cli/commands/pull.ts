/**
 * `schemac pull --db URL [--out DIR] [--split-by schema|prefix|none] [--force]
 * [--allow-unsupported]`: reads a live database and writes DSL modules that build back to it.
 * Every object the DSL cannot express is named (SC6020; with --allow-unsupported a warning,
 * SC6021, and the rest is written). Nothing is written into a folder that already holds
 * TypeScript unless --force; files are written all or nothing.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { diagnostic, SchemacError } from "../../diagnostics.js";
import { readForPull } from "../../db/unsupported.js";
import { writeFilesAtomically } from "../../migrations/write.js";
import { pulledHeader, pullFiles, splitModes, type SplitBy } from "../../pull/index.js";
import type { Config } from "../../config.js";
import { booleanFlag, stringFlag, UsageError } from "../args.js";
import type { Command } from "../command.js";
import { databaseTarget, dbFlag, withDatabase } from "./database.js";

export const pull: Command = {
  name: "pull",
  summary: "write DSL modules from a live database (adopt an existing schema)",
  usage: "pull --db URL [--out DIR] [--split-by schema|prefix|none] [--force] [--allow-unsupported]",
  flags: [dbFlag, { name: "out", value: true }, { name: "split-by", value: true }, { name: "force" }, { name: "allow-unsupported" }],
  startsProject: true,
  async run(context) {
    const split = stringFlag(context.args, "split-by") ?? "schema";
    if (!splitModes.includes(split as SplitBy)) throw new UsageError(`--split-by must be one of ${splitModes.join(", ")} (found ${split})`);
    if (context.args.positionals.length > 0) throw new UsageError(`unexpected argument ${context.args.positionals[0] ?? ""}`);
    const config = context.config();
    const givenOut = stringFlag(context.args, "out");
    const out = givenOut === undefined ? defaultOut(config) : resolve(context.io.cwd, givenOut);
    const shownOut = relative(context.io.cwd, out) || ".";
    const force = booleanFlag(context.args, "force");
    const existing = existsSync(out) ? typeScriptFiles(out) : [];
    if (existing.length > 0 && !force) {
      throw new SchemacError([diagnostic("PullWouldOverwrite", null, shownOut, existing.length, relative(out, existing[0] ?? ""))]);
    }
    const url = databaseTarget(context, "pull");
    const pulled = await withDatabase(url, readForPull);
    const { graph } = pulled;
    if (graph.tables.length === 0 && graph.enums.length === 0 && graph.schemas.length === 0 && pulled.unsupported.length === 0) {
      context.report([diagnostic("PullNothing", null, redact(url))]);
      return 0;
    }
    const result = pullFiles(graph, split as SplitBy);
    const allow = booleanFlag(context.args, "allow-unsupported");
    const problems = [...pulled.unsupported, ...result.problems];
    const reported = problems.map((p) => diagnostic(allow ? "PullLeftOut" : "PullUnsupported", null, p.kind, p.name, p.reason));
    if (context.report(reported)) {
      context.io.stderr.write(`${problems.length} object(s) cannot be written in the DSL; nothing written. Pass --allow-unsupported to write the rest and keep these by hand.\n`);
      return 1;
    }
    const writes = result.files.map((f) => ({ path: join(out, f.path), content: f.content }));
    const written = new Set(writes.map((w) => w.path));
    const stale = existing.filter((path) => !written.has(path) && readFileSync(path, "utf8").startsWith(pulledHeader));
    writeFilesAtomically(writes, (p) => relative(context.io.cwd, p));
    for (const path of stale) rmSync(path);
    for (const w of writes) context.print(`wrote ${relative(context.io.cwd, w.path)}`);
    for (const path of stale) context.print(`removed ${relative(context.io.cwd, path)} (written by an earlier pull)`);
    const modules = new Set(result.files.filter((f) => /(^|\/)(schema|enums)\.ts$/.test(f.path)).map((f) => f.path.split("/").slice(0, -1).join("/"))).size;
    context.print(`pulled ${graph.tables.length} table(s), ${graph.enums.length} enum(s) and ${graph.schemas.length} schema(s) into ${modules} module(s) under ${shownOut}`);
    context.print("next: schemac build --baseline, then schemac stamp 0001 --db URL on the database pulled from");
    return 0;
  },
};

/**
 * Where pull writes without --out: the fixed folder of the config's first `modules` glob
 * (`src/modules/**\/*.ts` → src/modules), or `schema` when the glob starts with a wildcard.
 */
function defaultOut(config: Config): string {
  const glob = config.modules[0] ?? "";
  const fixed = glob.split("/").filter((p) => p.length > 0);
  const stop = fixed.findIndex((p) => /[*?[{]/.test(p));
  const folder = (stop < 0 ? fixed.slice(0, -1) : fixed.slice(0, stop)).join("/");
  return join(config.root, folder.length === 0 ? "schema" : folder);
}

/** Every `.ts` file under a folder (node_modules skipped), sorted. */
function typeScriptFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") found.push(...typeScriptFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".ts")) found.push(path);
  }
  return found.sort();
}

/** A database URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
