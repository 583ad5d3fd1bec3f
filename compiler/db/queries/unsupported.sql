-- Objects of the schemas in $1 that the graph cannot hold yet, one row each (kind, name, why),
-- for `schemac pull` to name instead of silently skipping. Objects made by an extension are
-- left out (the extension itself is listed). What introspection itself refuses (expression
-- indexes, deferrable constraints, types schemac does not model) is reported by introspect.
WITH ext AS (SELECT objid FROM pg_catalog.pg_depend WHERE deptype = 'e'),
     ns AS (SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[]))
SELECT kind, name, reason FROM (
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
                        WHEN 'c' THEN 'composite type' ELSE 'sequence' END AS kind,
         ns.nspname || '.' || c.relname AS name,
         CASE c.relkind WHEN 'S' THEN 'the DSL declares sequences only through serial columns'
                        ELSE 'the DSL cannot declare it yet' END AS reason
  FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE (c.relkind IN ('v', 'm', 'f', 'c')
         OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                             WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')
                                               AND d.refclassid = 'pg_catalog.pg_class'::regclass)))
    AND c.oid NOT IN (SELECT objid FROM ext)
  UNION ALL
  SELECT 'partition', ns.nspname || '.' || c.relname, 'partitioned tables are not modeled yet'
  FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relispartition
  UNION ALL
  SELECT 'table inheritance', ns.nspname || '.' || c.relname, 'it inherits from ' || pn.nspname || '.' || p.relname
  FROM pg_catalog.pg_inherits i
  JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid JOIN ns ON ns.oid = c.relnamespace
  JOIN pg_catalog.pg_class p ON p.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
  WHERE NOT c.relispartition
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
         ns.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')',
         'the DSL cannot declare functions yet'
  FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace
  WHERE p.oid NOT IN (SELECT objid FROM ext)
  UNION ALL
  SELECT 'trigger', t.tgname || ' on ' || ns.nspname || '.' || c.relname, 'the DSL cannot declare triggers yet'
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT t.tgisinternal
  UNION ALL
  SELECT 'policy', pol.polname || ' on ' || ns.nspname || '.' || c.relname, 'row-level security is not modeled yet'
  FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT 'row-level security', ns.nspname || '.' || c.relname, 'row-level security is not modeled yet'
  FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relrowsecurity AND c.relkind IN ('r', 'p')
  UNION ALL
  SELECT 'rule', r.rulename || ' on ' || ns.nspname || '.' || c.relname, 'the DSL cannot declare rules'
  FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace
  WHERE r.rulename <> '_RETURN'
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' WHEN 'm' THEN 'multirange type' ELSE 'type' END,
         ns.nspname || '.' || t.typname, 'the DSL cannot declare it yet'
  FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
  WHERE t.typtype IN ('d', 'r', 'b') AND t.oid NOT IN (SELECT objid FROM ext)
    AND NOT (t.typtype = 'b' AND t.typelem <> 0 AND t.typlen = -1)
  UNION ALL
  SELECT 'extension', e.extname, 'the DSL cannot declare extensions yet (create it before applying the migrations)'
  FROM pg_catalog.pg_extension e
  WHERE e.extname <> 'plpgsql'
  UNION ALL
  SELECT 'comment', 'on ' || pg_catalog.pg_describe_object(d.classoid, d.objoid, 0),
         'comments on schemas, types, constraints and indexes are not modeled yet'
  FROM pg_catalog.pg_description d
  WHERE d.objsubid = 0
    AND ((d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objoid IN (SELECT oid FROM ns WHERE nspname <> 'public'))
      OR (d.classoid = 'pg_catalog.pg_type'::regclass AND d.objoid IN (SELECT t.oid FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace))
      OR (d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objoid IN (SELECT con.oid FROM pg_catalog.pg_constraint con JOIN ns ON ns.oid = con.connamespace))
      OR (d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid IN (SELECT c.oid FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'i')))
) AS objects
ORDER BY kind COLLATE "C", name COLLATE "C"
