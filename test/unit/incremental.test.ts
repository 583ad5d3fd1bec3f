/**
 * The incremental build on chosen edits (test/property/incremental.test.ts draws random ones):
 * it runs, relinks only what it must, and gives the full build's tree; it steps aside where the
 * cut by file does not hold.
 */
import { createHash } from "node:crypto";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { TreeResult } from "../../compiler/extract/cache.js";
import { extractTraced } from "../../compiler/extract/relink.js";
import type { SourceFileInput } from "../../compiler/extract/summary.js";
import { fullTree, incrementalTree, type Incremental } from "../../compiler/incremental.js";

const header = 'import { table, uuid, text, integer } from "schemac";\n';

function inputs(files: Record<string, string>): SourceFileInput[] {
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

function hashes(files: readonly SourceFileInput[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, createHash("sha256").update(f.text).digest("hex")]));
}

function full(files: Record<string, string>): TreeResult {
  const sources = inputs(files);
  return fullTree(extractTraced(sources), sources, hashes(sources));
}

/** The incremental build of `after` from `before`'s tree, checked equal to the full build's; undefined when it stepped aside. */
async function build(before: Record<string, string> | TreeResult, after: Record<string, string>): Promise<Incremental | undefined> {
  const sources = inputs(after);
  const result = await incrementalTree(sources, hashes(sources), "graph" in before ? (before as TreeResult) : full(before as Record<string, string>), undefined, 1);
  if (result !== undefined) assert.equal({ ...result.tree, incremental: undefined }, { ...full(after), incremental: undefined });
  return result;
}

async function incremental(before: Record<string, string> | TreeResult, after: Record<string, string>): Promise<TreeResult | undefined> {
  return (await build(before, after))?.tree;
}

const users = `${header}export const users = table("users", { id: uuid().primaryKey(), name: text() });\n`;
const orders = `${header}import { users } from "./users";\nexport const orders = table("orders", { id: uuid().primaryKey(), user: uuid().references(() => users.id) });\n`;

test("a column added to a table others reference: only its file is read again", async () => {
  const before = { "src/users.ts": users, "src/orders.ts": orders };
  const after = { ...before, "src/users.ts": users.replace("name: text()", "name: text(), age: integer()") };
  const result = await build(before, after);
  assert.ok(result !== undefined);
  assert.equal(result.tree.graph.tables.find((t) => t.name === "users")?.columns.map((c) => c.name), ["id", "name", "age"]);
  // orders imported the same value from users.ts (a table named users): it is not evaluated again.
  assert.equal([...result.relinked], ["src/users.ts"]);
});

test("a referenced table renamed: the file that references it is relinked", async () => {
  const before = { "src/users.ts": users, "src/orders.ts": orders };
  const after = { ...before, "src/users.ts": users.replace('table("users"', 'table("people"') };
  const result = await build(before, after);
  assert.ok(result !== undefined);
  assert.equal(result.tree.graph.tables.find((t) => t.name === "orders")?.foreignKeys[0]?.references.name, "people");
  assert.equal([...result.relinked].sort(), ["src/orders.ts", "src/users.ts"]);
});

test("a referenced table loses its key: the referencing table is checked again, though not relinked", async () => {
  const before = { "src/users.ts": users, "src/orders.ts": orders };
  const after = { ...before, "src/users.ts": users.replace("uuid().primaryKey()", "uuid()") };
  const result = await build(before, after);
  assert.ok(result !== undefined);
  assert.equal([...result.relinked], ["src/users.ts"]);
  assert.equal(result.tree.diagnostics.map((d) => d.code), ["SC3013"]);
});

test("an import that was unknown resolves after an edit of the imported file", async () => {
  const before = { "src/users.ts": `${header}export const other = 1;\n`, "src/orders.ts": orders };
  const after = { ...before, "src/users.ts": users };
  const broken = full(before);
  assert.ok(broken.diagnostics.some((d) => d.code === "SC2003" || d.message.includes("users")), JSON.stringify(broken.diagnostics));
  const tree = await incremental(before, after);
  assert.ok(tree !== undefined);
  assert.equal(tree.diagnostics, []);
});

test("a prefix imported at load time changes the tables of the files that import it", async () => {
  const prefix = 'export const prefix = "app_";\n';
  const before = { "src/prefix.ts": prefix, "src/a.ts": `${header}import { prefix } from "./prefix";\nexport const a = table(prefix + "a", { id: uuid() });\n` };
  const after = { ...before, "src/prefix.ts": prefix.replace("app_", "web_") };
  const tree = await incremental(before, after);
  assert.ok(tree !== undefined);
  assert.equal(tree.graph.tables.map((t) => t.name), ["web_a"]);
  assert.equal(tree.files.map((f) => f.status), ["helper", "declares"]);
});

test("a file broken and mended again", async () => {
  const before = { "src/users.ts": users, "src/orders.ts": orders };
  const broken = { ...before, "src/users.ts": users.replace("name: text() });", "name: text( });") };
  const brokenTree = await incremental(before, broken);
  assert.ok(brokenTree !== undefined && brokenTree.diagnostics.length > 0);
  assert.ok((await incremental(brokenTree, before)) !== undefined);
});

test("steps aside: files added, duplicates, a helper declaring in another file, more than a third relinked by default", async () => {
  const before = { "src/users.ts": users, "src/orders.ts": orders };
  assert.is(await incremental(before, { ...before, "src/more.ts": users.replace(/users/g, "more") }), undefined);
  assert.is(await incremental(before, { ...before, "src/orders.ts": orders.replace('table("orders"', 'table("users"') }), undefined);
  const helper = { "src/make.ts": `${header}export const make = () => table("made", { id: uuid() });\n`, "src/a.ts": `${header}import { make } from "./make";\nexport const a = make();\n` };
  assert.is(full(helper).incremental, undefined);
  const sources = inputs({ ...before, "src/users.ts": users.replace("name", "nick") });
  assert.is(await incrementalTree(sources, hashes(sources), full(before)), undefined);
});

test.run();
