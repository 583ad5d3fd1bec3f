/**
 * Decides, statement by statement, how pg-mem runs what schemac's migrations contain: as is,
 * translated into an equivalent pg-mem understands, emulated by the adapter, or refused with
 * SC6003 naming what pg-mem cannot do. Statements are read with PostgreSQL's own parser
 * (libpg-query), so the decision rests on the parse tree, never on a regex over SQL text.
 */
import { scanSync } from "libpg-query";
import { SchemacError, diagnostic } from "../diagnostics.js";
import { quoteIdentifier } from "../quote.js";

/** A parse-tree node as libpg-query returns it: `{ NodeType: { ...fields } }`. */
type Node = Record<string, unknown>;

/** What the adapter does with one statement. */
export type PgMemAction =
  | { readonly kind: "run"; readonly sql: string }
  | { readonly kind: "runEach"; readonly sql: readonly string[] }
  | { readonly kind: "begin" | "commit" | "rollback" }
  | { readonly kind: "createSchema"; readonly sql: string; readonly schema: string }
  | { readonly kind: "dropSchema"; readonly schema: string; readonly ifExists: boolean }
  | { readonly kind: "dropTable"; readonly sql: string; readonly tables: readonly { readonly schema: string; readonly name: string }[] }
  | { readonly kind: "renameConstraint"; readonly schema: string; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: "renameIndex"; readonly schema: string; readonly from: string; readonly to: string }
  | { readonly kind: "renameColumn"; readonly sql: string; readonly schema: string; readonly table: string; readonly column: string }
  | { readonly kind: "keyUsingIndex"; readonly sql: string; readonly schema: string; readonly table: string; readonly constraint: string; readonly index: string; readonly primary: boolean };

/** Throws SC6003 for a construct pg-mem cannot run. */
export function unsupported(what: string): never {
  throw new SchemacError([diagnostic("PgMemUnsupported", null, what)]);
}

function field<T>(node: unknown, key: string): T | undefined {
  return node !== null && typeof node === "object" ? ((node as Node)[key] as T | undefined) : undefined;
}

function names(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).map((n) => field<string>(field(n, "String"), "sval") ?? "");
}

/** Walks every object of a parse tree, calling `visit(type, fields)` for each tagged node. */
function walk(node: unknown, visit: (type: string, fields: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node as Node)) {
    if (/^[A-Z]/.test(key) && value !== null && typeof value === "object" && !Array.isArray(value)) {
      visit(key, value as Node);
    }
    walk(value, visit);
  }
}

/** Constructs pg-mem 3 fails on or silently ignores, found anywhere in a statement. */
function checkNodes(stmt: Node, statement: string): void {
  walk(stmt, (type, f) => {
    if (type === "Constraint") {
      if (f["is_no_inherit"]) unsupported("CHECK ... NO INHERIT");
      if (f["nulls_not_distinct"]) unsupported("UNIQUE NULLS NOT DISTINCT");
      if (f["deferrable"]) unsupported("DEFERRABLE constraints");
      // ALTER TABLE … ADD CONSTRAINT … NOT VALID runs as the plain ADD (see onlineConstraint).
      if (f["skip_validation"] && statement !== "AlterTableStmt") unsupported("constraints declared NOT VALID in CREATE TABLE");
    }
    // TypeName sits under lower-case keys (ColumnDef.typeName, TypeCast.typeName).
    const typeName = field<Node>(f, "typeName");
    if (typeName) {
      const n = names(typeName["names"]);
      const last = n[n.length - 1];
      if ((last === "time" || last === "timetz") && Array.isArray(typeName["typmods"])) {
        unsupported("time with a precision, as in time(3)");
      }
    }
  });
}

const alterColumnUnsupported: Record<string, string> = {
  AT_DropIdentity: "ALTER COLUMN ... DROP IDENTITY",
  AT_SetIdentity: "ALTER COLUMN ... SET GENERATED / SET INCREMENT BY (changing an identity)",
  AT_SetStatistics: "ALTER COLUMN ... SET STATISTICS",
  AT_DropExpression: "ALTER COLUMN ... DROP EXPRESSION (a generated column made plain)",
  AT_AddInherit: "INHERIT",
};

