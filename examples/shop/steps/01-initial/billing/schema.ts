/**
 * The billing module, in its own PostgreSQL schema `billing`: invoices for orders and the
 * payments that settle them. Its enum lives in the same schema.
 */
import { check, index, jsonb, numeric, pgSchema, sql, timestamptz, uniqueIndex, uuid, varchar } from "schemac";
import { orders } from "../orders/schema.js";
import { auditColumns, timestamps } from "../shared/columns.js";
import { users } from "../users/schema.js";

const billing = pgSchema("billing");

/** Where an invoice is in its life. */
export const invoiceStatus = billing.enumType("invoice_status", ["draft", "issued", "paid", "void"]);

/** An invoice for one order; an order has at most one open (draft or issued) invoice. */
export const invoices = billing.table(
  "invoice",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    number: varchar(32).notNull().unique(),
    order_id: uuid().notNull().references(() => orders.id, { onDelete: "restrict" }),
    user_id: uuid().notNull().references(() => users.id, { onDelete: "restrict" }),
    status: invoiceStatus().notNull().default("draft"),
    amount: numeric(10, 2).notNull(),
    currency: varchar(3).notNull().default("EUR"),
    issued_at: timestamptz(),
    due_at: timestamptz(),
    lines: jsonb().notNull().default([]),
    ...timestamps,
    ...auditColumns(),
  },
  {
    indexes: [
      index("invoice_user_idx").on("user_id"),
      uniqueIndex("invoice_open_order_idx").on("order_id").where(sql`status IN ('draft', 'issued')`),
    ],
    checks: [
      check("invoice_amount_nonnegative", sql`amount >= 0`),
      check("invoice_due_after_issue", sql`due_at >= issued_at`),
    ],
  },
);

/** A payment received for an invoice. */
export const payments = billing.table(
  "payment",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    invoice_id: uuid().notNull().references(() => invoices.id, { onDelete: "cascade" }),
    amount: numeric(10, 2).notNull(),
    provider: varchar(40).notNull(),
    provider_ref: varchar(120),
    paid_at: timestamptz().notNull().default(sql`now()`),
  },
  {
    uniques: [{ name: "payment_provider_ref_key", columns: ["provider", "provider_ref"] }],
    checks: [check("payment_amount_positive", sql`amount > 0`)],
  },
);
