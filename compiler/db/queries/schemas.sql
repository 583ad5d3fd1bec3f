-- Schemas that hold user objects: every schema but PostgreSQL's own and public (which always
-- exists and is implicit in the graph), and none created by an extension.
SELECT n.nspname::text AS name
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public')
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C"
