-- Comments on tables (column null) and columns of the schemas in $1.
SELECT n.nspname::text AS schema,
       c.relname::text AS table,
       CASE WHEN d.objsubid = 0 THEN NULL ELSE a.attname::text END AS column,
       d.description AS comment
FROM pg_catalog.pg_description d
JOIN pg_catalog.pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_catalog.pg_class'::regclass
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY($1::text[])
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", d.objsubid
