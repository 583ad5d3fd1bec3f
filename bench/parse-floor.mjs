// The parse floor of the benchmark: read every .ts file under a folder and run TypeScript's
// parser on it (ts.createSourceFile, from the TypeScript bundled in ts-morph), with no binding,
// no type checking and no output. No static extractor can read the files in less.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

const root = process.argv[2];
if (root === undefined) {
  process.stderr.write("usage: node parse-floor.mjs <folder>\n");
  process.exit(2);
}
const files = walk(root, []).sort();
let statements = 0;
for (const file of files) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  statements += source.statements.length;
}
process.stdout.write(`parsed ${files.length} files, ${statements} statements\n`);
