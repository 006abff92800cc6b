-- test/trusted/overloads.sql: run by the installing role, which owns the
-- schema "ext" and has installed the extension into it.  For every
-- function of the extension, it plants in that schema one overload per
-- argument and per type that reaches the argument's type through an
-- implicit cast (pg_cast: integer and smallint for bigint; varchar, name,
-- bpchar and "char" for text; date and timestamp for timestamptz; ...;
-- arrays of those for arrays), keeping the other arguments, the names, the
-- defaults and the result.  A call from the extension's own SQL that is
-- not typed exactly (an integer literal for a bigint parameter, a quoted
-- literal, a NULL, an omitted default) would run the overload, or fail
-- with "function ... is not unique".  Each overload logs the call into
-- ext_capture.captured and tries to make the installing role a superuser.
--
-- Prints "planted: N" (the overloads created) and "skipped: M" (those
-- PostgreSQL refused, e.g. a default of another type).

\set ON_ERROR_STOP 1
CREATE SCHEMA ext_capture;
CREATE TABLE ext_capture.captured (fn text, by_role name, search_path text);
GRANT USAGE ON SCHEMA ext_capture TO PUBLIC;
GRANT INSERT ON ext_capture.captured TO PUBLIC;

CREATE FUNCTION ext_capture.escalate(fn text) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $f$
BEGIN
    INSERT INTO ext_capture.captured
    VALUES (fn, current_user, pg_catalog.current_setting('search_path'));
    BEGIN
        EXECUTE 'ALTER ROLE regress_phone_installer SUPERUSER';
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
END
$f$;

CREATE TEMP TABLE planted (sig text, ok boolean, err text);

DO $plant$
DECLARE
    f       record;
    i       integer;
    alt     oid;
    args    text[];
    ins     integer;     -- position among the input arguments
    nin     integer;
    arglist text;
    body    text;
    ddl     text;
    m       "char";
    t       oid;
    nm      text;
    dflt    text;
    altarg  text;
