/**
 * Turns declarations (from the static extractor or the runtime DSL) into the normalized schema
 * graph: schema "public" spelled out, canonical type names, PostgreSQL's default constraint and
 * index names, serial columns expanded into integer + owned sequence, defaults rendered as the
 * SQL text schemac writes. Normalizing once here lets every later phase compare structurally.
 * Problems in the declarations are left to validate.ts, which sees both Decls and the graph.
 */
import type {
  BuiltinTypeName,
  ColumnDecl,
  Decl,
  DefaultDecl,
  EnumDecl,
  IdentityDecl,
  LiteralValue,
  SchemaDecl,
  TableDecl,
  TypeDecl,
} from "../schema/declarations.js";
import type {
  BuiltinType,
  CheckConstraint,
  Column,
  ColumnType,
  EnumType,
  ForeignKey,
  Graph,
  Identity,
  Index,
  PgSchema,
  PrimaryKey,
  QualifiedName,
  Table,
  UniqueConstraint,
} from "./graph.js";
import { defaultConstraintName } from "./names.js";
import { quoteIdentifier, quoteLiteral } from "./quote.js";
import { formatColumnType } from "./type-names.js";

const builtinTypes: Record<BuiltinTypeName, BuiltinType> = {
  smallint: "smallint",
  integer: "integer",
  bigint: "bigint",
  serial: "integer",
  bigserial: "bigint",
  numeric: "numeric",
  real: "real",
  doublePrecision: "double precision",
  boolean: "boolean",
  text: "text",
  varchar: "varchar",
  char: "char",
  uuid: "uuid",
  date: "date",
  time: "time",
  timestamp: "timestamp",
  timestamptz: "timestamptz",
  interval: "interval",
  json: "json",
  jsonb: "jsonb",
  bytea: "bytea",
  inet: "inet",
};

/** The schema a declaration lives in. */
export function schemaOf(decl: { readonly schema: string | null }): string {
  return decl.schema ?? "public";
}

