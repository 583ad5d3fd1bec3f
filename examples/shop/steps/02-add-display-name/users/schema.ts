/**
 * The users module: customers and their addresses. `user` is a reserved word in PostgreSQL, so
 * the generated SQL quotes it. The user ↔ order foreign keys form a cycle between modules; both
 * sides are lazy (`() => orders.id`), so neither module needs the other while it loads.
 */
import { boolean, char, index, jsonb, sql, table, uuid, varchar } from "schemac";
import { orders } from "../orders/schema.js";
import { timestamps } from "../shared/columns.js";

/** A registered customer. */
export const users = table(
  "user",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    email: varchar(320).notNull().unique(),
    display_name: varchar(100),
    is_admin: boolean().notNull().default(false),
    preferences: jsonb().notNull().default({}),
    default_address_id: uuid().references(() => addresses.id, { onDelete: "set null" }),
    last_order_id: uuid().references(() => orders.id, { onDelete: "set null" }),
    ...timestamps,
  },
  {
    comment: "registered customers",
  },
);

/** A postal address of a user, for shipping and invoices. */
export const addresses = table(
  "address",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    user_id: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    line1: varchar(200).notNull(),
    line2: varchar(200),
    city: varchar(100).notNull(),
    postal_code: varchar(20).notNull(),
    country: char(2).notNull().comment("ISO 3166-1 alpha-2 code"),
    ...timestamps,
  },
  {
    indexes: [index().on("user_id")],
  },
);
