/**
 * `verify`: every migration up one at a time, then down one at a time, then up again, reading
 * the schema after each step and comparing it with the schema that step must produce: after
 * the last up, the snapshot; after down i, what up i-1 gave; after the second up i, what the
 * first gave. On PostgreSQL the whole graph is compared (introspection); pg-mem has no usable
 * catalog, so there only tables and their columns, by name, are compared.
 */
import type { Column, Graph, Table } from "../graph.js";
import type { MigrationEntry } from "../migrations/directory.js";
import { planMigration } from "../plan/index.js";
import { alignExpressions } from "./expressions.js";
import { graphsEqual } from "../snapshot.js";
import type { Database } from "./database.js";
import { introspect } from "./introspect.js";
import { migrateDown, migrateUp, type RunContext } from "./runner.js";

/** How the schema is compared: the whole graph, or table and column names (pg-mem). */
export type VerifyMode = "graph" | "columns";

/** The first step whose schema differs from what it must be. */
export interface VerifyMismatch {
  /** "up 0002_orders", "down 0002_orders", "up 0002_orders (again)". */
  readonly step: string;
  /** What the schema should be, in words: "generated/snapshot.json", "the schema after 0001_users". */
  readonly expectedLabel: string;
  readonly expected: Graph;
  readonly actual: Graph;
}

/** The outcome of verify. */
export interface VerifyResult {
  readonly mode: VerifyMode;
  readonly steps: readonly string[];
  readonly mismatch: VerifyMismatch | null;
}

/** The verify mode of a database: full graphs on PostgreSQL, names only on pg-mem. */
export function verifyMode(db: Database): VerifyMode {
  return db.kind === "pg-mem" ? "columns" : "graph";
}

function namesOnly(graph: Graph): Graph {
  const column = (name: string): Column => ({
    name,
    type: { kind: "builtin", name: "text", params: [], dimensions: 0 },
    notNull: false,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    sequence: null,
  });
  const table = (t: Table): Table => ({
    schema: "public",
    name: t.name,
    columns: t.columns.map((c) => column(c.name)),
    primaryKey: null,
    uniques: [],
    checks: [],
    foreignKeys: [],
    indexes: [],
    comment: null,
  });
  const tables = graph.tables.filter((t) => !(t.schema === "public" && t.name === "schemac_migrations")).map(table);
  return { schemas: [], enums: [], tables: tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

/**
 * Reads a pg-mem database's tables and columns. pg-mem's information_schema reports every table
 * in "public" and collapses types, so only names are trustworthy.
 */
async function readColumnNames(db: Database): Promise<Graph> {
  const result = await db.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name, ordinal_position",
  );
  const tables = new Map<string, string[]>();
  for (const row of result.rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  const graph: Graph = {
    schemas: [],
    enums: [],
    tables: [...tables].map(([name, columns]) => ({ ...emptyTable(name), columns: columns.map((c) => ({ ...emptyColumn, name: c })) })),
  };
  return namesOnly(graph);
}

const emptyColumn: Column = { name: "", type: { kind: "builtin", name: "text", params: [], dimensions: 0 }, notNull: false, default: null, identity: null, generated: null, collation: null, comment: null, sequence: null };

function emptyTable(name: string): Table {
  return { schema: "public", name, columns: [], primaryKey: null, uniques: [], checks: [], foreignKeys: [], indexes: [], comment: null };
}

/**
 * True when two graphs are the same schema. Introspection lists constraints and indexes by
 * name, the compiler in declaration order, so an empty plan between them also counts as equal.
 */
export function sameSchema(expected: Graph, introspected: Graph): boolean {
  const actual = alignExpressions(expected, introspected);
  if (graphsEqual(expected, actual)) return true;
  try {
    return planMigration(expected, actual).operations.length === 0;
  } catch {
    return false;
  }
}

/** Reads the schema in the given mode. */
async function readSchema(db: Database, mode: VerifyMode): Promise<Graph> {
  return mode === "graph" ? introspect(db) : readColumnNames(db);
}

/**
 * Runs the up/down/up walk on `db` (which should be empty) and stops at the first step whose
 * schema differs. Leaves the database at the head when every step matched.
 */
export async function verifyMigrations(db: Database, migrations: readonly MigrationEntry[], snapshot: Graph, context: RunContext): Promise<VerifyResult> {
  const mode = verifyMode(db);
  const expectedHead = mode === "graph" ? snapshot : namesOnly(snapshot);
  const steps: string[] = [];
  const mismatch = (step: string, expectedLabel: string, expected: Graph, actual: Graph): VerifyResult => ({ mode, steps, mismatch: { step, expectedLabel, expected, actual } });
  const graphs: Graph[] = [await readSchema(db, mode)];
  const label = (i: number): string => (i === 0 ? "the empty database" : `the schema after ${migrations[i - 1]?.name ?? ""}`);
  for (const [i, m] of migrations.entries()) {
    await migrateUp(db, migrations, { count: 1 }, context);
    graphs.push(await readSchema(db, mode));
    steps.push(`up ${m.name}`);
    if (i === migrations.length - 1 && !sameSchema(expectedHead, graphs[i + 1] as Graph)) {
      return mismatch(`up ${m.name}`, "the snapshot", expectedHead, graphs[i + 1] as Graph);
    }
  }
  for (let i = migrations.length; i >= 1; i--) {
    await migrateDown(db, migrations, { count: 1 }, context);
    const actual = await readSchema(db, mode);
    steps.push(`down ${migrations[i - 1]?.name}`);
    if (!sameSchema(graphs[i - 1] as Graph, actual)) return mismatch(`down ${migrations[i - 1]?.name}`, label(i - 1), graphs[i - 1] as Graph, actual);
  }
  for (let i = 1; i <= migrations.length; i++) {
    await migrateUp(db, migrations, { count: 1 }, context);
    const actual = await readSchema(db, mode);
    steps.push(`up ${migrations[i - 1]?.name} (again)`);
    if (!sameSchema(graphs[i] as Graph, actual)) return mismatch(`up ${migrations[i - 1]?.name} (again)`, label(i), graphs[i] as Graph, actual);
  }
  return { mode, steps, mismatch: null };
}

/** What makes a PostgreSQL database non-empty for `verify --db`, in words; null when empty. */
export async function nonEmptyReason(db: Database): Promise<string | null> {
  const result = await db.query<{ what: string }>(
    `SELECT 'relation ' || n.nspname || '.' || c.relname AS what FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     UNION ALL
     SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' AND t.typtype IN ('e', 'd')
     UNION ALL
     SELECT 'schema ' || n.nspname FROM pg_catalog.pg_namespace n
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public') AND n.nspname NOT LIKE 'pg\\_%'
     ORDER BY 1 LIMIT 3`,
  );
  const found = result.rows.map((r) => r.what);
  return found.length === 0 ? null : found.join(", ");
}
