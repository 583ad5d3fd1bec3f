/**
 * What a command gets from the outside world, so the CLI runs in-process in tests
 * (migra's `run(args, out, err)`): working directory, environment, the two streams.
 */

/** A writable text stream. */
export interface TextOut {
  write(text: string): void;
}

/** The CLI's environment. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: TextOut;
  readonly stderr: TextOut;
  /** Colour output: true only when stdout is a TTY and NO_COLOR is unset. */
  readonly color: boolean;
}

/** Builds the io of the real process. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    color: Boolean(process.stdout.isTTY) && process.env["NO_COLOR"] === undefined,
  };
}
