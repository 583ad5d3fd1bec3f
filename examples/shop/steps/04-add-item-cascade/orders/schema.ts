/**
 * The orders module: orders and their items. `order` is a reserved word in PostgreSQL, so the
 * generated SQL quotes it. The enum comes from the leaf `enums.ts`, never through the
 * users ↔ orders import cycle.
 */
import { check, index, integer, jsonb, numeric, sql, table, text, timestamptz, uuid, varchar } from "schemac";
import { products } from "../catalog/schema.js";
import { timestamps } from "../shared/columns.js";
import { addresses, users } from "../users/schema.js";
import { orderStatus } from "./enums.js";

/** An order placed by a user. */
export const orders = table(
  "order",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    user_id: uuid().notNull().references(() => users.id, { onDelete: "restrict" }),
    shipping_address_id: uuid().references(() => addresses.id, { onDelete: "set null" }),
    status: orderStatus().notNull().default("pending").comment("pending, then paid, shipped and delivered"),
    total: numeric(10, 2).notNull().default(0),
    currency: varchar(3).notNull().default("EUR"),
    placed_at: timestamptz(),
    notes: text(),
    metadata: jsonb().notNull().default({}),
    ...timestamps,
  },
  {
    indexes: [index("order_user_idx").on("user_id"), index("order_pending_idx").on("placed_at").where(sql`status = 'pending'`)],
    checks: [check("order_total_nonnegative", sql`total >= 0`)],
  },
);

/** One line of an order; deleting the order deletes its items. */
export const orderItems = table(
  "order_item",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    order_id: uuid().notNull().references(() => orders.id, { onDelete: "cascade" }),
    product_id: uuid().notNull().references(() => products.id, { onDelete: "restrict" }),
    quantity: integer().notNull(),
    unit_price: numeric(10, 2).notNull(),
  },
  {
    indexes: [index().on("order_id")],
    uniques: [["order_id", "product_id"]],
    checks: [check("order_item_quantity_positive", sql`quantity > 0`)],
  },
);
