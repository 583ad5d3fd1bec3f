/**
 * The published package, as a user gets it: `npm pack` (which builds dist/), a size budget for the
 * tarball, then `npm install --offline` of the tarball into an empty application (from npm's
 * cache, which `npm ci` of this repository fills: every run-time dependency of the package is one
 * of the repository's), and there the README's five-minute tutorial: `schemac init`, its module
 * files, `build`, `check` (twice: the second is replayed), `verify`, its in-memory test under plain `node --test`, `up`/`status`/
 * `drift` on a throwaway PostgreSQL 15, and `tsc --noEmit` (the repository's TypeScript) on a file
 * that uses InferRow, for each module resolution.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { freshDatabase, requirePostgres } from "./helpers/pg-cluster.js";

const repo = join(import.meta.dirname, "..");
/**
 * The tarball's size budget in bytes (151 kB when set, 2026-12-01; 204 kB once the fast reader of
 * modules was added, which reads most files without loading TypeScript; 217 kB with the
 * incremental build, its dependency tracking and README section): fails when the package grows
 * past it.
 */
const packedBudget = 225_000;
/** The budget for the number of files in the tarball (61 when set). */
const filesBudget = 85;

interface PackedFile {
  readonly path: string;
}
interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

/** The environment for child npm and node processes: without the npm_* variables `npm test` sets (they would point npm at this repository). */
function childEnv(): NodeJS.ProcessEnv {
  const kept = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_registry"]);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || kept.has(k.toLowerCase())));
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: "utf8", env: childEnv(), timeout: 120_000 });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.is(result.status, 0, `${what} failed (${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The README's five-minute tutorial: every file it shows as "`path`:" followed by a code block. */
function tutorialFiles(): Map<string, string> {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const start = readme.indexOf("## Five-minute tutorial");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const files = new Map<string, string>();
  for (const m of section.matchAll(/^`([^`\s]+\.(?:ts|mjs))`[^\n]*:\n\n```\w+\n([\s\S]*?)^```/gm)) files.set(m[1] as string, m[2] as string);
  return files;
}

/**
 * A lockfile for the application: the tarball plus the repository's own run-time packages (its
 * lockfile without the dev-only ones), so `npm install --offline` resolves nothing anew.
 */
function applicationLock(tarball: string, manifest: Record<string, unknown>): string {
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
  const integrity = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
  const packages: Record<string, unknown> = {
    "": { name: "app", version: "1.0.0", dependencies: { schemac: "file:schemac.tgz" } },
    "node_modules/schemac": {
      version: manifest["version"],
      resolved: "file:schemac.tgz",
      integrity,
      license: manifest["license"],
      dependencies: manifest["dependencies"],
      peerDependencies: manifest["peerDependencies"],
      peerDependenciesMeta: manifest["peerDependenciesMeta"],
      bin: manifest["bin"],
      engines: manifest["engines"],
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && entry.dev !== true) packages[path] = entry;
  return `${JSON.stringify({ name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

const work = mkdtempSync(join(tmpdir(), "schemac-package-"));
const app = join(work, "app");
let packed: PackResult | undefined;

test("npm pack builds a small package of prebuilt JavaScript, types and README, with no install script", () => {
  const out = ok(run("npm", ["pack", "--json", "--pack-destination", work], repo), "npm pack");
  packed = (JSON.parse(out.slice(out.indexOf("["))) as PackResult[])[0];
  assert.ok(packed !== undefined);
  const paths = packed.files.map((f) => f.path);
  for (const expected of ["package.json", "README.md", "LICENSE", "dist/bin.js", "dist/index.js", "dist/testing.js", "dist/types/schema/index.d.ts", "dist/types/compiler/db/testing.d.ts", "dist/queries/tables.sql"]) {
    assert.ok(paths.includes(expected), `the package holds ${expected}`);
  }
  const unexpected = paths.filter((p) => !/^(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts|sql))$/.test(p));
  assert.equal(unexpected, [], "only dist/ (JavaScript, types, SQL) and the package's metadata are shipped");
  assert.ok(packed.size <= packedBudget, `the tarball is ${packed.size} bytes, over its budget of ${packedBudget}`);
  assert.ok(packed.files.length <= filesBudget, `the tarball holds ${packed.files.length} files, over its budget of ${filesBudget}`);
  const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };
  for (const hook of ["preinstall", "install", "postinstall", "prepare"]) assert.is(manifest.scripts[hook], undefined, `no ${hook} script`);
  for (const devOnly of ["tsx", "esbuild", "typescript"]) assert.is(manifest.dependencies[devOnly], undefined, `${devOnly} is not a run-time dependency`);
});

test("the tarball installs offline into an empty application, with no tsx, esbuild or TypeScript", () => {
  assert.ok(packed !== undefined, "packed");
  mkdirSync(app);
  const tarball = join(app, "schemac.tgz");
  writeFileSync(tarball, readFileSync(join(work, packed.filename)));
  const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "app", version: "1.0.0", private: true, type: "module", dependencies: { schemac: "file:schemac.tgz" } }, null, 2)}\n`);
  writeFileSync(join(app, "package-lock.json"), applicationLock(tarball, manifest));
  ok(run("npm", ["install", "--offline", "--no-audit", "--no-fund"], app), "npm install --offline");
  assert.ok(existsSync(join(app, "node_modules", ".bin", "schemac")));
  for (const absent of ["tsx", "esbuild", "typescript"]) assert.not.ok(existsSync(join(app, "node_modules", absent)), `${absent} is not installed`);
});

