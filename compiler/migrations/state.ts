/**
 * The committed state of a project's output folder: the migration chain, its recorded sum and
 * the snapshot after the newest migration, with every integrity problem found along the way.
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { Codes } from "../codes.js";
import type { Config } from "../config.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import type { Graph } from "../graph.js";
import { readSnapshotFile } from "../snapshot.js";
import { parentProblems, readMigrationDirectory, type MigrationEntry } from "./directory.js";
import { outputPaths, type OutputPaths } from "./paths.js";
import { chainFiles, computeSum, parseSum, verifySum, type SumFile } from "./sum.js";

/** The chain, its sum as computed from disk, the snapshot, and integrity problems. */
export interface MigrationState {
  readonly paths: OutputPaths;
  readonly migrations: readonly MigrationEntry[];
  readonly actualSum: SumFile;
  readonly snapshot: Graph;
  /** The snapshot file's format version; null when there is no file. */
  readonly snapshotVersion: number | null;
  /** Numbering, pairing, and sum problems (edited or reordered files). */
  readonly diagnostics: readonly Diagnostic[];
  /** The part of `diagnostics` that schemac.sum reports (what `schemac hash` rewrites away). */
  readonly sumDiagnostics: readonly Diagnostic[];
}

/** Reads the output folder. A corrupt snapshot throws (it must never be overwritten). */
export function loadMigrationState(config: Config): MigrationState {
  const paths = outputPaths(config);
  const show = (p: string): string => relative(config.root, p) || ".";
  const { migrations, diagnostics } = readMigrationDirectory(paths.migrations, show(paths.migrations));
  const texts = new Map<string, string>();
  const read = (p: string): string => texts.get(p) ?? texts.set(p, readFileSync(p, "utf8")).get(p) ?? "";
  const actualSum = computeSum(chainFiles(migrations, read));
  // A duplicate number already names the fork; the headers after it would only repeat it.
  const forked = diagnostics.some((d) => d.code === Codes.ForkedHistory.code);
  const problems = [...diagnostics, ...(forked ? [] : parentProblems(migrations, read))];
  const sumProblems: Diagnostic[] = [];
  if (existsSync(paths.sum)) {
    const recorded = parseSum(readFileSync(paths.sum, "utf8"));
    if (typeof recorded === "string") sumProblems.push(diagnostic("SumUnreadable", null, show(paths.sum), recorded));
    else sumProblems.push(...verifySum(recorded, actualSum, show(paths.migrations)));
  } else if (migrations.length > 0) {
    sumProblems.push(diagnostic("SumUnreadable", null, show(paths.sum), "the file is missing; run `schemac hash` if the migrations are as intended"));
  }
  problems.push(...sumProblems);
  const { graph: snapshot, version: snapshotVersion } = readSnapshotFile(paths.snapshot, show(paths.snapshot));
  if (migrations.length > 0 && !existsSync(paths.snapshot)) {
    problems.push(diagnostic("SnapshotUnreadable", null, show(paths.snapshot), "the file is missing but migrations exist"));
  }
  return { paths, migrations, actualSum, snapshot, snapshotVersion, diagnostics: problems, sumDiagnostics: sumProblems };
}
