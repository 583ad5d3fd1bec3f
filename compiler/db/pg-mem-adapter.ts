/**
 * The one module that makes pg-mem (v3) usable as schemac's in-memory database. It registers
 * the functions migrations and the runner call, emulates what pg-mem lacks where an exact
 * emulation exists, and refuses the rest with SC6003 (PgMemUnsupported), which names the
 * construct and suggests `--db postgres://…`.
 *
 * pg-mem's limits, as found by running each construct against pg-mem 3.0.14 (the README copies
 * this table):
 *
 * | construct | pg-mem itself | schemac on pg-mem |
 * | --- | --- | --- |
 * | `BEGIN` / `COMMIT` / `ROLLBACK` | accepted, but ROLLBACK undoes nothing (data or DDL) | emulated: ROLLBACK rebuilds the database by replaying every committed statement; a failing multi-statement script rolls back as PostgreSQL's implicit transaction does |
 * | `SAVEPOINT`, `PREPARE TRANSACTION` | not supported | refused |
 * | `gen_random_uuid()`, `current_database()`, `version()` | missing | registered |
 * | `pg_advisory_lock`, `pg_try_advisory_lock`, `pg_advisory_unlock`, `pg_advisory_xact_lock` | missing | registered; one in-process session, so a lock is always granted |
 * | `ALTER TYPE … ADD VALUE 'v'` | supported (appends) | runs |
 * | `ALTER TYPE … ADD VALUE … BEFORE/AFTER`, `… IF NOT EXISTS`, `RENAME VALUE` | parse error | refused |
 * | `ALTER TYPE … RENAME TO` | supported | runs |
 * | `ALTER TABLE … RENAME TO` | supported | runs |
 * | `ALTER TABLE … RENAME COLUMN` | supported, but an index on the column keeps reading the old column (a unique index stops checking new rows) | runs for a column no index or key uses; refused for one that is |
 * | `ALTER TABLE … RENAME CONSTRAINT`, `ALTER INDEX … RENAME` | not supported | emulated: renamed in pg-mem's catalog (the constraint, and the index of a key) |
 * | `ALTER SCHEMA … RENAME`, `ALTER SEQUENCE … RENAME` | not supported (a serial column has no named sequence) | refused |
 * | `COMMENT ON … IS 'x'` | supported | runs |
 * | `COMMENT ON … IS NULL` | parse error | translated to `IS ''` (PostgreSQL drops the comment for both) |
 * | `DROP SCHEMA` | parse error | emulated: refused like PostgreSQL while the schema holds tables, else hidden, and a later `CREATE SCHEMA` of it succeeds; enum types left in it are not checked |
 * | `DROP SCHEMA … CASCADE` | parse error | refused |
 * | `ALTER COLUMN … TYPE t USING col::a::t` | parse error (any USING) | the USING is dropped when it only casts the column (pg-mem casts by itself); `col::text::t` (schemac's enum rebuild) runs as two steps through `text`; any other USING is refused |
 * | `DROP TABLE` | keeps the dropped table's index names, so the table cannot be created again | emulated: the table's indexes are dropped with it |
 * | identity columns (`GENERATED … AS IDENTITY (options)`) | created | runs |
 * | `DROP IDENTITY`, `SET GENERATED`, `SET INCREMENT BY` …, `DROP EXPRESSION` | parse error | refused |
 * | a foreign key between columns of different types | integer ↔ bigint accepted; varchar ↔ text fails ("Foreign key column type mismatch") | runs where pg-mem accepts it, else refused (PostgreSQL accepts both) |
 * | `time(p)` | not supported | refused (`time` without precision runs) |
 * | `ADD COLUMN … COLLATE` | not supported | refused; `COLLATE` in `CREATE TABLE` is accepted and ignored by pg-mem |
 * | `CHECK … NO INHERIT`, `UNIQUE NULLS NOT DISTINCT`, `DEFERRABLE`, `NOT VALID` in `CREATE TABLE` | parse error | refused |
 * | `ALTER TABLE … ADD CONSTRAINT … NOT VALID` (`build --online`) | parse error | runs as the plain `ADD CONSTRAINT` (pg-mem checks the rows at once) |
 * | `ALTER TABLE … VALIDATE CONSTRAINT` (`build --online`) | parse error | skipped (the constraint was checked when added) |
 * | `ALTER TABLE … ADD CONSTRAINT k UNIQUE / PRIMARY KEY USING INDEX k` (`build --online`) | parse error | emulated: the unique index is dropped and the constraint added over its columns |
 * | `CREATE SEQUENCE … AS t`, `ALTER SEQUENCE … OWNED BY`, `setval` | supported | runs |
 * | `USING gin / gist / brin / hash` indexes | accepted, ignored (no such index is built) | runs |
 * | partial indexes (`WHERE …`) | accepted; after a `RENAME COLUMN` of a column in the predicate, `DROP INDEX` fails | runs; that failure is reported as SC6004 |
 * | `numeric(p, s)`, `varchar(n)` | stored, but neither precision nor length is enforced | runs |
 * | `DO`, PL/pgSQL functions, triggers, views, policies, `SET SCHEMA` | not supported | refused |
 * | `pg_catalog` (`pg_class`, `pg_attribute`, `pg_constraint`, `pg_index`, …) | empty tables; `format_type`, `pg_get_constraintdef` missing | introspection refuses pg-mem (SC6003) |
 * | `information_schema.columns` | types collapsed (`varchar(255)` → text, numeric → float), `is_nullable` wrong, no defaults | not used |
 */
