#!/usr/bin/env node
// The `schemac` executable of the repository (the published package's is dist/bin.js, made by
// build-package.mjs from prebuilt JavaScript only). Runs the esbuild bundle of the current
// sources that build-bundle.mjs finds or builds; without one (no esbuild, or SCHEMAC_BUNDLE=0)
// loads the TypeScript sources through tsx's loader, which transforms each module on the fly
// and is slower to start.
import { join } from "node:path";

async function loadCli() {
  if (process.env.SCHEMAC_BUNDLE !== "0") {
    const { freshBundle } = await import("./build-bundle.mjs");
    const bundle = await freshBundle();
    if (bundle !== null) {
      const [{ run }, { processIo }] = await Promise.all([import(join(bundle, "main.mjs")), import(join(bundle, "io.mjs"))]);
      return { run, processIo };
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  const [{ run }, { processIo }] = await Promise.all([import("./main.ts"), import("./io.ts")]);
  return { run, processIo };
}

const { run, processIo } = await loadCli();
process.exitCode = await run(process.argv.slice(2), processIo());
