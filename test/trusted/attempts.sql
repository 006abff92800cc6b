-- test/trusted/attempts.sql: run by the role that installed the extension.
-- Every statement generated below must fail with SQLSTATE 42501
-- (insufficient privilege).  The statements come from the catalog (the
-- extension's members in pg_depend), so objects added to the extension
-- later are covered.  A statement that succeeds is rolled back (its
-- subtransaction is aborted by a marker error) and reported.
-- Prints one line per statement that did not fail with 42501, then a
-- line "attempts: N".

CREATE TEMP TABLE attempt (stmt text, outcome text);

CREATE TEMP VIEW member AS
SELECT d.classid, d.objid
  FROM pg_catalog.pg_depend d
 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
   AND d.refobjid IN (SELECT oid FROM pg_catalog.pg_extension WHERE extname IN ('phone', 'phone_consent'))
   AND d.deptype = 'e';

-- Tables whose non-predefined rows the installing role may edit
-- (src/sql/phone_consent/grants.sql); every other table of the extension is a ledger.
CREATE TEMP VIEW ext_table AS
SELECT c.oid AS relid, c.oid::pg_catalog.regclass::text AS rel, c.relkind,
       c.relname IN ('phone_consent_purpose', 'phone_contact_window', 'phone_sms_keywords',
                     'phone_consent_notice', 'phone_public_holiday') AS config
  FROM member m JOIN pg_catalog.pg_class c
    ON m.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = m.objid;

CREATE TEMP VIEW stmt AS
-- ledgers: no row may change, no row may be written around the functions
SELECT pg_catalog.format('UPDATE %s SET %I = %I', t.rel, a.attname, a.attname) AS s
  FROM ext_table t
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.relid AND a.attnum = 1
 WHERE t.relkind IN ('r', 'p') AND NOT t.config
UNION ALL
SELECT pg_catalog.format('DELETE FROM %s', t.rel) FROM ext_table t
 WHERE t.relkind IN ('r', 'p') AND NOT t.config
UNION ALL
SELECT pg_catalog.format('INSERT INTO %s DEFAULT VALUES', t.rel) FROM ext_table t
 WHERE t.relkind IN ('r', 'p') AND NOT t.config
-- every table: no TRUNCATE, no trigger changes, no ownership, no detaching
UNION ALL
SELECT pg_catalog.format('TRUNCATE %s', t.rel) FROM ext_table t WHERE t.relkind IN ('r', 'p')
UNION ALL
SELECT pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER ALL', t.rel) FROM ext_table t
 WHERE t.relkind IN ('r', 'p')
UNION ALL
SELECT pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER USER', t.rel) FROM ext_table t
 WHERE t.relkind IN ('r', 'p')
UNION ALL
SELECT pg_catalog.format('CREATE TRIGGER regress_phone_t BEFORE INSERT ON %s FOR EACH STATEMENT EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger()', t.rel)
  FROM ext_table t WHERE t.relkind IN ('r', 'p')
UNION ALL
SELECT pg_catalog.format('ALTER TABLE %s OWNER TO CURRENT_USER', t.rel) FROM ext_table t
 WHERE t.relkind IN ('r', 'p', 'v', 'S')
UNION ALL
SELECT pg_catalog.format('DROP %s %s', CASE t.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, t.rel)
  FROM ext_table t WHERE t.relkind IN ('r', 'p', 'v', 'S')
UNION ALL
SELECT pg_catalog.format('ALTER EXTENSION phone DROP %s %s', CASE t.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, t.rel)
  FROM ext_table t WHERE t.relkind IN ('r', 'p', 'v', 'S')
UNION ALL
SELECT pg_catalog.format('SELECT pg_catalog.setval(%L, 1)', t.rel) FROM ext_table t WHERE t.relkind = 'S'
UNION ALL
SELECT pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER %I', tg.tgrelid::pg_catalog.regclass, tg.tgname)
  FROM pg_catalog.pg_trigger tg JOIN ext_table t ON t.relid = tg.tgrelid
 WHERE NOT tg.tgisinternal
UNION ALL
SELECT pg_catalog.format('DROP TRIGGER %I ON %s', tg.tgname, tg.tgrelid::pg_catalog.regclass)
  FROM pg_catalog.pg_trigger tg JOIN ext_table t ON t.relid = tg.tgrelid
 WHERE NOT tg.tgisinternal
-- triggers stop firing in replica mode: superuser only
UNION ALL
SELECT 'SET session_replication_role = replica'
-- event triggers (the schema guard): no disabling, dropping, detaching
UNION ALL
SELECT pg_catalog.format(x.f, e.evtname)
  FROM member m JOIN pg_catalog.pg_event_trigger e
    ON m.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass AND e.oid = m.objid,
       (VALUES ('ALTER EVENT TRIGGER %I DISABLE'), ('ALTER EVENT TRIGGER %I ENABLE REPLICA'),
               ('ALTER EVENT TRIGGER %I OWNER TO CURRENT_USER'), ('DROP EVENT TRIGGER %I'),
               ('ALTER EXTENSION phone DROP EVENT TRIGGER %I')) AS x(f)
-- functions: no replacing, no altering, no ownership
UNION ALL
SELECT pg_catalog.format('ALTER FUNCTION %s OWNER TO CURRENT_USER', p.oid::pg_catalog.regprocedure)
  FROM member m JOIN pg_catalog.pg_proc p
    ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
 WHERE p.prokind <> 'a'
UNION ALL
SELECT pg_catalog.format('ALTER FUNCTION %s RESET ALL', p.oid::pg_catalog.regprocedure)
  FROM member m JOIN pg_catalog.pg_proc p
    ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
 WHERE p.prokind <> 'a'
UNION ALL
SELECT pg_catalog.pg_get_functiondef(p.oid)
  FROM member m JOIN pg_catalog.pg_proc p
    ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
 WHERE p.prokind = 'f'
UNION ALL
SELECT pg_catalog.format('ALTER AGGREGATE %s(%s) OWNER TO CURRENT_USER', p.oid::pg_catalog.regproc,
                         pg_catalog.pg_get_function_identity_arguments(p.oid))
  FROM member m JOIN pg_catalog.pg_proc p
    ON m.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = m.objid
 WHERE p.prokind = 'a'
UNION ALL
SELECT pg_catalog.format('ALTER TYPE %s OWNER TO CURRENT_USER', ty.oid::pg_catalog.regtype)
  FROM member m JOIN pg_catalog.pg_type ty
    ON m.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ty.oid = m.objid;

DO $$
DECLARE
    s  text;
    st text;
BEGIN
    FOR s IN SELECT stmt.s FROM stmt LOOP
        BEGIN
            EXECUTE s;
            RAISE EXCEPTION 'succeeded' USING ERRCODE = 'P0099';
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
            INSERT INTO attempt VALUES (s, CASE st WHEN 'P0099' THEN 'SUCCEEDED' ELSE st END);
        END;
    END LOOP;
END
$$;

SELECT outcome || ': ' || pg_catalog.regexp_replace(stmt, '\s+', ' ', 'g')
  FROM attempt WHERE outcome <> '42501' ORDER BY stmt;
SELECT 'attempts: ' || pg_catalog.count(*) FROM attempt;
