/**
 * Stage one of extraction: one file's text → `ModuleSummary`, with the raw TypeScript parser
 * (no Project, no type checker). Expressions become `StaticNode`s: nothing is resolved here, so
 * the result depends on the file alone and can be cached by content hash.
 */
import type { ts } from "ts-morph";
import { diagnostic, type Diagnostic } from "../diagnostics.js";
import { typescriptApi } from "./typescript.js";
import {
  callText,
  defaultBinding,
  dslSpecifier,
  skippedSummary,
  type Binding,
  type ExportTarget,
  type ModuleSummary,
  type ObjectEntry,
  type SourceRange,
  type StaticNode,
  type TopStatement,
  shorten,
} from "./summary.js";

export { dslSpecifier } from "./summary.js";

/** TypeScript's API, loaded by the first file this reader parses (the fast reader needs none). */
let typescript: typeof ts;
let Kind: typeof ts.SyntaxKind;

/** Options of `summarizeModule`; `force` parses a file even when it imports nothing. */
export interface SummarizeOptions {
  readonly force?: boolean;
}

/**
 * Summarizes one file (a pure function of its path, text and options). A file that imports
 * nothing at all is skipped without parsing, unless `force` is set (another file imports it).
 */
export function summarizeModule(file: string, text: string, options: SummarizeOptions = {}): ModuleSummary {
  const skipped = skippedSummary(file, text, options.force === true);
  if (skipped !== null) return skipped;
  if (typescript === undefined) {
    typescript = typescriptApi();
    Kind = typescript.SyntaxKind;
  }
  // No parent pointers (setParentNodes false): every position is read with the source file given.
  const source = typescript.createSourceFile(file, text, typescript.ScriptTarget.Latest, false, typescript.ScriptKind.TS);
  const reader = new ModuleReader(file, source);
  for (const statement of source.statements) reader.statement(statement);
  return reader.summary();
}

class ModuleReader {
  private readonly bindings: Record<string, Binding> = {};
  private readonly exports: Record<string, ExportTarget> = {};
  private readonly stars: string[] = [];
  private readonly specifiers: string[] = [];
  private readonly statements: TopStatement[] = [];

  constructor(
    private readonly file: string,
    private readonly source: ts.SourceFile,
  ) {}

  summary(): ModuleSummary {
    return {
      file: this.file,
      importsSchemac: this.specifiers.includes(dslSpecifier),
      specifiers: this.specifiers,
      bindings: this.bindings,
      exports: this.exports,
      stars: this.stars,
      statements: this.statements,
      diagnostics: syntaxErrors(this.file, this.source),
    };
  }

  statement(node: ts.Statement): void {
    if (typescript.isImportDeclaration(node)) this.importDeclaration(node);
    else if (typescript.isExportDeclaration(node)) this.exportDeclaration(node);
    else if (typescript.isVariableStatement(node)) this.variableStatement(node);
    else if (typescript.isFunctionDeclaration(node)) this.functionDeclaration(node);
    else if (typescript.isExportAssignment(node)) {
      this.bindings[defaultBinding] = { k: "value", value: toNode(node.expression, this.source), ...offsets(node, this.source) };
      this.exports["default"] = { k: "local", name: defaultBinding };
      this.statements.push({ k: "binding", name: defaultBinding });
    } else if (typescript.isExpressionStatement(node)) {
      this.statements.push({ k: "expr", value: toNode(node.expression, this.source) });
    } else if (typescript.isClassDeclaration(node) || typescript.isEnumDeclaration(node)) {
      const name = node.name?.text;
      if (name === undefined) return;
      const found = typescript.isClassDeclaration(node) ? `the class ${name}` : `the TypeScript enum ${name}`;
      this.bindings[name] = { k: "other", found, ...offsets(node, this.source) };
      if (isExported(node)) this.exports[name] = { k: "local", name };
    }
  }