import { randomUUID } from "node:crypto";
import { loadModule } from "libpg-query";
import type { IMemoryDb } from "pg-mem";
import { quoteIdentifier } from "../quote.js";
import { SchemacError, diagnostic } from "../diagnostics.js";
import { abbreviate, statementFailed, type Database, type Row } from "./database.js";
import { dropIndexesTree, parseScript, pgMemTree, plannedAction, type ParsedStatement } from "./pg-mem-parsed.js";
import type { PgMemAction } from "./pg-mem-rewrite.js";
import { refuseIndexedColumnRename, renameMemoryConstraint, renameMemoryIndex } from "./pg-mem-renames.js";
import { keyUsingIndexStatements } from "./pg-mem-using-index.js";

/** The name `current_database()` returns on pg-mem, as its information_schema calls it. */
export const pgMemDatabaseName = "pgmem";

/** A statement that changed the database, kept so that ROLLBACK can replay what was committed. */
interface LoggedStatement {
  readonly statement: ParsedStatement;
  readonly params: readonly unknown[];
}

let pgMem: typeof import("pg-mem") | undefined;

/**
 * Loads pg-mem, once. It costs about 0.2 s of CPU to load, so it is loaded on first use rather
 * than at start: commands that never open an in-memory database (diff, build, check, --version …)
 * do not pay for it.
 */
export async function loadPgMem(): Promise<void> {
  pgMem ??= await import("pg-mem");
}

/** A fresh pg-mem database with schemac's functions registered (after `loadPgMem()`). */
export function createMemoryDb(): IMemoryDb {
  if (pgMem === undefined) throw new Error("createMemoryDb() called before loadPgMem()");
  const { DataType, newDb } = pgMem;
  const db = newDb({ noErrorDiagnostic: true });
  const schema = db.public;
  schema.registerFunction({ name: "gen_random_uuid", returns: DataType.uuid, impure: true, implementation: () => randomUUID() });
  schema.registerFunction({ name: "current_database", returns: DataType.text, implementation: () => pgMemDatabaseName });
  schema.registerFunction({ name: "version", returns: DataType.text, implementation: () => "PostgreSQL 15 (pg-mem)" });
  for (const type of [DataType.integer, DataType.bigint]) {
    for (const name of ["pg_advisory_lock", "pg_advisory_xact_lock", "pg_advisory_unlock_all"]) {
      schema.registerFunction({ name, args: name.endsWith("_all") ? [] : [type], returns: DataType.text, impure: true, implementation: () => "" });
    }
    for (const name of ["pg_try_advisory_lock", "pg_advisory_unlock", "pg_try_advisory_xact_lock"]) {
      schema.registerFunction({ name, args: [type], returns: DataType.bool, impure: true, implementation: () => true });
    }
  }
  return db;
}

/** A statement's action other than BEGIN/COMMIT/ROLLBACK. */
export type PgMemStatementAction = Exclude<PgMemAction, { kind: "begin" | "commit" | "rollback" }>;

/** True for BEGIN, COMMIT and ROLLBACK. */
export function isTransactionControl(action: PgMemAction): action is Extract<PgMemAction, { kind: "begin" | "commit" | "rollback" }> {
  return action.kind === "begin" || action.kind === "commit" || action.kind === "rollback";
}

