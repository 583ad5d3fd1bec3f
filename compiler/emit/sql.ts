/**
 * Renders each operation as SQL statements (no trailing semicolon), through one table with a
 * renderer per kind, so a kind without a renderer is a compile error. Identifiers are quoted
 * only where PostgreSQL needs it and literals are escaped; defaults, checks, index predicates
 * and generated expressions are already SQL text in the graph.
 */
import type { EnumType, ForeignKey, Index, QualifiedName, ReferentialAction, Table } from "../graph.js";
import type { EnumUsage, Operation, OperationKind, OperationOf } from "../operations.js";
import { truncateIdentifier } from "../names.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { formatColumnType } from "../type-names.js";
import {
  columnDefinition,
  createSequenceSql,
  ownSequenceSql,
  sequenceName,
  serialShorthand,
} from "./column-sql.js";
import { alterIdentitySql } from "./identity-sql.js";

type Render<K extends OperationKind> = (op: OperationOf<K>) => string[];

const columnList = (columns: readonly string[]): string => columns.map(quoteIdentifier).join(", ");
const alterTable = (table: QualifiedName): string => `ALTER TABLE ${qualifiedName(table)}`;
const alterColumn = (table: QualifiedName, column: string): string => `${alterTable(table)} ALTER COLUMN ${quoteIdentifier(column)}`;
const commentText = (text: string | null): string => (text === null ? "NULL" : quoteLiteral(text));
const collateClause = (collation: string | null | undefined): string => (collation == null ? "" : ` COLLATE ${quoteIdentifier(collation)}`);

function enumValues(e: EnumType): string {
  return e.values.map(quoteLiteral).join(", ");
}

function referentialClauses(fk: ForeignKey): string {
  const clause = (event: string, action: ReferentialAction): string =>
    action === "no action" ? "" : ` ON ${event} ${action.toUpperCase()}`;
  return clause("DELETE", fk.onDelete) + clause("UPDATE", fk.onUpdate);
}

/** `FOREIGN KEY (a) REFERENCES t (b) [ON DELETE ...]`. */
export function foreignKeyClause(fk: ForeignKey): string {
  return `FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${qualifiedName(fk.references)} (${columnList(fk.referencedColumns)})${referentialClauses(fk)}`;
}

/** CREATE TABLE with columns, primary key, uniques and checks (serial sequences around it). */
export function createTableSql(table: Table): string[] {
  const name: QualifiedName = { schema: table.schema, name: table.name };
  const explicitSequences = table.columns.filter((c) => c.sequence !== null && serialShorthand(name, c) === null);
  const items = table.columns.map((c) => columnDefinition(name, c));
  if (table.primaryKey) items.push(`CONSTRAINT ${quoteIdentifier(table.primaryKey.name)} PRIMARY KEY (${columnList(table.primaryKey.columns)})`);
  for (const u of table.uniques) items.push(`CONSTRAINT ${quoteIdentifier(u.name)} UNIQUE (${columnList(u.columns)})`);
  for (const c of table.checks) items.push(`CONSTRAINT ${quoteIdentifier(c.name)} CHECK (${c.expression})`);
  return [
    ...explicitSequences.map((c) => createSequenceSql(name, c.sequence ?? "", c.type)),
    `CREATE TABLE ${qualifiedName(name)} (${items.join(", ")})`,
    ...explicitSequences.map((c) => ownSequenceSql(name, c.sequence ?? "", c.name)),
  ];
}

