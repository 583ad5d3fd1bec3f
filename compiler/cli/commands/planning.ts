/**
 * What build and diff share: notices about one-shot rename hints that the snapshot has already
 * moved past, and warnings about drops and creates that may be renames the model did not hint.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { Graph, Span } from "../../graph.js";
import { possibleRenames, type PossibleRename } from "../../diff/possible-renames.js";
import { matchRenames } from "../../diff/renames.js";

/**
 * Notices for rename hints whose old name no longer exists in the snapshot (the rename already
 * happened in an earlier migration, so the hint is ignored and may be deleted), and warnings
 * (SC4006) for each drop and create that may be a rename, with the hint that says so.
 * `sources` are the model files' texts, to quote the declaration the hint goes into.
 */
export function hintNotices(snapshot: Graph, model: Graph, sources: ReadonlyMap<string, string> = new Map()): Diagnostic[] {
  const renames = matchRenames(snapshot, model);
  const stale = renames.stale.map((hint) => diagnostic("StaleHint", hint.span, hint.text, hint.what));
  if (renames.conflicts.length > 0) return stale;
  const possible = possibleRenames(renames.translated, model).map((p) => ({
    ...diagnostic("PossibleRename", p.span, p.what, p.old),
    hint: `if it is a rename, say so: ${hintLine(p, sources)}`,
  }));
  return [...stale, ...possible];
}

/** The declaration with its hint: the column's own line with `.renamedFrom("old")`, or the table option. */
function hintLine(p: PossibleRename, sources: ReadonlyMap<string, string>): string {
  const call = `renamedFrom("${p.oldName}")`;
  if (p.kind === "table") return `add { renamedFrom: "${p.oldName}" } to the options (third argument) of ${p.what}`;
  const text = sourceText(p.span, sources);
  if (text === null || text.includes("\n") || !/\)\s*$/.test(text)) return `add .${call} to ${p.what}`;
  return `${text.trimEnd()}.${call}`;
}

function sourceText(span: Span | null, sources: ReadonlyMap<string, string>): string | null {
  if (span === null) return null;
  return sources.get(span.file)?.slice(span.start, span.end) ?? null;
}
