/**
 * The text of a migration's up and down files: a header naming the migration and its parent,
 * then one group of statements per operation, each group preceded by a comment naming its
 * hazard. Every statement is formatted and parsed with PostgreSQL's parser before it is
 * returned. Output is byte-for-byte deterministic and runnable by `psql -v ON_ERROR_STOP=1 -1 -f`.
 */
import type { Graph, QualifiedName } from "../graph.js";
import { emptyGraph, qualifiedKey } from "../graph.js";
import type { Hazard, Operation, Plan } from "../operations.js";
import { HazardCodes } from "../codes.js";
import { noTransactionMarker } from "../db/statements.js";
import { hazardsOfAll } from "../plan/hazards.js";
import { planMigration } from "../plan/index.js";
import { layOutAll } from "./format.js";
import { assertLaidOutStatementsParse } from "./parse-check.js";
import { renderOperation } from "./sql.js";

/** What the header of a migration file names. */
export interface MigrationFileOptions {
  /** `NNNN`, e.g. "0002". */
  readonly version: string;
  /** The slug, e.g. "add_item_cascade". */
  readonly name: string;
  /** `NNNN_slug` of the previous migration, or null for the first. */
  readonly parent: string | null;
  /** The graph after `up` (where `down` starts); lets down files name their hazards too. */
  readonly after?: Graph;
  /** The graph before `up` (where `down` ends); without it, down files take every table to remain. */
  readonly before?: Graph;
  /** The modules the migration touches, listed in the header (`-- modules: billing, orders`) so review can be routed. */
  readonly modules?: readonly string[];
  /** A `build --manual` draft: the header says what is left to do. */
  readonly manual?: boolean;
  /** A `build --online` migration: its statements run under `SET lock_timeout` (reset at the end). */
  readonly online?: boolean;
  /** Run outside a transaction: both files start with `-- schemac:no-transaction` (CONCURRENTLY needs it). */
  readonly noTransaction?: boolean;
}

/**
 * How long an online migration waits for a lock before it fails: long enough for a running
 * query to finish, short enough that the traffic queued behind the wait does not pile up.
 */
export const onlineLockTimeout = "5s";

/** The first and last groups of an online migration: SET lock_timeout, and RESET at the end (the runner's session goes on). */
function onlineFrame(groups: readonly Group[], options: MigrationFileOptions): Group[] {
  if (options.online !== true) return [...groups];
  return [
    { comments: [`-- online: a lock not granted within ${onlineLockTimeout} fails the migration instead of queueing traffic behind it`], statements: [`SET lock_timeout = '${onlineLockTimeout}'`] },
    ...groups,
    { comments: [], statements: ["RESET lock_timeout"] },
  ];
}

/** The header lines of a `build --manual` draft, after its name and parent. */
const manualNote = [
  "-- schemac:manual draft, written by `schemac build --manual`: the change as schemac would write it.",
  "-- Edit it so that up reaches the models' schema and down the previous one, keeping the rows;",
  "-- replace every call to schemac_manual_conversion, then run `schemac hash` and `schemac verify`.",
];

/** One commented group of statements in a file. */
interface Group {
  readonly comments: readonly string[];
  readonly statements: readonly string[];
}

/** The modules a migration file's header lists (`-- modules: a, b` after the parent line), or undefined when it lists none (files written before modules existed). */
export function headerModules(text: string): string[] | undefined {
  const match = /^(?:-- schemac:no-transaction\n)?-- [^\n]*\n-- parent: [^\n]*\n-- modules: ([^\n]+)\n/.exec(text);
  return match?.[1]?.split(", ");
}

function header(options: MigrationFileOptions, direction: "up" | "down"): string {
  const modules = options.modules === undefined || options.modules.length === 0 ? "" : `-- modules: ${options.modules.join(", ")}\n`;
  const note = options.manual === true ? manualNote.map((l) => `${l}\n`).join("") : "";
  const marker = options.noTransaction === true ? `${noTransactionMarker}\n` : "";
  return `${marker}-- ${options.version}_${options.name} (${direction})\n-- parent: ${options.parent ?? "none"}\n${modules}${note}\n`;
}

