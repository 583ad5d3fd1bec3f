-- 0001_initial (up)
-- parent: none
-- modules: billing, catalog, orders, shipping, users

CREATE SCHEMA billing;

CREATE TYPE billing.invoice_status AS ENUM('draft', 'issued', 'paid', 'void');

CREATE TYPE order_status AS ENUM(
  'pending',
  'paid',
  'shipped',
  'delivered',
  'cancelled'
);

CREATE TYPE shipment_status AS ENUM('preparing', 'shipped', 'delivered', 'returned');

CREATE TABLE billing.invoice (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  number varchar(32) NOT NULL,
  order_id uuid NOT NULL,
  user_id uuid NOT NULL,
  status billing.invoice_status DEFAULT 'draft' NOT NULL,
  amount numeric(10, 2) NOT NULL,
  currency varchar(3) DEFAULT 'EUR' NOT NULL,
  issued_at timestamptz,
  due_at timestamptz,
  lines jsonb DEFAULT '[]'::jsonb NOT NULL,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  created_by uuid,
  updated_by uuid,
  CONSTRAINT invoice_pkey PRIMARY KEY (id),
  CONSTRAINT invoice_number_key UNIQUE (number),
  CONSTRAINT invoice_amount_nonnegative CHECK (amount >= 0),
  CONSTRAINT invoice_due_after_issue CHECK (due_at >= issued_at)
);

CREATE TABLE billing.payment (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  invoice_id uuid NOT NULL,
  amount numeric(10, 2) NOT NULL,
  provider varchar(40) NOT NULL,
  provider_ref varchar(120),
  paid_at timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT payment_pkey PRIMARY KEY (id),
  CONSTRAINT payment_provider_ref_key UNIQUE (provider, provider_ref),
  CONSTRAINT payment_amount_positive CHECK (amount > 0)
);

CREATE TABLE address (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  user_id uuid NOT NULL,
  line1 varchar(200) NOT NULL,
  line2 varchar(200),
  city varchar(100) NOT NULL,
  postal_code varchar(20) NOT NULL,
  country char(2) NOT NULL,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  CONSTRAINT address_pkey PRIMARY KEY (id)
);

CREATE TABLE category (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  slug varchar(80) NOT NULL,
  name varchar(120) NOT NULL,
  parent_id uuid,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  CONSTRAINT category_pkey PRIMARY KEY (id),
  CONSTRAINT category_slug_key UNIQUE (slug)
);

CREATE TABLE "order" (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  user_id uuid NOT NULL,
  shipping_address_id uuid,
  status order_status DEFAULT 'pending' NOT NULL,
  total numeric(10, 2) DEFAULT 0 NOT NULL,
  currency varchar(3) DEFAULT 'EUR' NOT NULL,
  placed_at timestamptz,
  notes text,
  metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  CONSTRAINT order_pkey PRIMARY KEY (id),
  CONSTRAINT order_total_nonnegative CHECK (total >= 0)
);

CREATE TABLE order_item (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  order_id uuid NOT NULL,
  product_id uuid NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(10, 2) NOT NULL,
  CONSTRAINT order_item_pkey PRIMARY KEY (id),
  CONSTRAINT order_item_order_id_product_id_key UNIQUE (order_id, product_id),
  CONSTRAINT order_item_quantity_positive CHECK (quantity > 0)
);

CREATE TABLE product (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  sku varchar(40) NOT NULL,
  legacy_sku varchar(40),
  name varchar(120) NOT NULL,
  description text,
  price numeric(10, 2) NOT NULL,
  stock integer DEFAULT 0 NOT NULL,
  is_active boolean DEFAULT true NOT NULL,
  attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
  tags jsonb DEFAULT '[]'::jsonb NOT NULL,
  category_id uuid,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  created_by uuid,
  updated_by uuid,
  CONSTRAINT product_pkey PRIMARY KEY (id),
  CONSTRAINT product_price_nonnegative CHECK (price >= 0),
  CONSTRAINT product_stock_nonnegative CHECK (stock >= 0)
);

CREATE TABLE shipment (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  order_id uuid NOT NULL,
  address_id uuid NOT NULL,
  status shipment_status DEFAULT 'preparing' NOT NULL,
  carrier varchar(40) NOT NULL,
  tracking_number varchar(80),
  shipped_at timestamptz,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  CONSTRAINT shipment_pkey PRIMARY KEY (id)
);

