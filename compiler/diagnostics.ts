/**
 * The one diagnostic shape used by every phase, the one error class, and the printer.
 * Phases collect diagnostics and keep going, so one run reports every problem (sqlc multierr);
 * only the CLI prints them.
 */
import type { Span } from "./graph.js";
import { Codes, type CodeName, type Severity } from "./codes.js";

export type { Severity } from "./codes.js";

/** A secondary location, e.g. "first declared here". */
export interface RelatedLocation {
  readonly span: Span | null;
  readonly message: string;
}

/** One problem found in the user's input, with its stable code and location. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** Where the problem is; null for problems that belong to no file (a missing config). */
  readonly span: Span | null;
  readonly hint?: string;
  readonly related?: readonly RelatedLocation[];
}

/** Thrown (only) to carry diagnostics up to the CLI; anything else thrown is a bug. */
export class SchemacError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
    this.name = "SchemacError";
    this.diagnostics = diagnostics;
  }
}

/** Makes a diagnostic from the code table: `diagnostic("DuplicateTable", span, "users")`. */
export function diagnostic<N extends CodeName>(
  name: N,
  span: Span | null,
  ...args: Parameters<(typeof Codes)[N]["message"]>
): Diagnostic {
  const entry = Codes[name];
  const message = (entry.message as (...a: unknown[]) => string)(...args);
  const hint = "hint" in entry ? (entry.hint as string) : undefined;
  return {
    severity: entry.severity,
    code: entry.code,
    message,
    span,
    ...(hint === undefined ? {} : { hint }),
  };
}

/** Adds related locations to a diagnostic. */
export function withRelated(d: Diagnostic, related: readonly RelatedLocation[]): Diagnostic {
  return { ...d, related: [...(d.related ?? []), ...related] };
}

/** True when any diagnostic in the list is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Reads file text for turning offsets into line:col; the CLI passes a cached reader. */
export type SourceReader = (file: string) => string | undefined;

/** 1-based line and column of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** `file:line:col` for a span, the path as stored in the span (relative to the project). */
export function formatLocation(span: Span, read: SourceReader): string {
  const text = read(span.file);
  if (text === undefined) return span.file;
  const { line, column } = lineAndColumn(text, span.start);
  return `${span.file}:${line}:${column}`;
}

/**
 * Prints a diagnostic as `file:line:col error SC2001: message`, then its hint and related
 * locations on lines of their own.
 */
export function formatDiagnostic(d: Diagnostic, read: SourceReader): string {
  const where = d.span ? `${formatLocation(d.span, read)} ` : "";
  const lines = [`${where}${d.severity} ${d.code}: ${d.message}`];
  for (const r of d.related ?? []) {
    lines.push(`  ${r.span ? `${formatLocation(r.span, read)} ` : ""}related: ${r.message}`);
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join("\n");
}