/** A pg-mem database and the schemas the adapter has hidden as dropped. */
export interface PgMemTarget {
  readonly memory: IMemoryDb;
  readonly droppedSchemas: Set<string>;
}

/**
 * Runs one statement's action (anything but transaction control) on pg-mem, with the
 * emulations of pg-mem-rewrite.ts; returns the rows of a plain statement. Shared by the
 * adapter's sessions and by `schemac/testing`.
 */
export function runPgMemAction(target: PgMemTarget, action: PgMemStatementAction, sql: string, params: readonly unknown[]): Row[] {
  switch (action.kind) {
    case "createSchema":
      if (!target.droppedSchemas.delete(action.schema)) runMemorySql(target.memory, action.sql, []);
      return [];
    case "dropSchema":
      dropMemorySchema(target, action.schema, action.ifExists, sql);
      return [];
    case "dropTable":
      dropTableIndexes(target.memory, action.tables);
      return runMemorySql(target.memory, action.sql, params);
    case "renameConstraint":
      renameMemoryConstraint(target.memory, action.schema, action.table, action.from, action.to, sql);
      return [];
    case "renameIndex":
      renameMemoryIndex(target.memory, action.schema, action.from, action.to, sql);
      return [];
    case "renameColumn":
      refuseIndexedColumnRename(target.memory, action.schema, action.table, action.column);
      return runMemorySql(target.memory, action.sql, params);
    case "keyUsingIndex":
      for (const each of keyUsingIndexStatements(target.memory, action)) runMemorySql(target.memory, each, []);
      return [];
    case "run":
      return runMemorySql(target.memory, action.sql, params);
    case "runEach":
      for (const each of action.sql) runMemorySql(target.memory, each, []);
      return [];
  }
}

function runMemorySql(memory: IMemoryDb, sql: string, params: readonly unknown[]): Row[] {
  try {
    return memory.public.prepare(pgMemTree(memory, sql) ?? sql).bind([...params]).executeAll().rows as Row[];
  } catch (error) {
    throw pgMemFailure(sql, error);
  }
}

/**
 * pg-mem keeps a dropped table's index names (its primary key's, its uniques') in the schema,
 * so recreating the table would fail with "relation t_pkey already exists": drop them first.
 */
function dropTableIndexes(memory: IMemoryDb, tables: readonly { readonly schema: string; readonly name: string }[]): void {
  for (const t of tables) {
    let indexes: string[];
    try {
      indexes = memory.getSchema(t.schema).getTable(t.name).listIndices().map((i) => i.name);
    } catch {
      continue; // DROP TABLE itself reports a missing table
    }
    if (indexes.length === 0) continue;
    // pg-mem's tree of the statement, built: parsing it costs about 0.4 ms per index.
    const text = `DROP INDEX ${indexes.map((index) => `${quoteIdentifier(t.schema)}.${quoteIdentifier(index)}`).join(", ")}`;
    try {
      memory.public.prepare(dropIndexesTree(t.schema, indexes)).bind([]).executeAll();
    } catch (error) {
      throw pgMemFailure(text, error);
    }
  }
}

function dropMemorySchema(target: PgMemTarget, schema: string, ifExists: boolean, sql: string): void {
  let tables: number;
  try {
    if (target.droppedSchemas.has(schema)) throw new Error("dropped");
    tables = [...target.memory.getSchema(schema).listTables()].length;
  } catch {
    if (ifExists) return;
    throw statementFailed(sql, new Error(`schema "${schema}" does not exist`));
  }
  if (tables > 0) throw statementFailed(sql, new Error(`cannot drop schema ${schema} because other objects depend on it`));
  target.droppedSchemas.add(schema);
}

/** pg-mem's own failures: a parse error or "not supported" is SC6003, anything else SC6004. */
function pgMemFailure(sql: string, error: unknown): SchemacError {
  if (error instanceof SchemacError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split("\n")[0] ?? "").replace(/[💔🔨]/gu, "").trim();
  if (/failed to parse|not supported/i.test(first)) {
    return new SchemacError([diagnostic("PgMemUnsupported", null, `${abbreviate(sql)} (${first})`)]);
  }
  // pg-mem compares integer with bigint under a foreign key, but not varchar with text, which
  // PostgreSQL does (btree operator families, implicit casts).
  if (/foreign key column type mismatch/i.test(first)) {
    return new SchemacError([diagnostic("PgMemUnsupported", null, `a foreign key between columns of different types that pg-mem cannot compare (PostgreSQL accepts it, e.g. varchar → text): ${abbreviate(sql)}`)]);
  }
  return statementFailed(sql, error);
}

