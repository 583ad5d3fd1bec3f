import { test } from "uvu";
import * as assert from "uvu/assert";
import { diagnostic, formatDiagnostic, lineAndColumn } from "../../compiler/diagnostics.js";

test("turns an offset into a 1-based line and column", () => {
  assert.equal(lineAndColumn("ab\ncd\nef", 4), { line: 2, column: 2 });
  assert.equal(lineAndColumn("abc", 0), { line: 1, column: 1 });
});

test("prints file:line:col, severity, code and message, then the hint", () => {
  const d = diagnostic("DuplicateTable", { file: "m/a.ts", start: 3, end: 5 }, "public.users");
  const text = formatDiagnostic(d, () => "ab\ncdef");
  assert.is(text, "m/a.ts:2:1 error SC3001: table public.users is declared twice");
});

test.run();
