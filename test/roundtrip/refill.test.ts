/**
 * On a throwaway PostgreSQL 15: a table with rows loses a NOT NULL column without a default of
 * every type (and an enum, and arrays); `down` adds each back filled with its type's zero value
 * and drops the temporary default, so the database is exactly `before` again and every row
 * holds the zero value.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { openDatabase } from "../../compiler/db/connection.js";
import { introspect } from "../../compiler/db/introspect.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import { planMigration } from "../../compiler/plan/index.js";
import {
  bigint, boolean, bytea, char, date, doublePrecision, enumType, inet, integer, interval, json, jsonb,
  numeric, real, smallint, table, text, time, timestamp, timestamptz, uuid, varchar,
} from "../../schema/index.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";
import { model } from "./pairs.js";

const enabled = requirePostgres("test/roundtrip/refill.test.ts");

const dropped = {
  a_smallint: smallint().notNull(), a_integer: integer().notNull(), a_bigint: bigint().notNull(), a_numeric: numeric(10, 2).notNull(),
  a_real: real().notNull(), a_double: doublePrecision().notNull(), a_boolean: boolean().notNull(), a_text: text().notNull(),
  a_varchar: varchar(5).notNull(), a_char: char(3).notNull(), a_uuid: uuid().notNull(), a_date: date().notNull(), a_time: time().notNull(),
  a_timestamp: timestamp().notNull(), a_timestamptz: timestamptz().notNull(), a_interval: interval().notNull(), a_json: json().notNull(),
  a_jsonb: jsonb().notNull(), a_bytea: bytea().notNull(), a_inet: inet().notNull(), a_texts: text().array().notNull(),
};

const zeros: Record<string, string> = {
  a_smallint: "0", a_integer: "0", a_bigint: "0", a_numeric: "0.00", a_real: "0", a_double: "0", a_boolean: "false", a_text: "",
  a_varchar: "", a_char: "", a_uuid: "00000000-0000-0000-0000-000000000000", a_date: "1970-01-01", a_time: "00:00:00",
  a_timestamp: "1970-01-01 00:00:00", a_timestamptz: "1970-01-01 00:00:00+00", a_interval: "00:00:00", a_json: "{}", a_jsonb: "{}",
  a_bytea: "\\x", a_inet: "0.0.0.0/32", a_texts: "{}", a_mood: "calm", a_moods: "{}",
};

if (enabled) {
  test("down refills dropped NOT NULL columns without a default with their zero value on a table with rows, and the schema is before's", async () => {
    await loadExpressionParser();
    const beforeModel = (): ReturnType<typeof model> => {
      const mood = enumType("mood", ["calm", "angry"]);
      return model(mood, table("item", { id: integer().primaryKey(), ...dropped, a_mood: mood().notNull(), a_moods: mood().array().notNull() }));
    };
    const before = beforeModel();
    const after = model(enumType("mood", ["calm", "angry"]), table("item", { id: integer().primaryKey() }));
    const plan = planMigration(before, after);
    const files = await renderMigrationFiles(plan, { version: "0002", name: "drop", parent: "0001_before", after });
    const db = await openDatabase(await freshDatabase("refill"));
    try {
      await db.exec(await renderCreateScript(before));
      const names = [...Object.keys(dropped), "a_mood", "a_moods"];
      const values = "1, 1, 1, 1, 1, 1, 1, true, 'x', 'x', 'x', gen_random_uuid(), '2020-01-01', '10:00', now(), now(), '1 day', '[1]', '[1]', '\\x01', '10.0.0.1', '{x}', 'angry', '{angry}'";
      await db.exec(`INSERT INTO item (id, ${names.join(", ")}) VALUES (${values}), (${values.replace(/^1/, "2")})`);
      await db.exec(files.up);
      await db.exec(files.down);
      const difference = compareGraphs(before, await introspect(db), { ignoreColumnOrder: true });
      assert.is(difference, null, `after down: ${difference}`);
      const { rows } = await db.query<Record<string, string>>(`SELECT ${names.map((n) => `${n}::text AS ${n}`).join(", ")} FROM item ORDER BY id`);
      assert.is(rows.length, 2);
      for (const row of rows) for (const n of names) assert.is(row[n], zeros[n], n);
    } finally {
      await db.close();
    }
  });
}

test.run();
