-- 0004_add_item_cascade (down)
-- parent: 0003_widen_product_name
-- modules: orders

ALTER TABLE order_item
DROP CONSTRAINT order_item_order_id_fkey;

DROP INDEX order_item_order_id_idx;

-- blocking: validates foreign key order_item_order_id_fkey over every row of public.order_item
ALTER TABLE order_item
ADD CONSTRAINT order_item_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id);

