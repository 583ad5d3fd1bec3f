/**
 * Where schemac itself is installed and which version it is, found from the running module, so
 * the same code works from the TypeScript sources, the repository's CLI bundle
 * (node_modules/.cache/schemac-cli) and the published package's prebuilt `dist/`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fileStamp } from "./cache-folder.js";

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

let identity: string | null | undefined;

/**
 * What identifies the running schemac: Node's and schemac's versions and the size and time of its
 * code and of the package manager's record of node_modules, so an edited, rebuilt or upgraded
 * schemac never reads another one's cached results or replays its runs. Null when it cannot be
 * told (TypeScript sources outside a schemac package).
 */
export function codeIdentity(): string | null {
  if (identity !== undefined) return identity;
  const parts = [process.version, packageVersion(), here];
  const stamp = (path: string): number => parts.push(fileStamp(path));
  // The packages schemac runs with (ts-morph reads the modules): npm, pnpm and yarn each rewrite
  // one of these files in node_modules whenever they install or upgrade a package there.
  const installed = nodeModulesFolder();
  for (const name of [".package-lock.json", ".modules.yaml", ".yarn-state.yml"]) {
    if (installed !== null && existsSync(join(installed, name))) stamp(join(installed, name));
  }
  const root = packageRoot();
  if (fileURLToPath(import.meta.url).endsWith(".ts")) {
    // The TypeScript sources through tsx: every source of the compiler and the DSL.
    if (root === null) return (identity = null);
    stamp(join(root, "package.json"));
    for (const folder of ["compiler", "schema"]) for (const path of sourceFiles(join(root, folder))) stamp(path);
  } else {
    // A bundle (the repository's, or the package's dist/): its JavaScript files, all in one folder.
    for (const name of readdirSync(here).sort()) if (name.endsWith(".js") || name.endsWith(".mjs")) stamp(join(here, name));
  }
  identity = parts.join("\n");
  return identity;
}

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts")) found.push(path);
  }
  return found;
}

function readPackageName(path: string): string | undefined {
  try {
    const name: unknown = (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}
