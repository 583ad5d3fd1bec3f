/**
 * Modules on the shop example: who owns which table, plans and migration headers grouped by
 * module, the boundary rules of the example's config enforced at the `references()` call (by
 * build and by check), old migration files without a modules header still passing check, and
 * `schemac graph` in every form: the text outputs are golden files (test/golden-graph/, rewritten
 * by `npm run accept`), the README shows two of them, and the SVG parses as XML.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { XMLValidator } from "fast-xml-parser";
import { compileProject } from "../../compiler/compile.js";
import { loadConfig } from "../../compiler/config.js";
import { canonicalGraph, parseSnapshot } from "../../compiler/snapshot.js";
import { runCli } from "../helpers/cli.js";
import { copyExample, editModule as edit } from "../helpers/example-copy.js";
import { markedBlock, withReadmeBlock } from "../helpers/readme-block.js";

const repo = join(import.meta.dirname, "..", "..");
const shop = join(repo, "examples", "shop");
const goldenDir = join(repo, "test", "golden-graph");
const accept = process.env["SCHEMAC_ACCEPT"] === "1";

test("ownership: each table and enum of the example belongs to the folder under src/modules that declares it", async () => {
  const { graph, diagnostics } = await compileProject(loadConfig({ cwd: shop }));
  assert.equal(diagnostics.filter((d) => d.severity !== "notice"), []);
  const owners = Object.fromEntries([...graph.tables, ...graph.enums].map((o) => [`${o.schema}.${o.name}`, o.module]));
  assert.equal(owners, {
    "billing.invoice": "billing",
    "billing.payment": "billing",
    "public.address": "users",
    "public.category": "catalog",
    "public.order": "orders",
    "public.order_item": "orders",
    "public.product": "catalog",
    "public.shipment": "shipping",
    "public.user": "users",
    "billing.invoice_status": "billing",
    "public.order_status": "orders",
    "public.shipment_status": "shipping",
  });
  assert.equal(graph.schemas.map((s) => [s.name, s.module]), [["billing", "billing"]]);
});

test("moving a table to another module is no schema change: the snapshot records the module but the diff never compares it", async () => {
  const project = copyExample();
  const config = JSON.parse(readFileSync(join(project, "schemac.config.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(project, "schemac.config.json"), JSON.stringify({ ...config, boundaries: undefined, moduleOf: ["src/<module>/**"] }));
  const check = await runCli(["check"], project);
  assert.is(check.code, 0, check.stdout + check.stderr);
  const snapshot = readFileSync(join(repo, "generated", "shop", "snapshot.json"), "utf8");
  assert.match(snapshot, /\{"schema":"public","name":"shipment",\n  "module": "shipping",\n/);
  assert.match(snapshot, /\{"schema":"public","name":"shipment_status","values":\[[^\]]*\],"module":"shipping"\}/);
});

test("a dropped table and enum are listed under the module the snapshot recorded for them: diff, diff --json and the migration header", async () => {
  const project = copyExample();
  rmSync(join(project, "src", "modules", "shipping"), { recursive: true });
  const diff = await runCli(["diff"], project);
  assert.is(diff.stdout.split("\n")[0], "module shipping", diff.stdout);
  assert.not.match(diff.stdout, /module unknown/);
  const json = JSON.parse((await runCli(["diff", "--json"], project)).stdout) as { operations: { kind: string; module: string | null }[] };
  assert.ok(json.operations.some((o) => o.kind === "dropTable"), JSON.stringify(json));
  assert.ok(json.operations.some((o) => o.kind === "dropEnum"), JSON.stringify(json));
  assert.equal([...new Set(json.operations.map((o) => o.module))], ["shipping"]);
  const build = await runCli(["build", "-m", "drop shipping", "--allow-data-loss"], project);
  assert.is(build.code, 0, build.stderr);
  const up = readFileSync(join(project, "..", "..", "generated", "shop", "migrations", "0008_drop_shipping.up.sql"), "utf8");
  assert.ok(up.startsWith("-- 0008_drop_shipping (up)\n-- parent: 0007_drop_wishlist\n-- modules: shipping\n\n"), up);
});

test("build rewrites a version-1 snapshot with the model's modules: the same file a build writes", async () => {
  const project = copyExample();
  const path = join(project, "..", "..", "generated", "shop", "snapshot.json");
  writeFileSync(path, `${JSON.stringify({ version: 1, ...canonicalGraph(parseSnapshot(readFileSync(path, "utf8"), path)) }, null, 2)}\n`);
  const build = await runCli(["build"], project);
  assert.is(build.code, 0, build.stdout + build.stderr);
  assert.match(build.stdout, /Rewrote .* from format version 1 to 2/);
  assert.is(readFileSync(path, "utf8"), readFileSync(join(repo, "generated", "shop", "snapshot.json"), "utf8"));
});

test("a snapshot written before modules were recorded still reads: a dropped public table's module is unknown", async () => {
  const project = copyExample();
  const path = join(project, "..", "..", "generated", "shop", "snapshot.json");
  writeFileSync(path, readFileSync(path, "utf8").replace(/\n  "module": "[a-z]+",|,"module":"[a-z]+"/g, ""));
  assert.not.match(readFileSync(path, "utf8"), /"module"/);
  const check = await runCli(["check"], project);
  assert.is(check.code, 0, check.stdout + check.stderr);
  rmSync(join(project, "src", "modules", "shipping"), { recursive: true });
  const diff = await runCli(["diff"], project);
  assert.is(diff.stdout.split("\n")[0], "module (module unknown: no longer declared)", diff.stdout);
});

test("diff and build group the plan by module; the header lists the modules; diff --json names each operation's module", async () => {
  const project = copyExample();
  edit(project, "shipping/schema.ts", "tracking_number: varchar(80)", "tracking_number: varchar(120)");
  edit(project, "catalog/schema.ts", "description: text(),", "description: text(),\n    subtitle: text(),");
  const diff = await runCli(["diff"], project);
  assert.is(diff.stdout, "module catalog\n  + column product.subtitle text\nmodule shipping\n  ~ column shipment.tracking_number varchar(80) → varchar(120)\n");
  const json = JSON.parse((await runCli(["diff", "--json"], project)).stdout) as { operations: { kind: string; module: string }[] };
  assert.equal(json.operations.map((o) => [o.kind, o.module]), [["addColumn", "catalog"], ["alterColumnType", "shipping"]]);
  const build = await runCli(["build", "-m", "subtitle and tracking"], project);
  assert.is(build.code, 0, build.stderr);
  const up = readFileSync(join(project, "..", "..", "generated", "shop", "migrations", "0008_subtitle_and_tracking.up.sql"), "utf8");
  assert.ok(up.startsWith("-- 0008_subtitle_and_tracking (up)\n-- parent: 0007_drop_wishlist\n-- modules: catalog, shipping\n\n"), up);
});

test("boundaries: a forbidden reference added to the example is a located error in build and check, and nothing is written", async () => {
  const project = copyExample();
  edit(project, "shipping/schema.ts", 'import { orders } from "../orders/schema.js";', 'import { invoices } from "../billing/schema.js";\nimport { orders } from "../orders/schema.js";');
  edit(project, "shipping/schema.ts", "    shipped_at: timestamptz(),", "    invoice_id: uuid().references(() => invoices.id),\n    shipped_at: timestamptz(),");
  const expected =
    'src/modules/shipping/schema.ts:25:41 error SC3016: foreign key shipment(invoice_id) → billing.invoice crosses a module boundary: module shipping may not reference module billing (rule "shipping": ["orders","users"])';
  const migrations = join(project, "..", "..", "generated", "shop", "migrations");
  const before = readdirSync(migrations).length;
  const build = await runCli(["build", "-m", "invoice on shipment"], project);
  assert.is(build.code, 1);
  assert.is(build.stderr.split("\n")[0], expected);
  assert.is(readdirSync(migrations).length, before, "nothing written");
  const check = await runCli(["check"], project);
  assert.is(check.code, 1);
  assert.is(check.stderr.split("\n")[0], expected);
});

test("migrations written before modules existed (no modules line in the header) still pass check", async () => {
  const project = copyExample();
  const migrations = join(project, "..", "..", "generated", "shop", "migrations");
  for (const file of readdirSync(migrations)) {
    const path = join(migrations, file);
    writeFileSync(path, readFileSync(path, "utf8").replace(/^-- modules: .*\n/m, ""));
  }
  // The old schemac summed the files as they were: re-sum them the way it did.
  assert.is((await runCli(["hash"], project)).code, 0);
  const check = await runCli(["check"], project);
  assert.is(check.code, 0, check.stdout + check.stderr);
});

/** The graph outputs held as golden files: name → arguments of `schemac graph`. */
const goldens: Record<string, readonly string[]> = {
  "shop.mmd": ["graph"],
  "shop.dot": ["graph", "--format", "dot"],
  "shop-modules.mmd": ["graph", "--modules-only"],
  "shop-modules.dot": ["graph", "--modules-only", "--format", "dot"],
  "shop-orders.mmd": ["graph", "--module", "orders"],
  "shop-users-modules.mmd": ["graph", "--modules-only", "--module", "users"],
};

