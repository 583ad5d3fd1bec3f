#!/usr/bin/env node
// Bundles the CLI (compiler/cli/main.ts, io.ts and every module of this repository they import)
// into node_modules/.cache/schemac-cli/ (main.mjs, io.mjs and chunks), so that `schemac` starts
// without tsx's loader transforming ~80 modules on every run. Generated, never committed, outside
// the sources test/style.test.ts checks, rebuilt by `npm install` (the `prepare` script).
// Packages stay external; modules the sources load with `await import()` (the extractor, which
// loads ts-morph; the SQL emitter, which loads sql-formatter and libpg-query) stay separate chunks.
// inputs.json lists the source files: bin.mjs uses the bundle only while it is newer than each of
// them, else falls back to tsx. Without esbuild this says so, and bin.mjs stays on tsx.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const here = import.meta.dirname;
const root = join(here, "..", "..");
const dist = join(root, "node_modules", ".cache", "schemac-cli");

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  process.stdout.write("schemac: esbuild is not installed; the CLI runs its sources through tsx\n");
  process.exit(0);
}

/**
 * `import.meta.dirname` in a bundled file would name the bundle's folder; rewrite it to the
 * source file's folder, relative to the bundle, so reading files beside a module still works.
 */
const sourceDirname = {
  name: "source-dirname",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.dirname")) return undefined;
      const relativeDir = relative(dist, dirname(args.path)).split("\\").join("/");
      return { contents: text.replaceAll("import.meta.dirname", `(import.meta.dirname + ${JSON.stringify(`/${relativeDir}`)})`), loader: "ts" };
    });
  },
};

// Built into a fresh folder that then replaces .dist, so bin.mjs never sees half a bundle.
const temp = `${dist}.${process.pid}.tmp`;
try {
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(dirname(dist), { recursive: true });
  const result = await esbuild.build({
    // Code splitting keeps `await import()` lazy: the extractor (ts-morph) and the SQL emitter
    // (sql-formatter, libpg-query) stay in chunks that load only when a command needs them.
    entryPoints: { main: join(here, "main.ts"), io: join(here, "io.ts") },
    outdir: temp,
    outExtension: { ".js": ".mjs" },
    splitting: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    metafile: true,
    logLevel: "warning",
    plugins: [sourceDirname],
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, join(process.cwd(), p)).split("\\").join("/"));
  writeFileSync(join(temp, "inputs.json"), `${JSON.stringify(inputs)}\n`);
  rmSync(dist, { recursive: true, force: true });
  renameSync(temp, dist);
  process.stdout.write(`schemac: bundled ${inputs.length} modules into ${relative(process.cwd(), dist)}\n`);
} catch (error) {
  rmSync(temp, { recursive: true, force: true });
  process.stdout.write(`schemac: could not bundle the CLI (${error instanceof Error ? error.message : String(error)}); it runs its sources through tsx\n`);
}
