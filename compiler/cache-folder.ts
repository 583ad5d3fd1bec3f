/**
 * What schemac's best-effort caches (the extraction cache, the replay of unchanged runs) do with
 * their folders: write an entry atomically, mark one as used, keep the newest few, remove quietly.
 * Every failure is swallowed: a cache that cannot be written is a cache that misses.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Writes `text` (or bytes) to `path` through a temp file and a rename, so readers never see half of it; false on failure. */
export function writeAtomically(path: string, text: string | Uint8Array): boolean {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, path);
    return true;
  } catch {
    removeQuietly(temp);
    return false;
  }
}

/** Removes a file (or, with `recursive`, a folder); already gone or not ours is fine. */
export function removeQuietly(path: string, recursive = false): void {
  try {
    if (recursive) rmSync(path, { recursive: true, force: true });
    else unlinkSync(path);
  } catch {
    // Already gone, or not ours to remove: either way the cache stays usable.
  }
}

/** Marks an entry as just used, for `pruneOldest`'s order. */
export function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Only the pruning order depends on it.
  }
}

/** The names in a folder, or none when it cannot be read. */
export function listFolder(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Keeps the `kept` most recently modified entries of a folder and removes the rest. */
export function pruneOldest(folder: string, kept: number, recursive = false): void {
  const names = listFolder(folder);
  if (names.length <= kept) return;
  const aged = names.map((name) => {
    try {
      return { name, time: statSync(join(folder, name)).mtimeMs };
    } catch {
      return { name, time: 0 };
    }
  });
  aged.sort((a, b) => b.time - a.time);
  for (const { name } of aged.slice(kept)) removeQuietly(join(folder, name), recursive);
}