/** ALTER TABLE: refuses what pg-mem lacks; drops a cast-only USING (pg-mem casts by itself). */
function alterTable(stmt: Node, sql: string): PgMemAction {
  const cmds = (field<unknown[]>(stmt, "cmds") ?? []).map((c) => field<Node>(c, "AlterTableCmd") ?? {});
  if (field(stmt, "objtype") === "OBJECT_TABLE" && cmds.length === 0) return { kind: "run", sql };
  for (const cmd of cmds) {
    const subtype = String(cmd["subtype"]);
    const refused = alterColumnUnsupported[subtype];
    if (refused) unsupported(refused);
    const def = field<Node>(cmd["def"], "ColumnDef");
    if (subtype === "AT_AddColumn" && def?.["collClause"]) unsupported("ADD COLUMN ... COLLATE");
    if (subtype === "AT_AlterColumnType" && def?.["collClause"]) unsupported("ALTER COLUMN ... TYPE ... COLLATE");
  }
  const online = onlineConstraint(stmt, cmds, sql);
  if (online !== null) return online;
  const using = cmds.map((c) => field<Node>(c["def"], "ColumnDef")?.["raw_default"]).filter((u) => u !== undefined);
  if (using.length === 0) return { kind: "run", sql };
  if (cmds.length !== 1) unsupported("ALTER COLUMN ... TYPE ... USING among other ALTER TABLE actions");
  const column = String(cmds[0]?.["name"] ?? "");
  if (!isCastOf(using[0], column)) {
    unsupported("ALTER COLUMN ... TYPE ... USING with an expression other than casts of the column");
  }
  const throughText = castsThroughText(using[0]);
  if (throughText === null) return { kind: "run", sql: withoutUsing(sql) };
  // `col::text::new_type` (schemac's enum rebuild): pg-mem cannot cast between two enum types,
  // but it converts to text and from text, so the change runs as two steps.
  const relation = field<Node>(stmt, "relation") ?? {};
  const schema = field<string>(relation, "schemaname");
  const table = `${schema ? `${quoteIdentifier(schema)}.` : ""}${quoteIdentifier(String(relation["relname"] ?? ""))}`;
  return { kind: "runEach", sql: [`ALTER TABLE ${table} ALTER COLUMN ${quoteIdentifier(column)} TYPE ${throughText}`, withoutUsing(sql)] };
}

/**
 * The constraint forms of `build --online`: `ADD CONSTRAINT … NOT VALID` runs as the plain ADD
 * (pg-mem cannot parse NOT VALID; it checks the rows it holds at once instead of later), VALIDATE
 * CONSTRAINT is then skipped (nothing is left to validate), and `ADD CONSTRAINT k UNIQUE|PRIMARY
 * KEY USING INDEX k` is emulated by the adapter. Null for any other ALTER TABLE.
 */
function onlineConstraint(stmt: Node, cmds: readonly Node[], sql: string): PgMemAction | null {
  const validates = cmds.some((c) => c["subtype"] === "AT_ValidateConstraint");
  const constraint = field<Node>(cmds[0]?.["def"], "Constraint");
  const isOnline = validates || constraint?.["skip_validation"] === true || typeof constraint?.["indexname"] === "string";
  if (!isOnline) return null;
  if (cmds.length !== 1) unsupported("VALIDATE CONSTRAINT, NOT VALID or USING INDEX among other ALTER TABLE actions");
  if (validates) return { kind: "runEach", sql: [] };
  if (constraint?.["skip_validation"] === true) return { kind: "run", sql: withoutTrailingNotValid(sql) };
  const relation = field<Node>(stmt, "relation") ?? {};
  return {
    kind: "keyUsingIndex",
    sql,
    schema: field<string>(relation, "schemaname") ?? "public",
    table: String(relation["relname"] ?? ""),
    constraint: String(constraint?.["conname"] ?? constraint?.["indexname"]),
    index: String(constraint?.["indexname"]),
    primary: constraint?.["contype"] === "CONSTR_PRIMARY",
  };
}

/** The statement without its last two tokens, `NOT VALID` (found with PostgreSQL's scanner). */
function withoutTrailingNotValid(sql: string): string {
  const tokens = scanSync(sql).tokens;
  const not = tokens.at(-2);
  if (not?.text.toLowerCase() !== "not" || tokens.at(-1)?.text.toLowerCase() !== "valid") unsupported("NOT VALID anywhere but at the end of ADD CONSTRAINT");
  return Buffer.from(sql, "utf8").subarray(0, not.start).toString("utf8").trimEnd();
}

