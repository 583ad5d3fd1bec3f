/**
 * The hazard table's contract: codes are unique SC7xxx, the README's hazard table is made from
 * `HazardCodes`, and every hazard is shown by at least one case file (with its code).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { markedBlock, withReadmeBlock } from "./helpers/readme-block.js";
import { HazardCodes } from "../compiler/codes.js";
import { readCases } from "./helpers/case-file.js";

const entries = Object.entries(HazardCodes);
const readmePath = join(import.meta.dirname, "..", "README.md");

/** The README's hazard table, made from the hazard table. */
function hazardTable(): string {
  const rows = entries.map(([type, e]) => `| ${e.code} | \`${type}\` | ${e.meaning} | ${e.online} |`);
  return ["| code | hazard | what it does on a live database | online alternative |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

if (process.env["SCHEMAC_ACCEPT"] === "1") {
  const readme = readFileSync(readmePath, "utf8");
  writeFileSync(readmePath, withReadmeBlock(readme, "hazards", hazardTable()));
}

test("hazard codes are unique and in the SC7xxx range", () => {
  const codes = entries.map(([, e]) => e.code);
  assert.is(new Set(codes).size, codes.length, "a hazard code is used twice");
  for (const c of codes) assert.match(c, /^SC7\d{3}$/);
});

test("the README's hazard table is the hazard table of compiler/codes.ts", () => {
  const readme = readFileSync(readmePath, "utf8");
  assert.ok(readme.includes(markedBlock("hazards", hazardTable())), "the README's hazard table differs: run npm run accept");
});

test("every hazard is shown with its code by a case file", () => {
  const seen = new Set<string>();
  for (const c of readCases(join(import.meta.dirname, "cases"))) {
    for (const section of ["stderr", "stdout", "hazards", "up.sql", "down.sql"]) {
      for (const m of (c.sections.get(section) ?? "").matchAll(/\bSC7\d{3} [a-z-]+/g)) seen.add(m[0]);
    }
  }
  const missing = entries.map(([type, e]) => `${e.code} ${type}`).filter((h) => !seen.has(h));
  assert.equal(missing, []);
});

test.run();
