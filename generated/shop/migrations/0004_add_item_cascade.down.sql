-- 0004_add_item_cascade (down)
-- parent: 0003_widen_product_name
-- modules: orders

ALTER TABLE order_item
DROP CONSTRAINT order_item_order_id_fkey;

-- SC7007 access-exclusive-lock: drops index order_item_order_id_idx under ACCESS EXCLUSIVE on public.order_item
DROP INDEX order_item_order_id_idx;

-- SC7005 validation-scan: validates foreign key order_item_order_id_fkey over every row of public.order_item under SHARE ROW EXCLUSIVE on it and public.order
ALTER TABLE order_item
ADD CONSTRAINT order_item_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id);

