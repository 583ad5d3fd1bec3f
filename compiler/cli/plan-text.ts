/**
 * The plan as people read it: one line per operation, `+` adds, `-` drops, `~` changes, with
 * its hazards in brackets (`- column item.mood  [data-loss]`).
 */
import { styleText } from "node:util";
import type { ColumnType, Graph } from "../graph.js";
import { displayName } from "../graph.js";
import { moduleLookup, unknownModule } from "../modules/grouping.js";
import type { ConstraintKind, Operation, PlannedOperation } from "../operations.js";
import { assertNever } from "../operations.js";
import { formatColumnType } from "../type-names.js";

function typeAndCollation(type: ColumnType, collation: string | null | undefined): string {
  return collation == null ? formatColumnType(type) : `${formatColumnType(type)} collate "${collation}"`;
}

function columns(list: readonly string[]): string {
  return `(${list.join(", ")})`;
}

const constraintWords: Record<ConstraintKind, string> = {
  primaryKey: "primary key",
  unique: "unique",
  check: "check",
  foreignKey: "foreign key",
};

/** One line describing an operation, without its hazard. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case "createSchema": return `+ schema ${op.schema.name}`;
    case "dropSchema": return `- schema ${op.schema.name}`;
    case "createEnum": return `+ enum ${displayName(op.enum)} ${columns(op.enum.values.map((v) => `'${v}'`))}`;
    case "dropEnum": return `- enum ${displayName(op.enum)}`;
    case "addEnumValue": return `~ enum ${displayName(op.enum)} + '${op.value}'${op.before === null ? "" : ` before '${op.before}'`}`;
    case "rebuildEnum": return `~ enum ${displayName(op.from)} ${columns(op.from.values.map((v) => `'${v}'`))} → ${columns(op.to.values.map((v) => `'${v}'`))}`;
    case "createTable": return `+ table ${displayName(op.table)}`;
    case "dropTable": return `- table ${displayName(op.table)}`;
    case "renameTable": return `~ table ${displayName(op.from)} → ${op.to}`;
    case "addColumn": return `+ column ${displayName(op.table)}.${op.column.name} ${formatColumnType(op.column.type)}`;
    case "dropColumn": return `- column ${displayName(op.table)}.${op.column.name}`;
    case "renameColumn": return `~ column ${displayName(op.table)}.${op.from} → ${op.to}`;
    case "renameSchema": return `~ schema ${op.from} → ${op.to}`;
    case "renameEnum": return `~ enum ${displayName(op.from)} → ${op.to}`;
    case "renameEnumValue": return `~ enum ${displayName(op.enum)} value '${op.from}' → '${op.to}'`;
    case "renameConstraint": return `~ ${constraintWords[op.constraint]} ${op.from} → ${op.to} on ${displayName(op.table)}`;
    case "renameIndex": return `~ index ${op.from} → ${op.to} on ${displayName(op.table)}`;
    case "renameSequence": return `~ sequence ${op.from} → ${op.to} owned by ${displayName(op.table)}.${op.column}`;
    case "alterColumnType": return `~ column ${displayName(op.table)}.${op.column} ${typeAndCollation(op.from, op.fromCollation)} → ${typeAndCollation(op.to, op.toCollation)}`;
    case "dropExpression": return `~ column ${displayName(op.table)}.${op.column.name} drop generated expression`;
    case "setNotNull": return `~ column ${displayName(op.table)}.${op.column} set not null`;
    case "dropNotNull": return `~ column ${displayName(op.table)}.${op.column} drop not null`;
    case "setDefault":
      return op.to === null
        ? `~ column ${displayName(op.table)}.${op.column} drop default`
        : `~ column ${displayName(op.table)}.${op.column} default ${op.from ?? "none"} → ${op.to}`;
    case "setIdentity":
      return `~ column ${displayName(op.table)}.${op.column} identity ${op.from === null ? "none" : op.from.always ? "always" : "by default"} → ${op.to === null ? "none" : op.to.always ? "always" : "by default"}`;
    case "createSequence": return `+ sequence ${op.sequence} owned by ${displayName(op.table)}.${op.column}`;
    case "dropSequence": return `- sequence ${op.sequence}`;
    case "addPrimaryKey": return `+ primary key ${displayName(op.table)} ${columns(op.primaryKey.columns)}`;
    case "dropPrimaryKey": return `- primary key ${displayName(op.table)} ${columns(op.primaryKey.columns)}`;
    case "addUnique": return `+ unique ${op.unique.name} on ${displayName(op.table)} ${columns(op.unique.columns)}`;
    case "dropUnique": return `- unique ${op.unique.name} on ${displayName(op.table)}`;
    case "addCheck": return `+ check ${op.check.name} on ${displayName(op.table)}`;
    case "dropCheck": return `- check ${op.check.name} on ${displayName(op.table)}`;
    case "addForeignKey": {
      const fk = op.foreignKey;
      const action = fk.onDelete === "no action" ? "" : ` on delete ${fk.onDelete}`;
      return `+ foreign key ${displayName(op.table)}${columns(fk.columns)} → ${displayName(fk.references)}${columns(fk.referencedColumns)}${action}`;
    }
    case "dropForeignKey": return `- foreign key ${op.foreignKey.name} on ${displayName(op.table)}`;
    case "validateConstraint": return `~ validate ${op.constraint === "check" ? "check" : "foreign key"} ${op.name} on ${displayName(op.table)}`;
    case "createIndex": return `+ ${op.index.unique ? "unique index" : "index"} ${op.index.name} on ${displayName(op.table)} ${columns(op.index.keys.map((k) => k.column))}`;
    case "dropIndex": return `- index ${op.index.name} on ${displayName(op.table)}`;
    case "setTableComment": return `~ comment on table ${displayName(op.table)}`;
    case "setColumnComment": return `~ comment on column ${displayName(op.table)}.${op.column}`;
    default: return assertNever(op);
  }
}

/** Colour functions; identity when colour is off. */
export interface Palette {
  readonly add: (s: string) => string;
  readonly drop: (s: string) => string;
  readonly change: (s: string) => string;
  readonly hazard: (s: string) => string;
  readonly dim: (s: string) => string;
}

