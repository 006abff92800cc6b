/* 00-adopt.sql, the first part of phone_consent--unpackaged--1.1.sql: ALTER EXTENSION phone_consent
 * UPDATE TO '1.1' from 'unpackaged': adopt the consent objects that
 * ALTER EXTENSION phone UPDATE TO '1.1' detached from phone 1.0
 * (src/sql/phone/update/1.0--1.1/90-split-consent.sql), rows and all, so that
 * the result is what CREATE EXTENSION phone_consent makes, plus the data
 * (make test-upgrade compares the two).  The list of objects
 * is the list of 90-split-consent.sql, with ADD for DROP. */

\echo Use "ALTER EXTENSION phone_consent UPDATE TO '1.1'" to load this file. \quit

-- The objects must be there, detached, in this extension's schema
DO $$
DECLARE
    phone_schema text;
    phone_version text;
BEGIN
    SELECT e.extnamespace::pg_catalog.regnamespace::pg_catalog.text, e.extversion
      INTO phone_schema, phone_version
      FROM pg_catalog.pg_extension e WHERE e.extname = 'phone';
    IF phone_version = '1.0' THEN
        RAISE EXCEPTION 'phone is at version 1.0, whose consent objects belong to phone'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run ALTER EXTENSION phone UPDATE TO ''1.1'' first.';
    END IF;
    IF phone_schema IS DISTINCT FROM '@extschema@'::pg_catalog.regnamespace::pg_catalog.text THEN
        RAISE EXCEPTION 'phone_consent must be installed in the schema of phone, %', phone_schema
            USING ERRCODE = 'invalid_schema_name',
                  DETAIL = pg_catalog.format('phone_consent is in schema %s.',
                                             '@extschema@'::pg_catalog.regnamespace),
                  HINT = pg_catalog.format('DROP EXTENSION phone_consent, then CREATE EXTENSION phone_consent VERSION ''unpackaged'' SCHEMA %s.', phone_schema);
    END IF;
    IF pg_catalog.to_regclass('@extschema@.phone_consent') IS NULL THEN
        RAISE EXCEPTION 'there is no consent ledger @extschema@.phone_consent to adopt'
            USING ERRCODE = 'undefined_table',
                  HINT = 'Without the objects of phone 1.0, install the extension afresh: DROP EXTENSION phone_consent; CREATE EXTENSION phone_consent;';
    END IF;
END
$$;