for (const [name, args] of Object.entries(goldens)) {
  test(`schemac ${args.join(" ")} on the example matches test/golden-graph/${name}`, async () => {
    const result = await runCli(args, shop);
    assert.is(result.code, 0, result.stderr);
    const path = join(goldenDir, name);
    if (accept) writeFileSync(path, result.stdout);
    assert.ok(existsSync(path), `${path} is missing: run npm run accept`);
    assert.fixture(result.stdout, readFileSync(path, "utf8"));
  });
}

test("graph --diff draws what the pending migration adds, drops and changes, with the neighbours of each", async () => {
  const project = copyExample();
  edit(project, "shipping/schema.ts", "    shipped_at: timestamptz(),", "    shipped_at: timestamptz(),\n    weight_grams: uuid(),");
  writeFileSync(join(project, "src", "modules", "catalog", "review.ts"), 'import { table, uuid } from "schemac";\nimport { products } from "./schema.js";\n\nexport const reviews = table("review", { id: uuid().primaryKey(), product_id: uuid().references(() => products.id) });\n');
  const result = await runCli(["graph", "--diff"], project);
  assert.is(result.code, 0, result.stderr);
  const path = join(goldenDir, "shop-diff.mmd");
  if (accept) writeFileSync(path, result.stdout);
  assert.fixture(result.stdout, readFileSync(path, "utf8"));
  assert.match(result.stdout, /class t_review added/);
  assert.match(result.stdout, /class t_shipment changed/);
  assert.not.match(result.stdout, /t_billing_invoice/, "tables the plan does not touch and that are no neighbour are left out");
});

