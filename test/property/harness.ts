/**
 * The property round trip, shared by the PostgreSQL and pg-mem suites: for a random pair of
 * models, create `before`, fill it with rows, run `up` as the runner does (one transaction
 * unless `-- schemac:no-transaction`), check the database is exactly `after` and the rows are
 * kept, run `down`, check it is exactly `before` again with its rows, except where the plan
 * declares data loss. Seeded: SCHEMAC_PROPERTY_SEED, SCHEMAC_PROPERTY_RUNS and
 * SCHEMAC_PROPERTY_PATH (from a failure's report) replay a run.
 */
import fc from "fast-check";
import type { Database } from "../../compiler/db/connection.js";
import { isNoTransaction, splitStatements } from "../../compiler/db/statements.js";
import { SchemacError } from "../../compiler/diagnostics.js";
import { renderCreateScript, renderMigrationFiles } from "../../compiler/emit/migration-file.js";
import type { Column, Graph, QualifiedName } from "../../compiler/graph.js";
import { qualifiedKey } from "../../compiler/graph.js";
import type { Plan } from "../../compiler/operations.js";
import { planMigrationSteps, type PlanStep } from "../../compiler/plan/index.js";
import { onlineSteps } from "../../compiler/plan/online.js";
import { pairArbitrary, pairCaseText, type ModelPair, type Profile } from "./arbitrary.js";
import { moduleGraph } from "./model-text.js";
import { declaredLoss, formerNames, insertRowsSql, readRows, rowsDifference } from "./rows.js";

/** A database engine under test. */
export interface Engine {
  readonly name: string;
  readonly profile: Profile;
  /** A database holding nothing of the application (a fresh one, or the last one emptied). */
  empty(): Promise<Database>;
  /** Called when a run is done with the database `empty` gave. */
  release(db: Database): Promise<void>;
  /**
   * What the engine keeps of a database's state to compare a later state with, when it
   * compares states rather than graphs (pg-mem: its fingerprint).
   */
  remember?(db: Database): Promise<readonly string[]>;
  /** The first difference between `expected` (or the `remembered` state of it) and what `db` holds, or null. */
  difference(db: Database, expected: Graph, remembered?: readonly string[]): Promise<string | null>;
  /** The code of a diagnostic that means the engine cannot run the pair (the pair is skipped). */
  readonly refusal?: string;
}

/** How many pairs were run and why the others were skipped. */
export interface RunStats {
  ran: number;
  readonly skipped: Map<string, number>;
  /** Why some tables were left without rows, with how many times. */
  readonly emptyTables: Map<string, number>;
  /** Pairs planned as two migrations (an enum value added, then used). */
  twoMigrations: number;
  /** Pairs whose `--online` form has a `_validate` migration, and a no-transaction one (CONCURRENTLY). */
  validated: number;
  concurrent: number;
}

/** The seed, run count and replay path of this run, from the environment or the defaults. */
export function propertySettings(defaultRuns: number): { seed: number; numRuns: number; path?: string } {
  const seed = Number(process.env["SCHEMAC_PROPERTY_SEED"] ?? 20261201);
  const numRuns = Number(process.env["SCHEMAC_PROPERTY_RUNS"] ?? defaultRuns);
  const path = process.env["SCHEMAC_PROPERTY_PATH"];
  return path === undefined ? { seed, numRuns } : { seed, numRuns, path };
}

/** Runs a migration file as the runner does: in one transaction unless it opts out. */
async function applyMigration(db: Database, text: string): Promise<void> {
  if (isNoTransaction(text)) {
    for (const statement of await splitStatements(text, "migration.sql")) await db.exec(statement.sql);
    return;
  }
  await db.exec("BEGIN");
  try {
    await db.exec(text);
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => undefined);
    throw error;
  }
  await db.exec("COMMIT");
}

function skip(stats: RunStats, reason: string): never {
  stats.skipped.set(reason, (stats.skipped.get(reason) ?? 0) + 1);
  fc.pre(false);
  throw new Error("unreachable: fc.pre(false) throws");
}

/**
 * The migrations `build` writes for the change (two when an enum value is added and used, see
 * `planMigrationSteps`), or a skip for a change the planner refuses by design (SC4002).
 */
