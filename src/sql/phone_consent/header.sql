/* phone_consent--1.1.sql: the phone_consent extension, version 1.1.
 * Built by make from src/sql/phone_consent/header.sql, consent.sql,
 * holidays.sql, erasure.sql, reports.sql and grants.sql; edit those. */

\echo Use "CREATE EXTENSION phone_consent" to load this file. \quit

-- ---------------------------------------------------------------------
-- phone_consent needs phone (phone_consent.control) in the same schema:
-- its objects name phone's type, operators and functions as
-- @extschema@.phone and so on, and PostgreSQL 15 has no @extschema:phone@.
-- CREATE EXTENSION phone_consent CASCADE installs phone where
-- phone_consent goes; otherwise name phone's schema in SCHEMA.
-- The consent objects of a database updated from phone 1.0 are adopted
-- with VERSION 'unpackaged' instead (doc/operations.md, "Upgrading from
-- 1.0").
-- ---------------------------------------------------------------------
DO $$
DECLARE
    phone_schema text;
BEGIN
    SELECT e.extnamespace::pg_catalog.regnamespace::pg_catalog.text INTO phone_schema
      FROM pg_catalog.pg_extension e WHERE e.extname = 'phone';
    IF phone_schema IS DISTINCT FROM '@extschema@'::pg_catalog.regnamespace::pg_catalog.text THEN
        RAISE EXCEPTION 'phone_consent must be installed in the schema of phone, %', phone_schema
            USING ERRCODE = 'invalid_schema_name',
                  DETAIL = pg_catalog.format('CREATE EXTENSION phone_consent was to install it in schema %s.',
                                             '@extschema@'::pg_catalog.regnamespace),
                  HINT = pg_catalog.format('Run CREATE EXTENSION phone_consent SCHEMA %s.', phone_schema);
    END IF;
    IF pg_catalog.to_regclass('@extschema@.phone_consent') IS NOT NULL THEN
        RAISE EXCEPTION 'the consent ledger @extschema@.phone_consent exists already'
            USING ERRCODE = 'duplicate_table',
                  DETAIL = 'The consent objects of phone 1.0 remain, with their data, after ALTER EXTENSION phone UPDATE TO ''1.1''.',
                  HINT = 'Adopt them: CREATE EXTENSION phone_consent VERSION ''unpackaged''; ALTER EXTENSION phone_consent UPDATE TO ''1.1'';';
    END IF;
END
$$;
