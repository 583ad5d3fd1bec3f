-- 0002_add_display_name (up)
-- parent: 0001_initial

ALTER TABLE "user"
ADD COLUMN display_name varchar(100);

