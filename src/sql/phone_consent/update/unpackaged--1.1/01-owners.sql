
-- 01-owners.sql: adopt only what phone's update left.  Between ALTER
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