/**
 * pg-mem wrapped with transaction emulation. pg-mem runs every statement at once and cannot
 * undo it, so the session logs what was committed and rebuilds on ROLLBACK.
 */
class PgMemSession {
  private db = createMemoryDb();
  private committed: LoggedStatement[] = [];
  private pending: LoggedStatement[] | null = null;
  private aborted = false;
  private dropped = new Set<string>();

  /** The current pg-mem database (replaced on ROLLBACK) and the schemas the adapter hides. */
  state(): PgMemState {
    return { memory: this.db, droppedSchemas: new Set(this.dropped) };
  }

  /** Runs a script; returns the rows of its last statement. */
  async run(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const statements = await parseScript(sql);
    const implicit = this.pending === null && statements.length > 1 && !statements.some((s) => s.type === "TransactionStmt");
    if (implicit) this.pending = [];
    let rows: Row[] = [];
    try {
      for (const statement of statements) rows = this.execute(statement, statements.length === 1 ? params : []);
    } catch (error) {
      if (implicit) this.rollback();
      else if (this.pending !== null) this.aborted = true;
      throw error;
    }
    if (implicit) this.commit();
    return rows;
  }

  private execute(statement: ParsedStatement, params: readonly unknown[]): Row[] {
    const action = plannedAction(statement);
    if (this.aborted && action.kind !== "rollback" && action.kind !== "commit") {
      throw statementFailed(statement.sql, new Error("current transaction is aborted, commands ignored until end of transaction block"));
    }
    return this.apply(action, { statement, params }, true);
  }

  private apply(action: PgMemAction, entry: LoggedStatement, log: boolean): Row[] {
    switch (action.kind) {
      case "begin":
        this.pending ??= [];
        return [];
      case "commit":
        if (this.aborted) this.rollback();
        else this.commit();
        return [];
      case "rollback":
        this.rollback();
        return [];
      default: {
        const rows = runPgMemAction({ memory: this.db, droppedSchemas: this.dropped }, action, entry.statement.sql, entry.params);
        if (log) this.log(entry);
        return rows;
      }
    }
  }

  private log(entry: LoggedStatement): void {
    (this.pending ?? this.committed).push(entry);
  }

  private commit(): void {
    if (this.pending !== null) this.committed.push(...this.pending);
    this.pending = null;
    this.aborted = false;
  }

  /** Rebuilds the database from the committed statements (pg-mem cannot undo). */
  private rollback(): void {
    this.pending = null;
    this.aborted = false;
    const replay = this.committed;
    this.db = createMemoryDb();
    this.dropped = new Set();
    this.committed = [];
    // Every logged statement ran once on the same state, so it runs again the same way.
    for (const entry of replay) this.apply(plannedAction(entry.statement), entry, false);
    this.committed = replay;
  }
}

/** What a pg-mem `Database` holds underneath, for tests that read pg-mem's own API. */
export interface PgMemState {
  /** The pg-mem database the session runs on now (ROLLBACK replaces it with a rebuilt one). */
  readonly memory: IMemoryDb;
  /** Schemas dropped by the emulated `DROP SCHEMA`: pg-mem still lists them. */
  readonly droppedSchemas: ReadonlySet<string>;
}

const sessions = new WeakMap<Database, PgMemSession>();

/** The pg-mem database under a `Database` opened with `"memory"`, or null for PostgreSQL. */
export function pgMemState(db: Database): PgMemState | null {
  return sessions.get(db)?.state() ?? null;
}

/** Opens a fresh, empty pg-mem database behind the `Database` interface. */
export async function openPgMem(): Promise<Database> {
  await Promise.all([loadModule(), loadPgMem()]);
  const session = new PgMemSession();
  let closed = false;
  const guard = (): void => {
    if (closed) throw new SchemacError([diagnostic("StatementFailed", null, "(closed)", "the pg-mem database is closed")]);
  };
  const db: Database = {
    kind: "pg-mem",
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      guard();
      return { rows: (await session.run(sql, params)) as R[] };
    },
    async exec(sql) {
      guard();
      await session.run(sql, []);
    },
    async close() {
      closed = true;
    },
  };
  sessions.set(db, session);
  return db;
}