BEGIN
    FOR f IN
        SELECT p.oid, p.proname, p.pronargs, p.pronargdefaults, p.proretset,
               coalesce(p.proallargtypes,
                        ('{' || pg_catalog.array_to_string(p.proargtypes::oid[], ',') || '}')::oid[]) AS types,
               coalesce(p.proargmodes, pg_catalog.array_fill('i'::"char", ARRAY[p.pronargs])) AS modes,
               p.proargnames AS names,
               pg_catalog.pg_get_function_result(p.oid) AS result,
               p.prorettype
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_proc p ON p.oid = d.objid
         WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
           AND d.refobjid IN (SELECT oid FROM pg_catalog.pg_extension WHERE extname IN ('phone', 'phone_consent'))
           AND d.deptype = 'e' AND p.prokind = 'f'
           AND p.prorettype NOT IN ('pg_catalog.trigger'::pg_catalog.regtype,
                                    'pg_catalog.internal'::pg_catalog.regtype,
                                    'pg_catalog.cstring'::pg_catalog.regtype)
         ORDER BY p.oid
    LOOP
        nin := 0;
        FOR i IN 1 .. coalesce(pg_catalog.array_length(f.types, 1), 0) LOOP
            IF f.modes[i] IN ('i', 'b', 'v') THEN
                nin := nin + 1;
            END IF;
        END LOOP;
        -- every input argument, every type reaching its type implicitly
        FOR i IN 1 .. coalesce(pg_catalog.array_length(f.types, 1), 0) LOOP
            CONTINUE WHEN f.modes[i] NOT IN ('i', 'b');
            FOR alt IN
                SELECT c.castsource FROM pg_catalog.pg_cast c
                 WHERE c.casttarget = f.types[i] AND c.castcontext = 'i'
                   AND c.castsource <> f.types[i]
                   -- statistics and expression trees: no expression makes one
                   AND c.castsource NOT IN ('pg_catalog.pg_node_tree'::pg_catalog.regtype,
                                            'pg_catalog.pg_ndistinct'::pg_catalog.regtype,
                                            'pg_catalog.pg_dependencies'::pg_catalog.regtype,
                                            'pg_catalog.pg_mcv_list'::pg_catalog.regtype)
                UNION
                -- arrays: an implicit cast between their element types
                SELECT sa.oid FROM pg_catalog.pg_type ta
                  JOIN pg_catalog.pg_cast c ON c.casttarget = ta.typelem AND c.castcontext = 'i'
                  JOIN pg_catalog.pg_type sa ON sa.typelem = c.castsource AND sa.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc
                 WHERE ta.oid = f.types[i] AND ta.typelem <> 0 AND c.castsource <> ta.typelem
                ORDER BY 1
            LOOP
                -- the argument list, argument i retyped
                args := '{}';
                ins := 0;
                FOR j IN 1 .. coalesce(pg_catalog.array_length(f.types, 1), 0) LOOP
                    m := f.modes[j];
                    CONTINUE WHEN m = 't';          -- RETURNS TABLE columns: in the result
                    t := CASE WHEN j = i THEN alt ELSE f.types[j] END;
                    nm := coalesce(f.names[j], '');
                    altarg := CASE m WHEN 'o' THEN 'OUT ' WHEN 'b' THEN 'INOUT ' WHEN 'v' THEN 'VARIADIC ' ELSE '' END
                              || CASE WHEN nm <> '' THEN pg_catalog.quote_ident(nm) || ' ' ELSE '' END
                              || pg_catalog.format_type(t, NULL);
                    IF m IN ('i', 'b', 'v') THEN
                        ins := ins + 1;
                        IF ins > nin - f.pronargdefaults THEN
                            dflt := pg_catalog.pg_get_function_arg_default(f.oid, j);
                            IF dflt IS NOT NULL THEN
                                altarg := altarg || ' DEFAULT ' || dflt;
                            END IF;
                        END IF;
                    END IF;
                    args := args || altarg;
                END LOOP;
                arglist := pg_catalog.array_to_string(args, ', ');
                body := 'BEGIN PERFORM ext_capture.escalate(' || pg_catalog.quote_literal(f.proname || '(' || arglist || ')') || '); '
                        || CASE WHEN f.proretset OR f.result LIKE 'TABLE(%' OR f.result IN ('record', 'void')
                                THEN 'RETURN; ' ELSE 'RETURN NULL; ' END
                        || 'END';
                ddl := pg_catalog.format('CREATE FUNCTION ext.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                                         f.proname, arglist, f.result, body);
                BEGIN
                    EXECUTE ddl;
                    INSERT INTO planted VALUES (f.proname || '(' || arglist || ')', true, NULL);
                EXCEPTION WHEN OTHERS THEN
                    INSERT INTO planted VALUES (f.proname || '(' || arglist || ')', false, SQLERRM);
                END;
            END LOOP;
        END LOOP;
    END LOOP;
END
$plant$;

SELECT 'planted: ' || pg_catalog.count(*) FILTER (WHERE ok) FROM planted;
SELECT 'skipped: ' || pg_catalog.count(*) FILTER (WHERE NOT ok) FROM planted;
SELECT 'skipped ' || sig || ': ' || err FROM planted WHERE NOT ok ORDER BY sig;
-- the overloads this test depends on, by name: the one the issue reported
-- and one per kind of argument that the writers and reports pass
SELECT 'missing: ' || s
  FROM pg_catalog.unnest(ARRAY[
        'phone_report_progress(label text, every integer)',
        'phone_report_column(tbl regclass, col name, report character varying)',
        'phone_consent_check_args(channel text, purpose text, method character varying, allow_all boolean)',
        'phone_consent_revoke(number ext.phone, channel character varying DEFAULT NULL::text, purpose text DEFAULT NULL::text, method text DEFAULT ''unspecified''::text, evidence jsonb DEFAULT ''{}''::jsonb, occurred_at timestamp with time zone DEFAULT now(), recorded_by text DEFAULT NULL::text, seller text DEFAULT NULL::text, program text DEFAULT NULL::text)',
        'phone_consent_confirm(number ext.phone, channel text, purpose text, method text DEFAULT ''sms_reply''::text, evidence jsonb DEFAULT ''{}''::jsonb, occurred_at timestamp with time zone DEFAULT now(), source character varying DEFAULT NULL::text, recorded_by text DEFAULT NULL::text, program text DEFAULT ''default''::text)',
        'phone_check(input text, region name)'
       ]) AS s
 WHERE s NOT IN (SELECT sig FROM planted WHERE ok);
