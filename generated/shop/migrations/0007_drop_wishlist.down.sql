-- 0007_drop_wishlist (down)
-- parent: 0006_drop_legacy_sku
-- modules: catalog

-- note: recreates table public.wishlist_item empty; the data it held is gone
CREATE TABLE wishlist_item (
  user_id uuid NOT NULL,
  product_id uuid NOT NULL,
  added_at timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT wishlist_item_pkey PRIMARY KEY (user_id, product_id)
);

ALTER TABLE wishlist_item
ADD CONSTRAINT wishlist_item_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;

ALTER TABLE wishlist_item
ADD CONSTRAINT wishlist_item_product_id_fkey FOREIGN KEY (product_id) REFERENCES product (id) ON DELETE CASCADE;

