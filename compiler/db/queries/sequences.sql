-- Sequences owned by a column: deptype 'a' for serial (OWNED BY), 'i' for identity columns,
-- with their options as text (bigint bounds do not fit a JavaScript number exactly).
SELECT n.nspname::text AS schema,
       c.relname::text AS table,
       a.attname::text AS column,
       s.relname::text AS name,
       d.deptype::text AS dependency,
       sq.seqstart::text AS start,
       sq.seqincrement::text AS increment,
       sq.seqmin::text AS min,
       sq.seqmax::text AS max,
       sq.seqcache::text AS cache,
       sq.seqcycle AS cycle,
       pg_catalog.format_type(sq.seqtypid, NULL) AS type
FROM pg_catalog.pg_depend d
JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = s.oid
JOIN pg_catalog.pg_class c ON c.oid = d.refobjid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_catalog.pg_class'::regclass
  AND d.refclassid = 'pg_catalog.pg_class'::regclass
  AND d.deptype IN ('a', 'i')
  AND n.nspname = ANY($1::text[])
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", a.attnum
