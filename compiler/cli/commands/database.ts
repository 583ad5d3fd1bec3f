/**
 * What the database commands (up, down, status, stamp, verify, drift) share: the `--db` flag
 * and DATABASE_URL, opening and always closing the connection, the `N` / `--to V` target, the
 * project's migration chain, and progress lines.
 */
import { SchemacError, diagnostic } from "../../diagnostics.js";
import type { Graph, Table } from "../../graph.js";
import { planMigration } from "../../plan/index.js";
import { canonicalGraph } from "../../snapshot.js";
import { openDatabase, type Database } from "../../db/connection.js";
import { readMigrationStatus, type RunContext, type RunTarget, type RunnerEvent, type RunnerDatabase } from "../../db/runner.js";
import type { MigrationEntry } from "../../migrations/directory.js";
import { loadMigrationState, type MigrationState } from "../../migrations/state.js";
import { UsageError, stringFlag, type FlagSpec } from "../args.js";
import type { CommandContext } from "../command.js";
import { formatPlan } from "../plan-text.js";

/** `--db URL` (`memory` for pg-mem). */
export const dbFlag: FlagSpec = { name: "db", value: true };

/** `--to V`. */
export const toFlag: FlagSpec = { name: "to", value: true };

/** The database a command works on: `--db`, else DATABASE_URL, else SC6011. */
export function databaseTarget(context: CommandContext, command: string): string {
  const target = stringFlag(context.args, "db") ?? context.io.env["DATABASE_URL"];
  if (target === undefined || target.length === 0) throw new SchemacError([diagnostic("NoDatabaseUrl", null, command)]);
  return target;
}

/** Opens `target`, runs `body`, and closes the connection whatever happens. */
export async function withDatabase<T>(target: string, body: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(target);
  try {
    return await body(db);
  } finally {
    await db.close();
  }
}

/** `N` and `--to V`: at most one of them; N a positive whole number (bad usage otherwise). */
export function runTarget(context: CommandContext): RunTarget {
  const [count, extra] = context.args.positionals;
  const to = stringFlag(context.args, "to");
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (count !== undefined && to !== undefined) throw new UsageError("give either N or --to V, not both");
  if (count === undefined) return to === undefined ? {} : { to };
  if (!/^\d+$/.test(count) || Number(count) === 0) throw new UsageError(`N must be a positive whole number (found ${count})`);
  return { count: Number(count) };
}

/**
 * The project's migration chain. Integrity problems (an edited file, a broken chain) are
 * reported; when any is an error the command must stop, so this returns null.
 */
export function loadChain(context: CommandContext): MigrationState | null {
  const state = loadMigrationState(context.config());
  return context.report(state.diagnostics) ? null : state;
}

/** The runner's context: paths relative to the project, progress printed unless --json. */
export function runContext(context: CommandContext): RunContext {
  const onEvent = (event: RunnerEvent): void => {
    if (event.kind === "waiting") context.print("waiting for another schemac run to release the migration lock...");
    else context.print(`${event.direction === "up" ? "applied" : "reverted"} ${event.migration.name} (${event.milliseconds} ms)`);
  };
  return { root: context.config().root, ...(context.json ? {} : { onEvent }) };
}

/** How `up` and `down` name what they did: "applied" / "apply", "reverted" / "revert". */
export interface MigrationVerbs {
  readonly done: "applied" | "reverted";
  readonly todo: "apply" | "revert";
}

/**
 * The body of `up` and `down`: runs `migrate` on the project's chain at the target the arguments
 * give, then reports what it did and where the database now is (as JSON with --json).
 */
export async function runMigrations(
  context: CommandContext,
  command: "up" | "down",
  migrate: (db: RunnerDatabase, migrations: readonly MigrationEntry[], target: RunTarget, run: RunContext) => Promise<MigrationEntry[]>,
  verbs: MigrationVerbs,
): Promise<number> {
  const target = runTarget(context);
  const state = loadChain(context);
  if (state === null) return 1;
  const url = databaseTarget(context, command);
  const { ran, head } = await withDatabase(url, async (db) => {
    const done = await migrate(db, state.migrations, target, runContext(context));
    const status = await readMigrationStatus(db, state.migrations);
    return { ran: done, head: headName(status.entries.filter((e) => e.state === "applied").map((e) => e.migration.name)) };
  });
  if (context.json) context.print(JSON.stringify({ [verbs.done]: ran.map((m) => m.name), head }));
  else if (ran.length === 0) context.print(`nothing to ${verbs.todo}: the database is at ${head}`);
  else context.print(`${verbs.done} ${ran.length} migration(s); the database is at ${head}`);
  return 0;
}

/** The newest applied migration ("0003_add_x"), or "version 0 (no migration applied)". */
function headName(names: readonly string[]): string {
  return names.at(-1) ?? "version 0 (no migration applied)";
}

/**
 * Prints how `actual` differs from `expected` in plan form (what would turn the expected schema
 * into the actual one); returns the number of differences. When the planner cannot express a
 * difference, names the tables that differ instead.
 */
export async function printDifferences(context: CommandContext, expected: Graph, introspected: Graph): Promise<number> {
  // Loaded here, not at start-up: it loads PostgreSQL's parser, which build and check never need.
  const { alignExpressions } = await import("../../db/expressions.js");
  const actual = alignExpressions(expected, introspected);
  try {
    const plan = planMigration(expected, actual);
    context.io.stdout.write(formatPlan(plan.operations, context.colors));
    if (plan.operations.length > 0) return plan.operations.length;
  } catch (error) {
    if (!(error instanceof SchemacError)) throw error;
  }
  // The planner cannot express some changes in this direction (an enum that lost a value);
  // the way back (adding the value) it can: show that instead.
  try {
    const back = planMigration(actual, expected);
    if (back.operations.length > 0) {
      context.print("(shown the other way: what would bring the database back to the expected schema)");
      context.io.stdout.write(formatPlan(back.operations, context.colors));
      return back.operations.length;
    }
  } catch (error) {
    if (!(error instanceof SchemacError)) throw error;
  }
  const key = (t: Table): string => `${t.schema}.${t.name}`;
  const shown = new Map(expected.tables.map((t) => [key(t), JSON.stringify(canonicalGraph({ schemas: [], enums: [], tables: [t] }))]));
  const differing = actual.tables.filter((t) => shown.get(key(t)) !== JSON.stringify(canonicalGraph({ schemas: [], enums: [], tables: [t] }))).map(key);
  const missing = expected.tables.filter((t) => !actual.tables.some((a) => key(a) === key(t))).map(key);
  const lines = [...differing.map((k) => `~ table ${k}`), ...missing.map((k) => `- table ${k}`)];
  if (lines.length === 0) lines.push("~ schemas or enums differ");
  for (const line of lines) context.print(line);
  return lines.length;
}
