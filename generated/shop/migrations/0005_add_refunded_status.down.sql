-- 0005_add_refunded_status (down)
-- parent: 0004_add_item_cascade
-- modules: orders

DROP INDEX order_pending_idx;

-- data-loss: removes value(s) refunded of enum public.order_status
ALTER TYPE order_status
RENAME TO order_status__old;

CREATE TYPE order_status AS ENUM(
  'pending',
  'paid',
  'shipped',
  'delivered',
  'cancelled'
);

ALTER TABLE "order"
ALTER COLUMN status
DROP DEFAULT;

ALTER TABLE "order"
ALTER COLUMN status TYPE order_status USING status::text::order_status;

ALTER TABLE "order"
ALTER COLUMN status
SET DEFAULT 'pending';

DROP TYPE order_status__old;

-- blocking: builds index order_pending_idx without CONCURRENTLY, blocking writes to public.order
CREATE INDEX order_pending_idx ON "order" (placed_at)
WHERE
  status = 'pending';

