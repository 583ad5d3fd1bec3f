/**
 * Which module an operation of a plan belongs to: the module of the table, enum or Postgres
 * schema it changes, looked up in the model. An object that the model no longer has (a dropped
 * table whose file is gone) belongs to the module the snapshot recorded for it; failing that
 * (a snapshot written before modules were recorded), to the module that declares its Postgres
 * schema, if one does; else its module is unknown (null).
 */
import type { Graph, QualifiedName } from "../graph.js";
import { emptyGraph, qualifiedKey } from "../graph.js";
import type { Operation, OperationKind, OperationOf, PlannedOperation } from "../operations.js";

/** What an operation changes: a table, an enum or a Postgres schema. */
interface Subject {
  readonly kind: "table" | "enum" | "schema";
  readonly name: QualifiedName;
}

const table = (name: QualifiedName): Subject => ({ kind: "table", name });
const enumType = (name: QualifiedName): Subject => ({ kind: "enum", name });
type OnTable = { readonly table: QualifiedName };
const onTable = (op: OnTable): Subject => table(op.table);

const subjects: { readonly [K in OperationKind]: (op: OperationOf<K>) => Subject } = {
  createSchema: (op) => ({ kind: "schema", name: { schema: op.schema.name, name: op.schema.name } }),
  dropSchema: (op) => ({ kind: "schema", name: { schema: op.schema.name, name: op.schema.name } }),
  renameSchema: (op) => ({ kind: "schema", name: { schema: op.to, name: op.to } }),
  renameEnum: (op) => enumType({ schema: op.from.schema, name: op.to }),
  renameEnumValue: (op) => enumType(op.enum),
  createEnum: (op) => enumType(op.enum),
  dropEnum: (op) => enumType(op.enum),
  addEnumValue: (op) => enumType(op.enum),
  rebuildEnum: (op) => enumType(op.to),
  createTable: onTable,
  dropTable: onTable,
  renameTable: (op) => table({ schema: op.from.schema, name: op.to }),
  addColumn: onTable,
  dropColumn: onTable,
  renameColumn: onTable,
  renameConstraint: onTable,
  renameIndex: onTable,
  renameSequence: onTable,
  alterColumnType: onTable,
  dropExpression: onTable,
  setNotNull: onTable,
  dropNotNull: onTable,
  setDefault: onTable,
  setIdentity: onTable,
  createSequence: onTable,
  dropSequence: onTable,
  addPrimaryKey: onTable,
  dropPrimaryKey: onTable,
  addUnique: onTable,
  dropUnique: onTable,
  addCheck: onTable,
  dropCheck: onTable,
  addForeignKey: onTable,
  dropForeignKey: onTable,
  validateConstraint: onTable,
  createIndex: onTable,
  dropIndex: onTable,
  setTableComment: onTable,
  setColumnComment: onTable,
};

/** Name → module of the objects of a graph that record one; `first` wins over `then`. */
function modules<T>(first: readonly T[], then: readonly T[], key: (item: T) => string, module: (item: T) => string | undefined): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  for (const item of [...then, ...first]) {
    const m = module(item);
    if (m !== undefined) found.set(key(item), m);
  }
  return found;
}

/**
 * Looks up the module of planned operations in a model (the graph after the migration) and,
 * for what the model no longer declares, in the previous snapshot (the graph before it).
 */
export class ModuleLookup {
  private readonly tables: ReadonlyMap<string, string>;
  private readonly enums: ReadonlyMap<string, string>;
  private readonly schemas: ReadonlyMap<string, string>;

  constructor(model: Graph, previous: Graph = emptyGraph) {
    this.tables = modules(model.tables, previous.tables, qualifiedKey, (t) => t.module);
    this.enums = modules(model.enums, previous.enums, qualifiedKey, (e) => e.module);
    this.schemas = modules(model.schemas, previous.schemas, (s) => s.name, (s) => s.module);
  }

  /** Answers of `of` so far, by operation: a build asks once for the files' headers and once to print the plan. */
  private readonly answers = new WeakMap<Operation, string | null>();

  /** The module of one operation, or null when the model cannot tell. */
  of(planned: PlannedOperation): string | null {
    let module = this.answers.get(planned.operation);
    if (module === undefined) this.answers.set(planned.operation, (module = this.lookUp(planned.operation)));
    return module;
  }

  private lookUp(op: Operation): string | null {
    const subject = (subjects[op.kind] as (o: typeof op) => Subject)(op);
    const byKind = subject.kind === "table" ? this.tables : subject.kind === "enum" ? this.enums : this.schemas;
    const key = subject.kind === "schema" ? subject.name.name : qualifiedKey(subject.name);
    return byKind.get(key) ?? this.schemas.get(subject.name.schema) ?? null;
  }

  /** The modules a plan touches, sorted; null stands for operations of no known module. */
  touched(operations: readonly PlannedOperation[]): (string | null)[] {
    const found = new Set(operations.map((p) => this.of(p)));
    const known = [...found].filter((m): m is string => m !== null).sort();
    return found.has(null) ? [...known, null] : known;
  }

  /** Operations grouped by module, modules sorted (unknown last); plan order kept within a group. */
  group(operations: readonly PlannedOperation[]): { readonly module: string | null; readonly operations: PlannedOperation[] }[] {
    // One lookup per operation (a filter per module would be quadratic in a first build).
    const byModule = new Map<string | null, PlannedOperation[]>();
    for (const p of operations) {
      const module = this.of(p);
      const group = byModule.get(module);
      if (group === undefined) byModule.set(module, [p]);
      else group.push(p);
    }
    const known = [...byModule.keys()].filter((m): m is string => m !== null).sort();
    const order = byModule.has(null) ? [...known, null] : known;
    return order.map((module) => ({ module, operations: byModule.get(module) ?? [] }));
  }
}

/** `moduleLookup` results by model, then by previous snapshot. */
const lookups = new WeakMap<Graph, WeakMap<Graph, ModuleLookup>>();

/**
 * The lookup of a model and a previous snapshot, made once per pair (graphs are immutable): a
 * build names the migration's modules and then prints the plan grouped by module.
 */
export function moduleLookup(model: Graph, previous: Graph = emptyGraph): ModuleLookup {
  let byPrevious = lookups.get(model);
  if (byPrevious === undefined) lookups.set(model, (byPrevious = new WeakMap()));
  let lookup = byPrevious.get(previous);
  if (lookup === undefined) byPrevious.set(previous, (lookup = new ModuleLookup(model, previous)));
  return lookup;
}

/** How output names the group of operations whose module is unknown. */
export const unknownModule = "(module unknown: no longer declared)";

/**
 * The snapshot with each table, enum and Postgres schema given the module the model declares it
 * in (the same schema otherwise): what a rewrite of an older snapshot records.
 */
export function withModelModules(snapshot: Graph, model: Graph): Graph {
  const tables = new Map(model.tables.map((t) => [qualifiedKey(t), t.module]));
  const enums = new Map(model.enums.map((e) => [qualifiedKey(e), e.module]));
  const schemas = new Map(model.schemas.map((x) => [x.name, x.module]));
  const owned = <T extends object>(item: T, module: string | undefined): T => (module === undefined ? item : { ...item, module });
  return {
    schemas: snapshot.schemas.map((x) => owned(x, schemas.get(x.name))),
    enums: snapshot.enums.map((e) => owned(e, enums.get(qualifiedKey(e)))),
    tables: snapshot.tables.map((t) => owned(t, tables.get(qualifiedKey(t)))),
  };
}
