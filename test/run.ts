/**
 * Runs every `test/**\/*.test.ts` suite in one process with uvu, then prints the closing line
 * `N passed, N failed` that CI reads (uvu's own summary has another form).
 * `npm test -- diff golden` runs only the files whose path contains one of the words.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

type Runner = () => Promise<[string | true, number, number, number]>;

declare global {
  // uvu's deferred-run protocol (uvu/run): suites push their runners into this queue.
  var UVU_DEFER: number;
  var UVU_INDEX: number;
  var UVU_QUEUE: Array<Array<string | Runner | null>>;
}

const root = resolve(import.meta.dirname);

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (entry === "node_modules" || entry === "cases" || entry === "fixtures") continue;
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = findTests(root).filter(
  (f) => filters.length === 0 || filters.some((w) => relative(root, f).includes(w)),
);

globalThis.UVU_DEFER = 1;
globalThis.UVU_QUEUE = [];
let index = 0;
for (const file of files) {
  globalThis.UVU_INDEX = index++;
  globalThis.UVU_QUEUE.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of globalThis.UVU_QUEUE) {
  const name = group.shift();
  if (typeof name === "string") process.stdout.write(`${name}\n`);
  for (const run of group) {
    if (typeof run !== "function") continue;
    const [errors, ran, skips, total] = await run();
    passed += ran;
    failed += total - ran;
    skipped += skips;
    if (errors !== true) process.stdout.write(`\n${errors}\n`);
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
