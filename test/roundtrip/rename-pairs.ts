/**
 * Model pairs for the rename round trips (PostgreSQL and pg-mem): each `after` model carries the
 * rename hints, `seed` puts rows in the `before` database, and `afterUp` / `afterDown` read them
 * back under the new and the old names, with the rows they must return.
 */
import type { Graph } from "../../compiler/graph.js";
import {
  check,
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
  /** Whether pg-mem runs the migration, or refuses it with SC6003 (it renames no constraint, index, sequence or schema). */
  readonly pgMem: "runs" | "refused";
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
  { id: uuid().primaryKey(), mail: varchar(200).notNull(), amount: integer().notNull().default(0), kind: text(), doubled: integer().generatedAs(sql`amount * 2`) },
  { indexes: [uniqueIndex().on("mail").where(sql`kind <> 'closed'`)], checks: [check(sql`amount >= 0`)] },
);
const userV2 = table(
  "user_account",
  {
    id: uuid().primaryKey(),
    email: varchar(320).notNull().renamedFrom("mail"),
    balance: integer().notNull().default(0).renamedFrom("amount"),
    kind: text(),
    doubled: integer().generatedAs(sql`balance * 2`),
  },
  { indexes: [uniqueIndex().on("email").where(sql`kind <> 'closed'`)], checks: [check(sql`balance >= 0`)], renamedFrom: "account" },
);

const invoicing = pgSchema("invoicing");
const state = invoicing.enumType("state", ["open", "done"]);
const bill = invoicing.table(
  "bill",
  {
    id: integer().primaryKey({ name: "bill_pk" }),
    owner: integer().notNull().unique({ name: "bill_owner_uq" }),
    parent_id: integer().references(() => bill.id, { name: "bill_parent" }),
    s: state().notNull().default("done"),
    total: integer(),
    no: serial(),
  },
  { indexes: [index("bill_by_total").on("total").where(sql`s = 'done'`)], checks: [check("bill_total_ok", sql`total >= 0 OR s <> 'done'`)] },
);
const billing = pgSchema("billing", { renamedFrom: "invoicing" });
const status = billing.enumType("status", ["open", "settled"], { renamedFrom: "state", renamedValues: { settled: "done" } });
const invoice = billing.table(
  "invoice",
  {
    id: integer().primaryKey({ name: "invoice_pk", renamedFrom: "bill_pk" }),
    owner: integer().notNull().unique({ name: "invoice_owner_uq", renamedFrom: "bill_owner_uq" }),
    parent_id: integer().references(() => invoice.id, { name: "invoice_parent", renamedFrom: "bill_parent" }),
    s: status().notNull().default("settled"),
    amount: integer().renamedFrom("total"),
    no: serial(),
  },
  {
    indexes: [index("invoice_by_amount").on("amount").where(sql`s = 'settled'`).renamedFrom("bill_by_total")],
    checks: [check("invoice_amount_ok", sql`amount >= 0 OR s <> 'settled'`, { renamedFrom: "bill_total_ok" })],
    renamedFrom: "bill",
  },
);

const memoV1 = table("memo", { body: text(), at: integer() });
const memoV2 = table("journal_entry", { text_body: text().renamedFrom("body"), at: integer() }, { renamedFrom: "memo" });
const tagV1 = table("tag", { id: uuid().primaryKey(), label: text().notNull().unique(), at: integer() }, { indexes: [index().on("at")], checks: [check(sql`at > 0`)] });
const tagV2 = table("label", { id: uuid().primaryKey(), label: text().notNull().unique(), at: integer() }, { indexes: [index().on("at")], checks: [check(sql`at > 0`)], renamedFrom: "tag" });
const eventV1 = table("event", { id: integer().identity("by default"), kind: text() });
const eventV2 = table("audit_event", { event_id: integer().identity("by default").renamedFrom("id"), kind: text() }, { renamedFrom: "event" });

