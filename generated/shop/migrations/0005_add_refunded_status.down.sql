-- 0005_add_refunded_status (down)
-- parent: 0004_add_item_cascade
-- modules: orders

-- SC7007 access-exclusive-lock: drops index order_pending_idx under ACCESS EXCLUSIVE on public.order
DROP INDEX order_pending_idx;

-- SC7001 data-loss: removes value(s) refunded of enum public.order_status
-- SC7002 table-rewrite: converts every column of enum public.order_status to the new type, rewriting public.order
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

-- SC7006 index-build: builds index order_pending_idx without CONCURRENTLY: writes to public.order wait for the whole build
CREATE INDEX order_pending_idx ON "order" (placed_at)
WHERE
  status = 'pending';

