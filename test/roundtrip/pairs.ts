/**
 * Hand-made model pairs for the round-trip suites (PostgreSQL and pg-mem): each is a `before`
 * and an `after` model written with the DSL and resolved by `resolveGraph`, so the graphs are
 * exactly what the compiler makes of declarations (the normalization introspection must match).
 * Together they cover every column type, serial, identity, generated columns, enums and
 * arrays, every kind of default, composite keys, FK cycles, index kinds, checks, comments,
 * pgSchema, and the changes of the example's history.
 */
import type { Graph } from "../../compiler/graph.js";
import { emptyGraph } from "../../compiler/graph.js";
import { resolveGraph } from "../../compiler/resolve.js";
import { validateGraph } from "../../compiler/validate.js";
import { declarationKey, type Declared } from "../../schema/registry.js";
import {
  bigint,
  bigserial,
  boolean,
  bytea,
  char,
  check,
  date,
  doublePrecision,
  enumType,
  foreignKey,
  index,
  inet,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  pgSchema,
  real,
  serial,
  smallint,
  sql,
  table,
  text,
  time,
  timestamp,
  timestamptz,
  uniqueIndex,
  uuid,
  varchar,
} from "../../schema/index.js";

/** A named pair of models; the graphs are built on demand. */
export interface ModelPair {
  readonly name: string;
  readonly before: () => Graph;
  readonly after: () => Graph;
}

/**
 * The graph of some DSL declarations, read the way `takeDeclarations` reads them but without
 * emptying the global registry (other suites may still need their own registrations).
 */
