-- 0001_initial (down)
-- parent: none
-- modules: billing, catalog, orders, shipping, users

COMMENT ON COLUMN product.price IS NULL;

COMMENT ON COLUMN "order".status IS NULL;

COMMENT ON COLUMN address.country IS NULL;

COMMENT ON TABLE "user" IS NULL;

COMMENT ON TABLE product IS NULL;

ALTER TABLE wishlist_item
DROP CONSTRAINT wishlist_item_user_id_fkey;

ALTER TABLE wishlist_item
DROP CONSTRAINT wishlist_item_product_id_fkey;

ALTER TABLE "user"
DROP CONSTRAINT user_last_order_id_fkey;

ALTER TABLE "user"
DROP CONSTRAINT user_default_address_id_fkey;

ALTER TABLE shipment
DROP CONSTRAINT shipment_order_id_fkey;

ALTER TABLE shipment
DROP CONSTRAINT shipment_address_id_fkey;

ALTER TABLE product
DROP CONSTRAINT product_category_id_fkey;

ALTER TABLE order_item
DROP CONSTRAINT order_item_product_id_fkey;

ALTER TABLE order_item
DROP CONSTRAINT order_item_order_id_fkey;

ALTER TABLE "order"
DROP CONSTRAINT order_user_id_fkey;

ALTER TABLE "order"
DROP CONSTRAINT order_shipping_address_id_fkey;

ALTER TABLE category
DROP CONSTRAINT category_parent_id_fkey;

ALTER TABLE address
DROP CONSTRAINT address_user_id_fkey;

ALTER TABLE billing.payment
DROP CONSTRAINT payment_invoice_id_fkey;

ALTER TABLE billing.invoice
DROP CONSTRAINT invoice_user_id_fkey;

ALTER TABLE billing.invoice
DROP CONSTRAINT invoice_order_id_fkey;

DROP INDEX shipment_order_id_idx;

DROP INDEX product_sku_idx;

DROP INDEX product_active_category_idx;

DROP INDEX order_user_idx;

DROP INDEX order_pending_idx;

DROP INDEX address_user_id_idx;

DROP INDEX billing.invoice_user_idx;

DROP INDEX billing.invoice_open_order_idx;

-- SC7001 data-loss: drops table public.wishlist_item
DROP TABLE wishlist_item;

-- SC7001 data-loss: drops table public.user
DROP TABLE "user";

-- SC7001 data-loss: drops table public.shipment
DROP TABLE shipment;

-- SC7001 data-loss: drops table public.product
DROP TABLE product;

-- SC7001 data-loss: drops table public.order_item
DROP TABLE order_item;

-- SC7001 data-loss: drops table public.order
DROP TABLE "order";

-- SC7001 data-loss: drops table public.category
DROP TABLE category;

-- SC7001 data-loss: drops table public.address
DROP TABLE address;

-- SC7001 data-loss: drops table billing.payment
DROP TABLE billing.payment;

-- SC7001 data-loss: drops table billing.invoice
DROP TABLE billing.invoice;

DROP TYPE shipment_status;

DROP TYPE order_status;

DROP TYPE billing.invoice_status;

DROP SCHEMA billing;

