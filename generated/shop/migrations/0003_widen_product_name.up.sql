-- 0003_widen_product_name (up)
-- parent: 0002_add_display_name
-- modules: catalog

ALTER TABLE product
ALTER COLUMN name TYPE varchar(200);