/** `text` or `text[]` when a cast chain goes through text (`col::text::e`), else null. */
function castsThroughText(expr: unknown): string | null {
  const outer = field<Node>(expr, "TypeCast");
  const inner = field<Node>(outer?.["arg"], "TypeCast");
  if (!inner) return null;
  const typeName = field<Node>(inner, "typeName") ?? {};
  const parts = names(typeName["names"]);
  if (parts.at(-1) !== "text") return null;
  return (field<unknown[]>(typeName, "arrayBounds") ?? []).length > 0 ? "text[]" : "text";
}

/** True for `col`, `col::a`, `col::a::b`, …: a USING that only casts the column itself. */
function isCastOf(expr: unknown, column: string): boolean {
  const cast = field<Node>(expr, "TypeCast");
  if (cast) return isCastOf(cast["arg"], column);
  const ref = field<Node>(expr, "ColumnRef");
  const parts = names(ref?.["fields"]);
  return parts.length === 1 && parts[0] === column;
}

/** The statement cut before its (last) USING keyword, found with PostgreSQL's scanner. */
function withoutUsing(sql: string): string {
  const tokens = scanSync(sql).tokens;
  const using = [...tokens].reverse().find((t) => t.text.toLowerCase() === "using" && t.keywordKind !== 0);
  if (!using) unsupported("ALTER COLUMN ... TYPE ... USING that schemac cannot locate");
  return Buffer.from(sql, "utf8").subarray(0, using.start).toString("utf8").trimEnd();
}

/** ALTER TYPE: pg-mem appends values and renames types, nothing else. */
function alterEnum(stmt: Node, sql: string): PgMemAction {
  if (stmt["oldVal"] !== undefined) unsupported("ALTER TYPE ... RENAME VALUE");
  if (stmt["newValNeighbor"] !== undefined) unsupported("ALTER TYPE ... ADD VALUE ... BEFORE/AFTER (pg-mem only appends)");
  if (stmt["skipIfNewValExists"]) unsupported("ALTER TYPE ... ADD VALUE IF NOT EXISTS");
  return { kind: "run", sql };
}

/** COMMENT ON … IS NULL: PostgreSQL drops the comment for NULL and for '' alike (comment.c). */
function comment(stmt: Node, sql: string): PgMemAction {
  if (typeof stmt["comment"] === "string") return { kind: "run", sql };
  const tokens = scanSync(sql).tokens;
  const last = tokens[tokens.length - 1];
  if (!last || last.text.toLowerCase() !== "null") unsupported("COMMENT ON ... IS NULL written in an unexpected form");
  const bytes = Buffer.from(sql, "utf8");
  return { kind: "run", sql: `${bytes.subarray(0, last.start).toString("utf8")}''` };
}

function dropStmt(stmt: Node, sql: string): PgMemAction {
  if (stmt["removeType"] === "OBJECT_TABLE") {
    const tables = (field<unknown[]>(stmt, "objects") ?? []).map((o) => {
      const parts = names(field(field(o, "List"), "items"));
      return { schema: parts.length > 1 ? (parts[0] ?? "public") : "public", name: parts.at(-1) ?? "" };
    });
    return { kind: "dropTable", sql, tables };
  }
  if (stmt["removeType"] !== "OBJECT_SCHEMA") return { kind: "run", sql: stmt["concurrent"] === true ? withoutKeyword(sql, "concurrently") : sql };
  if (stmt["behavior"] === "DROP_CASCADE") unsupported("DROP SCHEMA ... CASCADE");
  const objects = field<unknown[]>(stmt, "objects") ?? [];
  if (objects.length !== 1) unsupported("DROP SCHEMA of several schemas in one statement");
  const schema = field<string>(field(objects[0], "String"), "sval") ?? "";
  return { kind: "dropSchema", schema, ifExists: stmt["missing_ok"] === true };
}

function transaction(stmt: Node): PgMemAction {
  const kind = String(stmt["kind"]);
  if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") return { kind: "begin" };
  if (kind === "TRANS_STMT_COMMIT") return { kind: "commit" };
  if (kind === "TRANS_STMT_ROLLBACK") return { kind: "rollback" };
  return unsupported(`transaction command ${kind.replace("TRANS_STMT_", "").toLowerCase().replace(/_/g, " ")} (savepoints, two-phase commit)`);
}

