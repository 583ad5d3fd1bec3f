/**
 * Compares SQL expressions (CHECK bodies, index predicates, generated columns) the way
 * PostgreSQL means them, not as text: the graph stores what the user wrote (`total >= 0`), the
 * catalog prints PostgreSQL's rewrite (`(total >= (0)::numeric)`). Both are parsed with
 * PostgreSQL's own parser (libpg-query) and reduced to a canonical tree:
 * - locations and parentheses are dropped (parentheses leave no node in the tree);
 * - casts of constants and of plain column references are dropped (PostgreSQL adds
 *   `(0)::numeric`, `'a'::text`, `(status)::text` to coerce operands; the user rarely writes them);
 * - `x IN (a, b)` becomes `x = ANY (ARRAY[a, b])`, and `x BETWEEN a AND b` becomes
 *   `x >= a AND x <= b`, as PostgreSQL stores them;
 * - identifiers keep their case (the parser already folded unquoted ones).
 * So `expressionsEqual` ignores implicit coercions: `a::text = 'x'` equals `a = 'x'`.
 */
import { loadModule, parseSync } from "libpg-query";
import type { Graph } from "../graph.js";

type Tree = unknown;

/** Fields that hold source positions, not meaning. */
const positionKeys: ReadonlySet<string> = new Set(["location", "list_start", "list_end", "rexpr_list_start", "rexpr_list_end"]);

/** Loads the parser (WASM) once; call before `canonicalExpression` / `expressionsEqual`. */
export async function loadExpressionParser(): Promise<void> {
  await loadModule();
}

function canonical(node: Tree): Tree {
  if (Array.isArray(node)) return node.map(canonical);
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node as Record<string, unknown>).filter(([k]) => !positionKeys.has(k));
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  const cast = object["TypeCast"] as { arg?: Tree } | undefined;
  if (cast && isCastable(cast.arg)) return canonical(cast.arg);
  const expr = object["A_Expr"] as { kind?: string; name?: Tree; lexpr?: Tree; rexpr?: Tree } | undefined;
  // The IN list is a bare array or `{ List: { items } }`, depending on the parser version.
  const inList = Array.isArray(expr?.rexpr) ? expr.rexpr : (expr?.rexpr as { List?: { items?: Tree[] } } | undefined)?.List?.items;
  const between = expr?.kind === "AEXPR_BETWEEN" || expr?.kind === "AEXPR_NOT_BETWEEN";
  if (between && inList?.length === 2) {
    // PostgreSQL stores `x BETWEEN a AND b` as `x >= a AND x <= b` (NOT BETWEEN: `x < a OR x > b`).
    const not = expr?.kind === "AEXPR_NOT_BETWEEN";
    const op = (name: string, bound: Tree): Tree => ({ A_Expr: { kind: "AEXPR_OP", name: [{ String: { sval: name } }], lexpr: expr?.lexpr, rexpr: bound } });
    return canonical({
      BoolExpr: { boolop: not ? "OR_EXPR" : "AND_EXPR", args: [op(not ? "<" : ">=", inList[0]), op(not ? ">" : "<=", inList[1])] },
    });
  }
  if (expr?.kind === "AEXPR_IN" && inList !== undefined) {
    const operator = JSON.stringify(expr.name) === JSON.stringify([{ String: { sval: "<>" } }]) ? "ALL" : "ANY";
    return canonical({
      A_Expr: {
        kind: operator === "ANY" ? "AEXPR_OP_ANY" : "AEXPR_OP_ALL",
        name: expr.name,
        lexpr: expr.lexpr,
        rexpr: { A_ArrayExpr: { elements: inList } },
      },
    });
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, canonical(v)]));
}

/** True for what PostgreSQL coerces with an added cast: constants, columns, nested casts, arrays of those. */
function isCastable(node: Tree): boolean {
  if (node === null || typeof node !== "object") return false;
  const object = node as Record<string, unknown>;
  if ("A_Const" in object || "ColumnRef" in object) return true;
  const inner = object["TypeCast"] as { arg?: Tree } | undefined;
  if (inner) return isCastable(inner.arg);
  const array = object["A_ArrayExpr"] as { elements?: Tree[] } | undefined;
  return array !== undefined && (array.elements ?? []).every(isCastable);
}

/**
 * A canonical, comparable form of an expression (JSON of its reduced parse tree). Requires
 * `loadExpressionParser()` first; returns null when the text does not parse as an expression.
 */
export function canonicalExpression(text: string): string | null {
  try {
    const result = parseSync(`SELECT ${text}`) as { stmts?: { stmt?: { SelectStmt?: { targetList?: unknown[] } } }[] };
    const targets = result.stmts?.[0]?.stmt?.SelectStmt?.targetList;
    if (result.stmts?.length !== 1 || targets?.length !== 1) return null;
    const value = (targets[0] as { ResTarget?: { val?: Tree } }).ResTarget?.val;
    return JSON.stringify(canonical(value));
  } catch {
    return null;
  }
}

/** True when two expressions mean the same up to PostgreSQL's rewrites listed above. */
export function expressionsEqual(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const ca = canonicalExpression(a);
  return ca !== null && ca === canonicalExpression(b);
}

/**
 * Takes the expected graph's spelling for every expression of `actual` (checks, index
 * predicates, generated columns, defaults) that means the same, so that a structural comparison
 * or a plan between the two sees only real differences. Requires `loadExpressionParser()`.
 */
export function alignExpressions(expected: Graph, actual: Graph): Graph {
  const tables = new Map(expected.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const same = (want: string | null | undefined, have: string | null): string | null =>
    want !== undefined && want !== null && have !== null && expressionsEqual(want, have) ? want : have;
  return {
    ...actual,
    tables: actual.tables.map((table) => {
      const model = tables.get(`${table.schema}.${table.name}`);
      if (model === undefined) return table;
      const byName = <T extends { readonly name: string }>(list: readonly T[]) => new Map(list.map((x) => [x.name, x]));
      const columns = byName(model.columns);
      const checks = byName(model.checks);
      const indexes = byName(model.indexes);
      return {
        ...table,
        columns: table.columns.map((c) => ({
          ...c,
          default: same(columns.get(c.name)?.default, c.default),
          generated: same(columns.get(c.name)?.generated, c.generated),
        })),
        checks: table.checks.map((c) => ({ ...c, expression: same(checks.get(c.name)?.expression, c.expression) ?? c.expression })),
        indexes: table.indexes.map((i) => ({ ...i, where: same(indexes.get(i.name)?.where, i.where) })),
      };
    }),
  };
}