  private importDeclaration(node: ts.ImportDeclaration): void {
    const clause = node.importClause;
    if (!typescript.isStringLiteral(node.moduleSpecifier) || clause?.isTypeOnly) return;
    const specifier = node.moduleSpecifier.text;
    this.specifiers.push(specifier);
    if (clause === undefined) return;
    const at = offsets(node, this.source);
    if (clause.name) this.bindings[clause.name.text] = { k: "import", specifier, imported: "default", ...at };
    const named = clause.namedBindings;
    if (named && typescript.isNamespaceImport(named)) {
      this.bindings[named.name.text] = { k: "import", specifier, imported: "*", ...offsets(named, this.source) };
    } else if (named) {
      for (const element of named.elements) {
        if (element.isTypeOnly) continue;
        const imported = element.propertyName ? moduleExportName(element.propertyName) : element.name.text;
        this.bindings[element.name.text] = { k: "import", specifier, imported, ...offsets(element, this.source) };
      }
    }
  }

  private exportDeclaration(node: ts.ExportDeclaration): void {
    if (node.isTypeOnly) return;
    const from = node.moduleSpecifier && typescript.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    if (from !== undefined) this.specifiers.push(from);
    const clause = node.exportClause;
    if (clause === undefined) {
      if (from !== undefined) this.stars.push(from);
      return;
    }
    if (typescript.isNamespaceExport(clause)) {
      if (from !== undefined) this.exports[moduleExportName(clause.name)] = { k: "from", specifier: from, imported: "*" };
      return;
    }
    for (const element of clause.elements) {
      if (element.isTypeOnly) continue;
      const local = element.propertyName ? moduleExportName(element.propertyName) : element.name.text;
      const exported = moduleExportName(element.name);
      this.exports[exported] = from === undefined ? { k: "local", name: local } : { k: "from", specifier: from, imported: local };
    }
  }

  private variableStatement(node: ts.VariableStatement): void {
    const isConst = (node.declarationList.flags & typescript.NodeFlags.Const) !== 0;
    const exported = isExported(node);
    for (const declaration of node.declarationList.declarations) {
      if (!typescript.isIdentifier(declaration.name)) continue;
      const name = declaration.name.text;
      const at = offsets(declaration, this.source);
      if (!isConst) {
        const keyword = (node.declarationList.flags & typescript.NodeFlags.Let) !== 0 ? "let" : "var";
        this.bindings[name] = { k: "other", found: `the ${keyword} variable ${name}`, ...at };
      } else if (declaration.initializer === undefined) {
        this.bindings[name] = { k: "other", found: `the declared constant ${name}`, ...at };
      } else {
        this.bindings[name] = { k: "value", value: toNode(declaration.initializer, this.source), ...at };
        this.statements.push({ k: "binding", name });
      }
      if (exported) this.exports[name] = { k: "local", name };
    }
  }

  private functionDeclaration(node: ts.FunctionDeclaration): void {
    if (node.body === undefined) return;
    const isDefault = node.modifiers?.some((m) => m.kind === typescript.SyntaxKind.DefaultKeyword) ?? false;
    const name = node.name?.text ?? defaultBinding;
    this.bindings[name] = { k: "value", value: functionNode(node, this.source), ...offsets(node, this.source) };
    if (isDefault) this.exports["default"] = { k: "local", name };
    else if (isExported(node)) this.exports[name] = { k: "local", name };
  }
}

function isExported(node: ts.Node): boolean {
  return typescript.canHaveModifiers(node) && (typescript.getModifiers(node)?.some((m) => m.kind === typescript.SyntaxKind.ExportKeyword) ?? false);
}

function moduleExportName(name: ts.ModuleExportName): string {
  return name.text;
}

function offsets(node: ts.Node, source: ts.SourceFile): SourceRange {
  return { start: node.getStart(source), end: node.end };
}

