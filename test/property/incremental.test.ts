/**
 * The incremental build (`compiler/incremental.ts`) against the full build, over random edit
 * sequences on random module trees: after every edit, whenever the incremental build gives a tree,
 * it is the full build's (graph, every diagnostic in order, file reports, emptiness). The trees
 * import tables, enums, name prefixes, column objects and helper functions from each other (in
 * cycles too), re-export, break (syntax errors, calls that are not static, unknown imports),
 * declare duplicates and pgSchemas; the edits rewrite a file, add or remove a file, move a
 * statement between files, rename a table, or touch only a comment. Each step starts from what
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
import { fullTree, incrementalTree } from "../../compiler/incremental.js";
import { propertySettings } from "./harness.js";

/** Tables are bound to A–D, helpers (prefixes, column objects, enums, functions) to P–R. */
const names = ["A", "B", "C", "D"];
const helpers = ["P", "Q", "R"];
const tables = ["users", "orders", "items", "notes", "tags", "carts", "posts", "teams"];
const files = ["src/f0.ts", "src/f1.ts", "src/f2.ts", "src/f3.ts", "src/lib/f4.ts"];

const name = fc.constantFrom(...names);
const helper = fc.constantFrom(...helpers);
const tableName = fc.constantFrom(...tables);
const importPath = fc.constantFrom("./f0", "./f1.js", "./f2", "../f3", "./lib/f4", "./f9");

const column = fc.oneof(
  { arbitrary: fc.constantFrom("uuid()", "text().notNull()", "integer().default(1)", "varchar(20)"), weight: 4 },
  { arbitrary: name.map((n) => `uuid().references(() => ${n}.id)`), weight: 3 },
  { arbitrary: helper.map((n) => `${n}()`), weight: 1 },
  { arbitrary: fc.constantFrom("uuid().references(() => undefinedThing.id)", "text().default(process.env.X)"), weight: 1 },
);
const columns = fc.tuple(fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "id2"), column), { maxLength: 3 }), fc.option(helper, { freq: 4 })).map(
  ([cols, spread]) => `{ id: uuid().primaryKey(), ${cols.map(([c, e]) => `${c}: ${e}, `).join("")}${spread === null ? "" : `...${spread}, `}}`,
);
const tableCall = fc.tuple(tableName, fc.option(helper, { freq: 4 }), columns).map(([t, prefix, cols]) => `table(${prefix === null ? JSON.stringify(t) : `${prefix} + "${t}"`}, ${cols})`);

/** One top-level statement of a module (schemac is imported by the header). */
const statement = fc.oneof(
  { arbitrary: fc.tuple(name, tableCall).map(([n, call]) => `export const ${n} = ${call};`), weight: 16 },
  { arbitrary: fc.tuple(helper, fc.constantFrom("status", "kind")).map(([n, e]) => `export const ${n} = enumType("${e}", ["a", "b"]);`), weight: 2 },
  { arbitrary: fc.tuple(helper, fc.constantFrom('"app_"', '"x_"')).map(([n, p]) => `export const ${n} = ${p};`), weight: 2 },
  { arbitrary: helper.map((n) => `export const ${n} = { note: text(), at: integer() };`), weight: 2 },
  { arbitrary: fc.tuple(helper, tableCall).map(([n, call]) => `export const ${n} = () => ${call};`), weight: 1 },
  { arbitrary: fc.tuple(name, helper).map(([n, f]) => `export const ${n} = ${f}();`), weight: 1 },
  { arbitrary: fc.tuple(name, fc.constantFrom("table(", "table(foo(), {});", "table(\"t\", { id: uuid().nope() });")).map(([n, bad]) => `export const ${n} = ${bad}`), weight: 1 },
  { arbitrary: tableCall.map((call) => `${call};`), weight: 1 },
  { arbitrary: fc.tuple(name, tableCall).map(([n, call]) => `const ${n} = ${call};`), weight: 1 },
  { arbitrary: fc.tuple(name, name).map(([n, m]) => `export const ${n} = pgSchema("s").table("${m.toLowerCase()}t", { id: uuid() });`), weight: 1 },
  { arbitrary: fc.constantFrom("// a comment", "let counter = 0;"), weight: 1 },
);

/** A module: its imports and statements. */
interface Module {
  readonly schemac: boolean;
  readonly imports: readonly (readonly [string, string])[];
  readonly stars: readonly string[];
  readonly statements: readonly string[];
}

const moduleArb: fc.Arbitrary<Module> = fc.record({
  schemac: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: fc.constant(false), weight: 1 }),
  imports: fc.array(fc.tuple(fc.oneof(name, helper), importPath), { maxLength: 3 }),
  stars: fc.array(importPath, { maxLength: 1 }),
  statements: fc.array(statement, { minLength: 1, maxLength: 4 }),
});

const header = 'import { table, enumType, pgSchema, uuid, text, integer, varchar } from "schemac";';

function render(module: Module): string {
  const imported = new Set<string>();
  const lines = module.schemac ? [header] : [];
  for (const [n, from] of module.imports) {
    if (imported.has(n) || module.statements.some((s) => s.includes(`const ${n} =`))) continue;
    imported.add(n);
    lines.push(`import { ${n} } from "${from}";`);
  }
  for (const star of module.stars) lines.push(`export * from "${star}";`);
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
  | { readonly k: "rename"; readonly file: number; readonly table: string };

const fileIndex = fc.nat({ max: files.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.tuple(fileIndex, moduleArb).map(([file, module]): Edit => ({ k: "rewrite", file, module })), weight: 3 },
  { arbitrary: fileIndex.map((file): Edit => ({ k: "comment", file })), weight: 3 },
  { arbitrary: fc.tuple(fileIndex, moduleArb).map(([file, module]): Edit => ({ k: "add", file, module })), weight: 1 },
  { arbitrary: fileIndex.map((file): Edit => ({ k: "remove", file })), weight: 1 },
  { arbitrary: fc.tuple(fileIndex, fileIndex).map(([from, to]): Edit => ({ k: "move", from, to })), weight: 2 },
  { arbitrary: fc.tuple(fileIndex, tableName).map(([file, table]): Edit => ({ k: "rename", file, table })), weight: 2 },
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
    case "rename": {
      const m = module(e.file);
      if (m !== undefined) next.set(at(e.file), { ...m, statements: m.statements.map((s) => s.replace(/table\((\w+ \+ )?"\w+"/, (_, p: string | undefined) => `table(${p ?? ""}"${e.table}"`)) });
      break;
    }
  }
  return next;
}

function inputs(project: Project): SourceFileInput[] {
  return files.filter((f) => project.has(f)).map((path) => ({ path, text: render(project.get(path) as Module) }));
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
        const reference = fullTree(extractTraced(sources), sources, hashes);
        const fast = await incrementalTree(sources, hashes, stored, undefined, 1);
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
  assert.ok(counts.incremental >= counts.steps / 10, `${counts.incremental} incremental of ${counts.steps} steps`);
});

test.run();
