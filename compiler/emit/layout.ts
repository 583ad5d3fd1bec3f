/**
 * Fast paths for laying out the statements migrations are mostly made of: CREATE TABLE with plain
 * column definitions and keys, foreign keys, unique and primary keys, ADD/DROP COLUMN, DROP
 * CONSTRAINT, CREATE INDEX, CREATE TYPE ... AS ENUM and drops. sql-formatter takes about 1.4 ms
 * per statement (most of a first build on thousands of tables); for these shapes its output is
 * known exactly, so it is produced directly. Anything else, and any element holding an operator,
 * a keyword that sql-formatter breaks lines at, odd spacing or a long parenthesized group, returns
 * null and goes through sql-formatter. Tests hold the two equal over every statement of the
 * example and of a generated 400-table schema (up and down), and on random names and lists.
 */

/** One token of an element the fast path accepts: tokens sql-formatter leaves alone. */
const plainToken = /[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"|'(?:[^'\\]|'')*'|\d+|::|\[\]|\.|, |\(|\)| /y;

/** True when the element is made only of plain tokens (a scan, so no regex backtracking). */
function plainTokens(element: string): boolean {
  plainToken.lastIndex = 0;
  while (plainToken.lastIndex < element.length) {
    const start = plainToken.lastIndex;
    if (plainToken.exec(element) === null || plainToken.lastIndex === start) return false;
  }
  return true;
}

/** Keywords sql-formatter starts a new line at or treats as an operator, wherever they stand. */
const breakingKeyword = /(?:^|[\s(])(?:AND|OR|CASE|WHEN|THEN|ELSE|END|SELECT|FROM|WHERE|BETWEEN|IN|IS|LIKE|ILIKE|ON|USING|AS)(?=$|[\s(])/i;

/** Splits at top-level commas (outside parentheses and quotes); null when unbalanced. */
function topLevelItems(body: string): string[] | null {
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote !== null) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return null;
    else if (c === "," && depth === 0) {
      items.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || quote !== null) return null;
  items.push(body.slice(start));
  return items.map((item, i) => (i === 0 ? item : item.replace(/^ /, "")));
}

/** True when every parenthesized group of an element is short enough to stay on its line. */
function shortGroups(element: string): boolean {
  const open: number[] = [];
  for (let i = 0; i < element.length; i++) {
    if (element[i] === "(") open.push(i);
    else if (element[i] === ")" && i - (open.pop() ?? i) > 40) return false;
  }
  return true;
}

/**
 * Answers of `plainElement` so far: the same column definitions recur in table after table. A
 * plain element's answer is the first string seen with its text, so the units of thousands of
 * tables hold one string per distinct element and the parse check finds it by identity.
 */
const plainElements = new Map<string, string | null>();

/** The element (the first string seen with its text) when it is plain, else null. */
function plainElement(element: string): string | null {
  let plain = plainElements.get(element);
  if (plain === undefined) {
    plain = checkPlain(element) ? element : null;
    if (plainElements.size > 100_000) plainElements.clear();
    plainElements.set(element, plain);
  }
  return plain;
}

function isPlain(element: string): boolean {
  return plainElement(element) !== null;
}

function checkPlain(element: string): boolean {
  const unquoted = element.replace(/'(?:[^']|'')*'|"(?:[^"]|"")+"/g, "x");
  return (
    element.length > 0 &&
    plainTokens(element) &&
    !/ {2}|\( | \)| ,|\S\(\)/.test(element.replace(/[A-Za-z0-9_]+\(\)/g, "f")) &&
    !breakingKeyword.test(unquoted) &&
    shortGroups(element)
  );
}

/**
 * A statement whose parsing stands for part of a laid-out one, as the pieces its text is made
 * of: pieces meet only where a space or parenthesis parts two tokens, so each piece can be shaped
 * on its own (parse-check.ts) and a piece that recurs (a table's name, an `id` column, the
 * `ALTER TABLE ` of every foreign key) is shaped once. Names are pieces of their own: each is
 * shaped by a single look-up, and the rest of a statement is the same text from table to table.
 */
export type Unit = readonly string[];

/**
 * A statement laid out by a fast path, with the statements whose parsing stands for its own:
 * itself, or for CREATE TABLE one `CREATE TABLE name (element)` per element (the grammar takes
 * table elements one by one, so the whole parses exactly when each does). Made only of names,
 * literals without backslashes, numbers, keywords, parentheses, commas, dots and spaces.
 */
export interface FastLayout {
  readonly text: string;
  readonly units: readonly Unit[];
}

const createTablePrefix = "CREATE TABLE ";

function fastCreateTable(statement: string): FastLayout | null {
  const match = /^CREATE TABLE ((?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")(?:\.(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+"))?) \((.*)\)$/s.exec(statement);
  if (match === null) return null;
  const found = topLevelItems(match[2] ?? "");
  if (found === null || found.length === 0) return null;
  const items: string[] = [];
  for (const item of found) {
    const plain = plainElement(item);
    if (plain === null) return null;
    items.push(plain);
  }
  const name = match[1] ?? "";
  return { text: `CREATE TABLE ${match[1]} (\n${items.map((i) => `  ${i}`).join(",\n")}\n)`, units: items.map((i) => [createTablePrefix, name, " (", i, ")"]) };
}

