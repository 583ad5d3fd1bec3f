/**
 * Property round trips on a throwaway PostgreSQL 15: random pairs of models (see
 * model-spec.ts), with rows, through up and down in one database that is emptied between
 * pairs; after each step the database is introspected and must equal the model's graph, and
 * planning from what was introspected to the model must give nothing.
 */
import { test } from "uvu";
import { openDatabase, type Database } from "../../compiler/db/connection.js";
import { alignExpressions } from "../../compiler/db/expressions.js";
import { introspect } from "../../compiler/db/introspect.js";
import type { Graph } from "../../compiler/graph.js";
import { planMigration } from "../../compiler/plan/index.js";
import { freshDatabase, requirePostgres } from "../helpers/pg-cluster.js";
import { compareGraphs, loadExpressionParser } from "../helpers/roundtrip.js";
import { postgresProfile } from "./arbitrary.js";
import { checkRandomPairs, describeStats, type Engine } from "./harness.js";

const enabled = requirePostgres("test/property/roundtrip-postgres.test.ts");

/** One database for every pair: emptied before each (dropping a schema is far cheaper than a database). */
function postgresEngine(db: Database): Engine {
  return {
    name: "PostgreSQL 15",
    profile: postgresProfile,
    async empty() {
      await db.exec("DROP SCHEMA IF EXISTS aux CASCADE; DROP SCHEMA IF EXISTS aux_v2 CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      return db;
    },
    async release() {},
    async difference(database: Database, expected: Graph) {
      const actual = await introspect(database);
      const difference = compareGraphs(expected, actual, { ignoreColumnOrder: true });
      if (difference !== null) return difference;
      const rest = planMigration(alignExpressions(expected, actual), expected).operations;
      return rest.length === 0 ? null : `planning from the database to the model is not empty: ${rest.map((p) => p.operation.kind).join(", ")}`;
    },
  };
}

if (enabled) {
  test("200 random pairs of models with rows: up reaches after, down comes back to before, rows kept (PostgreSQL 15)", async () => {
    await loadExpressionParser();
    const db = await openDatabase(await freshDatabase("property"));
    try {
      const stats = await checkRandomPairs(postgresEngine(db), 200);
      process.stdout.write(describeStats("PostgreSQL 15", stats));
    } finally {
      await db.close();
    }
  });

  test("100 random pairs of models with rows in build --online's form: the same round trip (PostgreSQL 15)", async () => {
    await loadExpressionParser();
    const db = await openDatabase(await freshDatabase("property_online"));
    try {
      const stats = await checkRandomPairs(postgresEngine(db), 100, true);
      process.stdout.write(describeStats("PostgreSQL 15, --online", stats));
    } finally {
      await db.close();
    }
  });
}

test.run();
