/**
 * The orders module's enum types. A leaf file: users and billing import the order tables, and
 * the order tables import users, so an enum used while a module loads must not live in that cycle.
 */
import { enumType } from "schemac";

/** Where an order is in its life; values are appended as the lifecycle grows (PostgreSQL adds them in place without a rewrite). */
export const orderStatus = enumType("order_status", ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"]);