-- Adopt the objects, and keep the privileges a DBA gave or took on them.
-- ALTER EXTENSION ADD records an object's privileges as it holds them as
-- its initial privileges (pg_init_privs), which pg_dump takes for granted
-- and does not dump: a grant made under phone 1.0 would be lost by the
-- next dump and restore.  And within an extension's script every GRANT
-- and REVOKE is recorded so as well.  So each object's privileges are
-- saved, reset to what CREATE EXTENSION phone_consent gives (the REVOKEs
-- of src/sql/phone_consent/consent.sql and src/sql/phone_consent/erasure.sql and the grants of
-- src/sql/phone_consent/grants.sql, repeated below), and the object is added; the
-- statements that apply the saved privileges again are left in the
-- session's setting phone_consent.adopted_privileges, for the next step of
-- the update to run, outside this script, where they are changes pg_dump
-- dumps (doc/operations.md, "Upgrading from 1.0").  Every name is taken
-- from the catalog with search_path pg_catalog, pg_temp, so it is written
-- schema-qualified and quoted (regclass, regprocedure, quote_ident, %I).
DO $adopt$
DECLARE
    path     text := pg_catalog.current_setting('search_path');
    rels     pg_catalog.regclass[];
    funcs    pg_catalog.regprocedure[];
    o        record;
    g        record;
    saved    jsonb := '[]';
    todo     jsonb := '[]';
    item     jsonb;
    current_acl pg_catalog.aclitem[];
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    rels := ARRAY[
        '@extschema@.phone_consent_purpose',
        '@extschema@.phone_contact_window',
        '@extschema@.phone_consent_notice',
        '@extschema@.phone_consent',
        '@extschema@.phone_suppression',
        '@extschema@.phone_erasure_log',
        '@extschema@.phone_consent_permit',
        '@extschema@.phone_consent_event_id_seq',
        '@extschema@.phone_consent_notice_notice_id_seq',
        '@extschema@.phone_erasure_log_log_id_seq',
        '@extschema@.phone_consent_current'
    ]::pg_catalog.regclass[];
    funcs := ARRAY[
        '@extschema@.phone_can_contact(@extschema@.phone, text, text, timestamptz, text[])',
        '@extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz)',
        '@extschema@.phone_consent_check_args(text, text, text, boolean)',
        '@extschema@.phone_consent_check_time(timestamptz)',
        '@extschema@.phone_consent_config_guard()',
        '@extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb, timestamptz, text)',
        '@extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text)',
        '@extschema@.phone_consent_guard()',
        '@extschema@.phone_consent_lock(@extschema@.phone, text, text)',
        '@extschema@.phone_consent_notice_guard()',
        '@extschema@.phone_consent_notice_hash()',
        '@extschema@.phone_consent_purge(interval, boolean)',
        '@extschema@.phone_consent_purgeable(interval)',
        '@extschema@.phone_consent_purpose_referenced()',
        '@extschema@.phone_consent_reference_check()',
        '@extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz)',
        '@extschema@.phone_consent_state(@extschema@.phone, text, text, timestamptz)',
        '@extschema@.phone_consent_status(@extschema@.phone, text, text, timestamptz)',
        '@extschema@.phone_consent_suppression_check()',
        '@extschema@.phone_contact_decision(@extschema@.phone, text, text, timestamptz, text[])',
        '@extschema@.phone_contact_hours(@extschema@.phone, text)',
        '@extschema@.phone_erase(@extschema@.phone, text, text)',
        '@extschema@.phone_erasure_log_guard()',
        '@extschema@.phone_mark_disconnected(@extschema@.phone, date, text)',
        '@extschema@.phone_sms_keyword(text)',
        '@extschema@.phone_suppression_guard()',
        '@extschema@.phone_without_consent(regclass, name, text, text, timestamptz)'
    ]::pg_catalog.regprocedure[];

    -- the objects and columns whose privileges are not the default
    FOR o IN
        SELECT 'pg_class'::pg_catalog.regclass AS classid, c.oid AS objid, 0 AS objsubid,
               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kw,
               '' AS cols, c.oid::pg_catalog.regclass::pg_catalog.text AS name,
               c.relowner AS owner, c.relacl AS acl
          FROM pg_catalog.pg_class c WHERE c.oid = ANY (rels) AND c.relacl IS NOT NULL
        UNION ALL
        SELECT 'pg_class'::pg_catalog.regclass, c.oid, a.attnum, 'TABLE',
               pg_catalog.format(' (%I)', a.attname), c.oid::pg_catalog.regclass::pg_catalog.text,
               c.relowner, a.attacl
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
         WHERE c.oid = ANY (rels) AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
        UNION ALL
        SELECT 'pg_proc'::pg_catalog.regclass, p.oid, 0, 'FUNCTION', '',
               p.oid::pg_catalog.regprocedure::pg_catalog.text, p.proowner, p.proacl
          FROM pg_catalog.pg_proc p WHERE p.oid = ANY (funcs) AND p.proacl IS NOT NULL
        ORDER BY 1, 2, 3
    LOOP
        saved := saved || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                     'classid', o.classid::pg_catalog.oid, 'objid', o.objid, 'objsubid', o.objsubid,
                     'kw', o.kw, 'cols', o.cols, 'name', o.name, 'acl', o.acl::pg_catalog.text));
        -- back to the default: nothing for any role but the owner
        FOR g IN
            SELECT DISTINCT x.grantee FROM pg_catalog.aclexplode(o.acl) x
             WHERE x.grantee <> o.owner ORDER BY 1
        LOOP
            EXECUTE pg_catalog.format('REVOKE ALL%s ON %s %s FROM %s CASCADE', o.cols, o.kw, o.name,
                                      CASE g.grantee WHEN 0 THEN 'PUBLIC'
                                      ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END);
        END LOOP;
        IF o.objsubid = 0 THEN
            EXECUTE pg_catalog.format('GRANT ALL ON %s %s TO %s', o.kw, o.name,
                                      pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(o.owner)));
        END IF;
        IF o.kw = 'FUNCTION' THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', o.name);
        END IF;
    END LOOP;

    -- what CREATE EXTENSION phone_consent gives (src/sql/phone_consent/consent.sql,
    -- src/sql/phone_consent/erasure.sql, src/sql/phone_consent/grants.sql)
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                                              timestamptz, timestamptz, boolean, text) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                                                timestamptz, text) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb,
                                                               timestamptz) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_mark_disconnected(@extschema@.phone, date, text) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_lock(@extschema@.phone, text, text) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_reference_check() FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_purpose_referenced() FROM PUBLIC;
    REVOKE ALL ON @extschema@.phone_consent_permit FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_erase(@extschema@.phone, text, text) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_purge(interval, boolean) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_purgeable(interval) FROM PUBLIC;
    REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_suppression_check() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION
        @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                        timestamptz, timestamptz, boolean, text),
        @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                          timestamptz, text),
        @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz),
        @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz),
        @extschema@.phone_mark_disconnected(@extschema@.phone, date, text)
        TO @extowner@ WITH GRANT OPTION;
    GRANT EXECUTE ON FUNCTION
        @extschema@.phone_erase(@extschema@.phone, text, text),
        @extschema@.phone_consent_purge(interval, boolean),
        @extschema@.phone_consent_purgeable(interval)
        TO @extowner@ WITH GRANT OPTION;
    GRANT SELECT ON TABLE
        @extschema@.phone_consent,
        @extschema@.phone_consent_current,
        @extschema@.phone_suppression,
        @extschema@.phone_erasure_log
        TO @extowner@ WITH GRANT OPTION;
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE
        @extschema@.phone_consent_purpose,
        @extschema@.phone_contact_window,
        @extschema@.phone_consent_notice
        TO @extowner@ WITH GRANT OPTION;
    GRANT USAGE, SELECT ON SEQUENCE @extschema@.phone_consent_notice_notice_id_seq
        TO @extowner@ WITH GRANT OPTION;

    -- adopt them: their initial privileges are now a fresh install's
    FOR o IN
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END AS kind,
               c.oid::pg_catalog.regclass::pg_catalog.text AS name, u.n
          FROM pg_catalog.unnest(rels) WITH ORDINALITY u(r, n)
          JOIN pg_catalog.pg_class c ON c.oid = u.r
        UNION ALL
        SELECT 'FUNCTION', u.f::pg_catalog.text, pg_catalog.array_length(rels, 1) + u.n
          FROM pg_catalog.unnest(funcs) WITH ORDINALITY u(f, n)
        ORDER BY 3
    LOOP
        EXECUTE pg_catalog.format('ALTER EXTENSION phone_consent ADD %s %s', o.kind, o.name);
    END LOOP;

    -- The saved privileges cannot be applied again here: in an extension's
    -- script every GRANT and REVOKE is recorded as initial privileges too.
    -- The statements that apply them go to the setting
    -- phone_consent.adopted_privileges of this session, which the step
    -- after this update runs (doc/operations.md, "Upgrading from 1.0").
    FOR item IN SELECT * FROM pg_catalog.jsonb_array_elements(saved)
    LOOP
        IF (item->>'classid')::pg_catalog.oid = 'pg_catalog.pg_class'::pg_catalog.regclass THEN
            IF (item->>'objsubid')::integer = 0 THEN
                SELECT c.relacl INTO current_acl FROM pg_catalog.pg_class c
                 WHERE c.oid = (item->>'objid')::pg_catalog.oid;
            ELSE
                SELECT a.attacl INTO current_acl FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = (item->>'objid')::pg_catalog.oid
                   AND a.attnum = (item->>'objsubid')::integer;
            END IF;
        ELSE
            SELECT p.proacl INTO current_acl FROM pg_catalog.pg_proc p
             WHERE p.oid = (item->>'objid')::pg_catalog.oid;
        END IF;
        FOR g IN
            WITH was AS (
                SELECT DISTINCT x.grantee, x.privilege_type, x.is_grantable
                  FROM pg_catalog.aclexplode((item->>'acl')::pg_catalog.aclitem[]) x
            ), now AS (
                SELECT DISTINCT x.grantee, x.privilege_type, x.is_grantable
                  FROM pg_catalog.aclexplode(current_acl) x
            )
            -- taken away: the privilege, or only its grant option
            SELECT 'REVOKE ' || CASE WHEN w.grantee IS NOT NULL THEN 'GRANT OPTION FOR ' ELSE '' END AS verb,
                   n.grantee, n.privilege_type, '' AS option, ' CASCADE' AS tail, 1 AS step
              FROM now n
              LEFT JOIN was w ON w.grantee = n.grantee AND w.privilege_type = n.privilege_type
             WHERE w.grantee IS NULL OR (n.is_grantable AND NOT w.is_grantable)
            UNION ALL
            -- given
            SELECT 'GRANT ', w.grantee, w.privilege_type,
                   CASE WHEN w.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, '', 2
              FROM was w
             WHERE NOT EXISTS (SELECT FROM now n
                                WHERE n.grantee = w.grantee AND n.privilege_type = w.privilege_type
                                  AND (n.is_grantable OR NOT w.is_grantable))
            ORDER BY 6, 2, 3
        LOOP
            IF g.privilege_type !~ '^[A-Z]+$' THEN
                RAISE EXCEPTION 'unexpected privilege %', g.privilege_type;
            END IF;
            todo := todo || pg_catalog.to_jsonb(pg_catalog.format('%s%s%s ON %s %s %s %s%s%s',
                                      g.verb, g.privilege_type,
                                      item->>'cols', item->>'kw', item->>'name',
                                      CASE WHEN g.verb LIKE 'GRANT%' THEN 'TO' ELSE 'FROM' END,
                                      CASE g.grantee WHEN 0 THEN 'PUBLIC'
                                      ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END,
                                      g.option, g.tail));
        END LOOP;
    END LOOP;
    PERFORM pg_catalog.set_config('phone_consent.adopted_privileges', todo::pg_catalog.text, false);
    IF pg_catalog.jsonb_array_length(todo) > 0 THEN
        RAISE WARNING 'the privileges given or taken on the adopted objects under phone 1.0 are to be applied again'
            USING DETAIL = pg_catalog.format('Adopting resets them to what CREATE EXTENSION phone_consent gives, so that a dump keeps them; in this session, phone_consent.adopted_privileges holds the %s statements that apply them again: %s',
                                             pg_catalog.jsonb_array_length(todo),
                                             (SELECT pg_catalog.string_agg(t, '; ')
                                                FROM pg_catalog.jsonb_array_elements_text(todo) t)),
                  HINT = 'Run them in this session before it ends, as the step after ALTER EXTENSION phone_consent UPDATE in doc/operations.md, "Upgrading from 1.0", does.';
    END IF;
    PERFORM pg_catalog.set_config('search_path', path, true);
END
$adopt$;

-- pg_dump dumps the rows of the ledger, the notices, the tombstones, the
-- erasure log and the sequences, and the purposes and calling windows the
-- user added, as CREATE EXTENSION phone_consent marks them (in its order)
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice_notice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_purpose', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_contact_window', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_suppression', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log_log_id_seq', '');
