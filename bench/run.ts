/**
 * `npm run bench`: generates the monoliths, measures schemac and drizzle-kit on them as whole
 * processes, prints the table and writes the raw numbers to bench/results.json.
 *
 * Options: --sizes 200,2000,10000  --runs 5  --no-drizzle  --only build,check,verify,floor
 * (or single rows: first, change, nochange, apply)  --tables-per-module 20  --verify-up-to 2000.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { generateProjects } from "./generate.js";
import { disposeMeasurement, measure, rssMethod, summarize } from "./measure.js";
import { formatGrowth, formatSize, type RowResult, type SizeResult } from "./report.js";
import {
  drizzleScenarios, floorScenario, schemacCommands, schemacScenarios, type RowId, type Scenario,
} from "./scenarios.js";

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly drizzle: boolean;
  readonly only: ReadonlySet<RowId> | null;
  readonly tablesPerModule: number;
  /** Sizes above this skip the pg-mem rows, verify and apply once (pg-mem parses every statement with its own grammar: minutes per verify run). */
  readonly verifyUpTo: number;
}

const groups: Record<string, readonly RowId[]> = {
  build: ["first", "change", "nochange"],
  first: ["first"], change: ["change"], nochange: ["nochange"],
  check: ["check"], verify: ["apply", "verify"], apply: ["apply"], floor: ["floor"],
};

const timeoutMs = 15 * 60 * 1000;

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const sizes = (value("--sizes") ?? "200,2000,10000").split(",").map((s) => Number(s.replaceAll("_", "")));
  const runs = Number(value("--runs") ?? "5");
  if (sizes.some((n) => !Number.isInteger(n) || n < 2) || !Number.isInteger(runs) || runs < 1) {
    throw new Error("usage: run.ts [--sizes 200,2000] [--runs 5] [--no-drizzle] [--only build,check,floor]");
  }
  const onlyText = value("--only");
  let only: Set<RowId> | null = null;
  if (onlyText !== undefined) {
    only = new Set<RowId>();
    for (const word of onlyText.split(",")) {
      const ids = groups[word];
      if (ids === undefined) throw new Error(`--only: unknown row '${word}' (${Object.keys(groups).join(", ")})`);
      for (const id of ids) only.add(id);
    }
  }
  return {
    sizes,
    runs,
    drizzle: !argv.includes("--no-drizzle"),
    only,
    tablesPerModule: Number(value("--tables-per-module") ?? "20"),
    verifyUpTo: Number(value("--verify-up-to") ?? "2000"),
  };
}

function rowOf(scenario: Scenario, samples: readonly { ms: number; rssKb: number | null }[], error: string | null): RowResult {
  const stats = samples.length === 0 ? null : summarize(samples.map((s) => s.ms));
  const rss = samples.map((s) => s.rssKb).filter((v): v is number => v !== null);
  return {
    id: scenario.id,
    tool: scenario.tool,
    label: scenario.label,
    runsMs: samples.map((s) => Math.round(s.ms * 10) / 10),
    rssKb: samples.map((s) => s.rssKb),
    medianMs: stats?.median ?? null,
    minMs: stats?.min ?? null,
    maxMs: stats?.max ?? null,
    peakRssKb: rss.length === 0 ? null : Math.max(...rss),
    error,
  };
}

/** Runs a scenario: one warm-up, then `runs` measured runs; stops at the first failed run. */
function runScenario(scenario: Scenario, runs: number): RowResult {
  if (scenario.unavailable !== null) return rowOf(scenario, [], scenario.unavailable);
  process.stderr.write(`  ${scenario.label} `);
  const samples: { ms: number; rssKb: number | null }[] = [];
  for (let i = 0; i <= runs; i++) {
    scenario.prepare();
    const sample = measure({ argv: scenario.argv, cwd: scenario.cwd, timeoutMs });
    const error = scenario.validate(sample);
    scenario.cleanup();
    if (error !== null) {
      process.stderr.write(`failed: ${error}\n`);
      return rowOf(scenario, samples, error);
    }
    if (i > 0) samples.push({ ms: sample.ms, rssKb: sample.rssKb });
    process.stderr.write(".");
  }
  scenario.finish();
  process.stderr.write("\n");
  return rowOf(scenario, samples, null);
}

/**
 * The rows of one tool in order. The other rows start from the first build's output: when "first"
 * is filtered out it still runs once, unmeasured, and when it fails they are skipped.
 */
function runTool(scenarios: readonly Scenario[], options: Options): RowResult[] {
  const wanted = scenarios.filter((s) => options.only === null || options.only.has(s.id));
  const first = scenarios.find((s) => s.id === "first");
  let setupError: string | null = null;
  if (first !== undefined && wanted.length > 0 && !wanted.includes(first) && first.unavailable === null) {
    first.prepare();
    setupError = first.validate(measure({ argv: first.argv, cwd: first.cwd, timeoutMs }));
    if (setupError === null) first.finish();
  }
  const rows: RowResult[] = [];
  for (const scenario of wanted) {
    const firstFailed = setupError !== null || rows.some((r) => r.id === "first" && r.error !== null);
    rows.push(firstFailed && scenario.id !== "first" && scenario.unavailable === null
      ? rowOf(scenario, [], "skipped: the first build failed")
      : runScenario(scenario, options.runs));
  }
  return rows;
}

function runSize(tables: number, options: Options, commands: Set<string> | null): SizeResult {
  process.stderr.write(`${tables.toLocaleString("en-US")} tables: generating\n`);
  const projects = generateProjects({
    tables,
    tablesPerModule: options.tablesPerModule,
    dir: join(import.meta.dirname, "work", String(tables)),
    drizzle: options.drizzle,
  });
  const skipVerify = `not measured above ${options.verifyUpTo.toLocaleString("en-US")} tables (minutes per run on pg-mem; --verify-up-to N)`;
  const onPgMem = (id: RowId): boolean => id === "verify" || id === "apply";
  const schemac = schemacScenarios(projects.schemacDir, projects.model, commands).map((s) =>
    onPgMem(s.id) && tables > options.verifyUpTo && s.unavailable === null ? { ...s, unavailable: skipVerify } : s,
  );
  const rows = [
    ...runTool(schemac, options),
    ...(projects.drizzleDir === null ? [] : runTool(drizzleScenarios(projects.drizzleDir, projects.model), options)),
    ...runTool([floorScenario(projects.schemacDir, projects.model)], options),
  ];
  const count = projects.model.modules.reduce((n, m) => n + m.tables.length, 0);
  return { tables: count, modules: projects.model.modules.length, rows };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const commands = schemacCommands();
  const sizes: SizeResult[] = [];
  try {
    for (const tables of options.sizes) {
      const size = runSize(tables, options, commands);
      sizes.push(size);
      process.stdout.write(`\n${formatSize(size, options.runs)}\n`);
    }
  } finally {
    disposeMeasurement();
  }
  const growth = formatGrowth(sizes);
  if (growth !== "") process.stdout.write(`\n${growth}\n`);
  const machine = { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "" };
  const results = { date: new Date().toISOString(), machine, rssMethod, runs: options.runs, tablesPerModule: options.tablesPerModule, sizes };
  const file = join(import.meta.dirname, "results.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nraw numbers: ${file}\n`);
}

main();