/** Every rename pair, in a fixed order; names are sentences for the test titles. */
export const renamePairs: readonly RenamePair[] = [
  {
    name: "renames a table without keys and one of its columns (pg-mem runs it too)",
    before: () => model(memoV1),
    after: () => model(memoV2),
    seed: "INSERT INTO memo (body, at) VALUES ('hello', 1)",
    afterUp: { sql: "SELECT text_body, at FROM journal_entry", rows: '[{"text_body":"hello","at":1}]' },
    afterDown: { sql: "SELECT body, at FROM memo", rows: '[{"body":"hello","at":1}]' },
    pgMem: "runs",
  },
  {
    name: "renames a table whose default-named primary key, unique, check and index follow (pg-mem runs it too)",
    before: () => model(tagV1),
    after: () => model(tagV2),
    seed: "INSERT INTO tag (id, label, at) VALUES ('00000000-0000-0000-0000-000000000001', 'red', 1)",
    afterUp: { sql: "SELECT label, at FROM label", rows: '[{"label":"red","at":1}]' },
    afterDown: { sql: "SELECT label, at FROM tag", rows: '[{"label":"red","at":1}]' },
    pgMem: "runs",
  },
  {
    name: "renames a table and its identity column, whose sequence follows their names",
    before: () => model(eventV1),
    after: () => model(eventV2),
    seed: "INSERT INTO event (kind) VALUES ('a')",
    afterUp: {
      run: "INSERT INTO audit_event (kind) VALUES ('b')",
      sql: "SELECT event_id, kind, pg_get_serial_sequence('audit_event', 'event_id') AS seq FROM audit_event ORDER BY event_id",
      rows: '[{"event_id":1,"kind":"a","seq":"public.audit_event_event_id_seq"},{"event_id":2,"kind":"b","seq":"public.audit_event_event_id_seq"}]',
    },
    afterDown: {
      sql: "SELECT id, kind, pg_get_serial_sequence('event', 'id') AS seq FROM event ORDER BY id",
      rows: '[{"id":1,"kind":"a","seq":"public.event_id_seq"},{"id":2,"kind":"b","seq":"public.event_id_seq"}]',
    },
    pgMem: "refused",
  },
  {
    name: "renames a column and changes its type in one step, its unique following",
    before: () => model(customerV1),
    after: () => model(customerV2),
    seed: "INSERT INTO customer (id, name) VALUES (1, 'Ada'), (2, 'Grace')",
    afterUp: { sql: "SELECT id, full_name FROM customer ORDER BY id", rows: '[{"id":1,"full_name":"Ada"},{"id":2,"full_name":"Grace"}]' },
    afterDown: { sql: "SELECT id, name FROM customer ORDER BY id", rows: '[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}]' },
    pgMem: "refused",
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
    pgMem: "refused",
  },
  {
    name: "renames a table and two columns used by a partial unique index, a check and a generated column",
    before: () => model(accountV1),
    after: () => model(userV2),
    seed: "INSERT INTO account (id, mail, amount, kind) VALUES ('00000000-0000-0000-0000-000000000001', 'a@x', 5, 'open')",
    afterUp: { sql: "SELECT email, balance, doubled FROM user_account", rows: '[{"email":"a@x","balance":5,"doubled":10}]' },
    afterDown: { sql: "SELECT mail, amount FROM account", rows: '[{"mail":"a@x","amount":5}]' },
    pgMem: "refused",
  },
  {
    name: "renames a schema, an enum and one of its values, a table, a column, an index and named constraints",
    before: () => model(invoicing, state, bill),
    after: () => model(billing, status, invoice),
    seed: "INSERT INTO invoicing.bill (id, owner, s, total) VALUES (1, 10, 'done', 5), (2, 11, 'open', NULL)",
    afterUp: {
      run: "INSERT INTO billing.invoice (id, owner, s) VALUES (3, 12, 'settled')",
      sql: "SELECT id, s, amount, no FROM billing.invoice ORDER BY id",
      rows: '[{"id":1,"s":"settled","amount":5,"no":1},{"id":2,"s":"open","amount":null,"no":2},{"id":3,"s":"settled","amount":null,"no":3}]',
    },
    afterDown: {
      sql: "SELECT id, s, total, no FROM invoicing.bill ORDER BY id",
      rows: '[{"id":1,"s":"done","total":5,"no":1},{"id":2,"s":"open","total":null,"no":2},{"id":3,"s":"done","total":null,"no":3}]',
    },
    pgMem: "refused",
  },
];
