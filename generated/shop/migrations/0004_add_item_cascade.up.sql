-- 0004_add_item_cascade (up)
-- parent: 0003_widen_product_name
-- modules: orders

ALTER TABLE order_item
DROP CONSTRAINT order_item_order_id_fkey;

-- SC7006 index-build: builds index order_item_order_id_idx without CONCURRENTLY: writes to public.order_item wait for the whole build
CREATE INDEX order_item_order_id_idx ON order_item (order_id);

-- SC7005 validation-scan: validates foreign key order_item_order_id_fkey over every row of public.order_item under SHARE ROW EXCLUSIVE on it and public.order
ALTER TABLE order_item
ADD CONSTRAINT order_item_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id) ON DELETE CASCADE;