/** The parse errors of a file as SC2007 diagnostics. */
function syntaxErrors(file: string, source: ts.SourceFile): Diagnostic[] {
  const parsed = (source as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  return parsed.map((d) => {
    const start = d.start ?? 0;
    const message = typescript.flattenDiagnosticMessageText(d.messageText, " ").replace(/\.$/, "");
    return diagnostic("SyntaxError", { file, start, end: start + (d.length ?? 0) }, lowerFirst(message));
  });
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Reads an expression into a `StaticNode`; `params` are names that are function parameters.
 * One switch on the node kind, the commonest kinds first: the hot loop of stage one.
 */
function toNode(node: ts.Expression, source: ts.SourceFile, params: ReadonlySet<string> = noParams): StaticNode {
  const at = offsets(node, source);
  switch (node.kind) {
    case Kind.CallExpression:
      return callNode(node as ts.CallExpression, source, params, at);
    case Kind.PropertyAccessExpression: {
      const access = node as ts.PropertyAccessExpression;
      return { k: "member", object: toNode(access.expression, source, params), name: access.name.text, ...at };
    }
    case Kind.Identifier:
      return identifierNode(node as ts.Identifier, params, at);
    case Kind.StringLiteral:
    case Kind.NoSubstitutionTemplateLiteral:
      return { k: "lit", v: (node as ts.StringLiteralLike).text, ...at };
    case Kind.NumericLiteral:
      return numberNode(node as ts.NumericLiteral, source, at);
    case Kind.ObjectLiteralExpression:
      return objectNode(node as ts.ObjectLiteralExpression, source, params, at);
    case Kind.ArrowFunction:
    case Kind.FunctionExpression:
      return functionNode(node as ts.ArrowFunction | ts.FunctionExpression, source, params);
    case Kind.TrueKeyword:
      return { k: "lit", v: true, ...at };
    case Kind.FalseKeyword:
      return { k: "lit", v: false, ...at };
    case Kind.NullKeyword:
      return { k: "lit", v: null, ...at };
    case Kind.ParenthesizedExpression:
    case Kind.AsExpression:
    case Kind.SatisfiesExpression:
    case Kind.NonNullExpression:
    case Kind.TypeAssertionExpression:
      return toNode((node as ts.ParenthesizedExpression).expression, source, params);
    default:
      return rareNode(node, source, params, at);
  }
}

function identifierNode(node: ts.Identifier, params: ReadonlySet<string>, at: SourceRange): StaticNode {
  if (node.text === "undefined") return { k: "undef", ...at };
  if (params.has(node.text)) return { k: "bad", found: "a parameter", ...at };
  return { k: "ref", name: node.text, ...at };
}

function rareNode(node: ts.Expression, source: ts.SourceFile, params: ReadonlySet<string>, at: SourceRange): StaticNode {
  if (typescript.isPrefixUnaryExpression(node)) return prefixUnary(node, source, params, at);
  if (typescript.isArrayLiteralExpression(node)) {
    return { k: "arr", items: node.elements.map((e) => (typescript.isSpreadElement(e) ? { k: "spread", value: toNode(e.expression, source, params), ...offsets(e, source) } : toNode(e, source, params))), ...at };
  }
  if (typescript.isElementAccessExpression(node) && typescript.isStringLiteralLike(node.argumentExpression)) {
    return { k: "member", object: toNode(node.expression, source, params), name: node.argumentExpression.text, ...at };
  }
  if (typescript.isTaggedTemplateExpression(node)) {
    const { parts, subs } = templateParts(node.template, source, params);
    return { k: "tagged", tag: toNode(node.tag, source, params), parts, subs, ...at };
  }
  if (typescript.isTemplateExpression(node)) return { k: "tpl", ...templateParts(node, source, params), ...at };
  if (typescript.isBinaryExpression(node) && node.operatorToken.kind === Kind.PlusToken) {
    return { k: "plus", left: toNode(node.left, source, params), right: toNode(node.right, source, params), ...at };
  }
  return { k: "bad", found: describeSyntax(node, source), ...at };
}

const noParams: ReadonlySet<string> = new Set();

/**
 * A number literal. One JavaScript reads as Infinity (`1e999`) is no value for a schema, and JSON
 * (the summary cache) could not hold it: it is reported like any expression schemac cannot use.
 */
function numberNode(node: ts.NumericLiteral, source: ts.SourceFile, at: SourceRange): StaticNode {
  const value = Number(node.text.replace(/_/g, ""));
  return Number.isFinite(value) ? { k: "lit", v: value, ...at } : { k: "bad", found: `the number ${shorten(node.getText(source))}, which is Infinity`, ...at };
}

function prefixUnary(node: ts.PrefixUnaryExpression, source: ts.SourceFile, params: ReadonlySet<string>, at: SourceRange): StaticNode {
  const operand = toNode(node.operand, source, params);
  const isSign = node.operator === typescript.SyntaxKind.MinusToken || node.operator === typescript.SyntaxKind.PlusToken;
  if (isSign && operand.k === "lit" && typeof operand.v === "number") {
    // Never -0: JSON (the summary cache) would give it back as 0; for SQL the two are the same.
    return { k: "lit", v: node.operator === typescript.SyntaxKind.MinusToken && operand.v !== 0 ? -operand.v : operand.v, ...at };
  }
  return { k: "bad", found: `the expression ${shorten(node.getText(source))}`, ...at };
}

function objectNode(node: ts.ObjectLiteralExpression, source: ts.SourceFile, params: ReadonlySet<string>, at: SourceRange): StaticNode {
  const entries: ObjectEntry[] = [];
  for (const property of node.properties) {
    const pat = offsets(property, source);
    if (typescript.isSpreadAssignment(property)) {
      entries.push({ k: "spread", value: toNode(property.expression, source, params), ...pat });
    } else if (typescript.isShorthandPropertyAssignment(property)) {
      entries.push({ k: "prop", key: property.name.text, value: toNode(property.name, source, params), ...pat });
    } else if (typescript.isPropertyAssignment(property)) {
      const key = propertyKey(property.name);
      const value = key === undefined ? { k: "bad" as const, found: "a computed property name", ...offsets(property.name, source) } : toNode(property.initializer, source, params);
      entries.push({ k: "prop", key: key ?? "", value, ...pat });
    } else {
      const key = property.name ? propertyKey(property.name) : undefined;
      entries.push({ k: "prop", key: key ?? "", value: { k: "bad", found: "a method or accessor", ...pat }, ...pat });
    }
  }
  return { k: "obj", entries, ...at };
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (typescript.isIdentifier(name) || typescript.isStringLiteral(name) || typescript.isNumericLiteral(name) || typescript.isPrivateIdentifier(name)) return name.text;
  if (typescript.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (typescript.isComputedPropertyName(name) && typescript.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

function callNode(node: ts.CallExpression, source: ts.SourceFile, params: ReadonlySet<string>, at: SourceRange): StaticNode {
  if (node.expression.kind === typescript.SyntaxKind.ImportKeyword) return { k: "bad", found: `a dynamic import ${callText(source.text, at)}`, ...at };
  const args = node.arguments.map((a) => (typescript.isSpreadElement(a) ? { k: "bad" as const, found: "a spread argument", ...offsets(a, source) } : toNode(a, source, params)));
  return { k: "call", callee: toNode(node.expression, source, params), args, ...at };
}

function templateParts(node: ts.TemplateLiteral, source: ts.SourceFile, params: ReadonlySet<string>): { parts: string[]; subs: StaticNode[] } {
  if (typescript.isNoSubstitutionTemplateLiteral(node)) return { parts: [node.text], subs: [] };
  const parts = [node.head.text];
  const subs: StaticNode[] = [];
  for (const span of node.templateSpans) {
    subs.push(toNode(span.expression, source, params));
    parts.push(span.literal.text);
  }
  return { parts, subs };
}

/** A function whose body is one returned expression; other bodies are not static. */
function functionNode(node: ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration, source: ts.SourceFile, outer: ReadonlySet<string> = noParams): StaticNode {
  const at = offsets(node, source);
  const names = new Set(outer);
  for (const p of node.parameters) {
    if (typescript.isIdentifier(p.name)) names.add(p.name.text);
  }
  const body = node.body;
  let value: StaticNode;
  if (body === undefined) value = { k: "bad", found: "a function without a body", ...at };
  else if (!typescript.isBlock(body)) value = toNode(body, source, names);
  else {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    value = only && typescript.isReturnStatement(only) && only.expression
      ? toNode(only.expression, source, names)
      : { k: "bad", found: "a function body that is not a single return statement", ...offsets(body, source) };
  }
  return { k: "fn", params: node.parameters.length, body: value, ...at };
}

function describeSyntax(node: ts.Expression, source: ts.SourceFile): string {
  if (typescript.isConditionalExpression(node)) return "a conditional expression";
  if (typescript.isNewExpression(node)) return `a new expression`;
  if (typescript.isBinaryExpression(node)) return `the operator ${node.operatorToken.getText(source)}`;
  if (typescript.isRegularExpressionLiteral(node)) return "a regular expression";
  if (typescript.isAwaitExpression(node)) return "an await expression";
  if (typescript.isClassExpression(node)) return "a class expression";
  if (node.kind === typescript.SyntaxKind.ThisKeyword) return "this";
  return `a ${typescript.SyntaxKind[node.kind] ?? "expression"}`;
}
