-- 0002_add_display_name (down)
-- parent: 0001_initial
-- modules: users

-- SC7001 data-loss: drops column public.user.display_name
ALTER TABLE "user"
DROP COLUMN display_name;

