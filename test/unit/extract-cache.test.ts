/**
 * The extraction cache: a second compile of an unchanged tree is read from it and equals a fresh
 * one (graph, file reports and diagnostics with their spans); a changed file is read again; a
 * corrupt entry is ignored; SCHEMAC_CACHE=0 bypasses it; entries stay bounded.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileProject, type Compilation } from "../../compiler/compile.js";
import type { Config } from "../../compiler/config.js";
import { cacheDirectory } from "../../compiler/extract/cache.js";
import { decodeValue, encodeValue } from "../../compiler/extract/entry-codec.js";
import { summarizeModule } from "../../compiler/extract/index.js";

/**
 * Summaries are stored only for files TypeScript's parser reads (compiler/extract/index.ts): the
 * fixtures hold a class, which the fast reader leaves to TypeScript.
 */
const typescriptOnly = "class Note {}\n";

const usersFile = `import { table, uuid, text } from "schemac";
import { orders } from "../orders/schema.js";
export const users = table("user", {
  id: uuid().primaryKey(),
  name: text().notNull(),
  lastOrder: uuid().references(() => orders.id),
});
${typescriptOnly}`;

const ordersFile = `import { table, uuid, integer } from "schemac";
import { users } from "../users/schema.js";
const size = Math.max(1, 2);
export const orders = table("order", {
  id: uuid().primaryKey(),
  userId: uuid().notNull().references(() => users.id),
  total: integer().default(size),
});
${typescriptOnly}`;

