#!/usr/bin/env node
// The `schemac` executable: loads the TypeScript sources through tsx's loader and runs the CLI.
import { register } from "tsx/esm/api";

register();
const { run } = await import("./main.ts");
const { processIo } = await import("./io.ts");
process.exitCode = await run(process.argv.slice(2), processIo());
