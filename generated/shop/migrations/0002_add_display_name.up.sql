-- 0002_add_display_name (up)
-- parent: 0001_initial
-- modules: users

ALTER TABLE "user"
ADD COLUMN display_name varchar(100);

