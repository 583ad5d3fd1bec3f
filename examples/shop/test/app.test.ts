/**
 * An application's own test on an in-memory database: `createTestDatabase` from
 * "schemac/testing" applies every migration of the shop (generated/shop) to pg-mem, and the
 * test talks to it through a `pg` Pool as the application would.
 */
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createTestDatabase } from "schemac/testing";

const shop = join(import.meta.dirname, "..");

test("deleting an order deletes its items (the foreign key added in 0004 cascades)", async () => {
  const { pool, close } = await createTestDatabase({ cwd: shop });
  try {
    const user = await pool.query<{ id: string }>(`INSERT INTO "user" (email) VALUES ($1) RETURNING id`, ["ada@example.com"]);
    const product = await pool.query<{ id: string }>("INSERT INTO product (sku, name, price) VALUES ($1, $2, $3) RETURNING id", ["TEA-1", "Green tea", "4.50"]);
    const order = await pool.query<{ id: string; status: string }>(`INSERT INTO "order" (user_id) VALUES ($1) RETURNING id, status`, [user.rows[0]?.id]);
    const orderId = order.rows[0]?.id;
    assert.is(order.rows[0]?.status, "pending", "the status default applies");
    await pool.query("INSERT INTO order_item (order_id, product_id, quantity, unit_price) VALUES ($1, $2, 2, 4.50)", [orderId, product.rows[0]?.id]);
    await pool.query(`DELETE FROM "order" WHERE id = $1`, [orderId]);
    const items = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM order_item WHERE order_id = $1", [orderId]);
    assert.is(items.rows[0]?.n, 0);
  } finally {
    await close();
  }
});

test("the migrations' drops are applied too: the wishlist table dropped in 0007 is gone", async () => {
  const { pool, close } = await createTestDatabase({ cwd: shop });
  try {
    let missing = false;
    try {
      await pool.query("SELECT count(*) FROM wishlist_item");
    } catch {
      missing = true;
    }
    assert.ok(missing, "wishlist_item does not exist");
  } finally {
    await close();
  }
});

test("an order's user cannot be deleted while the order exists (on delete restrict)", async () => {
  const { pool, close } = await createTestDatabase({ cwd: shop });
  try {
    const user = await pool.query<{ id: string }>(`INSERT INTO "user" (email) VALUES ($1) RETURNING id`, ["bob@example.com"]);
    await pool.query(`INSERT INTO "order" (user_id) VALUES ($1)`, [user.rows[0]?.id]);
    let refused = false;
    try {
      await pool.query(`DELETE FROM "user" WHERE id = $1`, [user.rows[0]?.id]);
    } catch {
      refused = true;
    }
    assert.ok(refused, "the delete is refused");
  } finally {
    await close();
  }
});

test.run();
