-- 0003_widen_product_name (down)
-- parent: 0002_add_display_name
-- modules: catalog

-- SC7001 data-loss: changes public.product.name from varchar(200) to varchar(120): shortens the maximum length
-- SC7002 table-rewrite: changes public.product.name from varchar(200) to varchar(120): rewrites public.product
ALTER TABLE product
ALTER COLUMN name TYPE varchar(120);