/** What a recreated object was, for the "its data is gone" note of a down file. */
function recreatedNote(op: Operation, inverse: readonly Operation[]): string | null {
  const name = (table: QualifiedName): string => qualifiedKey(table);
  const filled = inverse[1]?.kind === "setDefault" && inverse[1].to === null ? inverse[1].from : null;
  if (op.kind === "dropColumn" && filled !== null) {
    return `-- note: recreates column ${name(op.table)}.${op.column.name} with ${filled} in every row (NOT NULL without a default); the data it held is gone`;
  }
  if (op.kind === "dropTable") return `-- note: recreates table ${name(op.table)} empty; the data it held is gone`;
  if (op.kind === "dropColumn" && op.column.generated !== null) return `-- note: recreates generated column ${name(op.table)}.${op.column.name}; its values are computed again`;
  if (op.kind === "dropColumn") return `-- note: recreates column ${name(op.table)}.${op.column.name} empty (null or its default); the data it held is gone`;
  if (op.kind === "dropSequence") return `-- note: recreates sequence ${op.sequence}, starting after the column's largest value`;
  return null;
}

async function renderGroups(groups: readonly Group[]): Promise<string> {
  const all = await layOutAll(groups.flatMap((g) => g.statements));
  await assertLaidOutStatementsParse(all);
  // One list of parts joined once: a first migration's file is megabytes.
  const parts: string[] = [];
  let next = 0;
  for (const group of groups) {
    if (group.statements.length === 0) continue;
    for (const comment of group.comments) parts.push(comment, "\n");
    for (let i = 0; i < group.statements.length; i++) parts.push(all[next++]?.text ?? "", ";\n\n");
  }
  return parts.join("");
}

/** `-- SC7001 data-loss: drops column public.item.mood`, one line per hazard. */
function hazardComments(hazards: readonly Hazard[]): string[] {
  return hazards.map((h) => `-- ${HazardCodes[h.type].code} ${h.type}: ${h.reason}`);
}

function upGroups(plan: Plan): Group[] {
  return plan.operations.map((p) => ({ comments: hazardComments(p.hazards), statements: renderOperation(p.operation) }));
}

function downGroups(plan: Plan, after: Graph, before: Graph | undefined): Group[] {
  const groups: Group[] = [];
  const reversed = [...plan.operations].reverse();
  const hazards = hazardsOfAll(reversed.flatMap((p) => p.inverse), after, before);
  let at = 0;
  for (const planned of reversed) {
    const note = recreatedNote(planned.operation, planned.inverse);
    planned.inverse.forEach((op, i) => {
      const own = hazardComments(hazards[at++] ?? []);
      const comments = i === 0 && note !== null ? [note, ...own] : own;
      groups.push({ comments, statements: renderOperation(op) });
    });
  }
  return groups;
}

/**
 * Renders the up and down files of a planned migration. Throws SchemacError (InvalidSql)
 * when a statement does not parse.
 */
export async function renderMigrationFiles(plan: Plan, options: MigrationFileOptions): Promise<{ up: string; down: string }> {
  const up = header(options, "up") + (await renderGroups(onlineFrame(upGroups(plan), options)));
  const down = header(options, "down") + (await renderGroups(onlineFrame(downGroups(plan, options.after ?? emptyGraph, options.before), options)));
  return { up, down };
}

/** The whole schema of `graph` created from nothing, as one SQL script (compared with pg_dump). */
export async function renderCreateScript(graph: Graph): Promise<string> {
  const plan = planMigration(emptyGraph, graph);
  return renderGroups(plan.operations.map((p) => ({ comments: [], statements: renderOperation(p.operation) })));
}
