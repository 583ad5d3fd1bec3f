/**
 * Finds the module files of a project: every `.ts` file under the root matched by the config's
 * globs, minus node_modules, dot-directories and the output directory. Sorted, so every later
 * phase sees the same order on every machine.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Config } from "./config.js";

/** A module file: absolute path and the project-relative path with forward slashes. */
export interface ModuleFile {
  readonly absolute: string;
  readonly path: string;
}

/** Lists the files the config's globs select, sorted by relative path. */
export function discoverFiles(config: Config): ModuleFile[] {
  const include = config.modules.filter((g) => !g.startsWith("!")).map(globToRegExp);
  const exclude = config.modules.filter((g) => g.startsWith("!")).map((g) => globToRegExp(g.slice(1)));
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
        if (include.some((r) => r.test(path)) && !exclude.some((r) => r.test(path))) {
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
 * Turns a glob into an anchored RegExp: `**` spans directories, `*` and `?` stay within one,
 * `{a,b}` is an alternation.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^(?:\\./)?${globSource(glob)}$`);
}

/** The unanchored RegExp source of a glob, for patterns built around it (`moduleOf`). */
export function globSource(glob: string): string {
  let source = "";
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      const slashAfter = glob[i + 2] === "/";
      source += slashAfter ? "(?:.*/)?" : ".*";
      i += slashAfter ? 3 : 2;
      continue;
    }
    if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "{") {
      source += "(?:";
      braces++;
    } else if (c === "}" && braces > 0) {
      source += ")";
      braces--;
    } else if (c === "," && braces > 0) source += "|";
    else source += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
    i++;
  }
  return source;
}