const refusedStatements: Record<string, string> = {
  DoStmt: "DO blocks (pg-mem has no PL/pgSQL)",
  CreateFunctionStmt: "CREATE FUNCTION in PL/pgSQL or SQL bodies that pg-mem cannot compile",
  CreateTrigStmt: "triggers",
  CreatePolicyStmt: "row-level security policies",
  AlterObjectSchemaStmt: "ALTER ... SET SCHEMA",
  ViewStmt: "views",
  CreateTableAsStmt: "CREATE TABLE AS / materialized views",
  AlterSeqStmt: "ALTER SEQUENCE other than OWNED BY",
};

/**
 * Renames: pg-mem renames tables, columns and enum types itself; constraints and indexes are
 * renamed on its catalog (pg-mem-renames.ts); schemas and sequences are refused.
 */
function renameStmt(stmt: Node, sql: string): PgMemAction {
  const relation = field<Node>(stmt, "relation") ?? {};
  const schema = field<string>(relation, "schemaname") ?? "public";
  const name = String(relation["relname"] ?? "");
  const to = String(stmt["newname"] ?? "");
  switch (String(stmt["renameType"])) {
    case "OBJECT_TABCONSTRAINT":
      return { kind: "renameConstraint", schema, table: name, from: String(stmt["subname"] ?? ""), to };
    case "OBJECT_INDEX":
      return { kind: "renameIndex", schema, from: name, to };
    case "OBJECT_COLUMN":
      return { kind: "renameColumn", sql, schema, table: name, column: String(stmt["subname"] ?? "") };
    case "OBJECT_SCHEMA":
      return unsupported("ALTER SCHEMA ... RENAME");
    case "OBJECT_SEQUENCE":
      return unsupported("ALTER SEQUENCE ... RENAME (pg-mem gives a serial column no named sequence)");
    default:
      return { kind: "run", sql };
  }
}

/**
 * The action for one parsed statement (`type` is its node name, `stmt` its fields, `sql` its
 * text). Throws SC6003 for what pg-mem cannot run.
 */
export function planStatement(type: string, stmt: Node, sql: string): PgMemAction {
  checkNodes(stmt, type);
  switch (type) {
    case "TransactionStmt":
      return transaction(stmt);
    case "AlterTableStmt":
      return alterTable(stmt, sql);
    case "AlterEnumStmt":
      return alterEnum(stmt, sql);
    case "CommentStmt":
      return comment(stmt, sql);
    case "DropStmt":
      return dropStmt(stmt, sql);
    case "CreateSchemaStmt":
      return { kind: "createSchema", sql, schema: String(stmt["schemaname"] ?? "") };
    case "RenameStmt":
      return renameStmt(stmt, sql);
    case "IndexStmt":
      return stmt["concurrent"] === true ? { kind: "run", sql: withoutKeyword(sql, "concurrently") } : { kind: "run", sql };
    case "VariableSetStmt":
      return variableSet(stmt, sql);
    case "AlterSeqStmt":
      if (isOwnedByOnly(stmt)) return { kind: "run", sql };
      return unsupported(refusedStatements[type] ?? type);
    default: {
      const refused = refusedStatements[type];
      if (refused) unsupported(refused);
      return { kind: "run", sql };
    }
  }
}

/**
 * `SET lock_timeout` / `RESET lock_timeout` (the frame of a `build --online` migration): pg-mem
 * takes no locks, so both are skipped. Other settings run as pg-mem runs them.
 */
function variableSet(stmt: Node, sql: string): PgMemAction {
  return stmt["name"] === "lock_timeout" ? { kind: "runEach", sql: [] } : { kind: "run", sql };
}

/** The statement without its first `keyword` token (found with PostgreSQL's scanner): CONCURRENTLY, which pg-mem cannot run and has no need of. */
function withoutKeyword(sql: string, keyword: string): string {
  const token = scanSync(sql).tokens.find((t) => t.text.toLowerCase() === keyword && t.keywordKind !== 0);
  if (!token) return sql;
  const bytes = Buffer.from(sql, "utf8");
  return `${bytes.subarray(0, token.start).toString("utf8")}${bytes.subarray(token.end).toString("utf8").trimStart()}`;
}

function isOwnedByOnly(stmt: Node): boolean {
  const options = field<unknown[]>(stmt, "options") ?? [];
  return options.every((o) => field(field(o, "DefElem"), "defname") === "owned_by");
}
