/**
 * Project rules checked as tests (in place of lint rules): file-size cap, only the CLI prints
 * or exits, ts-morph only in compiler/extract/, pg and pg-mem only in compiler/db/, the DSL
 * never imports the compiler, no `any`, no import cycles between source files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = join(import.meta.dirname, "..");

function sources(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (entry === "node_modules") continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(entry)) out.push({ path: relative(root, path).split(sep).join("/"), text: readFileSync(path, "utf8") });
    }
  };
  walk(join(root, dir));
  return out;
}

const code = [...sources("compiler"), ...sources("schema")];

function offenders(files: { path: string; text: string }[], pattern: RegExp, allowed: (path: string) => boolean): string[] {
  return files.filter((f) => !allowed(f.path) && pattern.test(f.text)).map((f) => f.path);
}

test("no source file is longer than 700 lines", () => {
  const long = [...code, ...sources("test")].filter((f) => f.text.split("\n").length > 700).map((f) => `${f.path} (${f.text.split("\n").length})`);
  assert.equal(long, []);
});

test("only compiler/cli prints or exits", () => {
  assert.equal(offenders(code, /\bconsole\.(log|error|warn)|process\.exit\(|process\.(stdout|stderr)\.write/, (p) => p.startsWith("compiler/cli/")), []);
});

test("only compiler/extract imports ts-morph", () => {
  assert.equal(offenders(code, /from "ts-morph"/, (p) => p.startsWith("compiler/extract/")), []);
});

test("only compiler/db imports pg or pg-mem", () => {
  assert.equal(offenders(code, /from "(pg|pg-mem)"/, (p) => p.startsWith("compiler/db/")), []);
});

test("the DSL does not import the compiler", () => {
  assert.equal(offenders(sources("schema"), /from "\.\.\/compiler/, () => false), []);
});

test("no explicit any in the sources", () => {
  assert.equal(offenders(code, /:\s*any\b|<any>|as any\b/, () => false), []);
});

/** Relative imports of each file (static, type-only, re-exports and dynamic), as project paths. */
function importGraph(files: { path: string; text: string }[]): Map<string, string[]> {
  const known = new Set(files.map((f) => f.path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...file.text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)]
      .map((m) => posix.normalize(posix.join(dirname(file.path), m[1] ?? "")).replace(/\.js$/, ".ts"))
      .filter((target) => known.has(target));
    graph.set(file.path, targets);
  }
  return graph;
}

/** Every cycle's files (strongly connected components of more than one file, or a self-import). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

test("no import cycles between source files (type-only imports included)", () => {
  assert.equal(importCycles(importGraph(code)), []);
});

test("the cycle check finds a cycle when there is one", () => {
  const files = [
    { path: "compiler/a.ts", text: 'import type { B } from "./b.js";' },
    { path: "compiler/b.ts", text: 'export { c } from "./sub/c.js";' },
    { path: "compiler/sub/c.ts", text: 'const a = await import("../a.js");' },
    { path: "compiler/d.ts", text: 'import { a } from "./a.js";' },
  ];
  assert.equal(importCycles(importGraph(files)), [["compiler/a.ts", "compiler/b.ts", "compiler/sub/c.ts"]]);
});

test.run();
