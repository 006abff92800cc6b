
-- 60-rev3.sql: adopt only what phone's update left.  Between ALTER
-- EXTENSION phone UPDATE and this adoption the consent objects belong to
-- no extension, and the owner of their schema may drop any of them and
-- create its own under the same name; a role with CREATE on the schema
-- may create the missing ones.  Adopted, such an object would be a member
-- of a trusted extension owned by that role, called by name from
-- functions that run as a superuser.  Every object adopted must be owned
-- by a superuser, as the scripts of phone leave them (the bootstrap
-- superuser of a trusted install, or the superuser who ran them).
--
-- Nor may another role adopt them: between the update of phone and the
-- adoption, any role with CREATE on the database may create phone_consent
-- VERSION 'unpackaged'; adopting the ledger into an extension that role
-- owns would let it DROP EXTENSION phone_consent, ledger and all.  The
-- owner of phone_consent must own phone, or be a superuser.
DO $$
DECLARE
    strangers text;
    adopter   oid;
    phone_owner oid;
BEGIN
    SELECT e.extowner INTO adopter FROM pg_catalog.pg_extension e WHERE e.extname = 'phone_consent';
    SELECT e.extowner INTO phone_owner FROM pg_catalog.pg_extension e WHERE e.extname = 'phone';
    IF adopter IS DISTINCT FROM phone_owner
       AND NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = adopter), false) THEN
        RAISE EXCEPTION 'cannot adopt the consent objects into an extension owned by %', adopter::pg_catalog.regrole
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('phone is owned by %s; the consent objects it leaves are adopted by that role or a superuser.',
                                             phone_owner::pg_catalog.regrole),
                  HINT = pg_catalog.format('DROP EXTENSION phone_consent; then, as %s or a superuser: CREATE EXTENSION phone_consent VERSION ''unpackaged''; ALTER EXTENSION phone_consent UPDATE TO ''1.1'';',
                                           phone_owner::pg_catalog.regrole);
    END IF;
    SELECT pg_catalog.string_agg(m.what OPERATOR(pg_catalog.||) ' (owned by '::pg_catalog.text
                                 OPERATOR(pg_catalog.||) m.owner::pg_catalog.regrole::pg_catalog.text
                                 OPERATOR(pg_catalog.||) ')'::pg_catalog.text,
                                 ', '::pg_catalog.text ORDER BY m.what)
      INTO strangers
      FROM (SELECT pg_catalog.pg_describe_object(d.classid, d.objid, 0) AS what,
                   coalesce(p.proowner, c.relowner) AS owner
              FROM pg_catalog.pg_depend d
              JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'phone_consent'
              LEFT JOIN pg_catalog.pg_proc p
                     ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.objid
              LEFT JOIN pg_catalog.pg_class c
                     ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = d.objid
             WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
               AND d.deptype = 'e') AS m
     WHERE NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = m.owner), false);
    IF strangers IS NOT NULL THEN
        RAISE EXCEPTION 'cannot adopt consent objects that no superuser owns'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('%s: the update of phone leaves every consent object owned by a superuser; these were replaced or created since.',
                                             strangers),
                  HINT = 'Have a superuser find out who replaced them and why, restore the consent objects of phone 1.0 from a backup, and adopt them again.';
    END IF;
END
$$;

-- Detached, the functions that run as their owner were made to run as
-- their caller (src/sql/update/1.0--1.1/60-rev3.sql); adopted, they are
-- SECURITY DEFINER again, as CREATE EXTENSION phone_consent makes them.
ALTER FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb, timestamptz, text) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_mark_disconnected(@extschema@.phone, date, text) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_erase(@extschema@.phone, text, text) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_purge(interval, boolean) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_reference_check() SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_purpose_referenced() SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_suppression_check() SECURITY DEFINER;

-- ALTER EXTENSION ADD records each object's privileges as it finds them as
-- its initial privileges, the baseline against which pg_dump writes GRANT
-- and REVOKE.  The baseline of an adopted object must be what CREATE
-- EXTENSION phone_consent gives (src/sql/grants.sql and the REVOKEs of the
-- install script), not what the database holds: a right granted to an
-- application role, or one taken from PUBLIC, before the update would
-- otherwise be lost, or come back, when a dump is restored.  Each member
-- leaves the extension, takes the privileges of a fresh install while it
-- is added again, and gets its own privileges back.  The privileges of a
-- fresh install, per object: those of its owner (base) and those granted
-- to @extowner@ WITH GRANT OPTION (granted); members not listed have none
-- but their owner's default ones.
DO $$
DECLARE
    o         record;
    ext_owner oid;
    fresh     pg_catalog.aclitem[];
    own       text;
    who       text;
    starred   text;
