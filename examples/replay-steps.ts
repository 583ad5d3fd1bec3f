/**
 * Replays an example's model history (`examples/<x>/steps/NN-name/` overlays with a step.json)
 * into a scratch copy of the example, building one migration per step.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One step of an example's model history. */
export interface Step {
  readonly dir: string;
  readonly name: string;
  readonly message: string;
  readonly allowDataLoss: boolean;
  readonly delete: readonly string[];
}

/** The repository root. */
export const repoRoot = join(import.meta.dirname, "..");

/** The examples that have a model history. */
export function examplesWithSteps(): string[] {
  const dir = join(repoRoot, "examples");
  return readdirSync(dir).filter((e) => existsSync(join(dir, e, "steps"))).sort();
}

/** The steps of an example, in order. */
export function readSteps(example: string): Step[] {
  const dir = join(repoRoot, "examples", example, "steps");
  return readdirSync(dir)
    .filter((d) => /^\d+-/.test(d))
    .sort()
    .map((name) => {
      const meta = JSON.parse(readFileSync(join(dir, name, "step.json"), "utf8")) as Partial<Step>;
      return { dir: join(dir, name), name, message: meta.message ?? name, allowDataLoss: meta.allowDataLoss ?? false, delete: meta.delete ?? [] };
    });
}

/** A scratch copy laid out like the repo: `<root>/examples/<x>` and `<root>/generated/<x>`. */
export interface Scratch {
  readonly root: string;
  readonly project: string;
  readonly modules: string;
  readonly out: string;
}

/** Creates a scratch project for an example, with empty modules and no generated output. */
export function createScratch(example: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), `schemac-${example}-`));
  const project = join(root, "examples", example);
  mkdirSync(project, { recursive: true });
  cpSync(join(repoRoot, "examples", example, "schemac.config.json"), join(project, "schemac.config.json"));
  const modules = join(project, "src", "modules");
  mkdirSync(modules, { recursive: true });
  return { root, project, modules, out: join(root, "generated", example) };
}

/** Applies one step's overlay to the scratch modules. */
export function applyStep(scratch: Scratch, step: Step): void {
  for (const entry of readdirSync(step.dir)) {
    if (entry === "step.json") continue;
    cpSync(join(step.dir, entry), join(scratch.modules, entry), { recursive: true });
  }
  for (const path of step.delete) rmSync(join(scratch.modules, path), { recursive: true, force: true });
}

/** The `schemac build` arguments of a step. */
export function buildArgs(step: Step): string[] {
  return ["build", "-m", step.message, ...(step.allowDataLoss ? ["--allow-data-loss"] : [])];
}
