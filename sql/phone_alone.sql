--
-- phone_alone: CREATE EXTENSION phone by itself installs the type and the
-- functions over it, and none of the consent layer: no relation of any
-- kind (the numbering-plan data version is recorded in the extension's
-- comment), no SECURITY DEFINER function, no trigger, and no privilege
-- granted beyond the defaults.  The consent layer is the extension
-- phone_consent (phone_consent.control), installed in phone's schema.
--
\set VERBOSITY terse

-- the members of phone that hold rows or run with their owner's rights:
-- no relation of any kind (table, partitioned table, view, materialized
-- view, sequence, foreign table, or any other)
SELECT pg_describe_object(d.classid, d.objid, 0) AS relation_member, c.relkind
  FROM pg_depend d JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone')
   AND d.deptype = 'e'
 ORDER BY 1;
-- nor a relation of the extension's script that is no member
SELECT c.oid::regclass AS relation, c.relkind
  FROM pg_class c
 WHERE c.relnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
   AND c.relname LIKE 'phone%';
SELECT p.oid::regprocedure AS security_definer
  FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone')
   AND d.deptype = 'e' AND p.prosecdef;
-- no privilege granted beyond the defaults, on any member (revoking, as
-- phone_pseudonym's EXECUTE, is no grant)
SELECT pg_describe_object(m.classid, m.objid, 0) AS granted_on, x.grantee::regrole, x.privilege_type
  FROM (SELECT d.classid, d.objid,
               CASE d.classid
               WHEN 'pg_proc'::regclass THEN (SELECT p.proacl FROM pg_proc p WHERE p.oid = d.objid)
               WHEN 'pg_type'::regclass THEN (SELECT t.typacl FROM pg_type t WHERE t.oid = d.objid)
               WHEN 'pg_class'::regclass THEN (SELECT c.relacl FROM pg_class c WHERE c.oid = d.objid)
               END AS acl,
               CASE d.classid
               WHEN 'pg_proc'::regclass THEN acldefault('f', (SELECT p.proowner FROM pg_proc p WHERE p.oid = d.objid))
               WHEN 'pg_type'::regclass THEN acldefault('T', (SELECT t.typowner FROM pg_type t WHERE t.oid = d.objid))
               WHEN 'pg_class'::regclass THEN acldefault('r', (SELECT c.relowner FROM pg_class c WHERE c.oid = d.objid))
               END AS dflt
          FROM pg_depend d
         WHERE d.refclassid = 'pg_extension'::regclass
           AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone')
           AND d.deptype = 'e') m,
       aclexplode(m.acl) x
 WHERE NOT EXISTS (SELECT FROM aclexplode(m.dflt) y
                    WHERE y.grantee = x.grantee AND y.privilege_type = x.privilege_type
                      AND (y.is_grantable OR NOT x.is_grantable));
-- the members whose privileges phone's script changed (initial
-- privileges, which pg_dump compares with): only privileges taken away
SELECT pg_describe_object(ip.classoid, ip.objoid, ip.objsubid) AS initial_privileges
  FROM pg_init_privs ip
  JOIN pg_depend d ON d.classid = ip.classoid AND d.objid = ip.objoid
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone')
   AND d.deptype = 'e'
 ORDER BY 1;
SELECT count(*) AS triggers
  FROM pg_trigger t JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = t.tgrelid
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone')
   AND d.deptype = 'e' AND NOT t.tgisinternal;
-- nothing of the consent layer in the schema, member or not
SELECT c.relname AS consent_relation
  FROM pg_class c
 WHERE c.relnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND c.relname ~ '^phone_(consent|contact|suppression|erasure)';
SELECT p.proname AS consent_function
  FROM pg_proc p
 WHERE p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND p.proname ~ '^phone_(consent|contact|can_contact|erase|mark_disconnected|sms_keyword|without_consent)';
-- what phone gives for numbers works without phone_consent
SELECT phone_timezones('+14155552671') AS timezones, phone_mask('+14155552671') AS masked;

-- phone_consent: available, requires phone, trusted like phone, not
-- relocatable; and it refuses a schema other than phone's
SELECT v.name, v.version, v.requires, v.trusted, v.relocatable, v.superuser, v.schema
  FROM pg_available_extension_versions v JOIN pg_available_extensions a
       ON a.name = v.name AND a.default_version = v.version
 WHERE v.name IN ('phone', 'phone_consent')
 ORDER BY 1;
SELECT version FROM pg_available_extension_versions WHERE name = 'phone_consent' ORDER BY 1;
CREATE SCHEMA phone_alone_elsewhere;
\set VERBOSITY default
CREATE EXTENSION phone_consent SCHEMA phone_alone_elsewhere;
-- adopting objects that are not there is refused as well
CREATE EXTENSION phone_consent VERSION 'unpackaged';
SELECT count(*) AS unpackaged_members
  FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone_consent');
ALTER EXTENSION phone_consent UPDATE TO '1.1';
DROP EXTENSION phone_consent;
-- the detached ledger of an update from 1.0 is refused by a fresh install,
-- which names the way to adopt it
CREATE TABLE phone_consent (event_id bigint);
CREATE EXTENSION phone_consent;
DROP TABLE phone_consent;
DROP SCHEMA phone_alone_elsewhere;
\set VERBOSITY terse
SELECT extname FROM pg_extension WHERE extname LIKE 'phone%' ORDER BY 1;

-- the schema of the extension keeps its name, other schemas rename as
-- usual (doc/security.md, section 12)
CREATE SCHEMA phone_alone_other;
ALTER SCHEMA phone_alone_other RENAME TO phone_alone_other2;
DROP SCHEMA phone_alone_other2;
SELECT extnamespace::regnamespace AS phone_schema FROM pg_extension WHERE extname = 'phone';
ALTER SCHEMA public RENAME TO phone_alone_public;
SELECT extnamespace::regnamespace AS phone_schema FROM pg_extension WHERE extname = 'phone';

-- the rest of the suite uses the consent layer (in every encoding)
CREATE EXTENSION phone_consent;
SELECT e.extname, e.extversion, e.extnamespace::regnamespace AS schema
  FROM pg_extension e WHERE e.extname LIKE 'phone%' ORDER BY 1;
