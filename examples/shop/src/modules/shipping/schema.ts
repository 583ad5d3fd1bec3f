/**
 * The shipping module: parcels that carry an order to one of the user's addresses. Its rule in
 * schemac.config.json ("boundaries") lets it reference orders and users, and nothing else:
 * a foreign key to billing or catalog would be error SC3016 at its `references()` call.
 */
import { enumType, index, sql, table, timestamptz, uuid, varchar } from "schemac";
import { orders } from "../orders/schema.js";
import { timestamps } from "../shared/columns.js";
import { addresses } from "../users/schema.js";

/** Where a parcel is. */
export const shipmentStatus = enumType("shipment_status", ["preparing", "shipped", "delivered", "returned"]);

/** A parcel of one order; an order may ship in several parcels. */
export const shipments = table(
  "shipment",
  {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    order_id: uuid().notNull().references(() => orders.id, { onDelete: "cascade" }),
    address_id: uuid().notNull().references(() => addresses.id, { onDelete: "restrict" }),
    status: shipmentStatus().notNull().default("preparing"),
    carrier: varchar(40).notNull(),
    tracking_number: varchar(80),
    shipped_at: timestamptz(),
    ...timestamps,
  },
  {
    indexes: [index().on("order_id")],
  },
);
