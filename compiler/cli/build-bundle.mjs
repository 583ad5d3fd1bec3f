// The repository's development CLI bundle. `bin.mjs` asks `freshBundle()` for a bundle of the
// current sources (compiler/cli/main.ts, io.ts, replay.ts and every module of this repository they import)
// and, when there is none, builds one with esbuild into node_modules/.cache/schemac-cli/<key>/,
// where <key> hashes the path, size and time of every source file. So `schemac` starts without
// tsx's loader transforming ~80 modules on every run, and an edit costs one rebuild (about 0.3 s)
// on the next run instead of an install step. Each build is a folder of its own, renamed into
// place when complete: processes that start together never see half a bundle or delete one
// another's. Generated, never committed, never published (the package ships dist/, made by
// build-package.mjs). Packages stay external; modules the sources load with `await import()`
// (the extractor, which loads ts-morph; the SQL emitter) stay separate chunks.
// `node compiler/cli/build-bundle.mjs` builds (or finds) the bundle and prints where it is.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;
const root = join(here, "..", "..");
const cache = join(root, "node_modules", ".cache", "schemac-cli");
/**
 * The esbuild options this bundle and the published package (build-package.mjs) share: ESM for
 * Node 20, split so `await import()` stays lazy, packages left external.
 */
export const nodeEsmBundle = { splitting: true, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external" };
/** The files of a complete bundle: the entries bin.mjs imports. */
const entries = ["main.mjs", "io.mjs", "replay.mjs"];
/** Older bundles are removed this long after they were built (a long run may still load chunks). */
const keepOld = 10 * 60 * 1000;

/** The key of the sources listed in inputs.json as they are now; null when the list is missing. */
function currentKey() {
  try {
    const inputs = JSON.parse(readFileSync(join(cache, "inputs.json"), "utf8"));
    if (!Array.isArray(inputs) || inputs.length === 0) return null;
    const hash = createHash("sha256").update(process.version);
    for (const input of inputs) {
      const stat = statSync(join(root, input));
      hash.update(`\0${input}\0${stat.size}\0${stat.mtimeMs}`);
    }
    return hash.digest("hex").slice(0, 16);
  } catch {
    return null;
  }
}

/**
 * `import.meta.dirname` in a bundled file would name the bundle's folder; rewrite it to the
 * source file's folder, relative to the bundle, so reading files beside a module still works.
 */
function sourceDirname(outdir) {
  return {
    name: "source-dirname",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta.dirname")) return undefined;
        const relativeDir = relative(outdir, dirname(args.path)).split("\\").join("/");
        return { contents: text.replaceAll("import.meta.dirname", `(import.meta.dirname + ${JSON.stringify(`/${relativeDir}`)})`), loader: "ts" };
      });
    },
  };
}

/** Builds a bundle of the sources as they are now; returns its folder, or null (no esbuild, or a failed build). */
async function build() {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return null;
  }
  mkdirSync(cache, { recursive: true });
  const temp = join(cache, `tmp-${process.pid}-${Date.now()}`);
  try {
    const result = await esbuild.build({
      entryPoints: { main: join(here, "main.ts"), io: join(here, "io.ts"), replay: join(here, "replay.ts") },
      outdir: temp,
      outExtension: { ".js": ".mjs" },
      ...nodeEsmBundle,
      metafile: true,
      logLevel: "silent",
      // The final folder is one level deeper than the cache, like temp: relative paths hold.
      plugins: [sourceDirname(temp)],
    });
    const inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, join(process.cwd(), p)).split("\\").join("/"));
    const listed = join(cache, `inputs.${process.pid}.json`);
    writeFileSync(listed, `${JSON.stringify(inputs)}\n`);
    renameSync(listed, join(cache, "inputs.json"));
    const key = currentKey();
    if (key === null) throw new Error("the inputs changed during the build");
    try {
      renameSync(temp, join(cache, key));
    } catch {
      // Another process built the same sources first: use its bundle.
      rmSync(temp, { recursive: true, force: true });
    }
    prune(key);
    return join(cache, key);
  } catch {
    rmSync(temp, { recursive: true, force: true });
    return null;
  }
}

/** Removes bundles of older sources and abandoned temp folders once they are old enough. */
function prune(keep) {
  for (const name of readdirSync(cache)) {
    if (name === keep || name === "inputs.json" || name.startsWith("inputs.")) continue;
    try {
      if (Date.now() - statSync(join(cache, name)).mtimeMs > keepOld) rmSync(join(cache, name), { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * The folder of a bundle of the current sources (main.mjs, io.mjs, replay.mjs), building one when needed;
 * null when none can be had (then bin.mjs runs the sources through tsx).
 */
export async function freshBundle() {
  const key = currentKey();
  if (key !== null) {
    try {
      for (const entry of entries) statSync(join(cache, key, entry));
      return join(cache, key);
    } catch {
      // Not built yet for these sources.
    }
  }
  return build();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const folder = await freshBundle();
  process.stdout.write(folder === null ? "schemac: could not bundle the CLI (is esbuild installed?); it runs its sources through tsx\n" : `schemac: CLI bundle in ${relative(process.cwd(), folder)}\n`);
}
