/**
 * The values the linker computes from `StaticNode`s: JavaScript data, plus stand-ins for what the
 * DSL's builders return at run time (column builders, enum types, tables, indexes...). Also the
 * two failures evaluation throws, which the caller turns into diagnostics and then goes on.
 */
import type {
  CheckDecl,
  ColumnDecl,
  DeclName,
  IndexDecl,
  KeyDecl,
  ReferentialAction,
  Span,
} from "../../schema/declarations.js";
import type { Diagnostic } from "../diagnostics.js";
import type { FunctionNode } from "./summary.js";

/** A value together with where it was written. */
export interface Located {
  readonly value: Value;
  readonly span: Span;
}

/** A lazy reference target `() => t.col` and the options given with it. */
export interface PendingReference {
  readonly target: Value;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly name?: string;
  readonly renamedFrom?: string;
  readonly span: Span;
}

/** A column builder's state: a ColumnDecl without its name, its reference not yet called. */
export type ColumnState = Omit<ColumnDecl, "name" | "references" | "span"> & {
  readonly references?: PendingReference;
};

/** `foreignKey({...})` before its reference target is called. */
export interface PendingForeignKey {
  readonly name?: string;
  readonly renamedFrom?: string;
  readonly columns: readonly string[];
  readonly references: PendingReference;
  readonly span: Span;
}

/** A table as declared, before reference targets are called (after every module loaded). */
export interface PendingTable {
  readonly schema: string | null;
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly state: ColumnState; readonly span: Span }[];
  readonly primaryKey?: KeyDecl;
  readonly uniques: readonly KeyDecl[];
  readonly indexes: readonly IndexDecl[];
  readonly checks: readonly CheckDecl[];
  readonly foreignKeys: readonly PendingForeignKey[];
  readonly comment?: string;
  readonly renamedFrom?: string;
  readonly span: Span;
}

/** An evaluated value. */
export type Value =
  | { readonly t: "prim"; readonly v: string | number | boolean | null }
  | { readonly t: "undefined" }
  | { readonly t: "array"; readonly items: readonly Located[] }
  | { readonly t: "object"; readonly props: ReadonlyMap<string, Located> }
  | { readonly t: "sql"; readonly text: string }
  | { readonly t: "dsl"; readonly name: string }
  | { readonly t: "dslNamespace" }
  | { readonly t: "namespace"; readonly file: string }
  | { readonly t: "function"; readonly file: string; readonly fn: FunctionNode; readonly name: string }
  | { readonly t: "column"; readonly state: ColumnState }
  | { readonly t: "enum"; readonly name: DeclName }
  | { readonly t: "pgSchema"; readonly name: string }
  | { readonly t: "table"; readonly name: DeclName }
  | { readonly t: "columnRef"; readonly table: DeclName; readonly column: string }
  | { readonly t: "index"; readonly decl: IndexDecl }
  | { readonly t: "check"; readonly decl: CheckDecl }
  | { readonly t: "foreignKey"; readonly fk: PendingForeignKey };

/** Thrown when a value is not static: the catcher names what needed it. */
export class NotStaticFailure {
  constructor(
    readonly found: string,
    readonly span: Span,
  ) {}
}

/** Thrown with a complete diagnostic (bad argument, unknown builder, ...). */
export class DiagnosticFailure {
  constructor(readonly diagnostic: Diagnostic) {}
}

/** Says what a value is, for messages: "a string", "the table billing.order". */
export function describeValue(value: Value): string {
  switch (value.t) {
    case "prim":
      return value.v === null ? "null" : typeof value.v === "string" ? `the string ${JSON.stringify(value.v)}` : `the ${typeof value.v} ${String(value.v)}`;
    case "undefined":
      return "undefined";
    case "array":
      return "an array";
    case "object":
      return "an object";
    case "sql":
      return "a sql`…` fragment";
    case "dsl":
      return `the schemac function ${value.name}`;
    case "dslNamespace":
    case "namespace":
      return "a module namespace";
    case "function":
      return value.name === "" ? "a function" : `the function ${value.name}`;
    case "column":
      return "a column builder that belongs to no table";
    case "enum":
      return `the enum type ${qualified(value.name)}`;
    case "pgSchema":
      return `the schema ${value.name}`;
    case "table":
      return `the table ${qualified(value.name)} itself`;
    case "columnRef":
      return `the column ${qualified(value.table)}.${value.column}`;
    case "index":
      return "an index";
    case "check":
      return "a check";
    case "foreignKey":
      return "a foreign key";
  }
}

/** `schema.name`, or `name` in `public`. */
export function qualified(name: DeclName): string {
  return name.schema === null ? name.name : `${name.schema}.${name.name}`;
}
