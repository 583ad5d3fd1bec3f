/**
 * The migrations folder: golang-migrate naming `NNNN_slug.up.sql` / `NNNN_slug.down.sql`,
 * numbered from 0001 (or from the version of a squashed first migration) with no gaps, no
 * duplicates and every up paired with its down.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { squashedNames } from "./squashed.js";

/** One migration: both of its files. */
export interface MigrationEntry {
  /** The `NNNN` prefix, e.g. "0002". */
  readonly version: string;
  /** `NNNN_slug`, e.g. "0002_add_item_cascade". */
  readonly name: string;
  readonly upFile: string;
  readonly downFile: string;
}

const fileName = /^(\d{4,})_([a-z0-9_]+)\.(up|down)\.sql$/;

/** Turns a `-m` message into a slug: lower case, runs of other characters than a-z0-9 → `_`. */
export function slugify(message: string): string {
  return message.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

/** The version after the last one: "0001" for an empty folder. */
export function nextVersion(migrations: readonly MigrationEntry[]): string {
  const last = migrations.at(-1);
  const n = last === undefined ? 1 : Number(last.version) + 1;
  return String(n).padStart(4, "0");
}

/**
 * Lists a migrations folder in version order and reports bad names, unpaired files, gaps and
 * duplicate versions (a forked history, as when two branches each added a 0004).
 */
export function readMigrationDirectory(dir: string, displayDir: string): { migrations: MigrationEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir)) return { migrations: [], diagnostics };
  const byName = new Map<string, { version: string; up?: string; down?: string }>();
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith(".sql")) continue;
    const match = fileName.exec(entry);
    if (match === null) {
      diagnostics.push(diagnostic("BadMigrationName", null, `${displayDir}/${entry}`));
      continue;
    }
    const [, version = "", slug = "", direction] = match;
    const name = `${version}_${slug}`;
    const item = byName.get(name) ?? { version };
    if (direction === "up") item.up = join(dir, entry);
    else item.down = join(dir, entry);
    byName.set(name, item);
  }
  const migrations: MigrationEntry[] = [];
  for (const [name, item] of byName) {
    if (item.up === undefined || item.down === undefined) {
      const present = item.up === undefined ? `${name}.down.sql` : `${name}.up.sql`;
      diagnostics.push(diagnostic("MissingPair", null, `${displayDir}/${present}`, item.up === undefined ? "up" : "down"));
      continue;
    }
    migrations.push({ version: item.version, name, upFile: item.up, downFile: item.down });
  }
  migrations.sort((a, b) => Number(a.version) - Number(b.version) || (a.name < b.name ? -1 : 1));
  // After `schemac squash`, the chain starts at the squashed migration's version.
  const first = migrations[0];
  const start = first !== undefined && squashedNames(readFileSync(first.upFile, "utf8")) !== null ? Number(first.version) : 1;
  diagnostics.push(...chainProblems(migrations, start));
  return { migrations, diagnostics };
}

function chainProblems(migrations: readonly MigrationEntry[], start: number): Diagnostic[] {
  const problems: Diagnostic[] = [];
  let expected = start;
  for (let i = 0; i < migrations.length; i++) {
    const m = migrations[i] as MigrationEntry;
    const n = Number(m.version);
    const previous = migrations[i - 1];
    if (previous !== undefined && Number(previous.version) === n) {
      const parent = migrations.slice(0, i).reverse().find((p) => Number(p.version) < n)?.name ?? "the start of the chain";
      problems.push(diagnostic("ForkedHistory", null, previous.name, m.name, parent));
      continue;
    }
    if (n !== expected) {
      problems.push(diagnostic("MigrationNumbering", null, `expected version ${String(expected).padStart(4, "0")} before ${m.name}`));
    }
    expected = n + 1;
  }
  return problems;
}

/**
 * The parent a migration's header names (`-- parent: 0003_x`, `none` for the first), or null when
 * it names none. A `-- schemac:no-transaction` line may come first (a `build --online` migration).
 */
export function headerParent(upText: string): string | null {
  const match = /^(?:-- schemac:no-transaction\n)?-- [^\n]*\n-- parent: (\S+)\n/.exec(upText);
  return match === null ? null : (match[1] ?? null);
}

/**
 * A forked history the numbering does not show: a migration whose header names another parent
 * than the migration before it (as after renumbering one of two forks by hand). Files without
 * a header are not judged.
 */
export function parentProblems(migrations: readonly MigrationEntry[], read: (path: string) => string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (previous !== undefined && previous.version === m.version) return;
    const parent = headerParent(read(m.upFile));
    const expected = previous?.name ?? "none";
    if (parent === null || parent === expected) return;
    const sibling = migrations[migrations.findIndex((x) => x.name === parent) + 1] ?? previous;
    problems.push(diagnostic("ForkedHistory", null, sibling?.name ?? expected, m.name, parent === "none" ? "the start of the chain" : parent));
  });
  return problems;
}
