-- test/upgrade/members.sql: a listing of the phone extension's members and
-- of everything about them that an upgrade script must get right, one
-- line each, free of OIDs, so that two databases can be compared with diff.
-- Used by test/upgrade/run.sh.  psql -v ext=NAME lists the extension
-- NAME instead (phone_consent).

\pset format unaligned
\pset tuples_only on
\if :{?ext}
\else
\set ext phone
\endif

WITH m AS (
    SELECT d.classid, d.objid
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = :'ext')
       AND d.deptype = 'e'
)
SELECT line FROM (
    -- every member, with its comment
    SELECT 'member ' || pg_catalog.pg_describe_object(m.classid, m.objid, 0)
           || ' comment=' || coalesce(pg_catalog.obj_description(m.objid,
                  (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = m.classid)), '<none>') AS line
      FROM m
    UNION ALL
    -- functions: everything but the OID
    SELECT 'function ' || p.oid::pg_catalog.regprocedure::text
           || ' kind=' || p.prokind::text || ' returns=' || pg_catalog.format_type(p.prorettype, NULL)
           || ' set=' || p.proretset || ' vol=' || p.provolatile::text || ' par=' || p.proparallel::text
           || ' strict=' || p.proisstrict || ' secdef=' || p.prosecdef || ' leakproof=' || p.proleakproof
           || ' cost=' || p.procost || ' rows=' || p.prorows
           || ' lang=' || (SELECT l.lanname FROM pg_catalog.pg_language l WHERE l.oid = p.prolang)
           || ' config=' || coalesce(p.proconfig::text, '')
           || ' support=' || p.prosupport::text
           || ' owner=' || pg_catalog.pg_get_userbyid(p.proowner)
           -- privileges equal to the default are the default (an adopted
           -- object whose rights were changed and given back under 1.0)
           || ' acl=' || CASE WHEN p.proacl IS NULL
                                   OR ARRAY(SELECT x::text FROM pg_catalog.unnest(p.proacl) x ORDER BY 1)
                                      = ARRAY(SELECT x::text FROM pg_catalog.unnest(pg_catalog.acldefault('f', p.proowner)) x ORDER BY 1)
                              THEN '<default>' ELSE p.proacl::text END
           || ' args=' || pg_catalog.pg_get_function_arguments(p.oid)
           || ' bin=' || coalesce(p.probin, '')
           || ' src=' || coalesce(pg_catalog.md5(p.prosrc), '')
           || ' body=' || coalesce(pg_catalog.md5(pg_catalog.pg_get_function_sqlbody(p.oid)), '')
      FROM m JOIN pg_catalog.pg_proc p ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
    UNION ALL
    -- relations, columns, constraints, indexes, triggers, views
    SELECT 'relation ' || c.oid::pg_catalog.regclass::text || ' kind=' || c.relkind::text
           || ' owner=' || pg_catalog.pg_get_userbyid(c.relowner)
           || ' acl=' || coalesce(c.relacl::text, '<default>')
           || ' options=' || coalesce(c.reloptions::text, '')
           || coalesce(' view=' || pg_catalog.pg_get_viewdef(c.oid), '')
      FROM m JOIN pg_catalog.pg_class c ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = m.objid
    UNION ALL
    SELECT 'column ' || c.oid::pg_catalog.regclass::text || '.' || a.attname
           || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
           || ' notnull=' || a.attnotnull || ' generated=' || a.attgenerated::text || ' identity=' || a.attidentity::text
           || ' collation=' || coalesce((SELECT co.collname FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation), '')
           || ' default=' || coalesce(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '')
           || ' acl=' || coalesce(a.attacl::text, '')
           || ' comment=' || coalesce(pg_catalog.col_description(c.oid, a.attnum), '<none>')
      FROM m JOIN pg_catalog.pg_class c ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = m.objid
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    UNION ALL
    SELECT 'constraint ' || co.conrelid::pg_catalog.regclass::text || ' ' || co.conname || ' '
           || pg_catalog.pg_get_constraintdef(co.oid)
      FROM m JOIN pg_catalog.pg_constraint co ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND co.conrelid = m.objid
    UNION ALL
    SELECT 'index ' || pg_catalog.pg_get_indexdef(i.indexrelid)
           || ' comment=' || coalesce(pg_catalog.obj_description(i.indexrelid, 'pg_class'), '<none>')
      FROM m JOIN pg_catalog.pg_index i ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND i.indrelid = m.objid
    UNION ALL
    SELECT 'trigger ' || pg_catalog.pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
           || ' comment=' || coalesce(pg_catalog.obj_description(t.oid, 'pg_trigger'), '<none>')
      FROM m JOIN pg_catalog.pg_trigger t ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND t.tgrelid = m.objid
     WHERE NOT t.tgisinternal
    UNION ALL
    -- types and enum labels
    SELECT 'type ' || pg_catalog.format_type(t.oid, NULL) || ' type=' || t.typtype::text || ' len=' || t.typlen
           || ' byval=' || t.typbyval || ' align=' || t.typalign::text || ' category=' || t.typcategory::text
           || ' input=' || t.typinput::text || ' output=' || t.typoutput::text
           || ' receive=' || t.typreceive::text || ' send=' || t.typsend::text
           || ' owner=' || pg_catalog.pg_get_userbyid(t.typowner)
           || ' acl=' || coalesce(t.typacl::text, '<default>')
           || ' labels=' || coalesce((SELECT pg_catalog.string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                        FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '')
      FROM m JOIN pg_catalog.pg_type t ON m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid = m.objid
    UNION ALL
    -- operators
    SELECT 'operator ' || o.oid::pg_catalog.regoperator::text || ' code=' || o.oprcode::text
           || ' rest=' || o.oprrest::text || ' join=' || o.oprjoin::text
           || ' com=' || o.oprcom::pg_catalog.regoperator::text || ' neg=' || o.oprnegate::pg_catalog.regoperator::text
           || ' hashes=' || o.oprcanhash || ' merges=' || o.oprcanmerge
      FROM m JOIN pg_catalog.pg_operator o ON m.classid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND o.oid = m.objid
    UNION ALL
    -- operator families: their operators and support functions
    SELECT 'opfamily ' || f.opfname || ' ' || am.amname || ' op ' || ao.amopstrategy || ' '
           || ao.amopopr::pg_catalog.regoperator::text || ' ' || ao.amoppurpose::text
      FROM m JOIN pg_catalog.pg_opfamily f ON m.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND f.oid = m.objid
      JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
      JOIN pg_catalog.pg_amop ao ON ao.amopfamily = f.oid
    UNION ALL
    SELECT 'opfamily ' || f.opfname || ' ' || am.amname || ' proc ' || ap.amprocnum || ' '
           || ap.amproc::pg_catalog.regprocedure::text
      FROM m JOIN pg_catalog.pg_opfamily f ON m.classid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass AND f.oid = m.objid
      JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
      JOIN pg_catalog.pg_amproc ap ON ap.amprocfamily = f.oid
    UNION ALL
    SELECT 'opclass ' || oc.opcname || ' default=' || oc.opcdefault || ' type=' || pg_catalog.format_type(oc.opcintype, NULL)
      FROM m JOIN pg_catalog.pg_opclass oc ON m.classid = 'pg_catalog.pg_opclass'::pg_catalog.regclass AND oc.oid = m.objid
    UNION ALL
    SELECT 'cast ' || pg_catalog.format_type(ca.castsource, NULL) || ' -> ' || pg_catalog.format_type(ca.casttarget, NULL)
           || ' func=' || ca.castfunc::pg_catalog.regprocedure::text || ' context=' || ca.castcontext::text
           || ' method=' || ca.castmethod::text
      FROM m JOIN pg_catalog.pg_cast ca ON m.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass AND ca.oid = m.objid
    UNION ALL
    SELECT 'aggregate ' || a.aggfnoid::pg_catalog.regprocedure::text || ' sfunc=' || a.aggtransfn::text
           || ' combine=' || a.aggcombinefn::text || ' sortop=' || a.aggsortop::pg_catalog.regoperator::text
      FROM m JOIN pg_catalog.pg_aggregate a ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND a.aggfnoid = m.objid
    UNION ALL
    SELECT 'event trigger ' || et.evtname || ' event=' || et.evtevent || ' enabled=' || et.evtenabled::text
           || ' tags=' || coalesce(et.evttags::text, '') || ' func=' || et.evtfoid::pg_catalog.regprocedure::text
      FROM m JOIN pg_catalog.pg_event_trigger et ON m.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass AND et.oid = m.objid
    UNION ALL
    -- the extension itself: version, schema, comment (where phone records
    -- the numbering-plan data version), tables pg_dump keeps
    SELECT 'extension ' || e.extname || ' version=' || e.extversion
           || ' comment=' || coalesce(pg_catalog.obj_description(e.oid, 'pg_catalog.pg_extension'), '<none>')
           || ' schema=' || e.extnamespace::pg_catalog.regnamespace::text
           || ' relocatable=' || e.extrelocatable
           || ' config=' || coalesce((SELECT pg_catalog.string_agg(x.c::pg_catalog.regclass::text || ':' || x.w, ', ' ORDER BY 1)
                                       FROM ROWS FROM (pg_catalog.unnest(e.extconfig), pg_catalog.unnest(e.extcondition)) AS x(c, w)), '')
      FROM pg_catalog.pg_extension e WHERE e.extname = :'ext'
    UNION ALL
    -- initial privileges recorded for pg_dump
    SELECT 'init_privs ' || pg_catalog.pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) || ' ' || ip.initprivs::text
      FROM pg_catalog.pg_init_privs ip
      JOIN m ON m.classid = ip.classoid AND m.objid = ip.objoid
     -- initial privileges equal to a function's default are no initial
     -- privileges (pg_dump writes the same for both)
     WHERE NOT (ip.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                AND ARRAY(SELECT x::text FROM pg_catalog.unnest(ip.initprivs) x ORDER BY 1)
                    = ARRAY(SELECT x::text
                              FROM pg_catalog.pg_proc p, pg_catalog.unnest(pg_catalog.acldefault('f', p.proowner)) x
                             WHERE p.oid = ip.objoid ORDER BY 1))
) AS listing
ORDER BY line COLLATE "C";

-- the rows the extension's tables hold after installing (the predefined
-- configuration must be the same, too), but for columns that default to
-- the clock
SELECT pg_catalog.format('SELECT ''rows %1$s '' || count(*) || '' '' || coalesce(pg_catalog.md5(pg_catalog.string_agg(r::text, ''|'' ORDER BY r::text COLLATE "C")), '''') FROM (SELECT %2$s FROM %1$s) r',
                         c.oid::pg_catalog.regclass,
                         (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                            FROM pg_catalog.pg_attribute a
                            LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                             AND coalesce(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '') <> 'now()'))
  FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class c ON c.oid = d.objid
 WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
   AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
   AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = :'ext')
   AND d.deptype = 'e' AND c.relkind IN ('r', 'p')
 ORDER BY 1 \gexec
