import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadConfig, parseConfig } from "../../compiler/config.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { discoverFiles, globMatcher } from "../../compiler/discover.js";

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof SchemacError) return error.diagnostics.map((d) => d.code);
    throw error;
  }
  return [];
}

test("uses the defaults when there is no config file", () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-config-"));
  const config = loadConfig({ cwd: dir });
  assert.equal(config.modules, ["**/*.ts"]);
  assert.is(config.out, join(dir, "generated"));
  assert.is(config.file, null);
});

test("resolves out relative to the config file", () => {
  const config = parseConfig("/app/schemac.config.json", '{"modules":["src/**/*.ts"],"out":"db"}');
  assert.is(config.out, "/app/db");
  assert.is(config.root, "/app");
});

test("reports invalid JSON, unknown keys and bad values with SC1001/SC1002", () => {
  assert.equal(codesOf(() => parseConfig("/a/schemac.config.json", "{")), ["SC1001"]);
  assert.equal(codesOf(() => parseConfig("/a/schemac.config.json", '{"modules": "x", "outt": 1}')), ["SC1002", "SC1002"]);
  assert.equal(codesOf(() => loadConfig({ cwd: "/", config: "/nonexistent/schemac.config.json" })), ["SC1001"]);
});

test("globs mean what they mean in other tools: **, *, braces, ranges, classes, extglobs, dot files", () => {
  const matches = (glob: string, path: string): boolean => globMatcher(glob)(path);
  assert.ok(matches("src/**/*.ts", "src/a/b/c.ts"));
  assert.ok(matches("src/**/*.ts", "src/c.ts"));
  assert.not.ok(matches("src/*.ts", "src/a/c.ts"));
  assert.ok(matches("src/{users,orders}/*.ts", "src/orders/x.ts"));
  assert.not.ok(matches("src/{users,orders}/*.ts", "src/billing/x.ts"));
  assert.ok(matches("src/v{1..3}/*.ts", "src/v2/x.ts"));
  assert.ok(matches("src/[ab]*.ts", "src/b1.ts"));
  assert.ok(matches("src/**/!(*.test).ts", "src/a/x.ts"));
  assert.not.ok(matches("src/**/!(*.test).ts", "src/a/x.test.ts"));
  assert.ok(matches("src/**/@(schema|enums).ts", "src/a/enums.ts"));
  assert.not.ok(matches("src/**/*.ts", "src/.hidden.ts"), "* skips dot files, as in a shell");
  assert.ok(matches("./src/*.ts", "src/x.ts"), "a leading ./ is the project folder");
});

test("discovers matched .ts files sorted, skipping node_modules, the out folder and negated globs", () => {
  const dir = mkdtempSync(join(tmpdir(), "schemac-discover-"));
  for (const f of ["src/b/schema.ts", "src/a/schema.ts", "src/a/schema.test.ts", "node_modules/x/y.ts", "generated/z.ts", "src/types.d.ts"]) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), "");
  }
  const files = discoverFiles({ root: dir, file: null, modules: ["**/*.ts", "!**/*.test.ts"], out: join(dir, "generated") });
  assert.equal(files.map((f) => f.path), ["src/a/schema.ts", "src/b/schema.ts"]);
  const extglob = discoverFiles({ root: dir, file: null, modules: ["src/**/!(*.test).ts"], out: join(dir, "generated") });
  assert.equal(extglob.map((f) => f.path), ["src/a/schema.ts", "src/b/schema.ts"], "a leading !( is an extglob, not an exclusion");
});

test.run();
