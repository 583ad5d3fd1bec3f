/**
 * The fast reader (`fastSummarize`) against the reference (`summarizeModule`, TypeScript's
 * parser): whenever the fast reader gives a summary, it is the reference's, to the byte of its
 * JSON (same nodes, offsets, texts, key order). Held on every module of the case files, the
 * example, the benchmark's generated monolith, and random module trees with the odd things in
 * them (comments and line breaks between any two tokens, unicode, escapes, nested templates,
 * trailing commas, reserved words, syntax the subset leaves out, and broken syntax). The
 * example's and the benchmark's modules must all take the fast path.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { renderSchemacProject } from "../../bench/emit-schemac.js";
import { buildMonolith, withAddedColumn } from "../../bench/model.js";
import { fastSummarize } from "../../compiler/extract/fast-summarize.js";
import { summarizeModule } from "../../compiler/extract/summarize.js";
import { readCases } from "../helpers/case-file.js";

const repo = join(import.meta.dirname, "..", "..");

/** Null, or the reference's summary exactly; returns whether the fast reader took the file. */
function agrees(file: string, text: string, force: boolean): boolean {
  const fast = fastSummarize(file, text, force);
  if (fast === null) return false;
  const reference = summarizeModule(file, text, { force });
  assert.is(JSON.stringify(fast), JSON.stringify(reference), `${file} (force ${force}):\n${text}`);
  return true;
}

function moduleFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (entry === "node_modules") continue;
    if (statSync(path).isDirectory()) found.push(...moduleFiles(path));
    else if (/\.m?ts$/.test(entry)) found.push(path);
  }
  return found;
}

test("every module of every case file: the fast summary is the reference's", () => {
  let taken = 0;
  let all = 0;
  for (const c of readCases(join(repo, "test", "cases"))) {
    for (const [section, text] of c.sections) {
      if (!/^(before|after|step|edit|project)\/.*\.m?ts$/.test(section)) continue;
      all++;
      for (const force of [false, true]) if (agrees(`src/${section}`, text, force) && !force) taken++;
    }
  }
  assert.ok(all > 100, `${all} modules`);
  // Only the files written to leave the subset (not-static, syntax-error) fall back.
  assert.ok(taken >= all - 4, `${taken} of ${all} taken`);
});

test("the example's modules all take the fast path, with the reference's summaries", () => {
  const files = moduleFiles(join(repo, "examples", "shop")).filter((f) => !f.includes(`${join("shop", "test")}`));
  assert.ok(files.length > 15);
  for (const file of files) {
    const path = relative(repo, file);
    assert.ok(agrees(path, readFileSync(file, "utf8"), false), `${path} fell back`);
    agrees(path, readFileSync(file, "utf8"), true);
  }
});

test("the benchmark's modules all take the fast path, with the reference's summaries", () => {
  const model = buildMonolith({ tables: 200 });
  for (const files of [renderSchemacProject(model), renderSchemacProject(withAddedColumn(model).model)]) {
    for (const [path, text] of files) {
      if (!path.endsWith(".ts")) continue;
      assert.ok(agrees(path, text, false), `${path} fell back`);
    }
  }
});

test("TypeScript is loaded only when a file falls back to the reference", () => {
  const script = [
    `const { extractDeclarations } = await import(${JSON.stringify(join(repo, "compiler/extract/index.ts"))});`,
    `const { typescriptLoaded } = await import(${JSON.stringify(join(repo, "compiler/extract/typescript.ts"))});`,
    `const fast = extractDeclarations([{ path: "a.ts", text: 'import { table, uuid } from "schemac"; export const a = table("a", { id: uuid() });' }]);`,
    "const before = typescriptLoaded();",
    `const slow = extractDeclarations([{ path: "b.ts", text: 'import { table, uuid } from "schemac"; export const b = table(process.env.B ?? "b", { id: uuid() });' }]);`,
    "console.log(JSON.stringify({ fast: fast.decls.length, before, slow: slow.diagnostics.length, after: typescriptLoaded() }));",
  ].join("\n");
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repo, encoding: "utf8" });
  assert.equal(JSON.parse(out.trim()), { fast: 1, before: false, slow: 1, after: true });
});

test("what the random trees once caught is refused, and the reference reads it", () => {
  const caught = [
    // A default import followed by neither a comma nor "from" (the comma was inside a comment).
    'import users// c,\n{} from "schemac";\n',
    'import ype * as a from "schemac";\n',
    // TypeScript reads a member name on the next line, followed by a word, as a missing name.
    'export default ``.\na as string\n',
    // `export type as` begins a type-only export for TypeScript, not a type alias named `as`.
    "export type as = string;\n",
  ];
  for (const text of caught) {
    assert.is(fastSummarize("src/m.ts", text, true), null, text);
    assert.ok(summarizeModule("src/m.ts", text, { force: true }).diagnostics.length > 0, `the reference reports ${text}`);
  }
});

