/**
 * The front half of the pipeline: config → discover → extract → resolve → validate. Produces the
 * schema graph of a project's modules and every diagnostic found on the way.
 */
import { readFileSync } from "node:fs";
import type { Decl } from "../schema/declarations.js";
import type { Config } from "./config.js";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { discoverFiles } from "./discover.js";
import type { Graph } from "./graph.js";
import { resolveGraph } from "./resolve.js";
import { validateGraph } from "./validate.js";

/** What `--verbose` reports about one file. */
export interface FileReport {
  readonly path: string;
  readonly status: "declares" | "helper" | "skipped";
  readonly reason?: string;
  readonly tables: readonly string[];
}

/** The result of compiling a project's modules. */
export interface Compilation {
  readonly graph: Graph;
  readonly decls: readonly Decl[];
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly FileReport[];
  /** File texts by project-relative path, for printing line:col. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Compiles the modules a config selects into one graph. */
export async function compileProject(config: Config): Promise<Compilation> {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const file of discoverFiles(config)) {
    try {
      sources.set(file.path, readFileSync(file.absolute, "utf8"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "no such file (a dangling symlink?)" : code === "EACCES" ? "permission denied" : (error as Error).message;
      diagnostics.push(diagnostic("FileUnreadable", null, file.path, reason));
    }
  }
  const { extractDeclarations } = await import("./extract/index.js");
  const extracted = extractDeclarations([...sources].map(([path, text]) => ({ path, text })));
  diagnostics.push(...extracted.diagnostics);
  const graph = resolveGraph(extracted.decls);
  diagnostics.push(...validateGraph(extracted.decls, graph));
  if (extracted.decls.length === 0 && !diagnostics.some((d) => d.severity === "error")) {
    diagnostics.push(diagnostic("NoModules", null, config.modules.join(", ")));
  }
  return { graph, decls: extracted.decls, diagnostics, files: extracted.files, sources };
}