function planOrSkip(before: Graph, after: Graph, stats: RunStats, online: boolean): PlanStep[] {
  try {
    const steps = planMigrationSteps(before, after);
    return online ? onlineSteps(steps) : steps;
  } catch (error) {
    const first = error instanceof SchemacError ? error.diagnostics[0] : undefined;
    if (first?.code === "SC4002") skip(stats, `planner refuses (SC4002): ${first.message.replace(/ (public|aux)\.\w+(\.\w+)?/g, " …").slice(0, 90)}`);
    throw error;
  }
}

/** The migration files of the steps, in the order `up` runs them. */
async function renderSteps(steps: readonly PlanStep[]): Promise<{ up: string; down: string }[]> {
  const files: { up: string; down: string }[] = [];
  for (const [i, s] of steps.entries()) {
    const version = String(i + 2).padStart(4, "0");
    const parent = i === 0 ? "0001_random" : `000${i + 1}_random`;
    files.push(await renderMigrationFiles(s.plan, { version, name: "random", parent, after: s.after, online: s.online === true, noTransaction: s.noTransaction === true }));
  }
  return files;
}

/** A NOT NULL column with nothing to fill existing rows: adding it fails on any row. */
function unfillable(c: Column): boolean {
  return c.notNull && c.default === null && c.identity === null && c.generated === null && c.sequence === null;
}

/**
 * Tables that get no rows for this pair, and why: a NOT NULL column added without a default
 * fails on any row (PostgreSQL: "contains null values"). `down` re-adds such a column filled
 * with its type's zero value, so a dropped one keeps the rows unless it is unique (every row
 * would get the same value) or a check names it (the zero value may fail it: `s <> ''`).
 */
function tablesWithoutRows(plan: Plan, stats: RunStats): Set<string> {
  const tables = new Set<string>();
  const leave = (table: QualifiedName, reason: string): void => {
    stats.emptyTables.set(reason, (stats.emptyTables.get(reason) ?? 0) + 1);
    tables.add(qualifiedKey(table));
  };
  const unique = new Set<string>();
  const checks: { table: string; expression: string }[] = [];
  for (const op of plan.operations.flatMap((p) => [p.operation, ...p.inverse])) {
    const columns = op.kind === "addUnique" ? op.unique.columns : op.kind === "createIndex" && op.index.unique ? op.index.keys.map((k) => k.column) : [];
    if (op.kind === "addUnique" || op.kind === "createIndex") for (const c of columns) unique.add(`${qualifiedKey(op.table)}.${c}`);
    if (op.kind === "addCheck" || op.kind === "dropCheck") checks.push({ table: qualifiedKey(op.table), expression: op.check.expression });
  }
  const checked = (table: QualifiedName, column: string): boolean =>
    checks.some((c) => c.table === qualifiedKey(table) && new RegExp(`\\b${column}\\b`).test(c.expression));
  for (const { operation: op } of plan.operations) {
    if (op.kind !== "addColumn" && op.kind !== "dropColumn") continue;
    const filledByDown = op.kind === "dropColumn" && unfillable(op.column);
    if (op.kind === "addColumn" && unfillable(op.column)) {
      leave(op.table, "up adds a NOT NULL column without a default");
    } else if (filledByDown && checked(op.table, op.column.name)) {
      leave(op.table, "down refills a dropped NOT NULL column a check names (its zero value may fail the check)");
    } else if ((op.column.default !== null || filledByDown) && unique.has(`${qualifiedKey(op.table)}.${op.column.name}`)) {
      const direction = op.kind === "addColumn" ? "up adds" : "down re-adds";
      leave(op.table, `${direction} a column with a default and makes it unique (every row gets the same value)`);
    }
  }
  return tables;
}

/** Runs one step; a failure names the step and shows its SQL (the engine's refusal passes through as is). */
async function step<T>(engine: Engine, what: string, sql: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof SchemacError && error.diagnostics[0]?.code === engine.refusal) throw error;
    const message = error instanceof SchemacError ? error.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ") : String(error);
    throw new Error(`${what} failed: ${message}\n--- ${what} ---\n${sql}`);
  }
}

function expectNull(difference: string | null, where: string, sql: string): void {
  if (difference !== null) throw new Error(`${where}: ${difference}\n--- sql ---\n${sql}`);
}