/**
 * Colours for a TTY (Node's `util.styleText`), or none. Whether to colour is decided once, by
 * `CliIo.color` (stdout is a TTY and NO_COLOR is unset); `validateStream: false` keeps newer
 * Node versions from deciding again against another stream.
 */
export function palette(color: boolean): Palette {
  const wrap = (format: Parameters<typeof styleText>[0]) => (s: string): string => (color ? styleText(format, s, { validateStream: false }) : s);
  return { add: wrap("green"), drop: wrap("red"), change: wrap("yellow"), hazard: wrap("magenta"), dim: wrap("dim") };
}

/**
 * The plan, one operation per line; with the model, grouped under a `module NAME` line per module
 * (a dropped object under the module the previous snapshot recorded for it).
 */
export function formatPlan(operations: readonly PlannedOperation[], colors: Palette, model?: Graph, previous?: Graph): string {
  const line = (p: PlannedOperation, indent: string): string => {
    const text = describeOperation(p.operation);
    const paint = text.startsWith("+") ? colors.add : text.startsWith("-") ? colors.drop : colors.change;
    const hazard = p.hazards.length === 0 ? "" : `  ${colors.hazard(`[${p.hazards.map((h) => h.type).join(", ")}]`)}`;
    return `${indent}${paint(text)}${hazard}\n`;
  };
  if (model === undefined) return operations.map((p) => line(p, "")).join("");
  return moduleLookup(model, previous)
    .group(operations)
    .map((g) => `module ${g.module ?? unknownModule}\n${g.operations.map((p) => line(p, "  ")).join("")}`)
    .join("");
}
