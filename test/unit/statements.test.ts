/**
 * splitStatements turns the parser's byte offsets into character offsets and lines, also after
 * multi-byte characters, for files of thousands of statements.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { splitStatements } from "../../compiler/db/statements.js";

test("names each statement's text, character offset and line, after multi-byte characters too", async () => {
  const text = "-- café ☕\nCREATE TABLE a (id integer);\n\nCOMMENT ON TABLE a IS 'größe';\n  INSERT INTO a VALUES (1);\n";
  const statements = await splitStatements(text, "x.sql");
  assert.equal(
    statements.map((s) => [s.sql, s.line, text.slice(s.start, s.start + 6)]),
    [
      ["CREATE TABLE a (id integer)", 2, "CREATE"],
      ["COMMENT ON TABLE a IS 'größe'", 4, "COMMENT"],
      ["INSERT INTO a VALUES (1)", 5, "INSERT"],
    ].map(([sql, line, head]) => [sql, line, (head as string).slice(0, 6)]),
  );
});

test("a file of thousands of statements keeps every line number", async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => `CREATE TABLE t${i} (note text DEFAULT 'ü${i}');`);
  const statements = await splitStatements(lines.join("\n\n"), "big.sql");
  assert.is(statements.length, 3000);
  assert.equal(statements.slice(-2).map((s) => s.line), [5997, 5999]);
  assert.is(statements[2999]?.sql, "CREATE TABLE t2999 (note text DEFAULT 'ü2999')");
});

test.run();
