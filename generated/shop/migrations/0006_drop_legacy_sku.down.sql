-- 0006_drop_legacy_sku (down)
-- parent: 0005_add_refunded_status
-- modules: catalog

-- note: recreates column public.product.legacy_sku empty (null or its default); the data it held is gone
ALTER TABLE product
ADD COLUMN legacy_sku varchar(40);

