/**
 * Finds the module files of a project: every `.ts` file under the root matched by the config's
 * globs, minus node_modules, dot-directories and the output directory. Sorted, so every later
 * phase sees the same order on every machine.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import picomatch from "picomatch";
import type { Config } from "./config.js";

/** A module file: absolute path and the project-relative path with forward slashes. */
export interface ModuleFile {
  readonly absolute: string;
  readonly path: string;
}

/** A leading `!` (not `!(`, an extglob) excludes what the glob matches from what the others include. */
export function isExclusion(glob: string): boolean {
  return glob.startsWith("!") && !glob.startsWith("!(");
}

/** Lists the files the config's globs select, sorted by relative path. */
export function discoverFiles(config: Config): ModuleFile[] {
  const include = config.modules.filter((g) => !isExclusion(g)).map(globMatcher);
  const exclude = config.modules.filter(isExclusion).map((g) => globMatcher(g.slice(1)));
  const outDir = relative(config.root, config.out).split(sep).join("/");
  const found: ModuleFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolute = join(dir, entry.name);
      const path = relative(config.root, absolute).split(sep).join("/");
      if (entry.isDirectory()) {
        if (entry.name === "node_modules" || entry.name.startsWith(".") || path === outDir) continue;
        walk(absolute);
      } else if ((entry.isFile() || isFileLink(absolute, entry.isSymbolicLink())) && isModuleFileName(entry.name)) {
        if (include.some((matches) => matches(path)) && !exclude.some((matches) => matches(path))) {
          found.push({ absolute, path });
        }
      }
    }
  };
  walk(config.root);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A symlink counts as a file unless it points at a directory; a dangling one is kept so reading it reports the problem. */
function isFileLink(path: string, isLink: boolean): boolean {
  if (!isLink) return false;
  try {
    return !statSync(path).isDirectory();
  } catch {
    return true;
  }
}

function isModuleFileName(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith(".d.ts");
}

/**
 * A matcher for one glob, with picomatch (the matcher of micromatch, chokidar, tinyglobby and
 * fast-glob), so a glob means here what it means in those tools: `**` spans folders, `*` and `?`
 * stay within one and skip names starting with a dot, `{a,b}` and `{1..3}` expand, `[a-z]` classes,
 * extglobs such as `!(*.test).ts` and `@(a|b)`. Paths are project-relative with forward slashes.
 */
export function globMatcher(glob: string): (path: string) => boolean {
  return picomatch(glob);
}
