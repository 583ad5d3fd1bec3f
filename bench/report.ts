/**
 * The benchmark's results: the rows measured per size, the printed table with the ratios
 * schemac/drizzle-kit and schemac/floor, and the growth with the number of tables.
 */
import type { RowId, Tool } from "./scenarios.js";

/** The measured runs of one scenario at one size (times in ms, memory in KiB). */
export interface RowResult {
  readonly id: RowId;
  readonly tool: Tool;
  readonly label: string;
  readonly runsMs: readonly number[];
  readonly rssKb: readonly (number | null)[];
  readonly medianMs: number | null;
  readonly minMs: number | null;
  readonly maxMs: number | null;
  readonly peakRssKb: number | null;
  /** Why the row has no figures (tool missing, failed run), or null. */
  readonly error: string | null;
}

/** All rows at one size. */
export interface SizeResult {
  readonly tables: number;
  readonly modules: number;
  readonly rows: readonly RowResult[];
}

/** The drizzle-kit situation a schemac row is compared with. */
const drizzlePair: Partial<Record<RowId, RowId>> = { first: "first", change: "change", nochange: "nochange", check: "nochange" };

function find(size: SizeResult, tool: Tool, id: RowId): RowResult | undefined {
  return size.rows.find((r) => r.tool === tool && r.id === id && r.error === null);
}

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  return a == null || b == null || b === 0 ? "" : (a / b).toFixed(2);
}

function ms(value: number | null): string {
  return value === null ? "" : Math.round(value).toLocaleString("en-US");
}

function mib(kb: number | null): string {
  return kb === null ? "" : `${Math.round(kb / 1024)} MiB`;
}

function cells(size: SizeResult, row: RowResult): string[] {
  if (row.error !== null) return [row.label, row.error.length > 110 ? `${row.error.slice(0, 107)}...` : row.error];
  const pair = row.tool === "schemac" ? drizzlePair[row.id] : undefined;
  const drizzle = pair === undefined ? undefined : find(size, "drizzle-kit", pair);
  const floor = row.tool === "floor" ? undefined : find(size, "floor", "floor");
  return [
    row.label,
    `${ms(row.medianMs)} ms`,
    `${ms(row.minMs)}–${ms(row.maxMs)}`,
    mib(row.peakRssKb),
    ratio(row.medianMs, drizzle?.medianMs),
    ratio(row.medianMs, floor?.medianMs),
    ratio(row.peakRssKb, drizzle?.peakRssKb),
  ];
}

const header = ["", "median", "min–max (ms)", "peak RSS", "×drizzle-kit", "×floor", "RSS ×drizzle-kit"];

/**
 * verify against its yardstick, applying the same migrations once on pg-mem: time and peak
 * memory ratios of the medians, or "" when either row is missing.
 */
export function formatVerifyRatio(size: SizeResult): string {
  const verify = find(size, "schemac", "verify");
  const apply = find(size, "schemac", "apply");
  if (verify === undefined || apply === undefined) return "";
  const rss = ratio(verify.peakRssKb, apply.peakRssKb);
  return `  verify / apply once on pg-mem: ${ratio(verify.medianMs, apply.medianMs)}× the time${rss === "" ? "" : `, ${rss}× the peak RSS`}`;
}

/** The table of one size, one line per row, columns aligned, then verify's ratio to applying once. */
export function formatSize(size: SizeResult, runs: number): string {
  const lines = [header, ...size.rows.map((r) => cells(size, r))];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l.length === 2 && i > 0 ? 0 : (l[i] ?? "").length))));
  const title = `${size.tables.toLocaleString("en-US")} tables in ${size.modules} modules (median of ${runs} run${runs === 1 ? "" : "s"} after a warm-up)`;
  const body = lines.map((l) =>
    l.length === 2
      ? `  ${(l[0] ?? "").padEnd(widths[0] ?? 0)}  ${l[1] ?? ""}`
      : `  ${l.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`.trimEnd(),
  );
  const verify = formatVerifyRatio(size);
  return [title, ...body, ...(verify === "" ? [] : [verify])].join("\n");
}

/**
 * Median ms of every row at every size, then the cost of each 1,000 tables added between two
 * consecutive sizes: equal slopes mean time grows linearly with the number of tables.
 */
export function formatGrowth(sizes: readonly SizeResult[]): string {
  if (sizes.length < 2) return "";
  const labels = [...new Set(sizes.flatMap((s) => s.rows.filter((r) => r.error === null).map((r) => r.label)))];
  const median = (s: SizeResult, label: string): number | null =>
    s.rows.find((r) => r.label === label && r.error === null)?.medianMs ?? null;
  const pairs = sizes.slice(1).map((s, i) => [sizes[i] as SizeResult, s] as const);
  const width = Math.max(...labels.map((l) => l.length));
  const cell = (v: number | null): string => (v === null ? "" : Math.round(v).toLocaleString("en-US")).padStart(12);
  const head = [
    ...sizes.map((s) => `${s.tables.toLocaleString("en-US")} t`.padStart(12)),
    ...pairs.map(([a, b]) => `/1k ${a.tables}→${b.tables}`.padStart(18)),
  ].join("");
  const body = labels.map((label) => {
    const values = sizes.map((s) => cell(median(s, label)));
    const slopes = pairs.map(([a, b]) => {
      const x = median(a, label);
      const y = median(b, label);
      return (x === null || y === null ? "" : Math.round(((y - x) * 1000) / (b.tables - a.tables)).toLocaleString("en-US")).padStart(18);
    });
    return `  ${label.padEnd(width)}${values.join("")}${slopes.join("")}`;
  });
  return ["growth: median ms per size, then ms per 1,000 added tables", `  ${"".padEnd(width)}${head}`, ...body].join("\n");
}
