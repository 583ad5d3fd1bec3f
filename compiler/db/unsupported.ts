/**
 * What `schemac pull` reads besides the graph: every object of the pulled schemas that the DSL
 * cannot declare yet (views, functions, triggers, policies, domains, extensions, …), one row
 * each, so that none is skipped silently. Together with what introspection leaves out (expression
 * indexes, deferrable constraints, unmodeled types), this is the list pull prints.
 */
import type { Graph } from "../graph.js";
import type { Database } from "./connection.js";
import { introspect, readQuery } from "./introspect.js";

/** An object the DSL cannot express: its kind, qualified name and why. */
export interface UnsupportedObject {
  readonly kind: string;
  readonly name: string;
  readonly reason: string;
}

/** What a pull reads from a live database. */
export interface PulledDatabase {
  readonly graph: Graph;
  /** Sorted by kind, then name; empty when the graph holds the whole schema. */
  readonly unsupported: readonly UnsupportedObject[];
}

/**
 * Reads the graph leniently (unsupported pieces left out and listed) plus the objects the graph
 * has no place for, in every user schema and public (the runner's own table excluded).
 */
export async function readForPull(db: Database): Promise<PulledDatabase> {
  const problems: string[] = [];
  const graph = await introspect(db, { unsupported: problems });
  const schemas = ["public", ...graph.schemas.map((s) => s.name)];
  const rows = (await db.query<{ kind: string; name: string; reason: string }>(readQuery("unsupported"), [schemas])).rows;
  const fromIntrospection = problems.map((message): UnsupportedObject => {
    const match = /^(table|column|constraint|index|identity column) (\S+)(?: on (\S+))? ?(.*)$/.exec(message);
    if (match === null) return { kind: "object", name: "", reason: message };
    const name = match[3] === undefined ? (match[2] ?? "") : `${match[2] ?? ""} on ${match[3]}`;
    return { kind: match[1] ?? "object", name, reason: (match[4] ?? "").replace(/^[,:]\s*/, "") };
  });
  const all = [...fromIntrospection, ...rows.map((r) => ({ kind: r.kind, name: r.name, reason: r.reason }))];
  const key = (u: UnsupportedObject): string => `${u.kind}\u0000${u.name}`;
  return { graph, unsupported: all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
}
