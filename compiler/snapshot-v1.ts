/**
 * The version-1 snapshot format (two-space JSON of the whole graph, about twenty lines a
 * column), still read so that a project made by an older schemac moves to the current format
 * the next time it writes the snapshot. Only its shape check lives here: a version-1 file that
 * passes it is the graph itself.
 */
import type { Graph } from "./graph.js";

/** True for a plain JSON object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Shape = "string" | "number" | "boolean" | "string?" | "strings" | ((v: unknown) => string | null);

function checkShape(v: unknown, shape: Record<string, Shape>, where: string): string | null {
  if (!isRecord(v)) return `${where} is not an object`;
  for (const [key, kind] of Object.entries(shape)) {
    const value = v[key];
    const ok =
      typeof kind === "function"
        ? kind(value)
        : kind === "string?"
          ? value === null || typeof value === "string"
            ? null
            : "expected a string or null"
          : kind === "strings"
            ? Array.isArray(value) && value.every((s) => typeof s === "string")
              ? null
              : "expected a list of strings"
            : typeof value === kind
              ? null
              : `expected a ${kind}`;
    if (ok !== null) return `${where}.${key}: ${ok}`;
  }
  return null;
}

function list(shape: Record<string, Shape> | ((v: unknown, where: string) => string | null), where: string): (v: unknown) => string | null {
  return (v) => {
    if (!Array.isArray(v)) return "expected a list";
    for (let i = 0; i < v.length; i++) {
      const p = typeof shape === "function" ? shape(v[i], `${where}[${i}]`) : checkShape(v[i], shape, `${where}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  };
}

const typeShape = (v: unknown): string | null => {
  if (!isRecord(v)) return "expected a type object";
  if (v["kind"] === "enum") return checkShape(v["enum"], { schema: "string", name: "string" }, "enum");
  if (v["kind"] !== "builtin" || typeof v["name"] !== "string" || !Array.isArray(v["params"])) return "expected a builtin or enum type";
  return typeof v["dimensions"] === "number" ? null : "expected dimensions";
};

const nullableObject = (v: unknown): string | null => (v === null || isRecord(v) ? null : "expected an object or null");

/** Why `raw` is not a version-1 snapshot graph, or null when it is one. */
export function legacyGraphProblem(raw: Record<string, unknown>): string | null {
  const table = (v: unknown, where: string): string | null =>
    checkShape(v, {
      schema: "string",
      name: "string",
      columns: list(
        { name: "string", type: typeShape, notNull: "boolean", default: "string?", identity: nullableObject, generated: "string?", collation: "string?", comment: "string?", sequence: "string?" },
        `${where}.columns`,
      ),
      primaryKey: nullableObject,
      uniques: list({ name: "string", columns: "strings" }, `${where}.uniques`),
      checks: list({ name: "string", expression: "string" }, `${where}.checks`),
      foreignKeys: list({ name: "string", columns: "strings", referencedColumns: "strings", onDelete: "string", onUpdate: "string" }, `${where}.foreignKeys`),
      indexes: list({ name: "string", unique: "boolean", method: "string", where: "string?" }, `${where}.indexes`),
      comment: "string?",
    }, where);
  return checkShape(raw, {
    schemas: list({ name: "string" }, "schemas"),
    enums: list({ schema: "string", name: "string", values: "strings" }, "enums"),
    tables: list(table, "tables"),
  }, "snapshot");
}

/** Reads a parsed version-1 snapshot; returns a reason string when its shape is wrong. */
export function readLegacySnapshot(raw: Record<string, unknown>): Graph | string {
  return legacyGraphProblem(raw) ?? (raw as unknown as Graph);
}
