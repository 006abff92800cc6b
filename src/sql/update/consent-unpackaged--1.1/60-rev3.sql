
-- 60-rev3.sql: adopt only what phone's update left.  Between ALTER
-- EXTENSION phone UPDATE and this adoption the consent objects belong to
-- no extension, and the owner of their schema may drop any of them and
-- create its own under the same name; a role with CREATE on the schema
-- may create the missing ones.  Adopted, such an object would be a member
-- of a trusted extension owned by that role, called by name from
-- functions that run as a superuser.  Every object adopted must be owned
-- by a superuser, as the scripts of phone leave them (the bootstrap
-- superuser of a trusted install, or the superuser who ran them).
DO $$
DECLARE
    strangers text;
BEGIN
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
