-- src/sql/phone/type.sql: the phone type, its operators, index support and casts

-- ---------------------------------------------------------------------
-- The type
-- ---------------------------------------------------------------------

CREATE TYPE phone;

-- COST, here and wherever a function parses, looks a number up or formats:
-- in units of `=` on two phones (15-25 ns a call); 10 for parsing or a
-- lookup in the numbering plan (100-300 ns), 50 for formatting with a
-- pattern or building an array (0.5-1.5 us), 100 for a keyed hash and for
-- time-zone names.  The planner then evaluates cheap conditions first.
--
-- Text input reads phone.default_region and phone.validation: STABLE.
CREATE FUNCTION phone_in(cstring) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_in'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10;

CREATE FUNCTION phone_out(phone) RETURNS cstring
    AS 'MODULE_PATHNAME', 'phone_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Binary input is checked as strictly as text input, so it reads the same
-- settings.
CREATE FUNCTION phone_recv(internal) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_recv'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10;

CREATE FUNCTION phone_send(phone) RETURNS bytea
    AS 'MODULE_PATHNAME', 'phone_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE phone (
    INPUT = phone_in,
    OUTPUT = phone_out,
    RECEIVE = phone_recv,
    SEND = phone_send,
    LIKE = pg_catalog.int8,
    CATEGORY = 'U'
);

COMMENT ON TYPE phone IS
    'phone number, validated against the numbering plans, stored in 8 bytes, printed as E.164';

