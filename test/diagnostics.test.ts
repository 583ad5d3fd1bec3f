/**
 * The code table's contract: codes are unique and well-formed, each has a row in the README's
 * table, and each is triggered by at least one case file (its stderr section shows the code).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { withReadmeBlock } from "./helpers/readme-block.js";
import { Codes } from "../compiler/codes.js";
import { readCases } from "./helpers/case-file.js";

const entries = Object.entries(Codes);
const readmePath = join(import.meta.dirname, "..", "README.md");

/** The README's table of codes, made from the code table (message placeholders as ‹n›). */
function codesTable(): string {
  const rows = entries.map(([name, e]) => {
    const message = e.message as (...args: string[]) => string;
    const text = message(...Array.from({ length: message.length }, (_, i) => `‹${i + 1}›`));
    const hint = "hint" in e ? ` (hint: ${String(e.hint)})` : "";
    return `| ${e.code} | ${e.severity} | ${name} | ${`${text}${hint}`.replace(/\|/g, "\\|")} |`;
  });
  return ["| code | severity | name | message |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

if (process.env["SCHEMAC_ACCEPT"] === "1") {
  const readme = readFileSync(readmePath, "utf8");
  writeFileSync(readmePath, withReadmeBlock(readme, "codes", codesTable()));
}

test("codes are unique and grouped by phase (SC1xxx to SC6xxx)", () => {
  const codes = entries.map(([, e]) => e.code);
  assert.is(new Set(codes).size, codes.length, "a code is used twice");
  for (const c of codes) assert.match(c, /^SC[1-6]\d{3}$/);
});

test("every code has a row in the README's diagnostics table", () => {
  const readme = readFileSync(readmePath, "utf8");
  assert.ok(readme.includes(codesTable()), "the README's table differs from compiler/codes.ts: run npm run accept");
});

/** Test files under test/ (the database codes are triggered against real and in-memory databases there). */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() && e.name !== "cases" ? testFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

test("every code is triggered by a case file, or asserted by a database test", () => {
  const seen = new Set<string>();
  for (const c of readCases(join(import.meta.dirname, "cases"))) {
    for (const section of ["stderr", "stdout", "hazards"]) {
      for (const m of (c.sections.get(section) ?? "").matchAll(/\bSC\d{4}\b/g)) seen.add(m[0]);
    }
  }
  // Database codes need a database, SC3003/SC3009 are reachable only through the run-time
  // reader (statically an unknown table or enum is an unresolved import, SC2002), and SC5013
  // needs a git repository with two branches (test/cli/rebase.test.ts): tests assert those.
  for (const file of testFiles(import.meta.dirname).filter((f) => !f.endsWith("diagnostics.test.ts"))) {
    for (const m of readFileSync(file, "utf8").matchAll(/\b(SC6\d{3}|SC3003|SC3009|SC5013)\b/g)) seen.add(m[1] as string);
  }
  const missing = entries.filter(([, e]) => !seen.has(e.code)).map(([name, e]) => `${e.code} ${name}`);
  assert.equal(missing, []);
});

test.run();