/** One pair through the round trip on one engine; throws with the SQL on the first difference. */
export async function roundTrip(engine: Engine, pair: ModelPair, stats: RunStats, online = false): Promise<void> {
  const before = moduleGraph(pair.beforeText);
  const after = moduleGraph(pair.afterText);
  const steps = planOrSkip(before, after, stats, online);
  const plan: Plan = { operations: steps.flatMap((s) => s.plan.operations) };
  const files = await renderSteps(steps);
  try {
    await checkedRoundTrip(engine, { before, after, plan, files, pair }, stats);
  } catch (error) {
    const first = error instanceof SchemacError ? error.diagnostics[0] : undefined;
    if (first !== undefined && first.code === engine.refusal) skip(stats, `${engine.name} refuses (${first.code}): ${first.message.slice(0, 80)}`);
    throw error;
  }
  stats.ran++;
  if (steps.some((s) => s.isEnumValues)) stats.twoMigrations++;
  if (steps.some((s) => s.suffix === "validate")) stats.validated++;
  if (steps.some((s) => s.noTransaction === true)) stats.concurrent++;
}

interface Prepared {
  readonly before: Graph;
  readonly after: Graph;
  readonly plan: Plan;
  /** One pair of files per migration (two when an enum value is added and used). */
  readonly files: readonly { up: string; down: string }[];
  readonly pair: ModelPair;
}

/** The checked run, on a database the engine empties again. */
async function checkedRoundTrip(engine: Engine, { before, after, plan, files, pair }: Prepared, stats: RunStats): Promise<void> {
  const db = await engine.empty();
  try {
    const create = await renderCreateScript(before);
    const rows = insertRowsSql(pair.before, pair.after, tablesWithoutRows(plan, stats));
    await step(engine, "create before", create, async () => {
      if (create !== "") await db.exec(create);
    });
    await step(engine, "insert rows", rows.join(";\n"), async () => {
      for (const statement of rows) await db.exec(statement);
    });
    const start = await readRows(db, before);
    const remembered = await engine.remember?.(db);
    const loss = declaredLoss(plan);
    const up = files.map((f) => f.up).join("\n");
    const down = [...files].reverse().map((f) => f.down).join("\n");
    await step(engine, "up", up, async () => {
      for (const f of files) await applyMigration(db, f.up);
    });
    expectNull(await engine.difference(db, after), "after up", up);
    const renames = formerNames(pair.before, pair.after);
    expectNull(rowsDifference(start, await readRows(db, after), before, after, loss, renames), "rows after up", up);
    await step(engine, "down", down, async () => {
      for (const f of [...files].reverse()) await applyMigration(db, f.down);
    });
    expectNull(await engine.difference(db, before, remembered), "after down", down);
    expectNull(rowsDifference(start, await readRows(db, before), before, before, loss, renames), "rows after down", down);
  } finally {
    await engine.release(db);
  }
}

/**
 * Checks the round trip on `runs` random pairs (seeded), and returns what ran. A failure
 * reports the seed, the replay path and the shrunk pair as case-file sections.
 */
export async function checkRandomPairs(engine: Engine, defaultRuns: number, online = false): Promise<RunStats> {
  const stats: RunStats = { ran: 0, skipped: new Map(), emptyTables: new Map(), twoMigrations: 0, validated: 0, concurrent: 0 };
  const settings = propertySettings(defaultRuns);
  const property = fc.asyncProperty(pairArbitrary(engine.profile), (pair) => roundTrip(engine, pair, stats, online));
  const details = await fc.check(property, { ...settings, maxSkipsPerRun: 10 });
  if (details.failed) {
    const counterexample = details.counterexample?.[0];
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      [
        `${engine.name}: a random pair fails after ${details.numRuns} run(s) (shrunk ${details.numShrinks} time(s))`,
        `replay: SCHEMAC_PROPERTY_SEED=${details.seed} SCHEMAC_PROPERTY_PATH=${details.counterexamplePath ?? ""} npm test -- property/roundtrip${online ? " (the --online test)" : ""}`,
        counterexample === undefined ? "(no counterexample)" : pairCaseText(counterexample),
        error,
      ].join("\n"),
    );
  }
  return stats;
}

/** A summary of a run for the test output: pairs run, skipped and tables left empty, by reason. */
export function describeStats(engine: string, stats: RunStats): string {
  const online = stats.validated + stats.concurrent === 0 ? "" : `; online: ${stats.validated} with a _validate migration, ${stats.concurrent} with a no-transaction one`;
  const lines = [`  ${engine}: ${stats.ran} random pairs ran (${stats.twoMigrations} as two migrations: an enum value added, then used${online})`];
  for (const [reason, n] of stats.skipped) lines.push(`    skipped ${n}: ${reason}`);
  for (const [reason, n] of stats.emptyTables) lines.push(`    no rows in a table ${n} time(s): ${reason}`);
  return `${lines.join("\n")}\n`;
}
