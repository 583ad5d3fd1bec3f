/**
 * `build --online` for constraints, end to end on a throwaway PostgreSQL 15 whose tables hold rows:
 * a foreign key and a check added NOT VALID then validated by the next migration, SET NOT NULL
 * through a validated temporary check, a unique key from a unique index built CONCURRENTLY; a row
 * that violates a constraint fails the validating migration naming it; down restores each step
 * exactly (pg_constraint.convalidated included); the migrated database equals a fresh build
 * (`drift`, `verify --db`). On pg-mem, `verify` runs the same files (NOT VALID run as the plain
 * ADD, VALIDATE skipped, USING INDEX emulated).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { modelImport, type StepProject, withStepProject as withProject } from "../helpers/model-steps.js";

const enabled = requirePostgres("cli/online-constraints");

const before = `export const owner = table("owner", { id: integer().primaryKey() });
export const item = table("item", { id: integer().primaryKey(), owner_id: integer(), price: integer(), sku: text(), name: text() });
`;
const after = `export const owner = table("owner", { id: integer().primaryKey() });
export const item = table("item", { id: integer().primaryKey(), owner_id: integer().references(() => owner.id), price: integer(), sku: text().unique(), name: text().notNull() }, { checks: [check("price_positive", sql\`price > 0\`)] });
`;
const files = ["0001_before", "0002_keys", "0003_keys_validate", "0004_keys_create_indexes"];

interface ConstraintState extends Record<string, unknown> {
  name: string;
  type: string;
  validated: boolean;
}

async function constraints(p: StepProject): Promise<ConstraintState[]> {
  return p.sql("SELECT conname::text AS name, contype::text AS type, convalidated AS validated FROM pg_constraint WHERE conrelid = 'item'::regclass ORDER BY 1");
}

async function nameIsNotNull(p: StepProject): Promise<boolean> {
  const rows = await p.sql<{ not_null: boolean }>("SELECT attnotnull AS not_null FROM pg_attribute WHERE attrelid = 'item'::regclass AND attname = 'name'");
  return rows[0]?.not_null === true;
}

/** Runs a script on its own connection with client_min_messages = debug1; returns the notices. */
async function runWithNotices(url: string, script: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  const notices: string[] = [];
  client.on("notice", (n) => notices.push(n.message ?? ""));
  await client.connect();
  try {
    await client.query("SET client_min_messages = debug1");
    await client.query(script);
  } finally {
    await client.end();
  }
  return notices;
}

async function seeded(p: StepProject): Promise<void> {
  await p.build(before, "-m", "before");
  const up = await p.cli("up");
  assert.is(up.code, 0, up.stderr);
  await p.sql("INSERT INTO owner SELECT g FROM generate_series(1, 10) g");
  await p.sql("INSERT INTO item SELECT g, 1 + g % 10, g, 's' || g, 'n' || g FROM generate_series(1, 1000) g");
}

test("build --online writes the constraint adds NOT VALID, a _validate migration, and the unique key through a concurrent index; verify on pg-mem runs them", async () => {
  await withProject("postgres://unused", async (p) => {
    await p.build(before, "-m", "before");
    await p.build(after, "--online", "-m", "keys");
    assert.equal(p.migrationFiles().filter((f) => f.endsWith(".up.sql")), files.map((f) => `${f}.up.sql`));
    const add = p.migration("0002_keys.up.sql");
    assert.match(add, /ADD CONSTRAINT item_owner_id_fkey FOREIGN KEY \(owner_id\) REFERENCES owner \(id\) NOT VALID;/);
    assert.match(add, /ADD CONSTRAINT price_positive CHECK \(price > 0\) NOT VALID;/);
    assert.match(add, /ADD CONSTRAINT item_name_not_null CHECK \(name IS NOT NULL\) NOT VALID;/);
    assert.not.match(add, /no-transaction|SET NOT NULL|UNIQUE/);
    const validate = p.migration("0003_keys_validate.up.sql");
    assert.not.match(validate, /no-transaction/);
    // Every scan first; SET NOT NULL (ACCESS EXCLUSIVE until the commit) and the check's drop after them.
    assert.match(validate, /VALIDATE CONSTRAINT item_name_not_null;[\s\S]*VALIDATE CONSTRAINT price_positive;[\s\S]*VALIDATE CONSTRAINT item_owner_id_fkey;[\s\S]*SET NOT NULL;[\s\S]*DROP CONSTRAINT item_name_not_null;/);
    assert.match(p.migration("0003_keys_validate.down.sql"), /ADD CONSTRAINT item_name_not_null CHECK \(name IS NOT NULL\) NOT VALID;[\s\S]*DROP NOT NULL;/);
    const keys = p.migration("0004_keys_create_indexes.up.sql");
    assert.ok(keys.startsWith("-- schemac:no-transaction\n"));
    assert.match(keys, /CREATE UNIQUE INDEX CONCURRENTLY item_sku_key ON item \(sku\);\n\nALTER TABLE item\nADD CONSTRAINT item_sku_key UNIQUE USING INDEX item_sku_key;/);
    assert.is((await p.cli("check")).code, 0);
    const verify = await p.cli("verify");
    assert.is(verify.code, 0, `verify on pg-mem failed:\n${verify.stdout}${verify.stderr}`);
  });
});

