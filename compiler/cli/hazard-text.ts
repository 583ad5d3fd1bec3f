/**
 * Hazards as the CLI shows them: each with its stable code, the statement it comes from, the
 * reason and the online alternative, as SC4005 warnings for `build` and as records for `--json`.
 */
import { HazardCodes } from "../codes.js";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { renderOperation } from "../emit/sql.js";
import type { Hazard, HazardType, PlannedOperation } from "../operations.js";
import { describeOperation } from "./plan-text.js";

/** One hazard as `--json` prints it. */
export interface HazardRecord {
  readonly code: string;
  readonly type: HazardType;
  readonly statement: string;
  readonly reason: string;
  readonly online: string;
}

/** The statements of an operation on one line, cut at 200 characters. */
export function statementText(planned: PlannedOperation): string {
  const flat = renderOperation(planned.operation).join("; ").replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function record(hazard: Hazard, statement: string): HazardRecord {
  const entry = HazardCodes[hazard.type];
  return { code: entry.code, type: hazard.type, statement, reason: hazard.reason, online: entry.online };
}

/** The hazards of a planned operation, each with its code, statement and online alternative. */
export function hazardRecords(planned: PlannedOperation): HazardRecord[] {
  if (planned.hazards.length === 0) return [];
  const statement = statementText(planned);
  return planned.hazards.map((h) => record(h, statement));
}

/** A planned operation as `--json` prints it: the operation's fields, then its hazards. */
export function operationJson(planned: PlannedOperation): Record<string, unknown> {
  return { ...planned.operation, hazards: hazardRecords(planned) };
}

/** SC4005 for every hazard `build` accepted; the hint is the online alternative. */
export function acceptedHazards(operations: readonly PlannedOperation[]): Diagnostic[] {
  return operations.flatMap((p) =>
    hazardRecords(p).map((h) => ({
      ...diagnostic("HazardAccepted", p.operation.source ?? null, describeOperation(p.operation), h.code, h.type, h.reason, h.statement),
      hint: `online alternative: ${h.online}`,
    })),
  );
}

/** The hazards of a plan for people, below its lines in `diff`: code, reason, statement, alternative. */
export function formatHazards(operations: readonly PlannedOperation[]): string {
  const lines = operations.flatMap((p) =>
    hazardRecords(p).map((h) => `  ${h.code} ${h.type}: ${h.reason}\n    statement: ${h.statement}\n    online alternative: ${h.online}\n`),
  );
  return lines.length === 0 ? "" : `\nhazards:\n${lines.join("")}`;
}
