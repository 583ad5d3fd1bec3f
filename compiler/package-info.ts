/**
 * Where schemac itself is installed and which version it is, found from the running module, so
 * the same code works from the TypeScript sources, the repository's CLI bundle
 * (node_modules/.cache/schemac-cli) and the published package's prebuilt `dist/`.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
let root: string | null | undefined;

/** The folder of schemac's own package.json (the nearest ancestor whose package is named "schemac"), or null. */
export function packageRoot(): string | null {
  if (root !== undefined) return root;
  root = null;
  for (let dir = here; ; dir = dirname(dir)) {
    if (readPackageName(join(dir, "package.json")) === "schemac") {
      root = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return root;
}

/** schemac's version from its package.json ("unknown" when it cannot be read). */
export function packageVersion(): string {
  const dir = packageRoot();
  if (dir === null) return "unknown";
  try {
    const version: unknown = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The `node_modules` folder schemac's machine-local caches go under: the one schemac is installed
 * in (an application's), or the repository's own; null when there is none.
 */
export function nodeModulesFolder(): string | null {
  for (let dir = here; ; dir = dirname(dir)) {
    if (basename(dir) === "node_modules") return dir;
    if (existsSync(join(dir, "node_modules"))) return join(dir, "node_modules");
    if (dirname(dir) === dir) return null;
  }
}

function readPackageName(path: string): string | undefined {
  try {
    const name: unknown = (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}
