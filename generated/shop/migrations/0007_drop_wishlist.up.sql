-- 0007_drop_wishlist (up)
-- parent: 0006_drop_legacy_sku
-- modules: catalog

ALTER TABLE wishlist_item
DROP CONSTRAINT wishlist_item_product_id_fkey;

ALTER TABLE wishlist_item
DROP CONSTRAINT wishlist_item_user_id_fkey;

-- SC7001 data-loss: drops table public.wishlist_item
DROP TABLE wishlist_item;

