/**
 * Project rules checked as tests (in place of lint rules): file-size cap, only the CLI prints
 * or exits, ts-morph only in compiler/extract/, pg and pg-mem only in compiler/db/, the DSL
 * never imports the compiler, no `any`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
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

test.run();
