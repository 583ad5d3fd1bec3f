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

/**
 * A file's identity for a cache key, as cheap as a stat: its path, size and modification time, or
 * the path and `absent` when it cannot be stat'ed.
 */
export function fileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${path} ${stat.size} ${stat.mtimeMs}`;
  } catch {
    return `${path} absent`;
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

/** The names in a folder, most recently modified first (one that cannot be stat'ed counts as oldest). */
export function newestFirst(folder: string): string[] {
  const aged = listFolder(folder).map((name) => {
    try {
      return { name, time: statSync(join(folder, name)).mtimeMs };
    } catch {
      return { name, time: 0 };
    }
  });
  return aged.sort((a, b) => b.time - a.time).map((entry) => entry.name);
}

/** Keeps the `kept` most recently modified entries of a folder and removes the rest. */
export function pruneOldest(folder: string, kept: number, recursive = false): void {
  if (listFolder(folder).length <= kept) return;
  for (const name of newestFirst(folder).slice(kept)) removeQuietly(join(folder, name), recursive);
}