// ---- random module trees ----

/** Mostly the usual, sometimes the odd (weights 20 : 1). */
function mostly<T>(usual: readonly T[], odd: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constantFrom(...usual), weight: 20 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });
}

const identifier = mostly(["a", "b", "t", "users", "$x", "_y", "sql", "table", "uuid", "type", "as", "from", "of", "get", "undefined", "satisfies"], ["async", "let", "default", "await", "interface", "é", "x\\u0061", "if", "new", "this", "static", "declare"]);
const key = mostly(["id", "name", "\"quoted key\"", "'k'", "0", "1.50", "1e3", "default", "if", "get", "type"], ["[\"computed\"]", "#p", "1_0"]);
const stringChar = mostly(["a", " ", "é", "😀", "\\n", "\\t", "\\\\", "\\'", "\\\"", "\\x41", "\\u00e9", "\\u{1F600}", "\\0", "\\q", "\\\n", "\\\r\n", "${", "$"], ["\\u{110000}", "\\08", "\\1", "\\x4", "`", "\u2028", "\r"]);
const number = mostly(["0", "12", "1.5", ".5", "1e3", "2E-2", "0.0"], ["1e999", "0x10", "1_000", "07", "1.", "10n", "00"]);
/** Separators between tokens: comments and line breaks anywhere. */
const trivia = mostly([" ", " ", " ", " ", "\n", "\n  ", "\t", "/* c */", "/** d */\n", "// c\n", "/*\n*/", "\r\n"], ["", "\u2028", "\u00a0", "\v"]);

type Tokens = readonly string[];

function stringLiteral(quote: string): fc.Arbitrary<Tokens> {
  return fc.array(stringChar, { maxLength: 6 }).map((chars) => [`${quote}${chars.filter((c) => c !== quote).join("")}${quote}`]);
}

const leaf: fc.Arbitrary<Tokens> = fc.oneof(
  identifier.map((i) => [i]),
  number.map((n) => [n]),
  fc.constantFrom("true", "false", "null", "undefined").map((w) => [w]),
  stringLiteral("\""),
  stringLiteral("'"),
  fc.array(stringChar.filter((c) => c !== "`" && c !== "${"), { maxLength: 4 }).map((chars) => [`\`${chars.join("")}\``]),
);

const types = mostly<Tokens>([["string"], ["T", "<", "string", ">"], ["typeof", "users"], ["{", "a", ":", "number", ";", "b", "?", ":", "string", "}"], ["(", "a", ":", "T", ")", "=>", "U"], ["A", "|", "B", "[", "]"], ["keyof", "T"], ["[", "A", ",", "B", "]"], ["\"lit\""], ["const"]], [["T", "extends", "U", "?", "A", ":", "B"], ["infer", "X"], ["`t`"]]);