export function model(...declared: Declared[]): Graph {
  const decls = declared.map((d) => d[declarationKey]());
  const graph = resolveGraph(decls);
  const errors = validateGraph(decls, graph).filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`invalid test model: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return graph;
}

const empty = (): Graph => emptyGraph;

function everyType(): Graph {
  const t = table("every_type", {
    a_smallint: smallint(),
    a_integer: integer().primaryKey(),
    a_bigint: bigint(),
    a_numeric: numeric(),
    a_numeric_p: numeric(12),
    a_numeric_ps: numeric(10, 2),
    a_real: real(),
    a_double: doublePrecision(),
    a_boolean: boolean().notNull(),
    a_text: text(),
    a_varchar: varchar(),
    a_varchar_n: varchar(255),
    a_char: char(2),
    a_uuid: uuid(),
    a_date: date(),
    a_time: time(),
    a_time_p: time(3),
    a_timestamp: timestamp(),
    a_timestamp_p: timestamp(3),
    a_timestamptz: timestamptz(),
    a_timestamptz_p: timestamptz(6),
    a_interval: interval(),
    a_json: json(),
    a_jsonb: jsonb(),
    a_bytea: bytea(),
    a_inet: inet(),
    CamelCase: text().collate("C"),
  });
  return model(t);
}

function sequences(): Graph {
  const counter = table("counter", {
    id: serial().primaryKey(),
    big: bigserial(),
    always: integer().identity("always", { start: 10, increment: 5, min: 1, max: 100000, cache: 3, cycle: true }),
    by_default: bigint().identity("by default"),
  });
  return model(counter);
}

function generated(): Graph {
  const line = table("invoice_line", {
    qty: integer().notNull(),
    price: numeric(10, 2).notNull(),
    total: numeric(12, 2).generatedAs(sql`qty * price`),
    label: text().generatedAs(sql`'#' || qty::text`),
  });
  return model(line);
}

const billing = pgSchema("billing");
const mood = enumType("mood", ["sad", "ok", "happy"]);
const invoiceStatus = billing.enumType("invoice_status", ["draft", "sent"]);

function enumsAndArrays(): Graph {
  const person = table("person", {
    m: mood().notNull().default("ok"),
    moods: mood().array(),
    tags: text().array(),
    grid: integer().array().array(),
    codes: varchar(20).array(),
  });
  const invoice = billing.table("invoice", { status: invoiceStatus().default("draft"), history: invoiceStatus().array() });
  return model(billing, mood, invoiceStatus, person, invoice);
}

function defaults(): Graph {
  const d = table("defaults", {
    quoted: text().default("it's"),
    num: integer().default(42),
    neg: integer().default(-1),
    dec: numeric(10, 2).default(1.5),
    dbl: doublePrecision().default(-2.5),
    flag: boolean().default(false),
    obj: jsonb().default({ a: [1, "x"] }),
    list: json().default([]),
    arr: text().array().default(["a", "b c"]),
    ints: integer().array().default([1, 2]),
    at: timestamptz().default(sql`now()`),
    id: uuid().default(sql`gen_random_uuid()`),
    day: date().default("2020-01-31"),
    stamp: timestamp().default(sql`CURRENT_TIMESTAMP`),
    code: char(2).default("ab"),
    name: varchar(40).default(""),
    m: mood().default("happy"),
    expr: integer().default(sql`(1 + 2)`),
  });
  return model(mood, d);
}

const account = table("account", { tenant: integer(), id: integer(), email: text() }, { primaryKey: ["tenant", "id"], uniques: [["tenant", "email"]] });
const membership = table(
  "membership",
  { tenant: integer().notNull(), account_id: integer().notNull(), role: text() },
  {
    primaryKey: { name: "membership_key", columns: ["tenant", "account_id", "role"] },
    uniques: [{ name: "membership_one_role", columns: ["account_id", "role"] }],
    foreignKeys: [foreignKey({ columns: ["tenant", "account_id"], references: () => [account.tenant, account.id], onDelete: "cascade", onUpdate: "restrict" })],
  },
);

const author = table("author", {
  id: integer().primaryKey(),
  best_book_id: integer().references(() => book.id, { onDelete: "set null", name: "author_best_book" }),
});
const book = table("book", {
  id: integer().primaryKey(),
  author_id: integer().notNull().references(() => author.id, { onDelete: "cascade", onUpdate: "cascade" }),
  editor_id: integer().references(() => author.id, { onDelete: "set default" }).default(0),
  co_author_id: integer().references(() => author.id, { onDelete: "restrict" }),
});

function indexes(): Graph {
  const doc = table(
    "doc",
    { id: integer().primaryKey(), owner: integer(), title: text(), body: jsonb(), created: timestamptz(), kind: text() },
    {
      indexes: [
        index().on("owner"),
        index("doc_owner_title_idx").on("owner", "title"),
        uniqueIndex().on("title").where(sql`kind = 'page' AND owner IS NOT NULL`),
        uniqueIndex("doc_kind_key").on("kind", "owner"),
        index("doc_title_hash").on("title").using("hash"),
        index("doc_body_gin").on("body").using("gin"),
        index("doc_created_brin").on("created").using("brin"),
        index("doc_kinds_idx").on("kind").where(sql`kind IN ('a', 'b')`),
      ],
    },
  );
  return model(doc);
}

function checks(): Graph {
  const item = table(
    "item",
    { price: numeric(10, 2), qty: integer(), kind: text(), m: mood(), starts: date(), ends: date() },
    {
      checks: [
        check(sql`price >= 0`),
        check("item_qty_range", sql`qty BETWEEN 1 AND 100`),
        check("item_kind_known", sql`kind IN ('a', 'b')`),
        check("item_mood_not_sad", sql`m <> 'sad'`),
        check("item_period", sql`ends IS NULL OR ends >= starts`),
        check("item_kind_upper", sql`upper(kind) = kind`),
      ],
    },
  );
  return model(mood, item);
}

function comments(): Graph {
  const note = table("note", { body: text().comment("what it's about"), at: timestamptz().comment("when") }, { comment: "notes, 'quoted'" });
  return model(note);
}

function crossSchema(): Graph {
  const customer = table("customer", { id: uuid().primaryKey().default(sql`gen_random_uuid()`) });
  const payment = billing.table(
    "payment",
    { id: bigint().primaryKey().identity("always"), customer_id: uuid().notNull().references(() => customer.id), status: invoiceStatus().notNull() },
    { indexes: [index().on("customer_id")], comment: "billing payments" },
  );
  return model(billing, invoiceStatus, customer, payment);
}

const userV1 = table("user", { id: integer().primaryKey(), email: varchar(255).notNull(), name: text().default("a") });
const userAdded = table("user", {
  id: integer().primaryKey(),
  email: varchar(255).notNull(),
  name: text().default("a"),
  display_name: text(),
  score: integer().notNull().default(0).comment("points"),
});
const userWide = table("user", { id: integer().primaryKey(), email: varchar(320).notNull(), name: text().default("a") });
const userNewDefault = table("user", { id: integer().primaryKey(), email: varchar(255).notNull().default(sql`'x' || 'y'`), name: text().default("b") });
const userNullable = table("user", { id: integer().primaryKey(), email: varchar(255), name: text().default("a") });
const userDropped = table("user", { id: integer().primaryKey(), name: text().default("a") });

const status = enumType("status", ["pending", "paid"]);
const statusAppended = enumType("status", ["pending", "paid", "refunded"]);
const statusInserted = enumType("status", ["pending", "refunded", "paid"]);
const order = (s: typeof statusAppended | typeof status) => table("order", { id: integer().primaryKey(), status: s().notNull().default("pending") });

const tier = enumType("tier", ["free", "basic", "pro", "gold"]);
const tierLess = enumType("tier", ["free", "pro", "plus"]);
const tierReordered = enumType("tier", ["gold", "pro", "basic", "free"]);
const plan = (t: typeof tier | typeof tierLess) =>
  table(
    "plan",
    { id: integer().primaryKey(), tier: t().notNull().default(t === tierLess ? sql`'pro'` : sql`'basic'`), history: t().array().default(sql`'{}'`) },
    { checks: [check("plan_tier_not_free", sql`tier <> 'free' OR id > 0`)], indexes: [index("plan_pro_idx").on("id").where(sql`tier = 'pro'`)] },
  );
const membershipTier = (t: typeof tier | typeof tierLess) => table("member", { id: integer().primaryKey(), tier: t() });
const orderMood = table("moody", { id: integer().primaryKey(), m: mood().default("ok") });
const orderNoMood = table("moody", { id: integer().primaryKey() });
const orderTextMood = table("moody", { id: integer().primaryKey(), m: text().default("ok") });

const accountKey = (type: "integer" | "bigint") => table("acct", { id: (type === "integer" ? integer() : bigint()).primaryKey(), code: varchar(20).unique() });
const accountRef = (type: "integer" | "bigint", key: ReturnType<typeof accountKey>) =>
  table("acct_ref", { id: integer().primaryKey(), acct_id: (type === "integer" ? integer() : bigint()).references(() => key.id), code: text().references(() => key.code) });
const intKey = accountKey("integer");
const bigKey = accountKey("bigint");
const uuidKey = table("acct", { id: uuid().primaryKey().using(sql`gen_random_uuid()`), code: varchar(20).unique() });
const uuidRef = table("acct_ref", { id: integer().primaryKey(), acct_id: uuid().references(() => uuidKey.id).using(sql`NULL`), code: text().references(() => uuidKey.code) });

const parent = table("parent", { id: integer().primaryKey() }, { comment: "p" });
const child = table("child", { id: integer().primaryKey(), parent_id: integer().references(() => parent.id, { onDelete: "cascade" }) });
const childAlone = table("child", { id: integer().primaryKey(), parent_id: integer() });

type AnyColumn = Parameters<typeof table>[1][string];
/** Table `keyed` whose key `id` is the column `id()` makes (a primary key). */
const keyed = (id: () => AnyColumn) => (): Graph => model(table("keyed", { id: id(), label: text() }));
const serialKey = keyed(() => serial().primaryKey());
const bigserialKey = keyed(() => bigserial().primaryKey());
const identityKey = keyed(() => integer().identity("always").primaryKey());
const bigIdentityKey = keyed(() => bigint().identity("by default", { start: 10, increment: 2 }).primaryKey());
const byDefaultKey = keyed(() => integer().identity("by default").primaryKey());

/** Every pair, in a fixed order; names are sentences for the test titles. */
export const modelPairs: readonly ModelPair[] = [
  { name: "creates a table with every column type", before: empty, after: everyType },
  { name: "creates serial, bigserial and identity columns", before: empty, after: sequences },
  { name: "creates generated columns", before: empty, after: generated },
  { name: "creates enums in two schemas, enum columns and arrays", before: empty, after: enumsAndArrays },
  { name: "creates defaults of every kind", before: empty, after: defaults },
  { name: "creates composite primary, unique and foreign keys", before: empty, after: () => model(account, membership) },
  { name: "creates tables whose foreign keys form a cycle", before: empty, after: () => model(author, book) },
  { name: "creates partial, unique, multi-column and non-btree indexes", before: empty, after: indexes },
  { name: "creates named and unnamed checks", before: empty, after: checks },
  { name: "creates comments on a table and its columns", before: empty, after: comments },
  { name: "creates a pgSchema with an enum and a table referencing public", before: empty, after: crossSchema },
  { name: "drops a whole schema of tables, enums and cycles", before: () => mergeGraphs(crossSchema(), model(author, book)), after: empty },
  { name: "adds columns, one not null with a default and a comment", before: () => model(userV1), after: () => model(userAdded) },
  { name: "widens a varchar", before: () => model(userV1), after: () => model(userWide) },
  { name: "changes defaults, one to an sql expression", before: () => model(userV1), after: () => model(userNewDefault) },
  { name: "drops a not null", before: () => model(userV1), after: () => model(userNullable) },
  { name: "adds an enum value at the end", before: () => model(status, order(status)), after: () => model(statusAppended, order(statusAppended)) },
  { name: "adds an enum value before another", before: () => model(status, order(status)), after: () => model(statusInserted, order(statusInserted)) },
  {
    name: "removes and adds enum values by rebuilding the type: columns, arrays, defaults, checks and partial indexes follow",
    before: () => model(tier, plan(tier), membershipTier(tier)),
    after: () => model(tierLess, plan(tierLess), membershipTier(tierLess)),
  },
  { name: "reorders enum values by rebuilding the type", before: () => model(tier, plan(tier)), after: () => model(tierReordered, plan(tierReordered)) },
  { name: "drops an enum together with the column that uses it", before: () => model(mood, orderMood), after: () => model(orderNoMood) },
  { name: "changes an enum column to text and drops the enum", before: () => model(mood, orderMood), after: () => model(orderTextMood) },
  { name: "drops an enum together with the table that uses it", before: () => model(mood, orderMood, userV1), after: () => model(userV1) },
  { name: "creates foreign keys between compatible types: integer to bigint, text to varchar", before: empty, after: () => model(bigKey, accountRef("integer", bigKey)) },
  {
    name: "widens a referenced key from integer to bigint together with the columns that reference it",
    before: () => model(intKey, accountRef("integer", intKey)),
    after: () => model(bigKey, accountRef("bigint", bigKey)),
  },
  { name: "changes a referenced key from integer to uuid, its foreign key dropped and added around", before: () => model(intKey, accountRef("integer", intKey)), after: () => model(uuidKey, uuidRef) },
  { name: "drops a table that a foreign key points to", before: () => model(parent, child), after: () => model(childAlone) },
  { name: "drops a column, losing its data", before: () => model(userV1), after: () => model(userDropped) },
];

/**
 * Key switches between serial and identity and identity type changes: PostgreSQL only (pg-mem's
 * serial owns no sequence named `t_id_seq`, and pg-mem cannot change an identity).
 */
export const keyPairs: readonly ModelPair[] = [
  { name: "switches a key from serial to identity", before: serialKey, after: identityKey },
  { name: "switches a key from identity to serial", before: byDefaultKey, after: serialKey },
  { name: "switches a key from bigserial to a bigint identity with options", before: bigserialKey, after: bigIdentityKey },
  { name: "switches a key from a bigint identity with options to serial (and integer)", before: bigIdentityKey, after: serialKey },
  { name: "changes the type of an identity key from integer to bigint, with its options", before: identityKey, after: bigIdentityKey },
  { name: "changes the type of an identity key from bigint to integer", before: bigIdentityKey, after: byDefaultKey },
  {
    name: "changes the type of a key a generated column reads: the generated column is dropped and added back around it",
    before: () => model(table("derived", { id: integer().primaryKey(), twice: bigint().generatedAs(sql`id * 2`) })),
    after: () => model(table("derived", { id: bigint().primaryKey(), twice: bigint().generatedAs(sql`id * 2`) })),
  },
];

/** Two graphs with disjoint objects as one (lists kept sorted by qualified name). */
function mergeGraphs(a: Graph, b: Graph): Graph {
  const key = (x: { schema: string; name: string }): string => `${x.schema}.${x.name}`;
  const sorted = <T extends { schema: string; name: string }>(items: T[]): T[] => items.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  return {
    schemas: [...a.schemas, ...b.schemas].sort((x, y) => (x.name < y.name ? -1 : 1)),
    enums: sorted([...a.enums, ...b.enums]),
    tables: sorted([...a.tables, ...b.tables]),
  };
}