/** The layout of a CREATE TABLE statement, or null when sql-formatter must decide. */
export function layoutCreateTable(statement: string): string | null {
  return fastCreateTable(statement)?.text ?? null;
}

const identifier = String.raw`(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")`;
const qualified = `${identifier}(?:\\.${identifier})?`;
const identifierList = `${identifier}(?:, ${identifier})*`;
/** Literals without backslashes or line breaks (sql-formatter leaves those alone). */
const literal = String.raw`'(?:[^'\\\n]|'')*'`;
const literalList = `${literal}(?:, ${literal})*`;
const referentialActions = String.raw`(?: ON (?:DELETE|UPDATE) (?:CASCADE|SET NULL|SET DEFAULT|RESTRICT))*`;

const identifierItem = new RegExp(identifier, "g");
const literalItem = new RegExp(literal, "g");

/**
 * A parenthesized list as sql-formatter lays it out: on its line while the list's text is
 * shorter than 50 characters (its `expressionWidth`), else one item per line.
 */
function group(inner: string, item: RegExp): string {
  if (inner.length < 50) return `(${inner})`;
  return `(\n${(inner.match(item) ?? []).map((i) => `  ${i}`).join(",\n")}\n)`;
}

/** The layout of a matched statement, or null when a detail of it needs sql-formatter after all. */
type Layout = (m: RegExpExecArray) => string | null;

/** The pieces of a matched statement (see `Unit`): joined, they are the statement. */
type Pieces = (m: RegExpExecArray) => Unit;

/**
 * The statements that make up most migrations, each with its layout: the same as sql-formatter
 * gives for ordinary names. (For a table named like a SQL function or clause keyword, such as
 * `position` or `values`, sql-formatter glues or breaks the name oddly; these layouts keep it.)
 * Every group captures whole names or lists, so the pieces meet at spaces and parentheses.
 */