CREATE TABLE "user" (
  id uuid DEFAULT gen_random_uuid() NOT NULL,
  email varchar(320) NOT NULL,
  is_admin boolean DEFAULT false NOT NULL,
  preferences jsonb DEFAULT '{}'::jsonb NOT NULL,
  default_address_id uuid,
  last_order_id uuid,
  created_at timestamptz DEFAULT now() NOT NULL,
  updated_at timestamptz,
  CONSTRAINT user_pkey PRIMARY KEY (id),
  CONSTRAINT user_email_key UNIQUE (email)
);

CREATE TABLE wishlist_item (
  user_id uuid NOT NULL,
  product_id uuid NOT NULL,
  added_at timestamptz DEFAULT now() NOT NULL,
  CONSTRAINT wishlist_item_pkey PRIMARY KEY (user_id, product_id)
);

CREATE UNIQUE INDEX invoice_open_order_idx ON billing.invoice (order_id)
WHERE
  status IN ('draft', 'issued');

CREATE INDEX invoice_user_idx ON billing.invoice (user_id);

CREATE INDEX address_user_id_idx ON address (user_id);

CREATE INDEX order_pending_idx ON "order" (placed_at)
WHERE
  status = 'pending';

CREATE INDEX order_user_idx ON "order" (user_id);

CREATE INDEX product_active_category_idx ON product (category_id)
WHERE
  is_active;

CREATE UNIQUE INDEX product_sku_idx ON product (sku);

CREATE INDEX shipment_order_id_idx ON shipment (order_id);

ALTER TABLE billing.invoice
ADD CONSTRAINT invoice_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id) ON DELETE RESTRICT;

ALTER TABLE billing.invoice
ADD CONSTRAINT invoice_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE RESTRICT;

ALTER TABLE billing.payment
ADD CONSTRAINT payment_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES billing.invoice (id) ON DELETE CASCADE;

ALTER TABLE address
ADD CONSTRAINT address_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;

ALTER TABLE category
ADD CONSTRAINT category_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES category (id) ON DELETE SET NULL;

ALTER TABLE "order"
ADD CONSTRAINT order_shipping_address_id_fkey FOREIGN KEY (shipping_address_id) REFERENCES address (id) ON DELETE SET NULL;

ALTER TABLE "order"
ADD CONSTRAINT order_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE RESTRICT;

ALTER TABLE order_item
ADD CONSTRAINT order_item_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id);

ALTER TABLE order_item
ADD CONSTRAINT order_item_product_id_fkey FOREIGN KEY (product_id) REFERENCES product (id) ON DELETE RESTRICT;

ALTER TABLE product
ADD CONSTRAINT product_category_id_fkey FOREIGN KEY (category_id) REFERENCES category (id) ON DELETE SET NULL;

ALTER TABLE shipment
ADD CONSTRAINT shipment_address_id_fkey FOREIGN KEY (address_id) REFERENCES address (id) ON DELETE RESTRICT;

ALTER TABLE shipment
ADD CONSTRAINT shipment_order_id_fkey FOREIGN KEY (order_id) REFERENCES "order" (id) ON DELETE CASCADE;

ALTER TABLE "user"
ADD CONSTRAINT user_default_address_id_fkey FOREIGN KEY (default_address_id) REFERENCES address (id) ON DELETE SET NULL;

ALTER TABLE "user"
ADD CONSTRAINT user_last_order_id_fkey FOREIGN KEY (last_order_id) REFERENCES "order" (id) ON DELETE SET NULL;

ALTER TABLE wishlist_item
ADD CONSTRAINT wishlist_item_product_id_fkey FOREIGN KEY (product_id) REFERENCES product (id) ON DELETE CASCADE;

ALTER TABLE wishlist_item
ADD CONSTRAINT wishlist_item_user_id_fkey FOREIGN KEY (user_id) REFERENCES "user" (id) ON DELETE CASCADE;

COMMENT ON TABLE product IS 'products for sale; inactive products stay for the orders that reference them';

COMMENT ON TABLE "user" IS 'registered customers';

COMMENT ON COLUMN address.country IS 'ISO 3166-1 alpha-2 code';

COMMENT ON COLUMN "order".status IS 'pending, then paid, shipped and delivered';

COMMENT ON COLUMN product.price IS 'unit price in the shop currency, taxes included';