/** Orders named objects by `schema.name` with a byte-wise compare (locale-independent). */
export function byQualifiedName<T extends QualifiedName>(a: T, b: T): number {
  const ka = `${a.schema}.${a.name}`;
  const kb = `${b.schema}.${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Resolves declarations into the graph. Duplicates keep their first declaration. */
export function resolveGraph(decls: readonly Decl[]): Graph {
  const schemas = new Map<string, PgSchema>();
  const enums = new Map<string, EnumType>();
  const tables = new Map<string, Table>();
  for (const decl of decls) {
    if (decl.kind === "schema") addSchema(schemas, decl);
    else if (decl.kind === "enum") {
      if (decl.schema !== null) addSchema(schemas, { kind: "schema", name: decl.schema });
      const key = `${schemaOf(decl)}.${decl.name}`;
      if (!enums.has(key)) enums.set(key, resolveEnum(decl));
    }
  }
  for (const decl of decls) {
    if (decl.kind !== "table") continue;
    if (decl.schema !== null) addSchema(schemas, { kind: "schema", name: decl.schema });
    const key = `${schemaOf(decl)}.${decl.name}`;
    if (!tables.has(key)) tables.set(key, resolveTable(decl, enums));
  }
  schemas.delete("public");
  return {
    schemas: [...schemas.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    enums: [...enums.values()].sort(byQualifiedName),
    tables: [...tables.values()].sort(byQualifiedName),
  };
}

function addSchema(schemas: Map<string, PgSchema>, decl: SchemaDecl): void {
  if (schemas.has(decl.name)) return;
  schemas.set(decl.name, { name: decl.name, ...hintOf(decl), ...(decl.span ? { span: decl.span } : {}) });
}

function resolveEnum(decl: EnumDecl): EnumType {
  return {
    schema: schemaOf(decl),
    name: decl.name,
    values: [...decl.values],
    ...hintOf(decl),
    ...(decl.renamedValues === undefined ? {} : { renamedValues: { ...decl.renamedValues } }),
    ...(decl.span ? { span: decl.span } : {}),
  };
}

/** The one-shot `renamedFrom` hint of a declaration, when it has one. */
function hintOf(decl: { readonly renamedFrom?: string }): { renamedFrom?: string } {
  return decl.renamedFrom === undefined ? {} : { renamedFrom: decl.renamedFrom };
}

/** Resolves a column type; enums are qualified with "public" when undeclared in a schema. */
export function resolveType(type: TypeDecl): ColumnType {
  if (type.kind === "enum") {
    return { kind: "enum", enum: { schema: schemaOf(type.enum), name: type.enum.name }, dimensions: type.dimensions };
  }
  // PostgreSQL stores numeric(p) as numeric(p, 0); spell it that way so introspection compares equal.
  const params = type.name === "numeric" && type.params.length === 1 ? [...type.params, 0] : [...type.params];
  return { kind: "builtin", name: builtinTypes[type.name], params, dimensions: type.dimensions };
}

function resolveTable(decl: TableDecl, enums: ReadonlyMap<string, EnumType>): Table {
  const schema = schemaOf(decl);
  const names = new NameAllocator(schema);
  const pkColumns = new Set<string>(decl.primaryKey?.columns ?? []);
  for (const c of decl.columns) if (c.primaryKey) pkColumns.add(c.name);
  const columns = decl.columns.map((c) => resolveColumn(decl, c, pkColumns.has(c.name), enums));
  const primaryKey = resolvePrimaryKey(decl, names);
  const uniques: UniqueConstraint[] = [];
  for (const c of decl.columns) {
    if (c.unique) uniques.push({ ...keyed(names, decl.name, [c.name], "key", c.unique.name, c.span), ...hintOf(c.unique) });
  }
  for (const u of decl.uniques) uniques.push({ ...keyed(names, decl.name, u.columns, "key", u.name, u.span), ...hintOf(u) });
  const checks: CheckConstraint[] = decl.checks.map((c) => ({
    name: c.name ?? names.take(decl.name, checkColumns(c.expression, decl.columns), "check"),
    expression: c.expression.trim(),
    ...hintOf(c),
    ...(c.span ? { span: c.span } : {}),
  }));
  const foreignKeys = resolveForeignKeys(decl, names);
  const indexes: Index[] = decl.indexes.map((i) => ({
    name: i.name ?? names.take(decl.name, i.columns, "idx"),
    unique: i.unique,
    keys: i.columns.map((column) => ({ kind: "column" as const, column })),
    method: i.using ?? "btree",
    where: i.where === undefined ? null : i.where.trim(),
    ...hintOf(i),
    ...(i.span ? { span: i.span } : {}),
  }));
  // The catalog keeps no declaration order for constraints and indexes: order them by name.
  return {
    schema,
    name: decl.name,
    columns,
    primaryKey,
    uniques: uniques.sort(byName),
    checks: checks.sort(byName),
    foreignKeys: foreignKeys.sort(byName),
    indexes: indexes.sort(byName),
    comment: decl.comment ?? null,
    ...(decl.renamedFrom === undefined ? {} : { renamedFrom: decl.renamedFrom }),
    ...(decl.span ? { span: decl.span } : {}),
  };
}

function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function keyed(
  names: NameAllocator,
  table: string,
  columns: readonly string[],
  suffix: "key" | "pkey",
  given: string | undefined,
  span: TableDecl["span"],
): UniqueConstraint {
  return {
    name: given ?? names.take(table, suffix === "pkey" ? [] : columns, suffix),
    columns: [...columns],
    ...(span ? { span } : {}),
  };
}

function resolvePrimaryKey(decl: TableDecl, names: NameAllocator): PrimaryKey | null {
  if (decl.primaryKey) return { ...keyed(names, decl.name, decl.primaryKey.columns, "pkey", decl.primaryKey.name, decl.primaryKey.span), ...hintOf(decl.primaryKey) };
  const column = decl.columns.find((c) => c.primaryKey);
  if (!column?.primaryKey) return null;
  return { ...keyed(names, decl.name, [column.name], "pkey", column.primaryKey.name, column.span), ...hintOf(column.primaryKey) };
}

function resolveForeignKeys(decl: TableDecl, names: NameAllocator): ForeignKey[] {
  const fks: ForeignKey[] = [];
  const add = (columns: readonly string[], ref: NonNullable<ColumnDecl["references"]>, hint: { readonly name?: string; readonly renamedFrom?: string }, span: TableDecl["span"]): void => {
    const name = hint.name;
    fks.push({
      name: name ?? ref.name ?? names.take(decl.name, columns, "fkey"),
      columns: [...columns],
      references: { schema: schemaOf(ref.table), name: ref.table.name },
      referencedColumns: [...ref.columns],
      onDelete: ref.onDelete ?? "no action",
      onUpdate: ref.onUpdate ?? "no action",
      ...hintOf(hint),
      ...(span ? { span } : {}),
    });
  };
  for (const c of decl.columns) if (c.references) add([c.name], c.references, { ...hintOf(c.references) }, c.references.span ?? c.span);
  for (const fk of decl.foreignKeys) add(fk.columns, fk.references, fk, fk.span);
  return fks;
}

function resolveColumn(table: TableDecl, decl: ColumnDecl, inPrimaryKey: boolean, enums: ReadonlyMap<string, EnumType>): Column {
  const type = resolveType(decl.type);
  const isSerial = decl.type.kind === "builtin" && (decl.type.name === "serial" || decl.type.name === "bigserial");
  let sequence: string | null = null;
  let value: string | null = decl.default === undefined ? null : renderDefault(decl.default, type, enums);
  if (isSerial) {
    sequence = defaultConstraintName(table.name, [decl.name], "seq");
    const qualified = table.schema === null ? quoteIdentifier(sequence) : `${quoteIdentifier(table.schema)}.${quoteIdentifier(sequence)}`;
    value = `nextval(${quoteLiteral(qualified)}::regclass)`;
  }
  return {
    name: decl.name,
    type,
    notNull: decl.notNull || inPrimaryKey || isSerial || decl.identity !== undefined,
    default: value,
    identity: decl.identity === undefined ? null : resolveIdentity(decl.identity, type),
    generated: decl.generatedAs === undefined ? null : decl.generatedAs.trim(),
    collation: decl.collate ?? null,
    comment: decl.comment ?? null,
    sequence,
    ...(decl.renamedFrom === undefined ? {} : { renamedFrom: decl.renamedFrom }),
    ...(decl.using === undefined ? {} : { using: decl.using.trim() }),
    ...(decl.span ? { span: decl.span } : {}),
  };
}

const identityMax: Partial<Record<BuiltinType, number>> = {
  smallint: 32767,
  integer: 2147483647,
  bigint: Number.MAX_SAFE_INTEGER,
};

/** Fills PostgreSQL's identity defaults (sequence min/max follow the column's type). */
export function resolveIdentity(decl: IdentityDecl, type: ColumnType): Identity {
  const increment = decl.increment ?? 1;
  const typeMax = (type.kind === "builtin" ? identityMax[type.name] : undefined) ?? 2147483647;
  const min = decl.min ?? (increment > 0 ? 1 : -typeMax - 1);
  const max = decl.max ?? (increment > 0 ? typeMax : -1);
  return {
    always: decl.always,
    start: decl.start ?? (increment > 0 ? min : max),
    increment,
    min,
    max,
    cache: decl.cache ?? 1,
    cycle: decl.cycle ?? false,
  };
}

/**
 * An identity's options after `ALTER COLUMN … TYPE` from `from` to `to`, as PostgreSQL changes
 * its sequence: a MINVALUE or MAXVALUE that was the old type's own bound becomes the new type's.
 */
export function identityAfterTypeChange(identity: Identity, from: ColumnType, to: ColumnType): Identity {
  const bound = (type: ColumnType): number => (type.kind === "builtin" ? identityMax[type.name] : undefined) ?? 2147483647;
  const [oldMax, newMax] = [bound(from), bound(to)];
  return {
    ...identity,
    min: identity.min === -oldMax - 1 ? -newMax - 1 : identity.min,
    max: identity.max === oldMax ? newMax : identity.max,
  };
}

/**
 * Renders `.default(v)` as the SQL schemac writes: verbatim SQL, or a literal of the column's
 * type. `null` means no default (PostgreSQL stores no default for `DEFAULT NULL`).
 */
export function renderDefault(decl: DefaultDecl, type: ColumnType, enums?: ReadonlyMap<string, EnumType>): string | null {
  if (decl.kind === "sql") return decl.text.trim();
  const value = decl.value;
  if (value === null) return null;
  if (type.dimensions > 0) {
    if (!Array.isArray(value)) return quoteLiteral(String(value));
    return `${quoteLiteral(arrayLiteral(value))}::${formatColumnType(type)}`;
  }
  if (type.kind === "builtin" && type.name === "jsonb") return `${quoteLiteral(jsonbText(value))}::jsonb`;
  if (type.kind === "builtin" && type.name === "json") return `${quoteLiteral(JSON.stringify(value))}::json`;
  void enums;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : quoteLiteral(String(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value));
}

/**
 * A JSON value as PostgreSQL prints a jsonb: `", "` and `": "` separators, object keys unique and
 * ordered by length, then bytes (jsonb's storage order), so a default reads back unchanged.
 */
export function jsonbText(value: LiteralValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  const object = value as { readonly [key: string]: LiteralValue };
  const keys = Object.keys(object).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(object[k] ?? null)}`).join(", ")}}`;
}

/** A PostgreSQL array literal body: `{a,"b c",NULL}`, nested for more dimensions. */
export function arrayLiteral(values: readonly LiteralValue[]): string {
  const items = values.map((v) => {
    if (v === null) return "NULL";
    if (Array.isArray(v)) return arrayLiteral(v);
    if (typeof v === "string") {
      const plain = /^[^",\\{}\s]+$/.test(v) && v.toUpperCase() !== "NULL";
      return plain ? v : `"${v.replace(/[\\"]/g, "\\$&")}"`;
    }
    if (typeof v === "object") return `"${JSON.stringify(v).replace(/[\\"]/g, "\\$&")}"`;
    return String(v);
  });
  return `{${items.join(",")}}`;
}

/**
 * The column a CHECK names when it names exactly one, as PostgreSQL picks `t_col_check` over
 * `t_check` (heap.c: a check whose expression references one column gets that column's name).
 */
function checkColumns(expression: string, columns: readonly ColumnDecl[]): string[] {
  const words = new Set(expression.replace(/'(?:[^']|'')*'/g, " ").match(/"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*/g) ?? []);
  const named = columns.filter((c) => words.has(c.name) || words.has(`"${c.name.replace(/"/g, '""')}"`));
  return named.length === 1 && named[0] ? [named[0].name] : [];
}

/**
 * Hands out PostgreSQL's default names within one table's schema, adding 1, 2, … on a clash
 * as ChooseConstraintName / ChooseRelationName do.
 */
class NameAllocator {
  private readonly taken = new Set<string>();
  constructor(readonly schema: string) {}
  take(table: string, columns: readonly string[], suffix: "pkey" | "key" | "fkey" | "check" | "idx"): string {
    for (let pass = 0; ; pass++) {
      const label = pass === 0 ? suffix : `${suffix}${pass}`;
      const name = defaultConstraintName(table, columns, label);
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }
}
