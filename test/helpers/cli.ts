/**
 * Runs the schemac CLI in-process (migra's `run(args, out, err)`) and captures its output.
 */
import { run } from "../../compiler/cli/main.js";

/** The outcome of one CLI run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `schemac ...argv` with the given working directory. */
export async function runCli(argv: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    cwd,
    env: { ...env },
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    color: false,
  });
  return { code, stdout, stderr };
}
