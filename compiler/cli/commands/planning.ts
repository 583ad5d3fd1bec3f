/**
 * What build and diff share: notices about one-shot rename hints that the snapshot has already
 * moved past.
 */
import { diagnostic, type Diagnostic } from "../../diagnostics.js";
import type { Graph } from "../../graph.js";
import { matchRenames } from "../../diff/renames.js";

/**
 * Notices for rename hints whose old name no longer exists in the snapshot: the rename already
 * happened in an earlier migration, so the hint is ignored (and may be deleted).
 */
export function hintNotices(snapshot: Graph, model: Graph): Diagnostic[] {
  return matchRenames(snapshot, model).stale.map((hint) => diagnostic("StaleHint", hint.span, hint.text, hint.what));
}