function createIndexSql(table: QualifiedName, index: Index, concurrently = false): string {
  const using = index.method === "btree" ? "" : ` USING ${index.method}`;
  const where = index.where === null ? "" : ` WHERE ${index.where}`;
  const keys = columnList(index.keys.map((k) => k.column));
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${concurrently ? "CONCURRENTLY " : ""}${quoteIdentifier(index.name)} ON ${qualifiedName(table)}${using} (${keys})${where}`;
}

/** ` NOT VALID` for a foreign key or check `build --online` adds (validated by the next migration), else nothing. */
const notValid = (online: true | undefined): string => (online === true ? " NOT VALID" : "");

/**
 * A unique or primary key in `build --online`'s form: its unique index built CONCURRENTLY (writes go
 * on), then attached as the constraint, which takes ACCESS EXCLUSIVE only for a catalog change.
 * The index takes the constraint's name, so the result is what ADD CONSTRAINT … UNIQUE (…) gives.
 */
function keyUsingIndex(table: QualifiedName, name: string, columns: readonly string[], kind: "UNIQUE" | "PRIMARY KEY"): string[] {
  return [
    `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(name)} ON ${qualifiedName(table)} (${columnList(columns)})`,
    `${alterTable(table)} ADD CONSTRAINT ${quoteIdentifier(name)} ${kind} USING INDEX ${quoteIdentifier(name)}`,
  ];
}

/**
 * Replaces an enum's values by recreating the type (migra's recipe): rename the old type away,
 * create the new one, move every column over through text (defaults dropped before the cast
 * and set after it), drop the old type. The new type takes the real name at once, so a row
 * that holds a removed value fails with PostgreSQL's `invalid input value for enum t: "v"`,
 * which names the enum and the value.
 */
function rebuildEnumSql(from: EnumType, to: EnumType, usages: readonly EnumUsage[]): string[] {
  const name: QualifiedName = { schema: to.schema, name: to.name };
  const oldName = truncateIdentifier(`${from.name}__old`);
  const statements = [
    `ALTER TYPE ${qualifiedName(name)} RENAME TO ${quoteIdentifier(oldName)}`,
    `CREATE TYPE ${qualifiedName(name)} AS ENUM (${enumValues(to)})`,
  ];
  for (const u of usages) {
    const type = formatColumnType({ kind: "enum", enum: name, dimensions: u.dimensions });
    const column = quoteIdentifier(u.column);
    if (u.default !== null) statements.push(`${alterColumn(u.table, u.column)} DROP DEFAULT`);
    statements.push(`${alterColumn(u.table, u.column)} TYPE ${type} USING ${column}::text${"[]".repeat(u.dimensions)}::${type}`);
    if (u.newDefault !== null) statements.push(`${alterColumn(u.table, u.column)} SET DEFAULT ${u.newDefault}`);
  }
  statements.push(`DROP TYPE ${qualifiedName({ schema: to.schema, name: oldName })}`);
  return statements;
}

function addColumnSql(op: OperationOf<"addColumn">): string[] {
  const { table, column } = op;
  const explicit = column.sequence !== null && serialShorthand(table, column) === null ? column.sequence : null;
  const add = `${alterTable(table)} ADD COLUMN ${columnDefinition(table, column)}`;
  if (explicit === null) return [add];
  return [createSequenceSql(table, explicit, column.type), add, ownSequenceSql(table, explicit, column.name)];
}

function createSequenceOpSql(op: OperationOf<"createSequence">): string[] {
  const sequence = qualifiedName(sequenceName(op.table, op.sequence));
  const column = quoteIdentifier(op.column);
  return [
    `${createSequenceSql(op.table, op.sequence, op.type)} OWNED BY ${qualifiedName(op.table)}.${column}`,
    // Existing rows keep their values: the sequence continues after the largest one.
    `SELECT setval(${quoteLiteral(sequence)}, coalesce(max(${column}), 0) + 1, false) FROM ${qualifiedName(op.table)}`,
  ];
}

const renderers: { readonly [K in OperationKind]: Render<K> } = {
  createSchema: (op) => [`CREATE SCHEMA ${quoteIdentifier(op.schema.name)}`],
  dropSchema: (op) => [`DROP SCHEMA ${quoteIdentifier(op.schema.name)}`],
  createEnum: (op) => [`CREATE TYPE ${qualifiedName(op.enum)} AS ENUM (${enumValues(op.enum)})`],
  dropEnum: (op) => [`DROP TYPE ${qualifiedName(op.enum)}`],
  addEnumValue: (op) => [
    `ALTER TYPE ${qualifiedName(op.enum)} ADD VALUE ${quoteLiteral(op.value)}${op.before === null ? "" : ` BEFORE ${quoteLiteral(op.before)}`}`,
  ],
  rebuildEnum: (op) => rebuildEnumSql(op.from, op.to, op.usages),
  createTable: (op) => createTableSql(op.table),
  dropTable: (op) => [`DROP TABLE ${qualifiedName(op.table)}`],
  renameTable: (op) => [`${alterTable(op.from)} RENAME TO ${quoteIdentifier(op.to)}`],
  addColumn: addColumnSql,
  dropColumn: (op) => [`${alterTable(op.table)} DROP COLUMN ${quoteIdentifier(op.column.name)}`],
  renameColumn: (op) => [`${alterTable(op.table)} RENAME COLUMN ${quoteIdentifier(op.from)} TO ${quoteIdentifier(op.to)}`],
  renameSchema: (op) => [`ALTER SCHEMA ${quoteIdentifier(op.from)} RENAME TO ${quoteIdentifier(op.to)}`],
  renameEnum: (op) => [`ALTER TYPE ${qualifiedName(op.from)} RENAME TO ${quoteIdentifier(op.to)}`],
  renameEnumValue: (op) => [`ALTER TYPE ${qualifiedName(op.enum)} RENAME VALUE ${quoteLiteral(op.from)} TO ${quoteLiteral(op.to)}`],
  renameConstraint: (op) => [`${alterTable(op.table)} RENAME CONSTRAINT ${quoteIdentifier(op.from)} TO ${quoteIdentifier(op.to)}`],
  // An index and a sequence live in their table's schema.
  renameIndex: (op) => [`ALTER INDEX ${qualifiedName({ schema: op.table.schema, name: op.from })} RENAME TO ${quoteIdentifier(op.to)}`],
  renameSequence: (op) => [`ALTER SEQUENCE ${qualifiedName({ schema: op.table.schema, name: op.from })} RENAME TO ${quoteIdentifier(op.to)}`],
  alterColumnType: (op) => [
    `${alterColumn(op.table, op.column)} TYPE ${formatColumnType(op.to)}${collateClause(op.toCollation)}${op.using === null ? "" : ` USING ${op.using}`}`,
  ],
  dropExpression: (op) => [`${alterColumn(op.table, op.column.name)} DROP EXPRESSION`],
  setNotNull: (op) => [`${alterColumn(op.table, op.column)} SET NOT NULL`],
  dropNotNull: (op) => [`${alterColumn(op.table, op.column)} DROP NOT NULL`],
  setDefault: (op) => [`${alterColumn(op.table, op.column)} ${op.to === null ? "DROP DEFAULT" : `SET DEFAULT ${op.to}`}`],
  setIdentity: (op) => alterIdentitySql(alterColumn(op.table, op.column), op.from, op.to),
  createSequence: createSequenceOpSql,
  dropSequence: (op) => [`DROP SEQUENCE ${qualifiedName(sequenceName(op.table, op.sequence))}`],
  addPrimaryKey: (op) =>
    op.online === true
      ? keyUsingIndex(op.table, op.primaryKey.name, op.primaryKey.columns, "PRIMARY KEY")
      : [`${alterTable(op.table)} ADD CONSTRAINT ${quoteIdentifier(op.primaryKey.name)} PRIMARY KEY (${columnList(op.primaryKey.columns)})`],
  dropPrimaryKey: (op) => [`${alterTable(op.table)} DROP CONSTRAINT ${quoteIdentifier(op.primaryKey.name)}`],
  addUnique: (op) =>
    op.online === true
      ? keyUsingIndex(op.table, op.unique.name, op.unique.columns, "UNIQUE")
      : [`${alterTable(op.table)} ADD CONSTRAINT ${quoteIdentifier(op.unique.name)} UNIQUE (${columnList(op.unique.columns)})`],
  dropUnique: (op) => [`${alterTable(op.table)} DROP CONSTRAINT ${quoteIdentifier(op.unique.name)}`],
  addCheck: (op) => [`${alterTable(op.table)} ADD CONSTRAINT ${quoteIdentifier(op.check.name)} CHECK (${op.check.expression})${notValid(op.online)}`],
  dropCheck: (op) => [`${alterTable(op.table)} DROP CONSTRAINT ${quoteIdentifier(op.check.name)}`],
  addForeignKey: (op) => [`${alterTable(op.table)} ADD CONSTRAINT ${quoteIdentifier(op.foreignKey.name)} ${foreignKeyClause(op.foreignKey)}${notValid(op.online)}`],
  validateConstraint: (op) => [`${alterTable(op.table)} VALIDATE CONSTRAINT ${quoteIdentifier(op.name)}`],
  dropForeignKey: (op) => [`${alterTable(op.table)} DROP CONSTRAINT ${quoteIdentifier(op.foreignKey.name)}`],
  createIndex: (op) => [createIndexSql(op.table, op.index, op.online === true)],
  // An index lives in its table's schema.
  dropIndex: (op) => [`DROP INDEX ${op.online === true ? "CONCURRENTLY " : ""}${qualifiedName({ schema: op.table.schema, name: op.index.name })}`],
  setTableComment: (op) => [`COMMENT ON TABLE ${qualifiedName(op.table)} IS ${commentText(op.to)}`],
  setColumnComment: (op) => [`COMMENT ON COLUMN ${qualifiedName(op.table)}.${quoteIdentifier(op.column)} IS ${commentText(op.to)}`],
};

/** The SQL statements of one operation, without trailing semicolons. */
export function renderOperation(op: Operation): string[] {
  return (renderers[op.kind] as Render<OperationKind>)(op as OperationOf<OperationKind>);
}