const schemac = (args: readonly string[]): SpawnSyncReturns<string> => run(join(app, "node_modules", ".bin", "schemac"), args, app);

test("the installed CLI runs the README's tutorial: init, build, check, verify", () => {
  assert.is(schemac(["--version"]).stdout.trim(), (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version);
  const outside = schemac(["build"]);
  assert.is(outside.status, 1, "outside a project");
  assert.match(outside.stderr, "SC1005");
  ok(schemac(["init"]), "schemac init");
  const files = tutorialFiles();
  assert.ok(files.has("src/modules/users/schema.ts") && files.has("src/modules/orders/schema.ts") && files.has("test/app.test.mjs"), [...files.keys()].join(", "));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), text);
  }
  assert.match(ok(schemac(["build", "-m", "initial"]), "build"), "0001_initial.up.sql");
  const users = join(app, "src/modules/users/schema.ts");
  writeFileSync(users, readFileSync(users, "utf8").replace("varchar(255)", "varchar(320)"));
  assert.match(ok(schemac(["diff"]), "diff"), "~ column user.email varchar(255) → varchar(320)");
  assert.match(ok(schemac(["build", "-m", "widen email"]), "build"), "0002_widen_email.up.sql");
  const checked = ok(schemac(["check"]), "check");
  assert.match(checked, "ok: 2 migration(s)");
  // dist/bin.js records an unchanged run's result and replays it (compiler/cli/replay.ts).
  assert.is(ok(schemac(["check"]), "check again"), checked);
  assert.ok(readdirSync(join(app, "node_modules", ".cache", "schemac", "results")).length > 0, "the installed CLI recorded the check");
  assert.match(ok(schemac(["verify"]), "verify"), "verified 2 migration(s)");
});

test("an app test imports schemac/testing under plain node --test", () => {
  const out = ok(run(process.execPath, ["--test", "test/"], app), "node --test");
  assert.match(out, "# pass 1");
});

if (requirePostgres("package")) {
  test("the installed CLI migrates PostgreSQL and reads its catalog with the queries shipped in dist/", async () => {
    const url = await freshDatabase("package");
    assert.match(ok(schemac(["up", "--db", url]), "up"), "0002_widen_email");
    assert.match(ok(schemac(["status", "--db", url]), "status"), "0002_widen_email");
    ok(schemac(["drift", "--db", url]), "drift");
  });
}

test("the built code imports at run time only the package's dependencies, which the README lists", () => {
  const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const dist = join(app, "node_modules", "schemac", "dist");
  const imported = new Set<string>();
  for (const name of readdirSync(dist).filter((f) => f.endsWith(".js"))) {
    for (const m of readFileSync(join(dist, name), "utf8").matchAll(/(?:^import[^;]*?from\s*|\bimport\(|\brequire\d*(?:\.resolve)?\()"([^".][^"]*)"/gm)) {
      const specifier = m[1] as string;
      if (!specifier.startsWith("node:")) imported.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string));
    }
  }
  assert.equal([...imported].sort(), Object.keys(manifest.dependencies).sort());
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const listed = /Run-time dependencies: ([^\n]*(?:\n {2}[^\n]*)*)/.exec(readme)?.[1] ?? "";
  assert.equal([...listed.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort(), Object.keys(manifest.dependencies).sort());
});

test("the package loads under tsx and through require() as well", () => {
  writeFileSync(join(app, "with-tsx.ts"), 'import { table, uuid, type InferRow } from "schemac";\nimport { createTestDatabase } from "schemac/testing";\nconst t = table("t", { id: uuid() });\nconst row: InferRow<typeof t> = { id: "x" };\nconsole.log(row.id, typeof createTestDatabase);\n');
  const tsx = pathToFileURL(join(repo, "node_modules", "tsx", "dist", "esm", "index.mjs")).href;
  assert.is(ok(run(process.execPath, ["--import", tsx, "with-tsx.ts"], app), "tsx").trim(), "x function");
  const required = run(process.execPath, ["-e", 'console.log(typeof require("schemac").table, typeof require("schemac/testing").createTestDatabase)'], app);
  assert.is(ok(required, "require").trim(), "function function");
});

test("TypeScript finds the types (InferRow, InferInsert) under node16, nodenext and bundler resolution, without @types/node, from CommonJS too under nodenext", () => {
  writeFileSync(
    join(app, "types.ts"),
    [
      'import type { InferInsert, InferRow } from "schemac";',
      'import { users } from "./src/modules/users/schema.js";',
      "export const row: InferRow<typeof users> = { id: \"x\", email: \"a@b\", created_at: new Date() };",
      'export const insert: InferInsert<typeof users> = { email: "a@b" };',
      "// @ts-expect-error email is required",
      "export const missing: InferInsert<typeof users> = {};",
      "",
    ].join("\n"),
  );
  const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
  for (const [module, resolution] of [["node16", "node16"], ["nodenext", "nodenext"], ["preserve", "bundler"]] as const) {
    const flags = ["--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--module", module, "--moduleResolution", resolution, "--types", "", "types.ts"];
    ok(run(process.execPath, [tsc, ...flags], app), `tsc --moduleResolution ${resolution}`);
  }
  // A CommonJS TypeScript file: accepted under nodenext, which knows Node loads ES modules from require().
  writeFileSync(join(app, "common.cts"), 'import { table, uuid, type InferRow } from "schemac";\nconst t = table("t", { id: uuid() });\nexport const row: InferRow<typeof t> = { id: "x" };\n');
  ok(run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--types", "", "common.cts"], app), "tsc on a .cts file");
});

test("cleans up", () => {
  rmSync(work, { recursive: true, force: true });
});

test.run();
