/**
 * `verify`: every migration up one at a time, then down one at a time, then up again, reading
 * the schema after each step and comparing it with the schema that step must produce: after
 * the last up, the snapshot; after down i, what up i-1 gave; after the second up i, what the
 * first gave. On PostgreSQL the whole graph is compared (introspection). pg-mem has no usable
 * catalog, so there its fingerprint is compared (pg-mem-fingerprint.ts: columns with type,
 * nullability, default or not, keys, indexes, constraint names, enum values), and the snapshot's
 * fingerprint is that of a fresh pg-mem database built straight from the snapshot.
 */
import { emptyGraph, type Graph } from "../graph.js";
import type { MigrationEntry } from "../migrations/directory.js";
import { planMigration } from "../plan/index.js";
import { alignExpressions } from "./expressions.js";
import { graphsEqual } from "../snapshot.js";
import type { Database } from "./connection.js";
import { introspect } from "./introspect.js";
import { fingerprintChanges, pgMemFingerprintEntries, type FingerprintEntry } from "./pg-mem-fingerprint.js";
import { migrateDown, migrateUp, type RunContext } from "./runner.js";

/** How the schema is compared: the whole graph (PostgreSQL), or pg-mem's fingerprint. */
export type VerifyMode = "graph" | "fingerprint";

/** What verify compares on pg-mem, and what only PostgreSQL (`--db`) can check, in words. */
export const pgMemCompared = {
  compared: "schemas, enums with their values, tables, columns (type, nullability, whether it has a default, generated or not, comment), primary keys, indexes (columns, uniqueness) and constraint names",
  onlyPostgres: "default expressions, numeric precision and other type modifiers but varchar lengths, check expressions, foreign-key targets and actions, index methods and predicates, identity options, collations and sequences",
} as const;

/** The first step whose schema differs from what it must be. */
export type VerifyMismatch = {
  /** "up 0002_orders", "down 0002_orders", "up 0002_orders (again)". */
  readonly step: string;
  /** What the schema should be, in words: "the snapshot", "the schema after 0001_users". */
  readonly expectedLabel: string;
} & ({ readonly mode: "graph"; readonly expected: Graph; readonly actual: Graph } | { readonly mode: "fingerprint"; readonly differences: readonly string[] });

/** The outcome of verify. */
export interface VerifyResult {
  readonly mode: VerifyMode;
  readonly steps: readonly string[];
  readonly mismatch: VerifyMismatch | null;
}

/** The verify mode of a database: full graphs on PostgreSQL, the fingerprint on pg-mem. */
export function verifyMode(db: Database): VerifyMode {
  return db.kind === "pg-mem" ? "fingerprint" : "graph";
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

/** How one kind of database is read and compared. */
interface Probe<S> {
  read(): Promise<S>;
  /** The schema the snapshot must give. */
  head(snapshot: Graph): Promise<S>;
  /** Null when equal, else the mismatch at `step`. */
  compare(step: string, expectedLabel: string, expected: S, actual: S): VerifyMismatch | null;
}

const graphProbe = (db: Database): Probe<Graph> => ({
  // Between the migrations of `build --online`, a constraint may be NOT VALID until the next one.
  read: () => introspect(db, { acceptNotValid: true }),
  head: async (snapshot) => snapshot,
  compare: (step, expectedLabel, expected, actual) => (sameSchema(expected, actual) ? null : { step, expectedLabel, mode: "graph", expected, actual }),
});

const fingerprintProbe = (db: Database): Probe<FingerprintEntry[]> => ({
  read: async () => pgMemFingerprintEntries(db),
  head: (snapshot) => snapshotFingerprint(snapshot),
  compare: (step, expectedLabel, expected, actual) => {
    const differences = fingerprintChanges(expected, actual);
    return differences.length === 0 ? null : { step, expectedLabel, mode: "fingerprint", differences };
  },
});

/**
 * The fingerprint of a fresh pg-mem database made straight from the snapshot (one CREATE per
 * object). The statements are laid out as `build` writes them in a migration file, so those a
 * migration already ran are the same texts, which are not parsed again (pg-mem-parsed.ts).
 */
async function snapshotFingerprint(snapshot: Graph): Promise<FingerprintEntry[]> {
  const { renderOperation } = await import("../emit/sql.js");
  const { layOutAll } = await import("../emit/format.js");
  const { openPgMem } = await import("./pg-mem-adapter.js");
  const fresh = await openPgMem();
  try {
    const rendered = planMigration(emptyGraph, snapshot).operations.flatMap((p) => renderOperation(p.operation));
    const statements = (await layOutAll(rendered)).map((s) => s.text);
    // One statement at a time, as the runner runs a migration: a text the migration ran is then
    // neither split nor parsed again, and no tree of one script of them all is held at once.
    for (const statement of statements) await fresh.exec(statement);
    return pgMemFingerprintEntries(fresh);
  } finally {
    await fresh.close();
  }
}

/** A promise's outcome, held to be acted on later. */
type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Runs the up/down/up walk on `db` (which should be empty) and stops at the first step whose
 * schema differs. Leaves the database at the head when every step matched.
 */
export async function verifyMigrations(db: Database, migrations: readonly MigrationEntry[], snapshot: Graph, context: RunContext): Promise<VerifyResult> {
  const mode = verifyMode(db);
  const walk = async <S>(probe: Probe<S>): Promise<VerifyResult> => {
    const steps: string[] = [];
    const done = (mismatch: VerifyMismatch | null): VerifyResult => ({ mode, steps, mismatch });
    const schemas: S[] = [await probe.read()];
    // The snapshot's schema is made before the walk, while `db` is still empty, so that two whole
    // pg-mem databases are never held at once; a failure to make it is raised where the
    // comparison is, so a migration that fails first is still the error reported.
    const head = migrations.length === 0 ? null : await settle(probe.head(snapshot));
    const label = (i: number): string => (i === 0 ? "the empty database" : `the schema after ${migrations[i - 1]?.name ?? ""}`);
    for (const [i, m] of migrations.entries()) {
      await migrateUp(db, migrations, { count: 1 }, context);
      schemas.push(await probe.read());
      steps.push(`up ${m.name}`);
      if (i === migrations.length - 1 && head !== null) {
        if (!head.ok) throw head.error;
        const mismatch = probe.compare(`up ${m.name}`, "the snapshot", head.value, schemas[i + 1] as S);
        if (mismatch !== null) return done(mismatch);
      }
    }
    for (let i = migrations.length; i >= 1; i--) {
      await migrateDown(db, migrations, { count: 1 }, context);
      steps.push(`down ${migrations[i - 1]?.name}`);
      const mismatch = probe.compare(`down ${migrations[i - 1]?.name}`, label(i - 1), schemas[i - 1] as S, await probe.read());
      if (mismatch !== null) return done(mismatch);
    }
    for (let i = 1; i <= migrations.length; i++) {
      await migrateUp(db, migrations, { count: 1 }, context);
      steps.push(`up ${migrations[i - 1]?.name} (again)`);
      const mismatch = probe.compare(`up ${migrations[i - 1]?.name} (again)`, label(i), schemas[i] as S, await probe.read());
      if (mismatch !== null) return done(mismatch);
    }
    return done(null);
  };
  return mode === "graph" ? walk(graphProbe(db)) : walk(fingerprintProbe(db));
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
