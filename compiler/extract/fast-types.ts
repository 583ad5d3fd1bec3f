/**
 * Type syntax for the fast reader: the summary keeps no type, so types are only read over, as
 * far as TypeScript's parser would read them. The forms a schema module uses (names, generics,
 * `typeof`, `keyof`, unions, arrays, literals, object and tuple types, function types) are read;
 * anything else (conditional, mapped, template literal types, methods) throws `Unsupported`.
 */
import { reservedWords, Unsupported, type Scanner } from "./fast-scan.js";

/** Reads over one type, ending after its last token. */
export function skipType(s: Scanner): void {
  if (s.kind() === "|" || s.kind() === "&") s.next();
  for (;;) {
    skipTypeOperator(s);
    if (s.kind() !== "|" && s.kind() !== "&") break;
    s.next();
  }
  if (s.is("extends") && !s.lineBefore) throw new Unsupported("conditional type");
}

/** Reads over `<T extends U = V, ...>` when the current token is `<`. */
export function skipTypeParameters(s: Scanner): void {
  if (s.kind() !== "<") return;
  s.next();
  for (;;) {
    if (s.kind() !== "ident" || typeParameterModifiers.has(s.value)) throw new Unsupported("type parameter");
    s.next();
    if (s.is("extends")) {
      s.next();
      skipType(s);
    }
    if (s.kind() === "=") {
      s.next();
      skipType(s);
    }
    if (s.kind() !== ",") break;
    s.next();
    if (s.kind() === ">") break;
  }
  expect(s, ">");
}

/** Reads over an object type's members, from `{` to after `}`. */
export function skipObjectType(s: Scanner): void {
  expect(s, "{");
  while (s.kind() !== "}") {
    if (s.is("readonly")) {
      s.next();
      if (s.kind() === ":" || s.kind() === "?") {
        skipMemberRest(s);
        continue;
      }
    }
    if (s.kind() === "[") skipIndexSignature(s);
    else if (s.kind() === "ident" || s.kind() === "string" || s.kind() === "number") {
      s.next();
      skipMemberRest(s);
      continue;
    } else throw new Unsupported("type member");
    memberSeparator(s);
  }
  s.next();
}

const typeParameterModifiers = new Set(["in", "out", "const"]);
/** Reserved words that are types. */
const typeKeywords = new Set(["null", "void", "this", "true", "false"]);
/** Keywords that begin no type reference. */
const notTypeNames = new Set(["infer", "new", "asserts", "abstract", "function", "class", "import", "unique", "is"]);

function expect(s: Scanner, kind: string): void {
  if (s.kind() !== kind) throw new Unsupported(`expected ${kind}`);
  s.next();
}

/** After a member's name: `?`, `: type`, then the separator. */
function skipMemberRest(s: Scanner): void {
  if (s.kind() === "?") s.next();
  expect(s, ":");
  skipType(s);
  memberSeparator(s);
}

function skipIndexSignature(s: Scanner): void {
  expect(s, "[");
  if (s.kind() !== "ident") throw new Unsupported("index signature");
  s.next();
  expect(s, ":");
  skipType(s);
  expect(s, "]");
  expect(s, ":");
  skipType(s);
}

/** `;` or `,` between members; a line break or the closing `}` also ends one. */
function memberSeparator(s: Scanner): void {
  if (s.kind() === ";" || s.kind() === ",") s.next();
  else if (s.kind() !== "}" && !s.lineBefore) throw new Unsupported("member separator");
}

function skipTypeOperator(s: Scanner): void {
  while (s.is("keyof") || s.is("readonly")) s.next();
  skipPrimaryType(s);
  // `T[]` and `T["k"]`, never across a line break (TypeScript's rule).
  while (s.kind() === "[" && !s.lineBefore) {
    s.next();
    if (s.kind() !== "]") skipType(s);
    expect(s, "]");
  }
}

function skipPrimaryType(s: Scanner): void {
  switch (s.kind()) {
    case "ident":
      if (notTypeNames.has(s.value)) throw new Unsupported("type");
      if (s.is("typeof")) {
        s.next();
        skipEntityName(s);
        if (s.kind() === "<" && !s.lineBefore) throw new Unsupported("typeof with type arguments");
        return;
      }
      skipEntityName(s);
      if (s.kind() === "<" && !s.lineBefore) skipTypeArguments(s);
      return;
    case "string":
    case "number":
      s.next();
      return;
    case "-":
      s.next();
      expect(s, "number");
      return;
    case "{":
      skipObjectType(s);
      return;
    case "[":
      skipTuple(s);
      return;
    case "(":
      skipParenthesizedOrFunctionType(s);
      return;
    default:
      throw new Unsupported("type");
  }
}

function skipEntityName(s: Scanner): void {
  if (s.kind() !== "ident" || (reservedWords.has(s.value) && !typeKeywords.has(s.value))) throw new Unsupported("type name");
  s.next();
  while (s.kind() === ".") {
    s.next();
    if (s.kind() !== "ident" || s.lineBefore) throw new Unsupported("type name");
    s.next();
  }
}

function skipTypeArguments(s: Scanner): void {
  expect(s, "<");
  for (;;) {
    skipType(s);
    if (s.kind() !== ",") break;
    s.next();
  }
  expect(s, ">");
}

function skipTuple(s: Scanner): void {
  expect(s, "[");
  while (s.kind() !== "]") {
    skipType(s);
    if (s.kind() === "?") s.next();
    if (s.kind() !== ",") break;
    s.next();
  }
  expect(s, "]");
}

/** `(T)`, or a function type `(a: T, b?: U) => R`. */
function skipParenthesizedOrFunctionType(s: Scanner): void {
  const state = s.save();
  try {
    expect(s, "(");
    while (s.kind() !== ")") {
      if (s.kind() !== "ident") throw new Unsupported("parameter");
      s.next();
      if (s.kind() === "?") s.next();
      expect(s, ":");
      skipType(s);
      if (s.kind() !== ",") break;
      s.next();
    }
    expect(s, ")");
    expect(s, "=>");
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    s.restore(state);
    expect(s, "(");
    skipType(s);
    expect(s, ")");
    return;
  }
  skipType(s);
}
