-- 0005_add_refunded_status (up)
-- parent: 0004_add_item_cascade
-- modules: orders

ALTER TYPE order_status
ADD VALUE 'refunded';

