/**
 * What the incremental build needs to know about a link. For every file whose statements were
 * evaluated (a "loop file"): the files its evaluation read, and the values it imported from other
 * files (a fingerprint of each, with the files that value depends on), what memoized bindings read
 * and imported being carried to every evaluation that reuses them. And whether the outputs of the
 * link can be cut by file: every declaration and diagnostic a file's evaluation makes is located
 * in that file, or comes from a binding its own file declares at load time. A link that breaks
 * this (a helper function that declares a table in another file, a circular definition, a warning
 * or diagnostic located in another file) is marked `cuttable = false` and the incremental build
 * takes the full path.
 */

import type { Value } from "./values.js";

/** One evaluation in progress: a loop file's statements, a binding's first evaluation, or an import. */
class Frame {
  private importedValues: Map<string, Use> | null;
  private declaringKeys: Set<string> | null = null;

  constructor(
    /** The file the evaluation belongs to (the loop file, the binding's file, the exporting file). */
    readonly file: string,
    /** The memo key of a binding's evaluation, or null. */
    readonly key: string | null,
    readonly reads: Set<string>,
    /** Files whose bindings the evaluation used (what `--verbose` calls a helper). */
    readonly used: Set<string>,
    uses: Map<string, Use> | null = null,
  ) {
    this.importedValues = uses;
  }

  /** Values imported from other files, by memo key of the export (`file\u0000name`). */
  get uses(): ReadonlyMap<string, Use> {
    return this.importedValues ?? noUses;
  }

  /** Memo keys of the bindings (this one or ones it used) that declared something. */
  get declaring(): ReadonlySet<string> {
    return this.declaringKeys ?? noKeys;
  }

  addUse(key: string, use: Use): void {
    (this.importedValues ??= new Map()).set(key, use);
  }

  addDeclaring(key: string): void {
    (this.declaringKeys ??= new Set()).add(key);
  }
}

const noUses: ReadonlyMap<string, Use> = new Map();
const noKeys: ReadonlySet<string> = new Set();

/**
 * A value imported from another file: what the evaluation depends on there is that value (its
 * fingerprint), which depends on the files `reads` only. An unchanged fingerprint after an edit of
 * those files means the importing file need not be evaluated again.
 */
export interface Use {
  readonly fingerprint: string;
  readonly reads: ReadonlySet<string>;
}

/** What a binding's first evaluation read and declared, kept beside its memoized value. */
export interface BindingTrace {
  readonly reads: ReadonlySet<string>;
  readonly used: ReadonlySet<string>;
  readonly uses: ReadonlyMap<string, Use>;
  readonly declaring: ReadonlySet<string>;
}

/** Records reads and outputs of a link, per loop file. */
export class DependencyTracker {
  private readonly frames: Frame[] = [];

  /** Each export looked up in this link, by memo key. */
  private readonly lookedUp = new Map<string, Use>();

  /** `known`: imported values an earlier build recorded, still valid (see `knownImport`). */
  constructor(private readonly known: ReadonlyMap<string, Use> = new Map()) {}

  /** The files each loop file's evaluation read (itself included). */
  readonly reads = new Map<string, Set<string>>();
  /** The files whose bindings each loop file's evaluation used. */
  readonly used = new Map<string, Set<string>>();
  /** The values each loop file's evaluation imported from other files. */
  readonly uses = new Map<string, Map<string, Use>>();
  /** Memo keys of bindings their own file's loop evaluated as declaring statements. */
  readonly selfDeclared = new Set<string>();
  /** Memo keys of bindings that declared something and were used from another file. */
  readonly foreign = new Set<string>();
  /** False once some output cannot be cut by file; `why` says what. */
  cuttable = true;
  why = "";

  /** Starts the evaluation of a loop file's statements (or of its tables' references). */
  enterLoop(file: string): void {
    let reads = this.reads.get(file);
    if (reads === undefined) this.reads.set(file, (reads = new Set([file])));
    let uses = this.uses.get(file);
    if (uses === undefined) this.uses.set(file, (uses = new Map()));
    let used = this.used.get(file);
    if (used === undefined) this.used.set(file, (used = new Set()));
    this.frames.push(new Frame(file, null, reads, used, uses));
  }

  /** Ends what `enterLoop` started. */
  leaveLoop(): void {
    this.frames.pop();
  }

  /** Starts a binding's first evaluation. */
  enterBinding(file: string, key: string): void {
    this.frames.push(new Frame(file, key, new Set([file]), new Set()));
  }

  /** Ends a binding's first evaluation; returns its trace (already carried to the caller). */
  leaveBinding(): BindingTrace {
    const frame = this.frames.pop();
    if (frame === undefined) throw new Error("internal: leaveBinding without enterBinding");
    const trace = { reads: frame.reads, used: frame.used, uses: frame.uses, declaring: frame.declaring };
    this.reuse(trace);
    return trace;
  }

  /** Starts looking up what `file` exports as some name, for an evaluation of another file. */
  enterImport(file: string): void {
    this.frames.push(new Frame(file, null, new Set([file]), new Set()));
  }

