/**
 * The catalog module: categories and the products for sale.
 */
import { boolean, check, index, integer, jsonb, numeric, sql, table, text, uniqueIndex, uuid, varchar } from "schemac";
import { auditColumns, timestamps } from "../shared/columns.js";

/** A category of products; categories nest through `parent_id`. */
export const categories = table("category", {
  id: uuid().primaryKey().default(sql`gen_random_uuid()`),
  slug: varchar(80).notNull().unique(),
  name: varchar(120).notNull(),
  parent_id: uuid().references(() => categories.id, { onDelete: "set null" }),
  ...timestamps,
});

/** A product for sale. */
export const products = table(
  "product",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    sku: varchar(40).notNull(),
    legacy_sku: varchar(40),
    name: varchar(200).notNull(),
    description: text(),
    price: numeric(10, 2).notNull().comment("unit price in the shop currency, taxes included"),
    stock: integer().notNull().default(0),
    is_active: boolean().notNull().default(true),
    attributes: jsonb().notNull().default({}),
    tags: jsonb().notNull().default([]),
    category_id: uuid().references(() => categories.id, { onDelete: "set null" }),
    ...timestamps,
    ...auditColumns(),
  },
  {
    indexes: [
      uniqueIndex("product_sku_idx").on("sku"),
      index("product_active_category_idx").on("category_id").where(sql`is_active`),
    ],
    checks: [check("product_price_nonnegative", sql`price >= 0`), check("product_stock_nonnegative", sql`stock >= 0`)],
    comment: "products for sale; inactive products stay for the orders that reference them",
  },
);