test("graph --format svg writes well-formed SVG without a browser or a system Graphviz", async () => {
  for (const args of [["graph", "--format", "svg"], ["graph", "--modules-only", "--format", "svg"]]) {
    const result = await runCli(args, shop);
    assert.is(result.code, 0, result.stderr);
    assert.is(XMLValidator.validate(result.stdout), true);
    assert.match(result.stdout, /<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const module of ["billing", "catalog", "orders", "shipping", "users"]) assert.match(result.stdout, new RegExp(`>${module}(<|\\n)`));
  }
});

test("graph: a bad --format or --diff with --modules-only is bad usage (exit 2)", async () => {
  assert.is((await runCli(["graph", "--format", "png"], shop)).code, 2);
  assert.is((await runCli(["graph", "--diff", "--modules-only"], shop)).code, 2);
});

/** README blocks between `<!-- graph:NAME:start -->` and `<!-- graph:NAME:end -->` show golden files as Mermaid. */
test("the README shows the example's picture as the golden Mermaid files", () => {
  const readmePath = join(repo, "README.md");
  let readme = readFileSync(readmePath, "utf8");
  for (const name of ["shop-modules.mmd", "shop.mmd"]) {
    const body = `\`\`\`mermaid\n${readFileSync(join(goldenDir, name), "utf8")}\`\`\``;
    const block = markedBlock(`graph:${name}`, body);
    if (accept) readme = withReadmeBlock(readme, `graph:${name}`, body);
    assert.ok(readme.includes(block), `README.md does not show ${name}: run npm run accept`);
  }
  if (accept) writeFileSync(readmePath, readme);
});

test.run();
