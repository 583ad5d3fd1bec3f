/**
 * PostgreSQL's default object names and identifier truncation, computed exactly as the server
 * does (src/backend/commands/indexcmds.c `makeObjectName`, `ChooseRelationName`,
 * `ChooseIndexNameAddition`; tablecmds.c `ChooseForeignKeyConstraintNameAddition`; heap.c for
 * checks; parse_utilcmd.c for serial sequences), so that a database built by hand and one built
 * by schemac carry the same names.
 */

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
export const maxIdentifierBytes = 63;

const encoder = new TextEncoder();

/** Byte length of a string in UTF-8 (PostgreSQL measures identifiers in bytes). */
export function byteLength(text: string): number {
  return isAscii(text) ? text.length : encoder.encode(text).length;
}

/** True when every character is one byte in UTF-8 (the common case, checked without encoding). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Cuts a string to at most `limit` UTF-8 bytes without splitting a character, as
 * `pg_mbcliplen` does.
 */
export function clipBytes(text: string, limit: number): string {
  if (isAscii(text)) return text.slice(0, limit);
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > limit) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Truncates an identifier to 63 bytes as the scanner does (`truncate_identifier`). */
export function truncateIdentifier(name: string): string {
  return clipBytes(name, maxIdentifierBytes);
}

/**
 * `makeObjectName(name1, name2, label)`: joins the parts with `_`, truncating the longer of
 * name1/name2 first (name2 on a tie) so that the whole fits in 63 bytes.
 */
export function makeObjectName(name1: string, name2: string | null, label: string | null): string {
  let overhead = 0;
  if (name2 !== null) overhead++;
  if (label !== null) overhead += byteLength(label) + 1;
  const available = maxIdentifierBytes - overhead;
  let chars1 = byteLength(name1);
  let chars2 = name2 === null ? 0 : byteLength(name2);
  while (chars1 + chars2 > available) {
    if (chars1 > chars2) chars1--;
    else chars2--;
  }
  let result = clipBytes(name1, chars1);
  if (name2 !== null) result += `_${clipBytes(name2, chars2)}`;
  if (label !== null) result += `_${label}`;
  return result;
}

/**
 * `ChooseIndexNameAddition`: column names joined by `_`, stopping once the text reaches
 * NAMEDATALEN bytes (each name is itself at most 63 bytes).
 */
export function columnNamesAddition(columns: readonly string[]): string {
  let text = "";
  for (const column of columns) {
    if (text.length > 0) text += "_";
    text += truncateIdentifier(column);
    if (byteLength(text) >= maxIdentifierBytes + 1) break;
  }
  return text;
}

/**
 * The name PostgreSQL gives an unnamed object of `table`: `t_pkey` (columns ignored),
 * `t_a_b_key`, `t_a_b_fkey`, `t_a_b_idx`, `t_col_check` (one column) or `t_check` (none),
 * `t_col_seq`. `suffix` may carry ChooseRelationName's clash counter (`key1`).
 */
export function defaultConstraintName(table: string, columns: readonly string[], suffix: string): string {
  const isPrimaryKey = /^pkey\d*$/.test(suffix);
  const addition = isPrimaryKey || columns.length === 0 ? null : columnNamesAddition(columns);
  return makeObjectName(table, addition, suffix);
}
