/* phone--1.0--1.1.sql: ALTER EXTENSION phone UPDATE from 1.0 to 1.1.
 * Built by make from the files in src/sql/phone/update/1.0--1.1/, in name order;
 * edit those.  Each part makes the changes of one topic; together they
 * turn what phone--1.0.sql created into what phone--1.1.sql creates
 * (make test-upgrade compares the two). */

\echo Use "ALTER EXTENSION phone UPDATE TO '1.1'" to load this file. \quit

-- The version reported by phone_version()
CREATE OR REPLACE FUNCTION phone_version(OUT extension text, OUT metadata text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT '1.1'::text, @extschema@.phone_metadata_version() $$;
