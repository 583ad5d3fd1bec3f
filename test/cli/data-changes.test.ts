/**
 * Changes made to tables that already hold rows, end to end on a throwaway PostgreSQL 15: the
 * model goes through steps, each built by `schemac build` and applied by `schemac up`; the
 * rows are read back after each step and after `down`. Enum values removed, reordered, added
 * and used; type changes with data.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { withStepProject, type StepProject } from "../helpers/model-steps.js";

const enabled = requirePostgres("cli/data-changes");

async function withProject(prefix: string, body: (p: StepProject) => Promise<void>): Promise<void> {
  await withStepProject(await freshDatabase(prefix), body);
}

async function up(p: StepProject): Promise<void> {
  const result = await p.cli("up");
  assert.is(result.code, 0, `up failed:\n${result.stderr}`);
}

const moodModel = (values: string, defaultValue: string): string =>
  `export const mood = enumType("mood", [${values}]);\n` +
  `export const person = table("person", { id: integer().primaryKey(), mood: mood().notNull().default("${defaultValue}"), moods: mood().array() },\n` +
  `  { indexes: [index("person_sad_idx").on("id").where(sql\`mood = 'sad'\`)] });\n`;

if (enabled) {
  test("removing an enum value keeps every row that does not hold it, and down brings the value back", async () => {
    await withProject("dc_enum_remove", async (p) => {
      await p.build(moodModel(`"happy", "sad", "meh"`, "meh"), "-m", "before");
      await up(p);
      await p.sql(`INSERT INTO person VALUES (1, 'happy', '{sad,happy}'), (2, 'sad', NULL)`);
      await p.build(moodModel(`"sad", "happy"`, "happy"), "-m", "drop meh", "--allow-data-loss");
      await up(p);
      const rows = await p.sql<{ id: number; mood: string; moods: string }>("SELECT id, mood::text, moods::text FROM person ORDER BY id");
      assert.equal(rows, [{ id: 1, mood: "happy", moods: "{sad,happy}" }, { id: 2, mood: "sad", moods: null }]);
      const values = await p.sql<{ v: string }>("SELECT enumlabel::text AS v FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder");
      assert.equal(values.map((r) => r.v), ["sad", "happy"]);
      await p.sql("INSERT INTO person (id) VALUES (3)");
      assert.equal(await p.sql("SELECT mood::text FROM person WHERE id = 3"), [{ mood: "happy" }]);
      assert.is((await p.cli("down")).code, 0);
      assert.equal(await p.sql("SELECT count(*)::int AS n FROM person"), [{ n: 3 }]);
    });
  });

  test("a migration that removes an enum value still held by a row fails, names the value, and changes nothing", async () => {
    await withProject("dc_enum_held", async (p) => {
      await p.build(moodModel(`"happy", "sad", "meh"`, "happy"), "-m", "before");
      await up(p);
      await p.sql(`INSERT INTO person VALUES (1, 'meh', NULL)`);
      await p.build(moodModel(`"happy", "sad"`, "happy"), "-m", "drop meh", "--allow-data-loss");
      const result = await p.cli("up");
      assert.is(result.code, 1);
      assert.match(result.stderr, /SC6007/);
      assert.match(result.stderr, /failed and was rolled back \(nothing of it is applied\): invalid input value for enum mood: "meh"/);
      const values = await p.sql<{ v: string }>("SELECT enumlabel::text AS v FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder");
      assert.equal(values.map((r) => r.v), ["happy", "sad", "meh"]);
      assert.equal(await p.sql("SELECT mood::text FROM person"), [{ mood: "meh" }]);
    });
  });

  test("an enum value added and used as a default in one change: two migrations, the value committed by the first, both run and both revert", async () => {
    await withProject("dc_enum_add_use", async (p) => {
      const orders = (values: string, defaultValue: string): string =>
        `export const status = enumType("status", [${values}]);\n` +
        `export const order = table("order", { id: integer().primaryKey(), status: status().notNull().default("${defaultValue}") });\n`;
      await p.build(orders(`"pending", "paid"`, "pending"), "-m", "before");
      await up(p);
      await p.sql(`INSERT INTO "order" (id) VALUES (1)`);
      await p.build(orders(`"draft", "pending", "paid"`, "draft"), "-m", "draft orders");
      assert.equal(p.migrationFiles().filter((f) => f.endsWith(".up.sql")), ["0001_before.up.sql", "0002_draft_orders_enum_values.up.sql", "0003_draft_orders.up.sql"]);
      assert.is((await p.cli("check")).code, 0);
      await up(p);
      await p.sql(`INSERT INTO "order" (id) VALUES (2)`);
      assert.equal(await p.sql(`SELECT id, status::text FROM "order" ORDER BY id`), [{ id: 1, status: "pending" }, { id: 2, status: "draft" }]);
      await p.sql(`DELETE FROM "order" WHERE id = 2`);
      const down = await p.cli("down", "2");
      assert.is(down.code, 0, down.stderr);
      const values = await p.sql<{ v: string }>("SELECT enumlabel::text AS v FROM pg_enum WHERE enumtypid = 'status'::regtype ORDER BY enumsortorder");
      assert.equal(values.map((r) => r.v), ["pending", "paid"]);
    });
  });
}

test.run();
