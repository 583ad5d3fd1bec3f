-- 0006_drop_legacy_sku (up)
-- parent: 0005_add_refunded_status
-- modules: catalog

-- SC7001 data-loss: drops column public.product.legacy_sku
ALTER TABLE product
DROP COLUMN legacy_sku;

