/**
 * The few git questions `schemac rebase` asks: which migrations a commit has, a snapshot as a
 * commit has it, and which commit added a file. Read-only; every answer is null when git has none
 * (no repository, an unknown ref, a path the commit lacks).
 */
import { execFileSync } from "node:child_process";

/** Git, run in one folder (paths are relative to it). */
export interface GitReader {
  /** The commit a ref names, or null. */
  commit(ref: string): string | null;
  /** A file's text at a commit, or null. */
  show(ref: string, path: string): string | null;
  /** The names of the files in a folder at a commit ([] when it has no such folder), or null for an unknown ref. */
  list(ref: string, dir: string): string[] | null;
  /** The oldest commit reachable from `tip` (but not from `not`, when given) that added `path`, or null. */
  addedBy(path: string, tip: string, not?: string): string | null;
  /** True when `ancestor` is an ancestor of (or equal to) `commit`. */
  isAncestor(ancestor: string, commit: string): boolean;
}

/** A GitReader for `cwd`, or null when `cwd` is not inside a git work tree (or git is missing). */
export function openGit(cwd: string): GitReader | null {
  const run = (...args: string[]): string | null => {
    try {
      return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 30 });
    } catch {
      return null;
    }
  };
  if (run("rev-parse", "--is-inside-work-tree")?.trim() !== "true") return null;
  const relative = (path: string): string => `./${path.replace(/^\.\//, "")}`;
  return {
    commit: (ref) => run("rev-parse", "-q", "--verify", `${ref}^{commit}`)?.trim() ?? null,
    show: (ref, path) => run("show", `${ref}:${relative(path)}`),
    list: (ref, dir) => {
      if (run("rev-parse", "-q", "--verify", `${ref}^{commit}`) === null) return null;
      const out = run("ls-tree", "--name-only", ref, "--", `${relative(dir)}/`);
      return out === null ? null : out.split("\n").filter((l) => l.length > 0).map((l) => l.slice(l.lastIndexOf("/") + 1));
    },
    addedBy: (path, tip, not) => {
      const out = run("log", "--format=%H", "--diff-filter=A", tip, ...(not === undefined ? [] : ["--not", not]), "--", relative(path));
      return out?.trim().split("\n").filter((l) => l.length > 0).at(-1) ?? null;
    },
    isAncestor: (ancestor, commit) => run("merge-base", "--is-ancestor", ancestor, commit) !== null,
  };
}
