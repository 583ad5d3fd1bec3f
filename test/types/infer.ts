/**
 * Type tests of the DSL, checked by `tsc --noEmit` (never run): the row types `InferRow` and
 * `InferInsert` derived from declarations, and misuse that must not compile (`@ts-expect-error`
 * fails the type check when the line below it compiles).
 */
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
  type InferInsert,
  type InferRow,
} from "schemac";

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when given `true`. */
type Expect<T extends true> = T;

const status = enumType("order_status", ["pending", "paid", "shipped"]);
const billing = pgSchema("billing");
const currency = billing.enumType("currency", ["EUR", "USD"]);

const timestamps = {
  created_at: timestamptz().notNull().default(sql`now()`),
  updated_at: timestamptz(),
};

const users = table("user", {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  email: varchar(320).notNull().unique(),
  nick: text(),
  ...timestamps,
});

const orders = billing.table(
  "order",
  {
    id: bigint().identity("always"),
    seq: integer().identity("by default"),
    owner_id: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    total: numeric(10, 2).notNull().default(0),
    status: status().notNull().default("pending"),
    currency: currency(),
    tags: text().array().notNull().default(["new"]),
    doubled: integer().generatedAs(sql`seq * 2`),
    meta: jsonb<{ tags: string[] }>(),
  },
  {
    indexes: [index("order_owner_idx").on("owner_id"), uniqueIndex().on("owner_id", "status").where(sql`status <> 'paid'`)],
    checks: [check("order_total_nonnegative", sql`total >= 0`), check(sql`seq > 0`)],
    uniques: [["owner_id", "seq"], { name: "order_tags_key", columns: ["tags"] }],
  },
);

const everyType = table("every_type", {
  a: smallint().notNull(),
  b: integer().notNull(),
  c: bigint().notNull(),
  d: serial(),
  e: bigserial(),
  f: numeric().notNull(),
  g: real().notNull(),
  h: doublePrecision().notNull(),
  i: boolean().notNull(),
  j: char(2).notNull(),
  k: date().notNull(),
  l: time(3).notNull(),
  m: timestamp(3).notNull(),
  n: interval().notNull(),
  o: json().notNull(),
  p: bytea().notNull(),
  q: inet().notNull(),
  r: integer().array().array().notNull(),
});

export type Checks = [
  Expect<
    Equal<
      InferRow<typeof users>,
      { id: string; email: string; nick: string | null; created_at: Date; updated_at: Date | null }
    >
  >,
  Expect<
    Equal<
      InferInsert<typeof users>,
      { email: string; id?: string; nick?: string | null; created_at?: Date; updated_at?: Date | null }
    >
  >,
  Expect<
    Equal<
      InferRow<typeof orders>,
      {
        id: string;
        seq: number;
        owner_id: string;
        total: string;
        status: "pending" | "paid" | "shipped";
        currency: "EUR" | "USD" | null;
        tags: string[];
        doubled: number | null;
        meta: { tags: string[] } | null;
      }
    >
  >,
  Expect<
    Equal<
      InferInsert<typeof orders>,
      {
        owner_id: string;
        seq?: number;
        total?: string;
        status?: "pending" | "paid" | "shipped";
        currency?: "EUR" | "USD" | null;
        tags?: string[];
        meta?: { tags: string[] } | null;
      }
    >
  >,
  Expect<
    Equal<
      InferRow<typeof everyType>,
      {
        a: number;
        b: number;
        c: string;
        d: number;
        e: string;
        f: string;
        g: number;
        h: number;
        i: boolean;
        j: string;
        k: Date;
        l: string;
        m: Date;
        n: string;
        o: unknown;
        p: Buffer;
        q: string;
        r: number[][];
      }
    >
  >,
  Expect<Equal<Pick<InferInsert<typeof everyType>, "a" | "d" | "e">, { a: number; d?: number; e?: string }>>,
  Expect<Equal<InferRow<typeof empty>, {}>>,
];

const empty = table("empty", {});

// Cyclic and self references type-check without annotations (the targets are lazy).
export const parents = table("parent", {
  id: integer().primaryKey(),
  favorite_child_id: integer().references(() => children.id),
});
export const children = table("child", {
  id: integer().primaryKey(),
  parent_id: integer().notNull().references(() => parents.id),
  elder_id: integer().references(() => children.id),
});

export const lines = table(
  "line",
  { order_id: integer().notNull(), no: integer().notNull(), parent_no: integer() },
  {
    primaryKey: { name: "line_pk", columns: ["order_id", "no"] },
    foreignKeys: [foreignKey({ columns: ["order_id", "parent_no"], references: () => [lines.order_id, lines.no] })],
  },
);

export const misuse = [
  // @ts-expect-error: the index names a column the table does not have
  table("a", { id: integer() }, { indexes: [index().on("nope")] }),
  // @ts-expect-error: the primary key option names an unknown column
  table("b", { id: integer() }, { primaryKey: ["id", "nope"] }),
  // @ts-expect-error: a unique constraint names an unknown column
  table("c", { id: integer() }, { uniques: [{ columns: ["nope"] }] }),
  // @ts-expect-error: a composite foreign key names an unknown local column
  table("d", { id: integer() }, { foreignKeys: [foreignKey({ columns: ["nope"], references: () => [users.id] })] }),
  // @ts-expect-error: a text column's default must be a string
  text().default(1),
  // @ts-expect-error: an integer column's default must be a number
  integer().default("1"),
  // @ts-expect-error: not a value of the enum
  status().default("refunded"),
  // @ts-expect-error: an array column's default is an array
  text().array().default("a"),
  // @ts-expect-error: an index needs at least one column
  index().on(),
  // @ts-expect-error: not an index method
  index().on("id").using("bitmap"),
  // @ts-expect-error: generatedAs takes an sql fragment, not a string
  integer().generatedAs("a + b"),
];

// @ts-expect-error: owner_id is NOT NULL without a default, so an insert must give it
export const missingColumn: InferInsert<typeof orders> = { total: "1" };

// @ts-expect-error: not a value of the enum
export const wrongEnum: InferInsert<typeof orders> = { owner_id: "u", status: "refunded" };

// @ts-expect-error: a generated column cannot be inserted
export const generated: InferInsert<typeof orders> = { owner_id: "u", doubled: 2 };

// @ts-expect-error: identity "always" columns cannot be inserted
export const identityAlways: InferInsert<typeof orders> = { owner_id: "u", id: "1" };

export const inserted: InferInsert<typeof orders> = { owner_id: "u", status: "paid", currency: null };
export const selectedNick: InferRow<typeof users>["nick"] = null;

// Rename hints: renamedValues is keyed by the enum's own (new) values.
export const renamedStatus = enumType("renamed_status", ["open", "settled"], { renamedFrom: "state", renamedValues: { settled: "done" } });
// @ts-expect-error: "closed" is not a value of the enum, so it cannot be a renamed value
export const wrongRenamedValue = enumType("wrong_renamed", ["open"], { renamedValues: { closed: "done" } });
