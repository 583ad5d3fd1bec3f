/**
 * Writes a set of files all or nothing: every file goes to a temporary sibling first, then each
 * is renamed into place; if anything fails, the renamed ones are put back as they were and the
 * temporaries removed, so a failed build never leaves a half-written migration folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SchemacError, diagnostic } from "../diagnostics.js";

/** A file to write. */
export interface FileWrite {
  readonly path: string;
  readonly content: string;
}

/**
 * Writes every file or none, then removes `removals` (files replaced by others, as a renumbered
 * migration); throws SchemacError (SC5006) naming the file that failed, with everything put back.
 */
export function writeFilesAtomically(files: readonly FileWrite[], display: (path: string) => string = (p) => p, removals: readonly string[] = []): void {
  const written = new Set(files.map((f) => f.path));
  const removed = removals.filter((path) => !written.has(path));
  const originals = new Map<string, string | null>();
  const temporaries: string[] = [];
  const placed: string[] = [];
  let current = "";
  try {
    for (const f of files) {
      current = f.path;
      mkdirSync(dirname(f.path), { recursive: true });
      originals.set(f.path, existsSync(f.path) ? readFileSync(f.path, "utf8") : null);
      const temporary = `${f.path}.${process.pid}.tmp`;
      writeFileSync(temporary, f.content);
      temporaries.push(temporary);
    }
    for (const path of removed) originals.set(path, readFileSync(path, "utf8"));
    for (const f of files) {
      current = f.path;
      renameSync(`${f.path}.${process.pid}.tmp`, f.path);
      placed.push(f.path);
    }
    for (const path of removed) {
      current = path;
      rmSync(path);
      placed.push(path);
    }
  } catch (error) {
    for (const path of placed) {
      const original = originals.get(path);
      if (original === null || original === undefined) rmSync(path, { force: true });
      else writeFileSync(path, original);
    }
    for (const t of temporaries) rmSync(t, { force: true });
    throw new SchemacError([diagnostic("WriteFailed", null, display(current), (error as Error).message)]);
  }
}
