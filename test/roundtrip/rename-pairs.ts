/**
 * Model pairs for the rename round trips (PostgreSQL and pg-mem): each `after` model carries the
 * rename hints, `seed` puts rows in the `before` database, and `afterUp` / `afterDown` read them
 * back under the new and the old names, with the rows they must return.
 */
import type { Graph } from "../../compiler/graph.js";
import {
  check,
  enumType,
  index,
  integer,
  pgSchema,
  serial,
  sql,
  table,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "../../schema/index.js";
import { model } from "./pairs.js";

/** Statements to run (optional), then a query and the rows it must return, as JSON. */
export interface RowCheck {
  readonly run?: string;
  readonly sql: string;
  readonly rows: string;
}

/** A rename pair with the rows that must survive it both ways. */
export interface RenamePair {
  readonly name: string;
  readonly before: () => Graph;
  readonly after: () => Graph;
  readonly seed: string;
  readonly afterUp: RowCheck;
  readonly afterDown: RowCheck;
}

const customerV1 = table("customer", { id: integer().primaryKey(), name: varchar(100).notNull().unique() });
const customerV2 = table("customer", { id: integer().primaryKey(), full_name: text().notNull().unique().renamedFrom("name") });

const orderTable = table("order", { id: serial().primaryKey() });
const lineV1 = table(
  "order_line",
  { id: serial().primaryKey(), order_id: integer().notNull().references(() => orderTable.id), sku: text().notNull().unique(), qty: integer().notNull() },
  { indexes: [index().on("order_id"), index("line_by_sku").on("sku")], checks: [check(sql`qty > 0`)] },
);
const noteV1 = table("note", { id: serial().primaryKey(), line_id: integer().references(() => lineV1.id) });
const lineV2 = table(
  "line_item",
  { id: serial().primaryKey(), order_id: integer().notNull().references(() => orderTable.id), sku: text().notNull().unique(), qty: integer().notNull() },
  { indexes: [index().on("order_id"), index("line_by_sku").on("sku")], checks: [check(sql`qty > 0`)], renamedFrom: "order_line" },
);
const noteV2 = table("note", { id: serial().primaryKey(), line_id: integer().references(() => lineV2.id) });

const accountV1 = table(
  "account",
  { id: uuid().primaryKey(), mail: text().notNull(), amount: integer().notNull().default(0), kind: text() },
  { indexes: [uniqueIndex().on("mail").where(sql`kind <> 'closed'`)], checks: [check(sql`amount >= 0`)] },
);
const userV2 = table(
  "user_account",
  {
    id: uuid().primaryKey(),
    email: varchar(320).notNull().renamedFrom("mail"),
    balance: integer().notNull().default(0).renamedFrom("amount"),
    kind: text(),
  },
  { indexes: [uniqueIndex().on("email").where(sql`kind <> 'closed'`)], checks: [check(sql`balance >= 0`)], renamedFrom: "account" },
);

/** Every rename pair, in a fixed order; names are sentences for the test titles. */
export const renamePairs: readonly RenamePair[] = [
  {
    name: "renames a column and changes its type in one step, its unique following",
    before: () => model(customerV1),
    after: () => model(customerV2),
    seed: "INSERT INTO customer (id, name) VALUES (1, 'Ada'), (2, 'Grace')",
    afterUp: { sql: "SELECT id, full_name FROM customer ORDER BY id", rows: '[{"id":1,"full_name":"Ada"},{"id":2,"full_name":"Grace"}]' },
    afterDown: { sql: "SELECT id, name FROM customer ORDER BY id", rows: '[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}]' },
  },
  {
    name: "renames a table with its default-named keys, check, index and serial sequence",
    before: () => model(orderTable, lineV1, noteV1),
    after: () => model(orderTable, lineV2, noteV2),
    seed: "INSERT INTO \"order\" (id) VALUES (1); INSERT INTO order_line (order_id, sku, qty) VALUES (1, 'a', 2); INSERT INTO note (line_id) VALUES (1)",
    afterUp: {
      run: "INSERT INTO line_item (order_id, sku, qty) VALUES (1, 'b', 1)",
      sql: "SELECT l.id, l.sku, n.id AS note FROM line_item l LEFT JOIN note n ON n.line_id = l.id ORDER BY l.id",
      rows: '[{"id":1,"sku":"a","note":1},{"id":2,"sku":"b","note":null}]',
    },
    afterDown: { sql: "SELECT id, sku FROM order_line ORDER BY id", rows: '[{"id":1,"sku":"a"},{"id":2,"sku":"b"}]' },
  },
  {
    name: "renames a table and two columns used by a partial unique index and a check",
    before: () => model(accountV1),
    after: () => model(userV2),
    seed: "INSERT INTO account (id, mail, amount, kind) VALUES ('00000000-0000-0000-0000-000000000001', 'a@x', 5, 'open')",
    afterUp: { sql: "SELECT email, balance FROM user_account", rows: '[{"email":"a@x","balance":5}]' },
    afterDown: { sql: "SELECT mail, amount FROM account", rows: '[{"mail":"a@x","amount":5}]' },
  },
];

void enumType;
void pgSchema;