const { expression } = fc.letrec<{ expression: Tokens }>((tie) => {
  const expr = tie("expression") as fc.Arbitrary<Tokens>;
  const list = (open: string, close: string, item: fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> =>
    fc.tuple(fc.array(item, { maxLength: 3 }), fc.boolean()).map(([items, trailing]) => [open, ...items.flatMap((it, i) => (i === 0 ? it : [",", ...it])), ...(trailing && items.length > 0 ? [","] : []), close]);
  const entry = fc.oneof(fc.tuple(key, expr).map(([k, v]) => [k, ":", ...v]), identifier.map((i) => [i]), expr.map((v) => ["...", ...v]));
  const oddEntry = key.map((k) => [k, "(", ")", "{", "}"]);
  const param = fc.oneof({ arbitrary: identifier.map((i) => [i]), weight: 4 }, { arbitrary: fc.tuple(fc.constantFrom("a", "b", "t"), types).map(([i, t]) => [i, ":", ...t]), weight: 2 }, { arbitrary: fc.constantFrom(["a", "=", "1"], ["{", "a", "}"], ["...", "r"], ["b", "?"]), weight: 1 });
  return {
    expression: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { arbitrary: leaf, weight: 8 },
      { arbitrary: list("[", "]", fc.oneof(expr, expr.map((e) => ["...", ...e]))), weight: 2 },
      { arbitrary: list("{", "}", fc.oneof({ arbitrary: entry, weight: 6 }, { arbitrary: oddEntry, weight: 1 })), weight: 2 },
      { arbitrary: fc.tuple(expr, list("(", ")", fc.oneof({ arbitrary: expr, weight: 5 }, { arbitrary: expr.map((e) => ["...", ...e]), weight: 1 }))).map(([callee, args]) => [...callee, ...args]), weight: 4 },
      { arbitrary: fc.tuple(expr, fc.oneof(identifier, fc.constantFrom("default", "#p"))).map(([o, n]) => [...o, ".", n]), weight: 3 },
      { arbitrary: fc.tuple(expr, fc.constantFrom("[\"k\"]", "[`k`]", "[0]", "?.x", "!", "++")).map(([o, n]) => [...o, n]), weight: 1 },
      { arbitrary: fc.tuple(expr, expr, mostly(["+"], ["-", "*", "??", "===", ",", "in", "&&"])).map(([l, r, op]) => [...l, op, ...r]), weight: 2 },
      { arbitrary: fc.tuple(mostly(["-", "+"], ["!", "typeof", "new", "await", "..."]), expr).map(([op, e]) => [op, ...e]), weight: 1 },
      { arbitrary: fc.tuple(expr, types, fc.constantFrom("as", "satisfies")).map(([e, t, op]) => [...e, op, ...t]), weight: 1 },
      {
        arbitrary: fc.tuple(expr, fc.array(expr, { maxLength: 2 }), fc.boolean()).map(([tag, subs, tagged]) => [...(tagged ? tag : []), `\`a${subs.length > 0 ? "${" : "`"}`, ...subs.flatMap((s, i) => [...s, i === subs.length - 1 ? "}z`" : "}\\n${"])]),
        weight: 2,
      },
      { arbitrary: expr.map((e) => ["(", ...e, ")"]), weight: 1 },
      {
        arbitrary: fc.tuple(list("(", ")", param), expr, mostly(["expr", "block", "return-type"], ["bad-block"])).map(([ps, body, form]) =>
          form === "block" ? [...ps, "=>", "{", "return", ...body, ";", "}"] : form === "return-type" ? [...ps, ":", "T", "=>", ...body] : form === "bad-block" ? [...ps, "=>", "{", "}"] : [...ps, "=>", ...body],
        ),
        weight: 2,
      },
      { arbitrary: fc.tuple(identifier, expr).map(([p, body]) => [p, "=>", ...body]), weight: 1 },
      { arbitrary: fc.tuple(expr, expr, expr).map(([c, a, b]) => [...c, "?", ...a, ":", ...b]), weight: 1 },
    ),
  };
});

const names = mostly(["a", "b", "t", "users", "type", "from", "as", "boolean", "of", "get", "undefined"], ["default", "let", "é", "async", "readonly", "declare"]);
const specifier = mostly(["\"schemac\"", "'./other.js'", "\"../m/schema\"", "\"sch\\u0065mac\""], ["`x`"]);
const specifierList = fc.array(fc.oneof(names.map((n) => [n]), fc.tuple(names, names).map(([a, b]) => [a, "as", b]), names.map((n) => ["type", n])), { maxLength: 3 }).map((items) => ["{", ...items.flatMap((it, i) => (i === 0 ? it : [",", ...it])), "}"]);

const statement: fc.Arbitrary<Tokens> = fc.oneof(
  fc.tuple(fc.constantFrom([], ["type"]), fc.oneof(names.map((n) => [n]), names.map((n) => ["*", "as", n]), specifierList, fc.tuple(names, specifierList).map(([d, l]) => [d, ",", ...l])), specifier).map(([t, clause, from]) => ["import", ...t, ...clause, "from", from, ";"]),
  specifier.map((s) => ["import", s]),
  fc.tuple(fc.constantFrom(["*"], ["*", "as", "ns"], ["type", "*"]), specifier).map(([c, s]) => ["export", ...c, "from", s, ";"]),
  fc.tuple(fc.constantFrom([], ["type"]), specifierList, fc.option(specifier)).map(([t, l, s]) => ["export", ...t, ...l, ...(s === null ? [] : ["from", s])]),
  fc.tuple(fc.constantFrom([], ["export"]), fc.constantFrom("const", "let", "var"), fc.array(fc.tuple(names, fc.option(types), fc.option(expression)), { minLength: 1, maxLength: 2 })).map(([e, kw, decls]) => [
    ...e,
    kw,
    ...decls.flatMap(([n, t, v], i) => [...(i === 0 ? [] : [","]), n, ...(t === null ? [] : [":", ...t]), ...(v === null ? [] : ["=", ...v])]),
    ";",
  ]),
  fc.tuple(fc.constantFrom([], ["export"], ["export", "default"]), fc.option(names), fc.array(names, { maxLength: 2 }), fc.option(types), expression).map(([e, n, ps, t, body]) => [
    ...e,
    "function",
    ...(n === null ? [] : [n]),
    "(",
    ...ps.flatMap((p, i) => (i === 0 ? [p] : [",", p])),
    ")",
    ...(t === null ? [] : [":", ...t]),
    "{",
    "return",
    ...body,
    "}",
  ]),
  expression.map((e) => ["export", "default", ...e]),
  expression,
  fc.tuple(fc.constantFrom([], ["export"]), names, types).map(([e, n, t]) => [...e, "type", n, "=", ...t, ";"]),
  fc.tuple(fc.constantFrom([], ["export"]), names).map(([e, n]) => [...e, "interface", n, "{", "a", ":", "string", ";", "}"]),
  fc.constantFrom([";"], ["class", "C", "{", "}"], ["enum", "E", "{", "A", "}"], ["declare", "const", "x", ":", "number", ";"], ["if", "(", "a", ")", "{", "}"]),
);

/** A module: statements, their tokens joined by random trivia, maybe with a character removed or added. */
const moduleText = fc.tuple(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.array(trivia, { minLength: 1, maxLength: 40 }), fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.tuple(fc.nat(), fc.constantFrom("", "(", "}", "`", "\"", ",", "/*")), weight: 1 })).map(([statements, gaps, edit]) => {
  const tokens = statements.flat();
  let text = tokens.map((token, i) => `${token}${gaps[i % gaps.length] ?? " "}`).join("");
  if (edit !== null && text.length > 0) {
    const at = edit[0] % text.length;
    text = text.slice(0, at) + edit[1] + text.slice(at + (edit[1] === "" ? 1 : 0));
  }
  return text;
});

/** Schema modules as people write them, with comments and line breaks anywhere: the fast path's own ground. */
const column = fc.tuple(
  fc.constantFrom("uuid()", "text()", "varchar(40)", "numeric(10, 2)", "s.integer()", "cols.id", "status()"),
  fc.array(fc.constantFrom(".notNull()", ".primaryKey()", ".unique()", '.default("a\\u00e9")', ".default(-1.5e3)", ".default(sql`now()`)", ".default(sql`x = ${prefix} + ${`y${1}`}`)", ".references(() => users.id, { onDelete: \"cascade\", })", ".references((t) => t.id)", '.comment(\'it\\\'s\')', ".default([1, 'b', null, undefined, true,])", ".default({ a: 1, \"b\": [], 0: false })"), { maxLength: 4 }),
).map(([base, chain]) => base + chain.join(""));
const cleanStatement = fc.oneof(
  fc.constantFrom('import { table, uuid, text, varchar, numeric, sql, type Infer } from "schemac";', 'import * as s from "schemac";', 'import cols, { prefix as p } from "./cols.js";', 'export * from "./other";', 'export { a as b, c } from "../x.js";', "export { users as default };", "type Row = Infer<typeof users>;", "export interface Opts { readonly a?: string; b: number[] }"),
  fc.tuple(fc.constantFrom("users", "orders", "t1", "$x"), fc.array(fc.tuple(fc.constantFrom("id", "name", "\"quoted\"", "k_1"), column), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean()).map(
    ([name, columns, exported, extra]) => `${exported ? "export " : ""}const ${name} = table("${name}", {\n${columns.map(([k, c]) => `  ${k}: ${c},`).join("\n")}\n  ...timestamps,\n}${extra ? ", { indexes: [index().on(\"id\")], checks: [check(\"c\", sql`a > 0`)] }" : ""}) as const;`,
  ),
  fc.constantFrom("export const prefix = \"app_\" + `v${2}`;", "export function cols(a: string, b = 1): Cols { return { a: text(), b: a }; }", "export default table('d', {});", "const f = (x: number): number => x, g = () => ({ ...f });", "let counter = 0;", "register(users);"),
);
const cleanModule = fc.tuple(fc.array(cleanStatement, { minLength: 1, maxLength: 5 }), fc.array(mostly([" ", "\n", "/* c */ ", "// c\n", "\r\n", "\n\n/** doc */\n"], ["\u2028", "/* é \u2029 */"]), { minLength: 1, maxLength: 8 })).map(([statements, gaps]) =>
  statements.map((st, i) => `${gaps[i % gaps.length] ?? ""}${st.replace(/, /g, `,${gaps[(i + 1) % gaps.length] ?? " "}`)}`).join("\n"),
);

test("random schema modules: the fast reader takes nearly all, with the reference's summaries", () => {
  let taken = 0;
  fc.assert(
    fc.property(cleanModule, (text) => {
      if (agrees("src/m.ts", text, false)) taken++;
    }),
    { numRuns: 1000, seed: 13 },
  );
  assert.ok(taken > 900, `${taken} of 1000 taken`);
});

test("random module trees: the fast reader gives the reference's summary or null", () => {
  let taken = 0;
  fc.assert(
    fc.property(moduleText, (text) => {
      if (agrees("src/m.ts", text, true)) taken++;
    }),
    { numRuns: 3000, seed: 13 },
  );
  // The generator is meant to reach the fast path, not only its refusals.
  assert.ok(taken > 300, `${taken} of 3000 taken`);
});

test("random module trees, fresh seed each run", () => {
  fc.assert(fc.property(moduleText, (text) => void agrees("src/m.ts", text, true)), { numRuns: 1000 });
});

test.run();
