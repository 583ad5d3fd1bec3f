/**
 * The README's hand-written migration, end to end on a throwaway PostgreSQL 15 with rows in it:
 * integer ids (serial) become UUIDs with `build --manual`, the draft is rewritten by hand
 * (test/fixtures/manual-uuid), `check` refuses it until `schemac hash`, `verify --db` proves up
 * and down on an empty PostgreSQL database (pg-mem refuses the USING with its clear SC6003), and
 * `up`/`down` keep every row and link.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { stepProject, type StepProject } from "../helpers/model-steps.js";
import { runCli } from "../helpers/cli.js";

const enabled = requirePostgres("cli/manual");
const fixtures = join(import.meta.dirname, "..", "fixtures", "manual-uuid");
const fixture = (name: string): string => readFileSync(join(fixtures, name), "utf8");

/** Writes a fixture model as the project's model and runs `schemac build ...args`; throws unless it exits 0. */
async function build(p: StepProject, name: string, ...args: string[]): Promise<void> {
  writeFileSync(join(p.root, "src", "model.ts"), fixture(name));
  const result = await runCli(["build", ...args], p.root);
  if (result.code !== 0) throw new Error(`build ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
}

type Link = { title: string; email: string };
const links = `SELECT i.title, u.email FROM item i JOIN "user" u ON u.id = i.owner_id ORDER BY i.title`;

async function ready(prefix: string): Promise<StepProject> {
  const p = stepProject(await freshDatabase(prefix));
  await build(p, "model-before.ts", "-m", "initial");
  assert.is((await p.cli("up")).code, 0);
  await p.sql(`INSERT INTO "user" (email) VALUES ('ada@example.com'), ('bob@example.com'), ('cy@example.com')`);
  await p.sql(`INSERT INTO item (title, owner_id) SELECT 'lamp', id FROM "user" WHERE email = 'ada@example.com'`);
  await p.sql(`INSERT INTO item (title, owner_id) SELECT 'desk', id FROM "user" WHERE email = 'bob@example.com'`);
  await p.sql(`INSERT INTO item (title, owner_id) SELECT 'pen', id FROM "user" WHERE email = 'bob@example.com'`);
  return p;
}

const expectedLinks: Link[] = [
  { title: "desk", email: "bob@example.com" },
  { title: "lamp", email: "ada@example.com" },
  { title: "pen", email: "bob@example.com" },
];

if (enabled) {
  test("integer ids become UUIDs through a hand-written migration that keeps every row and link, proven by verify", async () => {
    const p = await ready("manual_uuid");
    try {
      writeFileSync(join(p.root, "src", "model.ts"), fixture("model-after.ts"));
      const refused = await p.cli("build", "-m", "ids to uuid");
      assert.is(refused.code, 1, "without --manual the cast-less change is refused");
      assert.match(refused.stderr, /SC4002.*build --manual/);

      await build(p, "model-after.ts", "--manual", "-m", "ids to uuid");
      const draft = p.migration("0002_ids_to_uuid.up.sql");
      assert.match(draft, /-- schemac:manual draft/);
      assert.match(draft, /ALTER COLUMN owner_id TYPE uuid USING schemac_manual_conversion \(owner_id\)/);
      const unfinished = await p.cli("check");
      assert.is(unfinished.code, 1);
      assert.match(unfinished.stderr, /0002_ids_to_uuid\.up\.sql:\d+:\d+ error SC5014: migration 0002_ids_to_uuid is an unfinished --manual draft/);

      writeFileSync(join(p.root, "generated/migrations/0002_ids_to_uuid.up.sql"), fixture("up.sql"));
      writeFileSync(join(p.root, "generated/migrations/0002_ids_to_uuid.down.sql"), fixture("down.sql"));
      const edited = await p.cli("check");
      assert.is(edited.code, 1);
      assert.match(edited.stderr, /error SC5004: migration generated\/migrations\/0002_ids_to_uuid\.up\.sql was edited/);
      assert.is((await p.cli("hash")).code, 0);
      const checked = await p.cli("check");
      assert.is(checked.code, 0, checked.stderr);

      const scratch = await freshDatabase("manual_uuid_verify");
      const proven = await p.cli("verify", "--db", scratch);
      assert.is(proven.code, 0, proven.stdout + proven.stderr);
      assert.match(proven.stdout, /verified 2 migration\(s\) up, down and up again on PostgreSQL; compared the whole schema/);
      const memory = await p.cli("verify");
      assert.is(memory.code, 1, "pg-mem cannot run a USING other than a cast");
      assert.match(memory.stderr, /SC6003: pg-mem cannot run this: ALTER COLUMN \.\.\. TYPE \.\.\. USING with an expression other than casts of the column/);

      const before = await p.sql<Link>(links);
      assert.equal(before, expectedLinks);
      assert.is((await p.cli("up")).code, 0);
      assert.equal(await p.sql<Link>(links), expectedLinks, "every item keeps its owner");
      assert.equal(await p.sql(`SELECT pg_typeof(id)::text AS t FROM "user" LIMIT 1`), [{ t: "uuid" }]);
      await p.sql(`INSERT INTO "user" (email) VALUES ('dee@example.com')`);
      assert.is((await p.cli("down")).code, 0);
      assert.equal(await p.sql<Link>(links), expectedLinks, "down keeps the links too");
      assert.equal(await p.sql(`SELECT count(*)::int AS n FROM "user"`), [{ n: 4 }]);
      await p.sql(`INSERT INTO "user" (email) VALUES ('eve@example.com')`);
      assert.equal(await p.sql(`SELECT pg_typeof(id)::text AS t FROM "user" WHERE email = 'eve@example.com'`), [{ t: "integer" }], "the serial default works again");
    } finally {
      p.remove();
    }
  });

  test("verify names what an edited migration leaves different from the models", async () => {
    const p = await ready("manual_uuid_wrong");
    try {
      await build(p, "model-after.ts", "--manual", "-m", "ids to uuid");
      // Forgets item.id's new default and the foreign key's ON DELETE CASCADE.
      const sloppy = fixture("up.sql").replace("ALTER TABLE item ALTER COLUMN id SET DEFAULT gen_random_uuid();\n", "").replace(/ ON DELETE CASCADE;\n$/, ";\n");
      writeFileSync(join(p.root, "generated/migrations/0002_ids_to_uuid.up.sql"), sloppy);
      writeFileSync(join(p.root, "generated/migrations/0002_ids_to_uuid.down.sql"), fixture("down.sql"));
      assert.is((await p.cli("hash")).code, 0);
      const result = await p.cli("verify", "--db", await freshDatabase("manual_uuid_wrong_verify"));
      assert.is(result.code, 1);
      assert.match(result.stdout, /after up 0002_ids_to_uuid, the database differs from generated\/snapshot\.json/);
      assert.match(result.stdout, /\n- foreign key item_owner_id_fkey on item\n/);
      assert.match(result.stdout, /\n~ column item\.id drop default\n/);
      assert.match(result.stdout, /\n\+ foreign key item\(owner_id\) → user\(id\)/);
      assert.match(result.stderr, /SC6012/);
    } finally {
      p.remove();
    }
  });
}

test("the README shows the worked example's hand-written files as the test runs them", () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
  for (const name of ["model-after.ts", "up.sql", "down.sql"]) assert.ok(readme.includes(fixture(name)), `README.md contains test/fixtures/manual-uuid/${name}`);
});

test.run();
