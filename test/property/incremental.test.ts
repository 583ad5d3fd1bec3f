/**
 * The incremental build (`compiler/incremental.ts`) against the full build, over random edit
 * sequences on random module trees: after every edit, whenever the incremental build gives a tree,
 * it is the full build's (graph, every diagnostic in order, file reports, emptiness), and the full
 * build (traced, its checks cut in parts) is the plain extraction and validation. The trees
 * import tables, enums, name prefixes, column objects and helper functions from each other (in
 * cycles too), re-export, break (syntax errors, calls that are not static, unknown imports),
 * declare duplicates and pgSchemas; the edits rewrite a file, add or remove a file, replace one
 * statement, move a statement between files, rename a table, or touch only a comment. Each step starts from what
 * the build before stored (incremental or full), as the cache does; the test checks that the
 * incremental build ran on a good share of the steps. Seeded: SCHEMAC_PROPERTY_SEED and
 * SCHEMAC_PROPERTY_RUNS.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { TreeResult } from "../../compiler/extract/cache.js";
import { extractTraced } from "../../compiler/extract/relink.js";
import type { SourceFileInput } from "../../compiler/extract/summary.js";
import { extractDeclarations } from "../../compiler/extract/index.js";
import { fullTree, incrementalTree } from "../../compiler/incremental.js";
import { resolveGraph } from "../../compiler/resolve.js";
import { validateGraph } from "../../compiler/validate.js";
import { propertySettings } from "./harness.js";

/** Tables are bound to A–D, helpers (prefixes, column objects, enums, functions) to P–R. */
const names = ["A", "B", "C", "D"];
const helpers = ["P", "Q", "R"];
const tables = ["users", "orders", "items", "notes", "tags", "carts", "posts", "teams", "pages", "files", "rooms", "seats", "trips", "stops", "games", "cards", "boxes", "shelves", "plans", "steps"];
const files = ["src/f0.ts", "src/f1.ts", "src/f2.ts", "src/f3.ts", "src/lib/f4.ts"];

const name = fc.constantFrom(...names);
const helper = fc.constantFrom(...helpers);
const tableName = fc.constantFrom(...tables);
/** An import's target: one of `files` (by index, spelled one of a few ways), or a missing file. */
const importTarget = fc.oneof({ arbitrary: fc.tuple(fc.nat({ max: 4 }), fc.constantFrom("", ".js", ".ts")), weight: 9 }, { arbitrary: fc.constant([9, ""] as [number, string]), weight: 1 });

function importPath(from: string, [target, extension]: readonly [number, string]): string {
  const to = (files[target] ?? "src/f9.ts").replace(/\.ts$/, extension);
  const fromDir = from.slice(0, from.lastIndexOf("/"));
  const toDir = to.slice(0, to.lastIndexOf("/"));
  const base = to.slice(to.lastIndexOf("/") + 1);
  if (fromDir === toDir) return `./${base}`;
  return toDir.startsWith(`${fromDir}/`) ? `./${to.slice(fromDir.length + 1)}` : `../${base}`;
}

const column = fc.oneof(
  { arbitrary: fc.constantFrom("uuid()", "text().notNull()", "integer().default(1)", "varchar(20)"), weight: 4 },
  { arbitrary: name.map((n) => `uuid().references(() => ${n}.id)`), weight: 3 },
  { arbitrary: helper.map((n) => `${n}()`), weight: 1 },
  { arbitrary: fc.constantFrom("uuid().references(() => undefinedThing.id)", "text().default(process.env.X)"), weight: 1 },
);
/** The key column: mostly a uuid primary key, sometimes no key or another type (foreign keys to it then fail their checks). */
const idColumn = fc.oneof({ arbitrary: fc.constant("uuid().primaryKey()"), weight: 6 }, { arbitrary: fc.constantFrom("uuid()", "text().primaryKey()"), weight: 1 });
const columns = fc.tuple(idColumn, fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "id2"), column), { maxLength: 3 }), fc.option(helper, { freq: 4 })).map(
  ([id, cols, spread]) => `{ id: ${id}, ${cols.map(([c, e]) => `${c}: ${e}, `).join("")}${spread === null ? "" : `...${spread}, `}}`,
);
const tableCall = fc.tuple(tableName, fc.option(helper, { freq: 4 }), columns).map(([t, prefix, cols]) => `table(${prefix === null ? JSON.stringify(t) : `${prefix} + "${t}"`}, ${cols})`);