test("squash refuses to fold the migrations of one build --online: they share a commit, so the schema between them is unknown (SC5022)", async () => {
  await withProject("postgres://unused", async (p) => {
    const git = (...args: string[]): void => {
      execFileSync("git", ["-c", "user.name=schemac", "-c", "user.email=schemac@example.invalid", ...args], { cwd: p.root, stdio: "ignore" });
    };
    git("init", "-q");
    await p.build(before, "-m", "before");
    git("add", "-A");
    git("commit", "-q", "-m", "before");
    await p.build(after, "--online", "-m", "keys");
    git("add", "-A");
    git("commit", "-q", "-m", "keys");
    const squash = await p.cli("squash", "--to", "0004");
    assert.is(squash.code, 1);
    assert.match(squash.stderr, /SC5022: cannot squash: the schema after 0002_keys is unknown/);
    assert.match(squash.stderr, /SC5022: cannot squash: the schema after 0003_keys_validate is unknown/);
  });
});

test("rebase keeps the migrations of a build --online as written, renumbered and re-chained after upstream's; check and verify pass", async () => {
  await withProject("postgres://unused", async (p) => {
    const git = (...args: string[]): boolean => {
      try {
        execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", ...args], { cwd: p.root, stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    };
    git("init", "-q");
    await p.build(before, "-m", "before");
    git("add", "-A");
    git("commit", "-qm", "before");
    git("checkout", "-qb", "feature");
    await p.build(after, "--online", "-m", "keys");
    git("add", "-A");
    git("commit", "-qm", "feature: keys");
    git("checkout", "-q", "main");
    await p.build(`${before}export const tag = table("tag", { id: integer().primaryKey() });\n`, "-m", "tag");
    git("add", "-A");
    git("commit", "-qm", "main: tag");
    git("checkout", "-q", "feature");
    git("merge", "-q", "--no-edit", "main");
    writeFileSync(join(p.root, "src", "model.ts"), `${modelImport}${after}export const tag = table("tag", { id: integer().primaryKey() });\n`);
    const rebased = await p.cli("rebase");
    assert.is(rebased.code, 0, rebased.stdout + rebased.stderr);
    assert.match(rebased.stdout, /0002_keys → 0003_keys \(kept as written\)/);
    assert.match(rebased.stdout, /0003_keys_validate → 0004_keys_validate \(kept as written\)/);
    assert.match(rebased.stdout, /0004_keys_create_indexes → 0005_keys_create_indexes \(kept as written\)/);
    assert.ok(p.migration("0005_keys_create_indexes.up.sql").startsWith("-- schemac:no-transaction\n-- 0005_keys_create_indexes (up)\n-- parent: 0004_keys_validate\n"));
    assert.match(p.migration("0003_keys.up.sql"), /^-- 0003_keys \(up\)\n-- parent: 0002_tag\n/);
    const check = await p.cli("check");
    assert.is(check.code, 0, check.stdout + check.stderr);
    const verify = await p.cli("verify");
    assert.is(verify.code, 0, verify.stdout + verify.stderr);
  });
});

if (enabled) {
  test("on PostgreSQL with rows: up validates every constraint, down restores each step exactly, and the result equals a fresh build", async () => {
    await withProject(await freshDatabase("online_keys"), async (p) => {
      await seeded(p);
      await p.build(after, "--online", "-m", "keys");
      const up = await p.cli("up");
      assert.is(up.code, 0, up.stderr);
      const final = [
        { name: "item_owner_id_fkey", type: "f", validated: true },
        { name: "item_pkey", type: "p", validated: true },
        { name: "item_sku_key", type: "u", validated: true },
        { name: "price_positive", type: "c", validated: true },
      ];
      assert.equal(await constraints(p), final);
      assert.ok(await nameIsNotNull(p));
      assert.equal(await p.sql("SELECT count(*)::int AS n FROM item"), [{ n: 1000 }]);
      const drift = await p.cli("drift", "--db", p.url);
      assert.is(drift.code, 0, drift.stdout + drift.stderr);
      // Down one step at a time: each returns to exactly what the step before left.
      assert.is((await p.cli("down", "1")).code, 0);
      assert.equal(await constraints(p), final.filter((c) => c.type !== "u"));
      assert.is((await p.cli("down", "1")).code, 0);
      assert.equal(await constraints(p), [
        { name: "item_name_not_null", type: "c", validated: false },
        { name: "item_owner_id_fkey", type: "f", validated: true },
        { name: "item_pkey", type: "p", validated: true },
        { name: "price_positive", type: "c", validated: true },
      ]);
      assert.not.ok(await nameIsNotNull(p));
      // The _validate file itself, run with DEBUG1 messages: PostgreSQL says SET NOT NULL skipped its scan.
      const notices = await runWithNotices(p.url, p.migration("0003_keys_validate.up.sql"));
      assert.ok(notices.some((n) => /existing constraints on column "item\.name" are sufficient to prove that it does not contain nulls/.test(n)), notices.join("\n"));
      await runWithNotices(p.url, p.migration("0003_keys_validate.down.sql"));
      assert.not.ok(await nameIsNotNull(p));
      assert.is((await p.cli("down", "1")).code, 0);
      assert.equal(await constraints(p), [{ name: "item_pkey", type: "p", validated: true }]);
      assert.is((await p.cli("up")).code, 0);
      assert.equal(await constraints(p), final);
      const verify = await p.cli("verify", "--db", await freshDatabase("online_keys_verify"));
      assert.is(verify.code, 0, verify.stdout + verify.stderr);
    });
  });

  test("a row that violates the new check fails the _validate migration, naming the constraint; fixed, up goes on", async () => {
    await withProject(await freshDatabase("online_violation"), async (p) => {
      await seeded(p);
      await p.sql("UPDATE item SET price = -1 WHERE id = 7");
      await p.build(after, "--online", "-m", "keys");
      const up = await p.cli("up");
      assert.is(up.code, 1);
      assert.match(up.stderr, /0003_keys_validate/);
      assert.match(up.stderr, /check constraint "price_positive" of relation "item" is violated by some row/);
      assert.not.match(up.stderr, /\n\s+at /);
      // The NOT VALID adds are in, unvalidated; new rows are checked already.
      assert.equal((await constraints(p)).find((c) => c.name === "price_positive"), { name: "price_positive", type: "c", validated: false });
      const drift = await p.cli("drift", "--db", p.url);
      assert.is(drift.code, 1);
      assert.match(drift.stderr, /SC6005: cannot read the database schema: constraint item_name_not_null on public\.item is NOT VALID/);
      await p.sql("UPDATE item SET price = 7 WHERE id = 7");
      const again = await p.cli("up");
      assert.is(again.code, 0, again.stderr);
      assert.equal((await constraints(p)).every((c) => c.validated), true);
    });
  });

  test("a unique key over duplicate rows: the concurrent build fails, the error names the INVALID index and the DROP INDEX CONCURRENTLY to run; then up goes on", async () => {
    await withProject(await freshDatabase("online_invalid_index"), async (p) => {
      await seeded(p);
      await p.sql("UPDATE item SET sku = 's1' WHERE id = 2");
      await p.build(after, "--online", "-m", "keys");
      const up = await p.cli("up");
      assert.is(up.code, 1);
      assert.match(up.stderr, /0004_keys_create_indexes\.up\.sql:\d+:1 error SC6007: migration 0004_keys_create_indexes failed and stopped without a transaction/);
      assert.match(up.stderr, /could not create unique index "item_sku_key"/);
      assert.match(up.stderr, /hint: the failed build left index item_sku_key INVALID \(pg_index\.indisvalid is false[^\n]*run `DROP INDEX CONCURRENTLY item_sku_key;` before running up again/);
      assert.equal(await p.sql("SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'item_sku_key'::regclass"), [{ valid: false }]);
      // Retrying without the drop fails on the name the invalid index holds.
      assert.match((await p.cli("up")).stderr, /relation "item_sku_key" already exists/);
      await p.sql("DROP INDEX CONCURRENTLY item_sku_key");
      await p.sql("UPDATE item SET sku = 's2' WHERE id = 2");
      const again = await p.cli("up");
      assert.is(again.code, 0, again.stderr);
      assert.equal((await constraints(p)).map((c) => c.name), ["item_owner_id_fkey", "item_pkey", "item_sku_key", "price_positive"]);
    });
  });

  test("a primary key added online to a table with rows, and a unique key a new foreign key references (kept plain): up, down and verify --db on PostgreSQL", async () => {
    await withProject(await freshDatabase("online_pkey"), async (p) => {
      const tagBefore = `export const tag = table("tag", { id: integer(), label: text() });\nexport const owner = table("owner", { id: integer().primaryKey(), code: text() });\nexport const item = table("item", { id: integer().primaryKey(), owner_code: text() });\n`;
      const tagAfter = tagBefore.replace('id: integer(), label', "id: integer().primaryKey(), label").replace("code: text() })", "code: text().unique() })").replace("owner_code: text()", "owner_code: text().references(() => owner.code)");
      await p.build(tagBefore, "-m", "before");
      assert.is((await p.cli("up")).code, 0);
      await p.sql("INSERT INTO tag SELECT g, 'l' || g FROM generate_series(1, 500) g");
      await p.sql("INSERT INTO owner SELECT g, 'c' || g FROM generate_series(1, 5) g");
      await p.sql("INSERT INTO item SELECT g, 'c' || (1 + g % 5) FROM generate_series(1, 500) g");
      await p.build(tagAfter, "--online", "-m", "keys");
      assert.match(p.migration("0002_keys.up.sql"), /ADD CONSTRAINT owner_code_key UNIQUE \(code\);/);
      assert.match(p.migration("0004_keys_create_indexes.up.sql"), /ADD CONSTRAINT tag_pkey PRIMARY KEY USING INDEX tag_pkey;/);
      const up = await p.cli("up");
      assert.is(up.code, 0, up.stderr);
      assert.equal(await p.sql("SELECT conname::text AS name, convalidated AS validated FROM pg_constraint WHERE conrelid IN ('tag'::regclass, 'owner'::regclass, 'item'::regclass) ORDER BY 1"), [
        { name: "item_owner_code_fkey", validated: true },
        { name: "item_pkey", validated: true },
        { name: "owner_code_key", validated: true },
        { name: "owner_pkey", validated: true },
        { name: "tag_pkey", validated: true },
      ]);
      assert.is((await p.cli("drift", "--db", p.url)).code, 0);
      assert.is((await p.cli("down", "3")).code, 0);
      assert.equal(await p.sql("SELECT attnotnull AS not_null FROM pg_attribute WHERE attrelid = 'tag'::regclass AND attname = 'id'"), [{ not_null: false }]);
      assert.is((await p.cli("up")).code, 0);
      const verify = await p.cli("verify", "--db", await freshDatabase("online_pkey_verify"));
      assert.is(verify.code, 0, verify.stdout + verify.stderr);
      assert.is((await p.cli("verify")).code, 0);
    });
  });
}

test.run();
