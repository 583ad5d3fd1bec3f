/**
 * Full garbage collections at the moments a run has just let go of much more than it keeps, which
 * V8's own schedule would leave lying around until the heap had grown far past it. Only the CLI
 * turns them on (`allowCollection`, from prepareCliProcess in cli/io.ts); in a program that
 * imports schemac, `collectGarbage` does nothing.
 *
 * After extraction every file's summary is garbage (about 30 MB at 2,000 tables, 150 MB at 10,000)
 * and only the declarations live on (about 16 MB at 2,000): one collection there costs about as
 * much as marking what lives, and lowers a first build's peak RSS by about 30 MB at 2,000 tables.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | null = null;

/** Makes `collectGarbage` collect: V8's `gc` function, exposed to a fresh context. */
export function allowCollection(): void {
  setFlagsFromString("--expose-gc");
  collect = runInNewContext("gc") as () => void;
}

/** A full collection, when the CLI allowed them; else nothing. */
export function collectGarbage(): void {
  collect?.();
}
