/**
 * Wish lists: products a user keeps for later. Dropped again by step 07 of the model history.
 */
import { sql, table, timestamptz, uuid } from "schemac";
import { users } from "../users/schema.js";
import { products } from "./schema.js";

/** A product on a user's wish list; the pair is the primary key. */
export const wishlistItems = table(
  "wishlist_item",
  {
    user_id: uuid().notNull().references(() => users.id, { onDelete: "cascade" }),
    product_id: uuid().notNull().references(() => products.id, { onDelete: "cascade" }),
    added_at: timestamptz().notNull().default(sql`now()`),
  },
  {
    primaryKey: ["user_id", "product_id"],
  },
);
