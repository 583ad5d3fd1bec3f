-- Indexes that do not back a constraint (PRIMARY KEY, UNIQUE and EXCLUDE constraints own
-- theirs). Plain key columns in key order; expression keys (attnum 0), non-default ordering
-- (indoption), non-default operator classes and INCLUDE columns are flagged so that
-- introspection can refuse what the graph cannot hold yet.
SELECT n.nspname::text AS schema,
       c.relname::text AS table,
       i.relname::text AS name,
       ix.indisunique AS unique,
       am.amname::text AS method,
       pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
       ARRAY(SELECT coalesce(a.attname::text, '')
             FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
             WHERE k.ord <= ix.indnkeyatts
             ORDER BY k.ord) AS columns,
       (ix.indexprs IS NOT NULL OR 0 = ANY (ix.indkey::int2[])) AS has_expressions,
       (ix.indnatts > ix.indnkeyatts) AS has_include,
       EXISTS (SELECT 1 FROM unnest(ix.indoption::int2[]) o WHERE o <> 0) AS has_options,
       EXISTS (SELECT 1 FROM unnest(ix.indclass::oid[]) oc JOIN pg_catalog.pg_opclass op ON op.oid = oc
               WHERE NOT op.opcdefault) AS has_opclass,
       pg_catalog.pg_get_indexdef(ix.indexrelid) AS definition
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = i.relam
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", i.relname COLLATE "C"