/** One top-level statement of a module (schemac is imported by the header). */
const statement = fc.oneof(
  { arbitrary: fc.tuple(name, tableCall).map(([n, call]) => `export const ${n} = ${call};`), weight: 48 },
  { arbitrary: fc.tuple(helper, fc.constantFrom("status", "kind")).map(([n, e]) => `export const ${n} = enumType("${e}", ["a", "b"]);`), weight: 6 },
  { arbitrary: fc.tuple(helper, fc.constantFrom('"app_"', '"x_"')).map(([n, p]) => `export const ${n} = ${p};`), weight: 6 },
  { arbitrary: helper.map((n) => `export const ${n} = { note: text(), at: integer() };`), weight: 6 },
  { arbitrary: fc.tuple(helper, tableCall).map(([n, call]) => `export const ${n} = () => ${call};`), weight: 3 },
  { arbitrary: fc.tuple(name, helper).map(([n, f]) => `export const ${n} = ${f}();`), weight: 3 },
  { arbitrary: fc.tuple(name, fc.constantFrom("table(", "table(foo(), {});", "table(\"t\", { id: uuid().nope() });")).map(([n, bad]) => `export const ${n} = ${bad}`), weight: 3 },
  { arbitrary: tableCall.map((call) => `${call};`), weight: 3 },
  { arbitrary: fc.tuple(name, tableCall).map(([n, call]) => `const ${n} = ${call};`), weight: 3 },
  { arbitrary: fc.tuple(name, name).map(([n, m]) => `export const ${n} = pgSchema("s").table("${m.toLowerCase()}t", { id: uuid() });`), weight: 1 },
  { arbitrary: fc.tuple(name, name).map(([n, m]) => `export const ${n} = table("${m.toLowerCase()}_${n.toLowerCase()}", { id: uuid().primaryKey(), r: uuid().references(() => ${m}.id) });`), weight: 12 },
  { arbitrary: fc.constantFrom("// a comment", "let counter = 0;"), weight: 3 },
);

/** A module: its imports and statements. */
interface Module {
  readonly schemac: boolean;
  /** Name, target, and whether the name is kept even when the target does not export it. */
  readonly imports: readonly (readonly [string, readonly [number, string], boolean])[];
  readonly stars: readonly (readonly [number, string])[];
  readonly statements: readonly string[];
}

const moduleArb: fc.Arbitrary<Module> = fc.record({
  schemac: fc.oneof({ arbitrary: fc.constant(true), weight: 12 }, { arbitrary: fc.constant(false), weight: 1 }),
  imports: fc.array(fc.tuple(fc.oneof(name, helper), importTarget, fc.boolean()), { maxLength: 4 }),
  stars: fc.array(importTarget, { maxLength: 1 }),
  statements: fc.array(statement, { minLength: 1, maxLength: 4 }),
});

const header = 'import { table, enumType, pgSchema, uuid, text, integer, varchar } from "schemac";';

/** The names a module exports (`export const`). */
function exportedNames(module: Module | undefined): string[] {
  return (module?.statements ?? []).flatMap((s) => /^export const (\w+) =/.exec(s)?.[1] ?? []);
}

/**
 * A module's text. An import of a name the target file does not export (or this one defines)
 * imports, unless it is literal, the first name the target exports that this one lacks, when
 * there is one (so that most imports resolve and are used; the others stay unknown).
 */
function render(path: string, module: Module, project: Project): string {
  const imported = new Set<string>();
  const lines = module.schemac ? [header] : [];
  for (const [wanted, from, literal] of module.imports) {
    const local = (n: string): boolean => imported.has(n) || module.statements.some((s) => s.includes(`const ${n} =`));
    const exported = exportedNames(project.get(files[from[0]] ?? "")).filter((n) => !local(n));
    const n = literal || exported.includes(wanted) || exported.length === 0 ? wanted : (exported[0] as string);
    if (imported.has(n) || module.statements.some((s) => s.includes(`const ${n} =`))) continue;
    imported.add(n);
    lines.push(`import { ${n} } from "${importPath(path, from)}";`);
  }
  for (const star of module.stars) lines.push(`export * from "${importPath(path, star)}";`);
  const seen = new Set<string>();
  for (const s of module.statements) {
    const declared = /const (\w+) =/.exec(s)?.[1];
    if (declared !== undefined && (seen.has(declared) || imported.has(declared))) continue;
    if (declared !== undefined) seen.add(declared);
    lines.push(s);
  }
  return `${lines.join("\n")}\n`;
}

/** A project: a module per path (paths kept in `files` order). */
type Project = ReadonlyMap<string, Module>;

type Edit =
  | { readonly k: "rewrite"; readonly file: number; readonly module: Module }
  | { readonly k: "comment"; readonly file: number }
  | { readonly k: "add"; readonly file: number; readonly module: Module }
  | { readonly k: "remove"; readonly file: number }
  | { readonly k: "move"; readonly from: number; readonly to: number }
  | { readonly k: "rename"; readonly file: number; readonly table: string }
  | { readonly k: "statement"; readonly file: number; readonly index: number; readonly statement: string };

