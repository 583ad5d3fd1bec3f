/**
 * What the incremental build needs to know about a link: for every file whose statements were
 * evaluated (a "loop file"), the files its evaluation read, with what memoized bindings read
 * carried to every evaluation that reuses them; and whether the outputs of the link can be cut by
 * file: every declaration and diagnostic a file's evaluation makes is located in that file, or
 * comes from a binding its own file declares at load time. A link that breaks this (a helper
 * function that declares a table in another file, a circular definition, an import cycle read
 * while modules load) is marked `cuttable = false` and the incremental build takes the full path.
 */

/** One evaluation in progress: a loop file's statements, or a binding's first evaluation. */
interface Frame {
  /** The file the evaluation belongs to (the loop file, or the binding's file). */
  readonly file: string;
  /** The memo key of a binding's evaluation, or null for a loop file's statements. */
  readonly key: string | null;
  readonly reads: Set<string>;
  /** Memo keys of the bindings (this one or ones it used) that declared something. */
  readonly declaring: Set<string>;
}

/** What a binding's first evaluation read and declared, kept beside its memoized value. */
export interface BindingTrace {
  readonly reads: ReadonlySet<string>;
  readonly declaring: ReadonlySet<string>;
}

/** Records reads and outputs of a link, per loop file. */
export class DependencyTracker {
  private readonly frames: Frame[] = [];
  /** The files each loop file's evaluation read (itself included). */
  readonly reads = new Map<string, Set<string>>();
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
    this.frames.push({ file, key: null, reads, declaring: new Set() });
  }

  /** Ends what `enterLoop` started. */
  leaveLoop(): void {
    this.frames.pop();
  }

  /** Starts a binding's first evaluation. */
  enterBinding(file: string, key: string): void {
    this.frames.push({ file, key, reads: new Set([file]), declaring: new Set() });
  }

  /** Ends a binding's first evaluation; returns its trace (already carried to the caller). */
  leaveBinding(): BindingTrace {
    const frame = this.frames.pop();
    if (frame === undefined) throw new Error("internal: leaveBinding without enterBinding");
    const trace = { reads: frame.reads, declaring: frame.declaring };
    this.reuse(trace);
    return trace;
  }

  /** A memoized binding is used by the current evaluation: its reads and outputs count there. */
  reuse(trace: BindingTrace): void {
    const top = this.frames.at(-1);
    if (top === undefined) return;
    for (const read of trace.reads) top.reads.add(read);
    for (const key of trace.declaring) {
      top.declaring.add(key);
      if (fileOfKey(key) !== top.file) this.foreign.add(key);
    }
  }

  /** The current evaluation reads the summary of `file`. */
  read(file: string): void {
    this.frames.at(-1)?.reads.add(file);
  }

  /** The current evaluation declares something located in `file` (null: no location). */
  declared(file: string | null): void {
    const top = this.frames.at(-1);
    if (top === undefined) return;
    if (file === null || file !== top.file) this.fail(`a declaration in ${file ?? "no file"} made while evaluating ${top.file}`);
    else if (top.key !== null) top.declaring.add(top.key);
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

/** The memo key of a binding: its file and name. */
export function memoKey(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

function fileOfKey(key: string): string {
  return key.slice(0, key.indexOf("\u0000"));
}
