/**
 * The README's benchmark table is the last pass: it is rendered from bench/results.json, and the
 * verdicts it prints follow the targets.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderBenchTable, type BenchResults } from "../bench/readme-table.js";
import type { RowResult, SizeResult } from "../bench/report.js";
import { withReadmeBlock } from "./helpers/readme-block.js";

const root = join(import.meta.dirname, "..");

test("the README's benchmark table is rendered from bench/results.json", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const results = JSON.parse(readFileSync(join(root, "bench", "results.json"), "utf8")) as BenchResults;
  assert.is(withReadmeBlock(readme, "bench", renderBenchTable(results)), readme, "README.md's table differs from bench/results.json: run npm run bench:readme");
});

function row(id: RowResult["id"], tool: RowResult["tool"], medianMs: number, peakRssKb: number): RowResult {
  return { id, tool, label: `${tool} ${id}`, runsMs: [medianMs], rssKb: [peakRssKb], medianMs, minMs: medianMs, maxMs: medianMs, peakRssKb, error: null };
}

function results(size: SizeResult): BenchResults {
  return { date: "2026-12-01T00:00:00Z", machine: { node: "v20.0.0", platform: "linux x64", cpus: 2, cpuModel: "cpu" }, rssMethod: "GNU time %M", runs: 1, tablesPerModule: 20, sizes: [size] };
}

const line = (table: string, label: string): string => table.split("\n").find((l) => l.startsWith(`| ${label} |`)) ?? "";

test("a row meets its target only when time and memory are both within it", () => {
  const mb = 1024;
  const size: SizeResult = {
    tables: 2000,
    modules: 100,
    rows: [
      row("first", "schemac", 600, 150 * mb), // 0.375× time, 0.75× memory: met
      row("change", "schemac", 500, 300 * mb), // 0.2× time, 1.5× memory: not met
      row("nochange", "schemac", 300, 50 * mb), // 0.12× time: not met
      row("first", "drizzle-kit", 1600, 200 * mb),
      row("change", "drizzle-kit", 2500, 200 * mb),
      row("nochange", "drizzle-kit", 2500, 200 * mb),
    ],
  };
  const table = renderBenchTable(results(size));
  assert.match(line(table, "schemac first"), /\| 0\.38×; memory 0\.75× \| ≤ 0\.4×, memory ≤ 0\.75× \| met \|$/);
  assert.match(line(table, "schemac change"), /\| 0\.20×; memory 1\.50× \| ≤ 0\.2×, memory ≤ 0\.75× \| \*\*not met\*\* \|$/);
  assert.match(line(table, "schemac nochange"), /\*\*not met\*\* \|$/);
  assert.not.ok(table.includes("| drizzle-kit first |"), "drizzle-kit rows appear beside schemac's, not as rows of their own");
});

test("absolute targets at 10,000 tables and a missing comparison are named", () => {
  const size: SizeResult = {
    tables: 10000,
    modules: 500,
    rows: [row("first", "schemac", 4900, 1100 * 1024), row("nochange", "schemac", 590, 100 * 1024)],
  };
  const table = renderBenchTable(results(size));
  assert.match(line(table, "schemac first"), /≤ 5\.00 s, ≤ 1 GiB \| \*\*not met\*\* \|$/);
  assert.match(line(table, "schemac nochange"), /≤ 0\.60 s \| met \|$/);
  const verify: SizeResult = { tables: 2000, modules: 100, rows: [row("verify", "schemac", 9000, 1024)] };
  assert.match(line(renderBenchTable(results(verify)), "schemac verify"), /figure missing \|$/);
});

test.run();
