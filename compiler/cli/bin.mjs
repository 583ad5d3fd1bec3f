#!/usr/bin/env node
// The `schemac` executable. Runs the prebuilt bundle (node_modules/.cache/schemac-cli/main.mjs, made by
// build-bundle.mjs on `npm install`) when it is newer than every source file it was built from;
// otherwise (no bundle, a source edited since, or SCHEMAC_BUNDLE=0) loads the TypeScript sources
// through tsx's loader, which transforms each module on the fly and is slower to start.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const dist = join(root, "node_modules", ".cache", "schemac-cli");

/** The bundle's path when it exists and no input is newer than it; a cheap stat per input. */
function freshBundle() {
  if (process.env.SCHEMAC_BUNDLE === "0") return null;
  try {
    const bundle = join(dist, "main.mjs");
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(dist, "inputs.json"), "utf8"));
    if (!Array.isArray(inputs) || inputs.length === 0) return null;
    for (const input of inputs) {
      if (statSync(join(root, input)).mtimeMs > built) return null;
    }
    return bundle;
  } catch {
    return null;
  }
}

async function loadCli() {
  const bundle = freshBundle();
  if (bundle !== null) {
    const [{ run }, { processIo }] = await Promise.all([import(bundle), import(join(dist, "io.mjs"))]);
    return { run, processIo };
  }
  const { register } = await import("tsx/esm/api");
  register();
  const [{ run }, { processIo }] = await Promise.all([import("./main.ts"), import("./io.ts")]);
  return { run, processIo };
}

const { run, processIo } = await loadCli();
process.exitCode = await run(process.argv.slice(2), processIo());