/** A project with a node_modules folder, so its cache lives inside it and goes away with it. */
function project(files: Record<string, string> = { "modules/users/schema.ts": usersFile, "modules/orders/schema.ts": ordersFile }): Config {
  const root = mkdtempSync(join(tmpdir(), "schemac-cache-test-"));
  mkdirSync(join(root, "node_modules"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, file: null, modules: ["modules/**/*.ts"], out: join(root, "generated") };
}

const cached = { env: {} };
const uncached = { env: { SCHEMAC_CACHE: "0" } };

function result(c: Compilation): unknown {
  return { graph: c.graph, diagnostics: c.diagnostics, files: c.files };
}

function entries(config: Config, folder: string): string[] {
  const dir = join(cacheDirectory(config.root), folder);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
}

test("the cache lives in node_modules/.cache/schemac when the project has node_modules", () => {
  const config = project();
  assert.is(cacheDirectory(config.root), join(config.root, "node_modules", ".cache", "schemac"));
  rmSync(config.root, { recursive: true, force: true });
});

test("a second compile of an unchanged tree gives the same graph, file reports and diagnostics", async () => {
  const config = project();
  const fresh = await compileProject(config, uncached);
  assert.ok(fresh.diagnostics.some((d) => d.code === "SC2001"), "the fixture should report Math.max as not static");
  const first = await compileProject(config, cached);
  assert.is(entries(config, "trees").length, 1);
  assert.is(entries(config, "summaries").length, 2);
  const second = await compileProject(config, cached);
  assert.equal(result(first), result(fresh));
  assert.equal(result(second), result(fresh));
  rmSync(config.root, { recursive: true, force: true });
});

test("an unchanged tree is answered from the cache without reading the modules again", async () => {
  const config = project();
  await compileProject(config, cached);
  const [tree] = entries(config, "trees");
  assert.ok(tree !== undefined);
  // A (valid) entry whose graph names another table proves that the second compile used it.
  const entry = decodeValue(readFileSync(tree)) as { value: { graph: { tables: { name: string }[] } } };
  for (const table of entry.value.graph.tables) if (table.name === "order") table.name = "from_cache";
  writeFileSync(tree, encodeValue(entry) ?? "");
  const second = await compileProject(config, cached);
  assert.ok(second.graph.tables.some((t) => t.name === "from_cache"));
  const bypassed = await compileProject(config, uncached);
  assert.not.ok(bypassed.graph.tables.some((t) => t.name === "from_cache"), "SCHEMAC_CACHE=0 must not read the cache");
  rmSync(config.root, { recursive: true, force: true });
});

test("a changed file is read again and the unchanged ones come from their summaries", async () => {
  const config = project();
  await compileProject(config, cached);
  writeFileSync(join(config.root, "modules/users/schema.ts"), usersFile.replace("name: text().notNull(),", "name: text().notNull(),\n  email: text(),"));
  const changed = await compileProject(config, cached);
  const users = changed.graph.tables.find((t) => t.name === "user");
  assert.equal(users?.columns.map((c) => c.name), ["id", "name", "email", "lastOrder"]);
  assert.equal(result(changed), result(await compileProject(config, uncached)));
  assert.is(entries(config, "summaries").length, 3);
  assert.is(entries(config, "trees").length, 2);
  rmSync(config.root, { recursive: true, force: true });
});

test("files the fast reader takes store no summary, and compile the same from the tree or afresh", async () => {
  const fast = (text: string): string => text.replace(typescriptOnly, "");
  const config = project({ "modules/users/schema.ts": fast(usersFile), "modules/orders/schema.ts": fast(ordersFile) });
  const fresh = await compileProject(config, uncached);
  await compileProject(config, cached);
  assert.is(entries(config, "summaries").length, 0);
  assert.is(entries(config, "trees").length, 1);
  writeFileSync(join(config.root, "modules/users/schema.ts"), `${fast(usersFile)}// edited\n`);
  const changed = await compileProject(config, cached);
  assert.equal(changed.graph, fresh.graph);
  assert.is(entries(config, "summaries").length, 0);
  rmSync(config.root, { recursive: true, force: true });
});

test("corrupt or truncated cache entries are ignored and recomputed, never an error", async () => {
  const config = project();
  const fresh = await compileProject(config, uncached);
  await compileProject(config, cached);
  const all = [...entries(config, "trees"), ...entries(config, "summaries")];
  assert.ok(all.length === 3);
  all.forEach((path, i) => writeFileSync(path, i % 2 === 0 ? "{not json" : JSON.stringify({ format: 1, key: "another", value: {} })));
  assert.equal(result(await compileProject(config, cached)), result(fresh));
  // The recomputed result replaced the broken entries.
  const [tree] = entries(config, "trees");
  const entry = tree === undefined ? undefined : (decodeValue(readFileSync(tree)) as { value: { graph: { tables: unknown[] } } } | undefined);
  assert.is(entry?.value.graph.tables.length, 2);
  // A whole entry cut short, or one of another key, is a miss too.
  if (tree !== undefined) {
    const whole = readFileSync(tree);
    writeFileSync(tree, whole.subarray(0, whole.length - 4));
    assert.equal(result(await compileProject(config, cached)), result(fresh));
    const other = decodeValue(whole) as { key: string; value: { graph: { tables: { name: string }[] } } };
    other.key = "another";
    for (const table of other.value.graph.tables) table.name = "from_cache";
    writeFileSync(tree, encodeValue(other) ?? "");
    assert.equal(result(await compileProject(config, cached)), result(fresh));
  }
  rmSync(config.root, { recursive: true, force: true });
});

test("with SCHEMAC_CACHE=0 nothing is written", async () => {
  const config = project();
  await compileProject(config, uncached);
  assert.not.ok(existsSync(cacheDirectory(config.root)));
  rmSync(config.root, { recursive: true, force: true });
});

test("summaries no build uses any more are pruned once they outnumber the used ones two to one", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`modules/m${i}.ts`] = `import { table, uuid } from "schemac";\nexport const t${i} = table("t${i}", { id: uuid() });\n${typescriptOnly}`;
  const config = project(files);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20; i++) writeFileSync(join(config.root, `modules/m${i}.ts`), `${files[`modules/m${i}.ts`]}// round ${round}\n`);
    await compileProject(config, cached);
  }
  const count = entries(config, "summaries").length;
  assert.ok(count <= 40, `${count} summaries kept for 20 files`);
  assert.ok(count >= 20);
  rmSync(config.root, { recursive: true, force: true });
});



/** Every module file under a folder, as summarize inputs. */
function moduleFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => ({ path: name, text: readFileSync(join(dir, name), "utf8") }));
}

test("summaries are cached without a check because JSON gives every one back exactly", () => {
  const tricky = { path: "tricky.ts", text: `import { table, integer, numeric } from "schemac";\nexport const t = table("t", { a: integer().default(-0), b: numeric(12, 2).default(1e999), c: integer().default(+5), d: integer().default(0x1f) });\n` };
  const files = [...moduleFiles(join(import.meta.dirname, "..", "..", "examples", "shop", "src")), tricky];
  assert.ok(files.length > 5);
  for (const file of files) {
    const summary = summarizeModule(file.path, file.text, { force: true });
    assert.equal(JSON.parse(JSON.stringify(summary)), summary, file.path);
    assert.ok(isJsonExactForTest(summary), file.path);
  }
  const text = JSON.stringify(summarizeModule(tricky.path, tricky.text, { force: true }));
  assert.match(text, "the number 1e999, which is Infinity");
});

/** The walk cache.ts skips for summaries: no undefined, non-finite number, -0 or class instance. */
function isJsonExactForTest(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonExactForTest);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isJsonExactForTest);
}

test.run();
