#!/usr/bin/env node
// The `schemac` executable of the repository (the published package's is dist/bin.js, made by
// build-package.mjs from prebuilt JavaScript only). Runs the esbuild bundle of the current
// sources that build-bundle.mjs finds or builds; without one (no esbuild, or SCHEMAC_BUNDLE=0)
// loads the TypeScript sources through tsx's loader, which transforms each module on the fly
// and is slower to start. replay.mjs comes first: when build, check or diff has a recorded result
// for exactly these inputs, it prints it and the rest of the CLI is never loaded.
import { join } from "node:path";

async function loadCli() {
  if (process.env.SCHEMAC_BUNDLE !== "0") {
    const { freshBundle } = await import("./build-bundle.mjs");
    const bundle = await freshBundle();
    if (bundle !== null) {
      const [{ runReplayed }, { processIo, prepareCliProcess }] = await Promise.all([import(join(bundle, "replay.mjs")), import(join(bundle, "io.mjs"))]);
      return { runReplayed, processIo, prepareCliProcess, load: async () => (await import(join(bundle, "main.mjs"))).run };
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  const [{ runReplayed }, { processIo, prepareCliProcess }] = await Promise.all([import("./replay.ts"), import("./io.ts")]);
  return { runReplayed, processIo, prepareCliProcess, load: async () => (await import("./main.ts")).run };
}

const { runReplayed, processIo, prepareCliProcess, load } = await loadCli();
prepareCliProcess();
process.exitCode = await runReplayed(process.argv.slice(2), processIo(), load);