const fileIndex = fc.nat({ max: files.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.tuple(fileIndex, moduleArb).map(([file, module]): Edit => ({ k: "rewrite", file, module })), weight: 3 },
  { arbitrary: fileIndex.map((file): Edit => ({ k: "comment", file })), weight: 3 },
  { arbitrary: fc.tuple(fileIndex, moduleArb).map(([file, module]): Edit => ({ k: "add", file, module })), weight: 1 },
  { arbitrary: fileIndex.map((file): Edit => ({ k: "remove", file })), weight: 1 },
  { arbitrary: fc.tuple(fileIndex, fileIndex).map(([from, to]): Edit => ({ k: "move", from, to })), weight: 2 },
  { arbitrary: fc.tuple(fileIndex, tableName).map(([file, table]): Edit => ({ k: "rename", file, table })), weight: 2 },
  { arbitrary: fc.tuple(fileIndex, fc.nat({ max: 4 }), statement).map(([file, index, s]): Edit => ({ k: "statement", file, index, statement: s })), weight: 4 },
);

function apply(project: Project, e: Edit, step: number): Project {
  const next = new Map(project);
  const at = (i: number): string => files[i] as string;
  const module = (i: number): Module | undefined => next.get(at(i));
  switch (e.k) {
    case "rewrite":
    case "add":
      next.set(at(e.file), e.module);
      break;
    case "comment": {
      const m = module(e.file);
      if (m !== undefined) next.set(at(e.file), { ...m, statements: [...m.statements, `// edit ${step}`] });
      break;
    }
    case "remove":
      if (next.size > 1) next.delete(at(e.file));
      break;
    case "move": {
      const [from, to] = [module(e.from), module(e.to)];
      const moved = from?.statements.find((s) => s.includes("table("));
      if (from === undefined || to === undefined || moved === undefined || e.from === e.to) break;
      next.set(at(e.from), { ...from, statements: from.statements.filter((s) => s !== moved) });
      next.set(at(e.to), { ...to, statements: [...to.statements, moved] });
      break;
    }
    case "statement": {
      const m = module(e.file);
      if (m !== undefined) next.set(at(e.file), { ...m, statements: m.statements.map((s, i) => (i === e.index % m.statements.length ? e.statement : s)) });
      break;
    }
    case "rename": {
      const m = module(e.file);
      if (m !== undefined) next.set(at(e.file), { ...m, statements: m.statements.map((s) => s.replace(/table\((\w+ \+ )?"\w+"/, (_, p: string | undefined) => `table(${p ?? ""}"${e.table}"`)) });
      break;
    }
  }
  return next;
}

function inputs(project: Project): SourceFileInput[] {
  return files.filter((f) => project.has(f)).map((path) => ({ path, text: render(path, project.get(path) as Module, project) }));
}

function hashesOf(sources: readonly SourceFileInput[]): Map<string, string> {
  return new Map(sources.map((f) => [f.path, createHash("sha256").update(f.text).digest("hex")]));
}

/** What the reference and the incremental build must agree on. */
function visible(tree: TreeResult): unknown {
  return { graph: tree.graph, diagnostics: tree.diagnostics, files: tree.files, isEmpty: tree.isEmpty };
}

const projectArb = fc.array(fc.tuple(fc.constantFrom(...files), moduleArb), { minLength: 2, maxLength: files.length }).map((entries) => new Map(entries) as Project);

test("random edit sequences: the incremental build gives the full build's tree", async () => {
  const { seed, numRuns, path } = propertySettings(250);
  const counts = { steps: 0, incremental: 0 };
  await fc.assert(
    fc.asyncProperty(projectArb, fc.array(edit, { minLength: 1, maxLength: 6 }), async (start, edits) => {
      let project = start;
      let sources = inputs(project);
      let stored = fullTree(extractTraced(sources), sources, hashesOf(sources));
      for (const [step, e] of edits.entries()) {
        project = apply(project, e, step);
        sources = inputs(project);
        const hashes = hashesOf(sources);
        const traced = extractTraced(sources);
        const reference = fullTree(traced, sources, hashes);
        // The full path's checks, cut in parts, are validateGraph's, and its extraction the extractor's.
        const decls = traced.extraction.decls;
        assert.equal(reference.diagnostics, [...traced.extraction.diagnostics, ...validateGraph(decls, resolveGraph(decls))]);
        assert.equal(traced.extraction, extractDeclarations(sources));
        const fast = (await incrementalTree(sources, hashes, stored, undefined, 1))?.tree;
        counts.steps++;
        if (fast !== undefined) {
          counts.incremental++;
          assert.equal(visible(fast), visible(reference), `step ${step} (${e.k}):\n${sources.map((f) => `// ${f.path}\n${f.text}`).join("\n")}`);
        }
        stored = fast ?? reference;
      }
    }),
    { seed, numRuns, ...(path === undefined ? {} : { path }) },
  );
  // The incremental build must actually run on a fair share of the steps, or the property holds nothing.
  if (process.env["INCR_DEBUG"]) console.log(counts, (globalThis as unknown as { incr?: unknown }).incr, [...(await import("../../compiler/incremental.js") as unknown as { reasons: Map<string, number> }).reasons].sort((a, b) => b[1] - a[1]).slice(0, 14));
  assert.ok(counts.incremental >= counts.steps / 10, `${counts.incremental} incremental of ${counts.steps} steps`);
});

test.run();
