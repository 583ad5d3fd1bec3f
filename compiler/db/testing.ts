/**
 * `schemac/testing`: an in-memory PostgreSQL (pg-mem) database with every migration of the
 * project applied, and a `pg`-compatible Pool on it, for an application's own tests.
 *
 * It applies the committed migration files (through the same runner as `schemac up`) rather
 * than compiling the current schema straight in: the tests then see exactly the schema that
 * production gets from those files (hand-written data migrations included), need no
 * TypeScript compile of the modules (the slow part: reading the AST), and fail loudly when a
 * migration does not run. What pg-mem cannot run is refused with SC6003 naming the statement.
 */
import type pg from "pg";
import type { IMemoryDb } from "pg-mem";
import { loadConfig } from "../config.js";
import { SchemacError, hasErrors } from "../diagnostics.js";
import { loadMigrationState } from "../migrations/state.js";
import type { Row } from "./database.js";
import { createMemoryDb, isTransactionControl, loadPgMem, runPgMemAction } from "./pg-mem-adapter.js";
import { parseScript, plannedAction } from "./pg-mem-parsed.js";
import { migrateUp, type RunnerDatabase } from "./runner.js";

/** Where the project is: its directory (default: the working directory) or its config file. */
export interface TestDatabaseOptions {
  readonly cwd?: string;
  readonly config?: string;
}

/** An in-memory database with the project's migrations applied. */
export interface TestDatabase {
  /** A `pg` Pool on the database (pg-mem's adapter): `await pool.query("SELECT …", [v])`. */
  readonly pool: pg.Pool;
  /** The pg-mem database itself, for its own API (`db.public.many(...)`, `db.backup()`). */
  readonly db: IMemoryDb;
  /** The migrations applied, oldest first (`["0001_initial", …]`). */
  readonly migrations: readonly string[];
  /** Ends the pool. */
  close(): Promise<void>;
}

/**
 * The runner's view of a raw pg-mem database. Transaction statements are accepted and do
 * nothing: a failing migration throws, and the whole database is thrown away with it.
 */
function runnerView(memory: IMemoryDb): RunnerDatabase {
  const target = { memory, droppedSchemas: new Set<string>() };
  const run = async (sql: string, params: readonly unknown[]): Promise<Row[]> => {
    let rows: Row[] = [];
    for (const statement of await parseScript(sql)) {
      const action = plannedAction(statement);
      if (isTransactionControl(action)) continue;
      rows = runPgMemAction(target, action, statement.sql, params);
    }
    return rows;
  };
  return {
    kind: "pg-mem",
    query: async (sql, params = []) => ({ rows: await run(sql, params) }),
    exec: async (sql) => void (await run(sql, [])),
  };
}

/**
 * Creates an in-memory database with every migration of the project applied. Throws
 * SchemacError when the project's migrations are broken or do not run on pg-mem.
 *
 * @example
 * ```ts
 * import { createTestDatabase } from "schemac/testing";
 *
 * const { pool, close } = await createTestDatabase({ cwd: "examples/shop" });
 * await pool.query("INSERT INTO users (email) VALUES ($1)", ["ada@example.com"]);
 * const { rows } = await pool.query("SELECT count(*)::int AS n FROM users");
 * await close();
 * ```
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const cwd = options.cwd ?? process.cwd();
  const config = loadConfig({ cwd, ...(options.config === undefined ? {} : { config: options.config }) });
  const state = loadMigrationState(config);
  if (hasErrors(state.diagnostics)) throw new SchemacError(state.diagnostics);
  await loadPgMem();
  const memory = createMemoryDb();
  const applied = await migrateUp(runnerView(memory), state.migrations, {}, { root: config.root });
  const { Pool } = memory.adapters.createPg() as { Pool: new () => pg.Pool };
  const pool = new Pool();
  return { pool, db: memory, migrations: applied.map((m) => m.name), close: () => pool.end() };
}
