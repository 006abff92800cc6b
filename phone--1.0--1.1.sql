/* phone--1.0--1.1.sql: ALTER EXTENSION phone UPDATE from 1.0 to 1.1.
 * Built by make from the files in src/sql/update/1.0--1.1/, in name order;
 * edit those.  Each part makes the changes of one topic; together they
 * turn what phone--1.0.sql created into what phone--1.1.sql creates
 * (make test-upgrade compares the two). */

\echo Use "ALTER EXTENSION phone UPDATE TO '1.1'" to load this file. \quit

-- The version reported by phone_version()
CREATE OR REPLACE FUNCTION phone_version(OUT extension text, OUT metadata text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT '1.1'::text, @extschema@.phone_metadata_version() $$;

-- Prefix search with a prefix known only at run time: the support
-- function of ^@ turns "p ^@ $1" into an index range between these two.
CREATE FUNCTION @extschema@.phone_prefix_lower(text) RETURNS @extschema@.phone
    AS 'MODULE_PATHNAME', 'phone_prefix_lower'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.phone_prefix_upper(text) RETURNS @extschema@.phone
    AS 'MODULE_PATHNAME', 'phone_prefix_upper'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_prefix_lower(text) IS 'smallest value whose E.164 digits start with the prefix';
COMMENT ON FUNCTION @extschema@.phone_prefix_upper(text) IS 'largest value whose E.164 digits start with the prefix';

-- The planner never fails on a constant that is no prefix: the estimator
-- of ^@ no longer hands it to the operator.
CREATE FUNCTION @extschema@.phone_prefix_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME', 'phone_prefix_sel'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_prefix_sel(internal, oid, internal, integer) IS 'restriction selectivity of phone ^@ text';
ALTER OPERATOR @extschema@.^@ (@extschema@.phone, text)
    SET (RESTRICT = @extschema@.phone_prefix_sel);
