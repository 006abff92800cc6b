
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