  /**
   * Ends what `enterImport` started. With a value (the lookup gave one), the caller depends on
   * that value only, and on which files the lookup used; without (it failed), on every file the
   * lookup read.
   */
  leaveImport(name: string, value: Value | null): void {
    const frame = this.frames.pop();
    const top = this.frames.at(-1);
    if (frame === undefined || top === undefined) return;
    if (value === null || frame.file === top.file) {
      this.reuse(frame);
      return;
    }
    const key = memoKey(frame.file, name);
    // Within one link an export's lookup always gives the same value from the same files.
    let use = this.lookedUp.get(key);
    if (use === undefined) {
      const reads = new Set(frame.reads);
      for (const nested of frame.uses.values()) for (const read of nested.reads) reads.add(read);
      use = { fingerprint: fingerprint(value, frame.used), reads };
      this.lookedUp.set(key, use);
    }
    top.addUse(key, use);
    this.reuse({ reads: noKeys, used: frame.used, uses: noUses, declaring: frame.declaring });
  }

  /**
   * The value `file` exports as `name`, when an earlier build recorded it (in `known`) and the
   * current evaluation belongs to another file: the use is recorded as it was, and nothing is
   * evaluated. Undefined when it must be looked up.
   */
  knownImport(file: string, name: string): Value | undefined {
    const key = memoKey(file, name);
    const use = this.known.get(key);
    const top = this.frames.at(-1);
    if (use === undefined || top === undefined || top.file === file) return undefined;
    const revived = revive(use.fingerprint);
    if (revived === undefined) return undefined;
    top.addUse(key, use);
    for (const used of revived.used) top.used.add(used);
    return revived.value;
  }

  /** A memoized binding is used by the current evaluation: its reads and outputs count there. */
  reuse(trace: BindingTrace): void {
    const top = this.frames.at(-1);
    if (top === undefined) return;
    for (const read of trace.reads) top.reads.add(read);
    for (const file of trace.used) top.used.add(file);
    for (const [key, use] of trace.uses) top.addUse(key, use);
    for (const key of trace.declaring) {
      top.addDeclaring(key);
      if (fileOfKey(key) !== top.file) this.foreign.add(key);
    }
  }

  /** The current evaluation uses a binding of `file`. */
  use(file: string): void {
    this.frames.at(-1)?.used.add(file);
  }

  /** The current evaluation reads the summary of `file`. */
  read(file: string): void {
    const top = this.frames.at(-1);
    if (top !== undefined && top.file !== file) top.reads.add(file);
  }

  /** The current evaluation declares something located in `file` (null: no location). */
  declared(file: string | null): void {
    const top = this.frames.at(-1);
    if (top === undefined) return;
    if (file === null || file !== top.file) this.fail(`a declaration in ${file ?? "no file"} made while evaluating ${top.file}`);
    else if (top.key !== null) top.addDeclaring(top.key);
  }

  /**
   * A warning is made while evaluating (an import cycle read while modules load): it belongs to
   * the evaluation as a declaration does.
   */
  warned(file: string): void {
    this.declared(file);
  }

  /** A diagnostic is reported for the current loop file (null: it has no location). */
  reported(file: string | null): void {
    const top = this.frames.at(-1);
    if (top !== undefined && file !== top.file) this.fail(`a diagnostic in ${file ?? "no file"} reported while evaluating ${top.file}`);
  }

  /** Marks the link as not cuttable by file. */
  fail(why: string): void {
    if (!this.cuttable) return;
    this.cuttable = false;
    this.why = why;
  }

  /**
   * Foreign bindings (declaring, used from another file) whose own file's loop did not declare
   * them, among those whose file is in `loopFiles`; the others are checked by the caller.
   */
  undeclaredForeign(loopFiles: ReadonlySet<string>): string[] {
    return [...this.foreign].filter((key) => loopFiles.has(fileOfKey(key)) && !this.selfDeclared.has(key));
  }

  /** Files of foreign bindings outside `loopFiles` (their declarations must be known already). */
  foreignOutside(loopFiles: ReadonlySet<string>): Set<string> {
    const files = new Set<string>();
    for (const key of this.foreign) {
      const file = fileOfKey(key);
      if (!loopFiles.has(file)) files.add(file);
    }
    return files;
  }
}

/**
 * A value's fingerprint, with the files finding it used: equal fingerprints mean equal values
 * (spans and function bodies included), which is all an importing file sees of another file.
 */
function fingerprint(value: Value, used: ReadonlySet<string>): string {
  const files = used.size === 1 ? [...used] : [...used].sort();
  // Only objects hold maps (their properties): the other kinds need no replacer.
  if (revivable.has(value.t)) return JSON.stringify([value, files]);
  return JSON.stringify([value, files], (_key, v: unknown) => (v instanceof Map ? { map: [...v] } : v));
}

/** Kinds of values that JSON gives back exactly (no maps, no functions, no spans). */
const revivable = new Set(["prim", "undefined", "sql", "dsl", "dslNamespace", "namespace", "enum", "pgSchema", "table", "columnRef"]);

/** The value and used files of a fingerprint, when the value is of a kind JSON gives back exactly. */
function revive(text: string): { value: Value; used: readonly string[] } | undefined {
  const [value, used] = JSON.parse(text) as [Value, string[]];
  return revivable.has(value.t) ? { value, used } : undefined;
}

/** The memo key of a binding: its file and name. */
export function memoKey(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

function fileOfKey(key: string): string {
  return key.slice(0, key.indexOf("\u0000"));
}
