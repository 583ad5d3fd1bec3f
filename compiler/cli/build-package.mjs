// Builds the published package into dist/ (gitignored, committed nowhere; `npm pack` and
// `npm publish` run it as `prepack`): prebuilt ESM JavaScript for the package's exports and its
// `schemac` executable, and .d.ts types, so an installed schemac needs no TypeScript loader,
// no compiler and no install script.
//   dist/index.js     "schemac": the DSL          dist/types/schema/index.d.ts
//   dist/testing.js   "schemac/testing"           dist/types/compiler/db/testing.d.ts
//   dist/cli.js, io.js, replay.js, bin.js: the CLI (bin.js tries replay.js before it loads cli.js); chunk-*.js: code they share (split, so the extractor
//   and the SQL emitter still load only when a command needs them); queries/*.sql: the
//   introspection queries (compiler/db/introspect.ts reads them beside its module).
// Packages stay external: they are the package's run-time dependencies.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { nodeEsmBundle } from "./build-bundle.mjs";

const root = join(import.meta.dirname, "..", "..");
const dist = join(root, "dist");

rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  entryPoints: {
    index: join(root, "schema", "index.ts"),
    testing: join(root, "compiler", "db", "testing.ts"),
    cli: join(root, "compiler", "cli", "main.ts"),
    io: join(root, "compiler", "cli", "io.ts"),
    replay: join(root, "compiler", "cli", "replay.ts"),
  },
  outdir: dist,
  chunkNames: "chunk-[hash]",
  ...nodeEsmBundle,
  legalComments: "none",
  logLevel: "warning",
});
cpSync(join(root, "compiler", "db", "queries"), join(dist, "queries"), { recursive: true });
writeFileSync(
  join(dist, "bin.js"),
  [
    "#!/usr/bin/env node",
    "// A recorded result of exactly these inputs is replayed (replay.js) before the CLI is loaded.",
    'import { runReplayed } from "./replay.js";',
    'import { prepareCliProcess, processIo } from "./io.js";',
    "prepareCliProcess();",
    'process.exitCode = await runReplayed(process.argv.slice(2), processIo(), async () => (await import("./cli.js")).run);',
    "",
  ].join("\n"),
);
chmodSync(join(dist, "bin.js"), 0o755);
// TypeScript 7's native compiler emits the declarations (one .d.ts per source file reachable
// from the two entries; the relative imports between them keep their .js extensions).
execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
process.stdout.write(`schemac: built ${join("dist")} (JavaScript and types)\n`);
