/**
 * `schemac.sum`: a chained checksum of the migration files (atlas.sum's idea). Each line's hash
 * covers its file and every file before it, and the first line covers the whole list, so an
 * edited, inserted, removed or reordered migration is detected.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { MigrationEntry } from "./directory.js";

/** One file's line in the sum. */
export interface SumEntry {
  readonly file: string;
  readonly hash: string;
}

/** A parsed sum file. */
export interface SumFile {
  readonly total: string;
  readonly entries: readonly SumEntry[];
}

function digest(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) {
    h.update(p);
    h.update("\0");
  }
  return `h1:${h.digest("base64")}`;
}

/** Computes the sum of files given in chain order (up then down of each migration). */
export function computeSum(files: readonly { readonly file: string; readonly content: string }[]): SumFile {
  return extendSum({ total: "", entries: [] }, files);
}

/**
 * The sum of a chain with more files at its end: each line's hash chains on from the last one, so
 * the files already summed need not be read again (a first migration of 10,000 tables is 9 MB).
 */
export function extendSum(sum: SumFile, files: readonly { readonly file: string; readonly content: string }[]): SumFile {
  const entries: SumEntry[] = [...sum.entries];
  let previous = entries.at(-1)?.hash ?? "";
  for (const f of files) {
    previous = digest(previous, f.file, f.content);
    entries.push({ file: f.file, hash: previous });
  }
  return { total: digest(...entries.map((e) => `${e.file} ${e.hash}`)), entries };
}

/** The files of a chain in sum order. */
export function chainFiles(migrations: readonly MigrationEntry[], read: (path: string) => string): { file: string; content: string }[] {
  return migrations.flatMap((m) => [
    { file: basename(m.upFile), content: read(m.upFile) },
    { file: basename(m.downFile), content: read(m.downFile) },
  ]);
}

/** The text of a sum file. */
export function formatSum(sum: SumFile): string {
  return [sum.total, ...sum.entries.map((e) => `${e.file} ${e.hash}`)].join("\n") + "\n";
}

/** Parses a sum file; returns a reason string when it is malformed. */
export function parseSum(text: string): SumFile | string {
  const lines = text.split("\n").filter((l) => l.length > 0);
  const [total, ...rest] = lines;
  if (total === undefined || !total.startsWith("h1:")) return "the first line must be the total hash (h1:…)";
  const entries: SumEntry[] = [];
  for (const line of rest) {
    const match = /^(\S+) (h1:\S+)$/.exec(line);
    if (match === null) return `malformed line: ${line}`;
    entries.push({ file: match[1] as string, hash: match[2] as string });
  }
  return { total, entries };
}

/** Compares the recorded sum with the files on disk; each difference is one diagnostic. */
export function verifySum(recorded: SumFile, actual: SumFile, displayDir: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const recordedByFile = new Map(recorded.entries.map((e) => [e.file, e]));
  const actualFiles = new Set(actual.entries.map((e) => e.file));
  for (let i = 0; i < actual.entries.length; i++) {
    const a = actual.entries[i] as SumEntry;
    const r = recorded.entries[i];
    if (!recordedByFile.has(a.file)) {
      problems.push(diagnostic("MigrationNumbering", null, `${displayDir}/${a.file} is not recorded in schemac.sum (added by hand, or by a merge?)`));
      return problems;
    }
    if (r === undefined || r.file !== a.file) {
      problems.push(diagnostic("MigrationNumbering", null, `${displayDir}/${a.file} is out of the order recorded in schemac.sum`));
      return problems;
    }
    if (r.hash !== a.hash) {
      problems.push(diagnostic("MigrationEdited", null, `${displayDir}/${a.file}`));
      return problems;
    }
  }
  for (const r of recorded.entries) {
    if (!actualFiles.has(r.file)) problems.push(diagnostic("MigrationNumbering", null, `${displayDir}/${r.file} is recorded in schemac.sum but missing`));
  }
  return problems;
}