const shapes: readonly (readonly [RegExp, Layout, Pieces])[] = [
  [
    new RegExp(`^ALTER TABLE (${qualified}) ADD CONSTRAINT (${identifier}) FOREIGN KEY \\((${identifierList})\\) REFERENCES (${qualified}) \\((${identifierList})\\)(${referentialActions})$`),
    (m) => `ALTER TABLE ${m[1]}\nADD CONSTRAINT ${m[2]} FOREIGN KEY ${group(m[3] ?? "", identifierItem)} REFERENCES ${m[4]} ${group(m[5] ?? "", identifierItem)}${m[6]}`,
    (m) => ["ALTER TABLE ", m[1] ?? "", " ADD CONSTRAINT ", m[2] ?? "", " FOREIGN KEY (", m[3] ?? "", ") REFERENCES ", m[4] ?? "", " (", m[5] ?? "", ")", m[6] ?? ""],
  ],
  [
    new RegExp(`^ALTER TABLE (${qualified}) ADD CONSTRAINT (${identifier}) (UNIQUE|PRIMARY KEY) \\((${identifierList})\\)$`),
    (m) => `ALTER TABLE ${m[1]}\nADD CONSTRAINT ${m[2]} ${m[3]} ${group(m[4] ?? "", identifierItem)}`,
    (m) => ["ALTER TABLE ", m[1] ?? "", " ADD CONSTRAINT ", m[2] ?? "", m[3] === "UNIQUE" ? " UNIQUE (" : " PRIMARY KEY (", m[4] ?? "", ")"],
  ],
  [
    new RegExp(`^ALTER TABLE (${qualified}) DROP (CONSTRAINT|COLUMN) (${identifier})$`),
    (m) => `ALTER TABLE ${m[1]}\nDROP ${m[2]} ${m[3]}`,
    (m) => ["ALTER TABLE ", m[1] ?? "", m[2] === "CONSTRAINT" ? " DROP CONSTRAINT " : " DROP COLUMN ", m[3] ?? ""],
  ],
  [
    new RegExp(`^ALTER TABLE (${qualified}) (ADD COLUMN (${identifier} .*))$`, "s"),
    (m) => (isPlain(m[3] ?? "") ? `ALTER TABLE ${m[1]}\n${m[2]}` : null),
    (m) => ["ALTER TABLE ", m[1] ?? "", " ADD COLUMN ", m[3] ?? ""],
  ],
  [
    new RegExp(`^CREATE (UNIQUE )?INDEX (${identifier}) ON (${qualified})((?: USING [a-z]+)?) \\((${identifierList})\\)$`),
    (m) => `CREATE ${m[1] ?? ""}INDEX ${m[2]} ON ${m[3]}${m[4]} ${group(m[5] ?? "", identifierItem)}`,
    (m) => [m[1] === undefined ? "CREATE INDEX " : "CREATE UNIQUE INDEX ", m[2] ?? "", " ON ", m[3] ?? "", m[4] ?? "", " (", m[5] ?? "", ")"],
  ],
  [
    new RegExp(`^CREATE TYPE (${qualified}) AS ENUM \\((${literalList})\\)$`),
    (m) => `CREATE TYPE ${m[1]} AS ENUM${group(m[2] ?? "", literalItem)}`,
    (m) => ["CREATE TYPE ", m[1] ?? "", " AS ENUM (", m[2] ?? "", ")"],
  ],
  [
    new RegExp(`^(?:(DROP (?:TABLE|TYPE|INDEX|SEQUENCE) )(${qualified})|((?:CREATE|DROP) SCHEMA )(${identifier}))$`),
    (m) => m[0],
    (m) => (m[1] === undefined ? [m[3] ?? "", m[4] ?? ""] : [m[1], m[2] ?? ""]),
  ],
];

/** The layout of one of the common statement shapes above, or null when sql-formatter must decide. */
export function layoutCommonStatement(statement: string): string | null {
  return commonLayout(statement)?.text ?? null;
}

function commonLayout(statement: string): FastLayout | null {
  for (const [shape, layout, pieces] of shapes) {
    const match = shape.exec(statement);
    if (match === null) continue;
    const text = layout(match);
    return text === null ? null : { text, units: [pieces(match)] };
  }
  return null;
}

/** The fast layout of a statement (CREATE TABLE or a common shape), or null for sql-formatter. */
export function fastLayout(statement: string): FastLayout | null {
  return fastCreateTable(statement) ?? commonLayout(statement);
}
