/**
 * A throwaway copy of the shop example laid out like the repository (examples/shop beside
 * generated/shop, which its config points to), for CLI tests that edit its modules.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as assert from "uvu/assert";

const repo = join(import.meta.dirname, "..", "..");

/** Copies examples/shop and generated/shop into a temp folder; returns the copy's project folder. */
export function copyExample(): string {
  const root = mkdtempSync(join(tmpdir(), "schemac-example-"));
  cpSync(join(repo, "examples", "shop"), join(root, "examples", "shop"), { recursive: true });
  cpSync(join(repo, "generated", "shop"), join(root, "generated", "shop"), { recursive: true });
  return join(root, "examples", "shop");
}

/** Replaces `from` by `to` in `src/modules/<file>` of a copy; fails the test when `from` is not there. */
export function editModule(project: string, file: string, from: string, to: string): void {
  const path = join(project, "src", "modules", file);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${file} contains ${from}`);
  writeFileSync(path, text.replace(from, to));
}