BEGIN
    SELECT e.extowner INTO ext_owner FROM pg_catalog.pg_extension e WHERE e.extname = 'phone_consent';
    who := pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(ext_owner));
    FOR o IN
        WITH template(id, base, granted) AS (VALUES
            ('@extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb, timestamptz, text)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_mark_disconnected(@extschema@.phone, date, text)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_erase(@extschema@.phone, text, text)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_consent_purge(interval, boolean)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_consent_purgeable(interval)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', 'X'),
            ('@extschema@.phone_consent_lock(@extschema@.phone, text, text)'::pg_catalog.regprocedure::pg_catalog.oid, 'X', ''),
            ('@extschema@.phone_consent_reference_check()'::pg_catalog.regprocedure::pg_catalog.oid, 'X', ''),
            ('@extschema@.phone_consent_purpose_referenced()'::pg_catalog.regprocedure::pg_catalog.oid, 'X', ''),
            ('@extschema@.phone_consent_suppression_check()'::pg_catalog.regprocedure::pg_catalog.oid, 'X', ''),
            ('@extschema@.phone_consent'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'r'),
            ('@extschema@.phone_consent_current'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'r'),
            ('@extschema@.phone_suppression'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'r'),
            ('@extschema@.phone_erasure_log'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'r'),
            ('@extschema@.phone_consent_purpose'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'arwd'),
            ('@extschema@.phone_contact_window'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'arwd'),
            ('@extschema@.phone_consent_notice'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', 'arwd'),
            ('@extschema@.phone_consent_permit'::pg_catalog.regclass::pg_catalog.oid, 'arwdDxt', ''),
            ('@extschema@.phone_consent_notice_notice_id_seq'::pg_catalog.regclass::pg_catalog.oid, 'rwU', 'rU'))
        SELECT CASE WHEN d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'function'
                    WHEN c.relkind = 'v' THEN 'view'
                    WHEN c.relkind = 'S' THEN 'sequence'
                    ELSE 'table' END AS kind,
               CASE WHEN d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                    THEN d.objid::pg_catalog.regprocedure::pg_catalog.text
                    ELSE d.objid::pg_catalog.regclass::pg_catalog.text END AS ident,
               d.classid, d.objid, coalesce(p.proowner, c.relowner) AS owner,
               coalesce(p.proacl, c.relacl) AS saved, t.base, t.granted
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'phone_consent'
          LEFT JOIN pg_catalog.pg_proc p
                 ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.objid
          LEFT JOIN pg_catalog.pg_class c
                 ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid = d.objid
          LEFT JOIN template t ON t.id = d.objid
         WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
         ORDER BY d.classid, d.objid
    LOOP
        own := pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(o.owner));
        IF o.base IS NULL THEN
            fresh := NULL;
        ELSIF o.granted = '' THEN
            fresh := pg_catalog.format('{%s=%s/%s}', own, o.base, own)::pg_catalog.aclitem[];
        ELSIF o.owner = ext_owner THEN
            -- GRANT ... WITH GRANT OPTION to the owner itself marks its
            -- own privileges grantable
            starred := pg_catalog.regexp_replace(o.base, '([' OPERATOR(pg_catalog.||) o.granted
                                                 OPERATOR(pg_catalog.||) '])', '\1*', 'g');
            fresh := pg_catalog.format('{%s=%s/%s}', own, starred, own)::pg_catalog.aclitem[];
        ELSE
            starred := pg_catalog.regexp_replace(o.granted, '(.)', '\1*', 'g');
            fresh := pg_catalog.format('{%s=%s/%s,%s=%s/%s}', own, o.base, own,
                                       who, starred, own)::pg_catalog.aclitem[];
        END IF;
        EXECUTE pg_catalog.format('ALTER EXTENSION phone_consent DROP %s %s', o.kind, o.ident);
        IF o.kind = 'function' THEN
            UPDATE pg_catalog.pg_proc SET proacl = fresh WHERE oid = o.objid;
        ELSE
            UPDATE pg_catalog.pg_class SET relacl = fresh WHERE oid = o.objid;
        END IF;
        EXECUTE pg_catalog.format('ALTER EXTENSION phone_consent ADD %s %s', o.kind, o.ident);
        IF o.kind = 'function' THEN
            UPDATE pg_catalog.pg_proc SET proacl = o.saved WHERE oid = o.objid;
        ELSE
            UPDATE pg_catalog.pg_class SET relacl = o.saved WHERE oid = o.objid;
        END IF;
    END LOOP;
END
$$;

-- Leaving the extension took the tables and sequences off the list of
-- those pg_dump dumps the rows of: the list again, in its order
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice_notice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_purpose', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_contact_window', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_suppression', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log_log_id_seq', '');
