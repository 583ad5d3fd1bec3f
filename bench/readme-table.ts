/**
 * The README's benchmark table, rendered from `bench/results.json` (the last pass of `npm run
 * bench`): one table per size with schemac's median, spread and peak memory, drizzle-kit's figures
 * from the same pass, the ratios, the target the issue set for the row and whether it is met. The
 * README keeps it between `<!-- bench:start -->` and `<!-- bench:end -->`; `npm run bench:readme`
 * rewrites that block and `test/bench-readme.test.ts` holds it equal to results.json, so the
 * README cannot show figures of another pass than the committed one.
 *
 * `npx tsx bench/readme-table.ts [--check]`: writes the block (or, with --check, exits 1 when it
 * differs).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withReadmeBlock } from "../test/helpers/readme-block.js";
import type { RowResult, SizeResult } from "./report.js";

/** What `run.ts` writes to results.json. */
export interface BenchResults {
  readonly date: string;
  readonly machine: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string };
  readonly rssMethod: string;
  readonly runs: number;
  readonly tablesPerModule: number;
  readonly sizes: readonly SizeResult[];
}

/** A target of the speed issue: a bound on a ratio or on an absolute figure. */
interface Target {
  /** Time: a bound on the ratio to `against` (a ratio ≤), or an absolute bound in ms. */
  readonly time?: { readonly ratio: number; readonly against: Against } | { readonly ms: number };
  /** Peak memory: a bound on the ratio to drizzle-kit's same situation, or an absolute bound in MiB. */
  readonly memory?: { readonly ratio: number } | { readonly mib: number };
}

/** The row a ratio is taken against: drizzle-kit's row of the same situation, or schemac's own `apply`. */
type Against = "drizzle-kit" | "apply";

/** drizzle-kit's row that a schemac row is compared with. */
const drizzleRow: Readonly<Record<string, string>> = { first: "first", change: "change", nochange: "nochange", check: "nochange" };

/** The targets of the speed issue, per size and row. */
const targets: Readonly<Record<number, Readonly<Record<string, Target>>>> = {
  2000: {
    first: { time: { ratio: 0.4, against: "drizzle-kit" }, memory: { ratio: 0.75 } },
    change: { time: { ratio: 0.2, against: "drizzle-kit" }, memory: { ratio: 0.75 } },
    nochange: { time: { ratio: 0.1, against: "drizzle-kit" } },
    check: { time: { ratio: 0.1, against: "drizzle-kit" } },
    verify: { time: { ratio: 3, against: "apply" } },
  },
  10000: {
    first: { time: { ms: 5000 }, memory: { mib: 1024 } },
    change: { time: { ms: 1500 } },
    nochange: { time: { ms: 600 } },
    check: { time: { ms: 600 } },
  },
};

const number = (n: number, digits: number): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number): string => `${number(ms / 1000, 2)} s`;
const mib = (kb: number): number => Math.round(kb / 1024);
const times = (r: number): string => `${number(r, 2)}×`;
/** A bound as the issue writes it: 0.4×, 3×. */
const bound = (r: number): string => `${r}×`;

function find(size: SizeResult, tool: string, id: string): RowResult | undefined {
  return size.rows.find((r) => r.tool === tool && r.id === id && r.error === null && r.medianMs !== null);
}

/** "1.23 s (1.10–1.31), 210 MiB": median, min–max and peak memory of a row. */
function figures(row: RowResult): string {
  const spread = row.minMs === null || row.maxMs === null ? "" : ` (${number(row.minMs / 1000, 2)}–${number(row.maxMs / 1000, 2)})`;
  const memory = row.peakRssKb === null ? "" : `; ${number(mib(row.peakRssKb), 0)} MiB`;
  return `${seconds(row.medianMs ?? 0)}${spread}${memory}`;
}

function targetText(target: Target): string {
  const parts: string[] = [];
  if (target.time !== undefined) {
    parts.push("ms" in target.time ? `≤ ${seconds(target.time.ms)}` : `≤ ${bound(target.time.ratio)}${target.time.against === "apply" ? " apply once" : ""}`);
  }
  if (target.memory !== undefined) parts.push("mib" in target.memory ? `≤ ${number(target.memory.mib / 1024, 0)} GiB` : `memory ≤ ${bound(target.memory.ratio)}`);
  return parts.join(", ");
}

