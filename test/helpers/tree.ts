/**
 * Directory trees as path → content maps, for golden comparisons with a readable first
 * difference (a unified-style excerpt, as TS's baseline runner prints).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** Reads every file under dir into a map keyed by forward-slash relative path. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** Describes the first difference between two trees, or returns null when they are equal. */
export function firstDifference(expected: Map<string, string>, actual: Map<string, string>): string | null {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  for (const name of names) {
    const e = expected.get(name);
    const a = actual.get(name);
    if (e === a) continue;
    if (e === undefined) return `unexpected file ${name}`;
    if (a === undefined) return `missing file ${name}`;
    const el = e.split("\n");
    const al = a.split("\n");
    let i = 0;
    while (i < el.length && el[i] === al[i]) i++;
    const context = (lines: string[]) => lines.slice(Math.max(0, i - 2), i + 3).join("\n");
    return `${name} differs at line ${i + 1}:\n--- expected\n${context(el)}\n+++ actual\n${context(al)}`;
  }
  return null;
}

/** Replaces dir's content with the given tree. */
export function writeTree(dir: string, files: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, content] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

/** Copies a directory tree. */
export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}
