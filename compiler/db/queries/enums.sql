-- Enum types of the schemas in $1, values in their sort order (enumsortorder, which
-- ADD VALUE ... BEFORE keeps meaningful).
SELECT n.nspname::text AS schema,
       t.typname::text AS name,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
GROUP BY n.nspname, t.typname
ORDER BY n.nspname COLLATE "C", t.typname COLLATE "C"