/** Whether a row meets its target; null when a figure it needs is missing. */
function verdict(size: SizeResult, row: RowResult, target: Target): boolean | null {
  let met = true;
  if (target.time !== undefined) {
    if ("ms" in target.time) met &&= (row.medianMs ?? Infinity) <= target.time.ms;
    else {
      const base = target.time.against === "apply" ? find(size, "schemac", "apply") : find(size, "drizzle-kit", drizzleRow[row.id] ?? "");
      if (base?.medianMs == null) return null;
      met &&= (row.medianMs ?? Infinity) <= target.time.ratio * base.medianMs;
    }
  }
  if (target.memory !== undefined) {
    if (row.peakRssKb === null) return null;
    if ("mib" in target.memory) met &&= mib(row.peakRssKb) <= target.memory.mib;
    else {
      const base = find(size, "drizzle-kit", drizzleRow[row.id] ?? "");
      if (base?.peakRssKb == null) return null;
      met &&= row.peakRssKb <= target.memory.ratio * base.peakRssKb;
    }
  }
  return met;
}

/** The ratio cell: time and memory against drizzle-kit's same situation, or verify against apply. */
function ratioText(size: SizeResult, row: RowResult): string {
  if (row.id === "verify") {
    const apply = find(size, "schemac", "apply");
    return apply?.medianMs == null ? "" : `${times((row.medianMs ?? 0) / apply.medianMs)} apply once`;
  }
  const base = find(size, "drizzle-kit", drizzleRow[row.id] ?? "");
  if (base?.medianMs == null) return "";
  const memory = row.peakRssKb !== null && base.peakRssKb !== null ? `; memory ${times(row.peakRssKb / base.peakRssKb)}` : "";
  return `${times((row.medianMs ?? 0) / base.medianMs)}${memory}`;
}

function sizeTable(size: SizeResult): string[] {
  const lines = [
    `| ${number(size.tables, 0)} tables, ${size.modules} modules | schemac: median (min–max); peak RSS | drizzle-kit, same pass | ratio | target | |`,
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of size.rows) {
    if (row.tool === "drizzle-kit") continue;
    if (row.error !== null || row.medianMs === null) {
      lines.push(`| ${row.label} | ${row.error ?? "no figures"} | | | | |`);
      continue;
    }
    const drizzle = row.tool === "schemac" && row.id !== "check" ? find(size, "drizzle-kit", drizzleRow[row.id] ?? "") : undefined;
    const target = row.tool === "schemac" ? targets[size.tables]?.[row.id] : undefined;
    const met = target === undefined ? null : verdict(size, row, target);
    const state = target === undefined ? "" : met === null ? "figure missing" : met ? "met" : "**not met**";
    lines.push(`| ${row.label} | ${figures(row)} | ${drizzle === undefined ? "" : figures(drizzle)} | ${row.tool === "schemac" ? ratioText(size, row) : ""} | ${target === undefined ? "" : targetText(target)} | ${state} |`);
  }
  return lines;
}

/** The whole README block: the pass's date and machine, then one table per size. */
export function renderBenchTable(results: BenchResults): string {
  const m = results.machine;
  const intro = `Last pass: ${results.date.slice(0, 10)}, \`npm run bench -- --runs ${results.runs}\` on ${m.cpus} × ${m.cpuModel}, Node ${m.node.replace(/^v/, "")}, ${m.platform}; medians of ${results.runs} runs after a warm-up, peak memory by ${results.rssMethod}; drizzle-kit measured in the same pass on the same schema (${results.tablesPerModule} tables per module).`;
  const tables = results.sizes.flatMap((size) => ["", ...sizeTable(size)]);
  return [intro, ...tables].join("\n");
}

function main(): void {
  const root = join(import.meta.dirname, "..");
  const results = JSON.parse(readFileSync(join(import.meta.dirname, "results.json"), "utf8")) as BenchResults;
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const next = withReadmeBlock(readme, "bench", renderBenchTable(results));
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      process.stderr.write("README.md's benchmark table differs from bench/results.json: run npm run bench:readme\n");
      process.exitCode = 1;
    }
    return;
  }
  if (next !== readme) writeFileSync(readmePath, next);
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) main();
