/**
 * Runs a command as a whole process and measures it: wall time (hrtime around the spawn) and
 * peak resident memory, from GNU time's `%M` when /usr/bin/time exists, else from a preload that
 * writes `process.resourceUsage().maxRSS` of every node process at exit.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One run of a command. */
export interface Sample {
  readonly ms: number;
  /** Peak RSS in KiB, or null when it could not be measured. */
  readonly rssKb: number | null;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** A command to run: argv[0] is the executable. */
export interface Command {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly timeoutMs: number;
}

const gnuTime = "/usr/bin/time";
const scratch = mkdtempSync(join(tmpdir(), "schemac-bench-"));
const rssFile = join(scratch, "rss");
const preload = join(scratch, "max-rss.mjs");
writeFileSync(
  preload,
  `import { appendFileSync } from "node:fs";\n` +
    `process.on("exit", () => appendFileSync(process.env.BENCH_RSS_FILE, process.resourceUsage().maxRSS + "\\n"));\n`,
);

/** How peak memory is measured on this machine, for the report. */
export const rssMethod: string = existsSync(gnuTime) ? "GNU time %M" : "process.resourceUsage().maxRSS preload";

/** Removes the scratch folder of the RSS measurement. */
export function disposeMeasurement(): void {
  rmSync(scratch, { recursive: true, force: true });
}

function readPeak(): number | null {
  if (!existsSync(rssFile)) return null;
  const values = readFileSync(rssFile, "utf8").split(/\s+/).map(Number).filter((n) => Number.isFinite(n) && n > 0);
  return values.length === 0 ? null : Math.max(...values);
}

/** Runs the command once with stdin closed (so a prompt cannot wait for input) and measures it. */
export function measure(command: Command): Sample {
  rmSync(rssFile, { force: true });
  const useTime = existsSync(gnuTime);
  const argv = useTime ? [gnuTime, "-f", "%M", "-o", rssFile, ...command.argv] : [...command.argv];
  const env = useTime
    ? process.env
    : { ...process.env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --import=${preload}` };
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: command.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: command.timeoutMs,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const timedOut = result.error !== undefined && (result.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
  return {
    ms,
    rssKb: readPeak(),
    code: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? "",
    timedOut,
  };
}

/** Median, minimum and maximum of a non-empty list. */
export function summarize(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}
