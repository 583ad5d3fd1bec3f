-- 0004_add_item_cascade (up)
-- parent: 0003_widen_product_name
-- modules: orders

ALTER TABLE order_item
DROP CONSTRAINT order_item_order_id_fkey;

-- blocking: builds index order_item_order_id_idx without CONCURRENTLY, blocking writes to public.order_item
CREATE INDEX order_item_order_id_idx ON order_item (order_id);

-- blocking: validates foreign key order_item_order_id_fkey over every row of public.order_item
ALTER TABLE order_item
ADD CONSTRAINT order_item_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id) ON DELETE CASCADE;