-- ---------------------------------------------------------------------
-- Comparison
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_eq(phone, phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_eq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_ne(phone, phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_ne'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_lt(phone, phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_lt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_le(phone, phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_le'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_gt(phone, phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_gt'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_ge(phone, phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_ge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_cmp(phone, phone) RETURNS integer
    AS 'MODULE_PATHNAME', 'phone_cmp'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION phone_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'phone_sortsupport'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_hash(phone) RETURNS integer
    AS 'MODULE_PATHNAME', 'phone_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_hash_extended(phone, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'phone_hash_extended'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR = (
    LEFTARG = phone, RIGHTARG = phone, FUNCTION = phone_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR <> (
    LEFTARG = phone, RIGHTARG = phone, FUNCTION = phone_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
    LEFTARG = phone, RIGHTARG = phone, FUNCTION = phone_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
    LEFTARG = phone, RIGHTARG = phone, FUNCTION = phone_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
    LEFTARG = phone, RIGHTARG = phone, FUNCTION = phone_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
    LEFTARG = phone, RIGHTARG = phone, FUNCTION = phone_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS phone_ops
    DEFAULT FOR TYPE phone USING btree AS
        OPERATOR 1 <,
        OPERATOR 2 <=,
        OPERATOR 3 =,
        OPERATOR 4 >=,
        OPERATOR 5 >,
        FUNCTION 1 phone_cmp(phone, phone),
        FUNCTION 2 phone_sortsupport(internal),
        FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS phone_hash_ops
    DEFAULT FOR TYPE phone USING hash AS
        OPERATOR 1 =,
        FUNCTION 1 phone_hash(phone),
        FUNCTION 2 phone_hash_extended(phone, bigint);

CREATE OPERATOR CLASS phone_minmax_ops
    DEFAULT FOR TYPE phone USING brin AS
        OPERATOR 1 <,
        OPERATOR 2 <=,
        OPERATOR 3 =,
        OPERATOR 4 >=,
        OPERATOR 5 >,
        FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
        FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
        FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
        FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

CREATE FUNCTION phone_smaller(phone, phone) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_smaller'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_larger(phone, phone) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_larger'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE min(phone) (
    SFUNC = phone_smaller, STYPE = phone,
    COMBINEFUNC = phone_smaller, SORTOP = <, PARALLEL = SAFE
);
CREATE AGGREGATE max(phone) (
    SFUNC = phone_larger, STYPE = phone,
    COMBINEFUNC = phone_larger, SORTOP = >, PARALLEL = SAFE
);

-- ---------------------------------------------------------------------
-- Prefix search
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_starts_with_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'phone_starts_with_support'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Can fail (a malformed prefix), so not LEAKPROOF.
CREATE FUNCTION phone_starts_with(phone, text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_starts_with'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10
    SUPPORT phone_starts_with_support;

-- matchingsel, but never failing on a constant that is no prefix
CREATE FUNCTION phone_prefix_sel(internal, oid, internal, integer) RETURNS float8
    AS 'MODULE_PATHNAME', 'phone_prefix_sel'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE OPERATOR ^@ (
    LEFTARG = phone, RIGHTARG = text, FUNCTION = phone_starts_with,
    RESTRICT = phone_prefix_sel, JOIN = matchingjoinsel
);

-- The range of a prefix: the index conditions of ^@ when the prefix is a
-- parameter.  Can fail (a malformed prefix), so not LEAKPROOF.
CREATE FUNCTION phone_prefix_lower(text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_prefix_lower'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_prefix_upper(text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_prefix_upper'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

-- ---------------------------------------------------------------------
-- Casts
-- ---------------------------------------------------------------------

CREATE FUNCTION phone(text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_from_text'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION text(phone) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_to_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone(bigint) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_from_int8'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION int8(phone) RETURNS bigint
    AS 'MODULE_PATHNAME', 'phone_to_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (text AS phone) WITH FUNCTION phone(text);
CREATE CAST (phone AS text) WITH FUNCTION text(phone) AS ASSIGNMENT;
CREATE CAST (bigint AS phone) WITH FUNCTION phone(bigint);
CREATE CAST (phone AS bigint) WITH FUNCTION int8(phone);

-- ---------------------------------------------------------------------
-- Comments
-- ---------------------------------------------------------------------

COMMENT ON FUNCTION phone_in(cstring) IS 'text input of phone (reads phone.default_region and phone.validation)';
COMMENT ON FUNCTION phone_out(phone) IS 'text output of phone: canonical E.164';
COMMENT ON FUNCTION phone_recv(internal) IS 'binary input of phone (checked like text input)';
COMMENT ON FUNCTION phone_send(phone) IS 'binary output of phone: 8 bytes, big-endian';
COMMENT ON FUNCTION phone_eq(phone, phone) IS 'equal';
COMMENT ON FUNCTION phone_ne(phone, phone) IS 'not equal';
COMMENT ON FUNCTION phone_lt(phone, phone) IS 'less than (E.164 digit order)';
COMMENT ON FUNCTION phone_le(phone, phone) IS 'less than or equal (E.164 digit order)';
COMMENT ON FUNCTION phone_gt(phone, phone) IS 'greater than (E.164 digit order)';
COMMENT ON FUNCTION phone_ge(phone, phone) IS 'greater than or equal (E.164 digit order)';
COMMENT ON FUNCTION phone_cmp(phone, phone) IS 'btree comparison: -1, 0 or 1';
COMMENT ON FUNCTION phone_sortsupport(internal) IS 'btree sort support';
COMMENT ON FUNCTION phone_hash(phone) IS 'hash';
COMMENT ON FUNCTION phone_hash_extended(phone, bigint) IS 'hash with seed (hash partitioning)';
COMMENT ON FUNCTION phone_smaller(phone, phone) IS 'the smaller of two numbers';
COMMENT ON FUNCTION phone_larger(phone, phone) IS 'the larger of two numbers';
COMMENT ON AGGREGATE min(phone) IS 'smallest number (E.164 digit order)';
COMMENT ON AGGREGATE max(phone) IS 'largest number (E.164 digit order)';
COMMENT ON FUNCTION phone_starts_with(phone, text) IS 'true when the E.164 digits start with the digits of the prefix';
COMMENT ON FUNCTION phone_starts_with_support(internal) IS 'planner support for phone ^@ text (index range scan)';
COMMENT ON FUNCTION phone_prefix_sel(internal, oid, internal, integer) IS 'restriction selectivity of phone ^@ text';
COMMENT ON FUNCTION phone_prefix_lower(text) IS 'smallest value whose E.164 digits start with the prefix';
COMMENT ON FUNCTION phone_prefix_upper(text) IS 'largest value whose E.164 digits start with the prefix';
COMMENT ON FUNCTION phone(text) IS 'parse text as a phone number (as the type input)';
COMMENT ON FUNCTION text(phone) IS 'E.164 text of a phone number';
COMMENT ON FUNCTION phone(bigint) IS 'phone number from its E.164 digits as an integer';
COMMENT ON FUNCTION int8(phone) IS 'E.164 digits of a phone number as an integer';
COMMENT ON OPERATOR =(phone, phone) IS 'equal';
COMMENT ON OPERATOR <>(phone, phone) IS 'not equal';
COMMENT ON OPERATOR <(phone, phone) IS 'less than';
COMMENT ON OPERATOR <=(phone, phone) IS 'less than or equal';
COMMENT ON OPERATOR >(phone, phone) IS 'greater than';
COMMENT ON OPERATOR >=(phone, phone) IS 'greater than or equal';
COMMENT ON OPERATOR ^@(phone, text) IS 'E.164 digits start with prefix';
COMMENT ON OPERATOR CLASS phone_ops USING btree IS 'default btree operator class for phone';
COMMENT ON OPERATOR CLASS phone_hash_ops USING hash IS 'default hash operator class for phone';
COMMENT ON OPERATOR CLASS phone_minmax_ops USING brin IS 'default BRIN min/max operator class for phone';
COMMENT ON OPERATOR FAMILY phone_ops USING btree IS 'btree operator family for phone';
COMMENT ON OPERATOR FAMILY phone_hash_ops USING hash IS 'hash operator family for phone';
COMMENT ON OPERATOR FAMILY phone_minmax_ops USING brin IS 'BRIN min/max operator family for phone';
COMMENT ON CAST (text AS phone) IS 'parse text as the type input does (explicit)';
COMMENT ON CAST (phone AS text) IS 'E.164 text (assignment)';
COMMENT ON CAST (bigint AS phone) IS 'E.164 digits as an integer to phone (explicit)';
COMMENT ON CAST (phone AS bigint) IS 'phone to its E.164 digits as an integer (explicit)';

-- ---------------------------------------------------------------------
-- Versions
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_metadata_version() RETURNS text
    AS 'MODULE_PATHNAME', 'phone_metadata_version'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- STABLE: the results change when the library is replaced
CREATE FUNCTION phone_version(OUT extension text, OUT metadata text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT '1.1'::text, @extschema@.phone_metadata_version() $$;

COMMENT ON FUNCTION phone_metadata_version() IS 'version of the libphonenumber metadata the numbering plans come from';
COMMENT ON FUNCTION phone_version() IS 'versions of the extension and of its numbering-plan data';
