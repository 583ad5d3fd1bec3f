/**
 * Property round trips on pg-mem (the default engine of `up`/`down` without `--db`): random
 * pairs of models with rows through up and down, each on a fresh pg-mem database. pg-mem cannot
 * be introspected, so after each step its fingerprint (test/helpers/pg-mem-fingerprint.ts:
 * columns with type, nullability and defaults, keys, indexes, constraint names, enum values)
 * must equal that of a pg-mem database built straight from the model's create script. Pairs
 * with a construct the adapter refuses (SC6003) are skipped and counted.
 */
import { test } from "uvu";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { renderCreateScript } from "../../compiler/emit/migration-file.js";
import type { Graph } from "../../compiler/graph.js";
import { fingerprintDifference, pgMemFingerprint } from "../../compiler/db/pg-mem-fingerprint.js";
import { pgMemProfile } from "./arbitrary.js";
import { checkRandomPairs, describeStats, type Engine } from "./harness.js";

/** The fingerprint of a fresh pg-mem database holding exactly `graph`. */
async function expectedFingerprint(graph: Graph): Promise<string[]> {
  const db = await openDatabase("memory");
  try {
    const create = await renderCreateScript(graph);
    if (create !== "") await db.exec(create);
    return pgMemFingerprint(db);
  } finally {
    await db.close();
  }
}

const pgMemEngine: Engine = {
  name: "pg-mem",
  profile: pgMemProfile,
  refusal: "SC6003",
  empty: () => openDatabase("memory"),
  release: (db: Database) => db.close(),
  // The state after `before`'s create script is remembered: one pg-mem database less per pair
  // (each costs about 0.1 s) than building `before` again to compare after down.
  remember: async (db: Database) => pgMemFingerprint(db),
  async difference(db: Database, expected: Graph, remembered?: readonly string[]) {
    return fingerprintDifference(remembered ?? (await expectedFingerprint(expected)), pgMemFingerprint(db));
  },
};

test("200 random pairs of models with rows: up reaches after, down comes back to before, rows kept (pg-mem)", async () => {
  const stats = await checkRandomPairs(pgMemEngine, 200);
  process.stdout.write(describeStats("pg-mem", stats));
});

test("100 random pairs of models with rows in build --online's form: the same round trip (pg-mem)", async () => {
  const stats = await checkRandomPairs(pgMemEngine, 100, true);
  process.stdout.write(describeStats("pg-mem, --online", stats));
});

test.run();
