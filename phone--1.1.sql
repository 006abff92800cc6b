/* phone--1.1.sql: the phone extension, version 1.1.
 * Built by make from the files in src/sql/; edit those. */

\echo Use "CREATE EXTENSION phone" to load this file. \quit

-- src/sql/type.sql: the phone type, its operators, index support and casts

-- ---------------------------------------------------------------------
-- The type
-- ---------------------------------------------------------------------

CREATE TYPE phone;

-- Text input reads phone.default_region and phone.validation: STABLE.
CREATE FUNCTION phone_in(cstring) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_in'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION phone_out(phone) RETURNS cstring
    AS 'MODULE_PATHNAME', 'phone_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Binary input is checked as strictly as text input, so it reads the same
-- settings.
CREATE FUNCTION phone_recv(internal) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_recv'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;

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
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
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
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_prefix_upper(text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_prefix_upper'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- ---------------------------------------------------------------------
-- Casts
-- ---------------------------------------------------------------------

CREATE FUNCTION phone(text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_from_text'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text(phone) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_to_text'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone(bigint) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_from_int8'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
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
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION phone_version(OUT extension text, OUT metadata text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT '1.1'::text, @extschema@.phone_metadata_version() $$;

COMMENT ON FUNCTION phone_metadata_version() IS 'version of the libphonenumber metadata the numbering plans come from';
COMMENT ON FUNCTION phone_version() IS 'versions of the extension and of its numbering-plan data';
-- src/sql/plan.sql: numbering-plan functions

-- ---------------------------------------------------------------------
-- Numbering plans: parsing with a region, checking, information,
-- formatting, matching.  Functions with an explicit region read no setting
-- and are IMMUTABLE (they depend on the data compiled into the library,
-- whose version phone_metadata_version() gives).
-- ---------------------------------------------------------------------

CREATE TYPE phone_number_type AS ENUM (
    'fixed_line', 'mobile', 'fixed_line_or_mobile', 'toll_free',
    'premium_rate', 'shared_cost', 'voip', 'personal_number', 'pager',
    'uan', 'voicemail', 'unknown'
);

-- A NULL region means none (so do '' and 'ZZ'): not STRICT.
CREATE FUNCTION phone_parse(input text, region text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_parse_region'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION phone_parse(input text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_parse_region'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_try_parse(input text, region text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_try_parse_region'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION phone_try_parse(input text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_try_parse_region'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_split(input text, region text,
                            OUT number phone, OUT extension text)
    AS 'MODULE_PATHNAME', 'phone_split'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION phone_check(input text, region text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_check'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION phone_check(input text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_check'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION phone_is_valid(phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_is_valid_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_country_code(phone) RETURNS integer
    AS 'MODULE_PATHNAME', 'phone_country_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_national_number(phone) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_national_number'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_region(phone) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_region_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_type(phone) RETURNS phone_number_type
    AS 'MODULE_PATHNAME', 'phone_type_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION phone_format(phone, style text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_format_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_format_out_of_country(phone, calling_from text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_format_out_of_country_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_match(phone, text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_match_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION phone_example(region text, type phone_number_type DEFAULT 'mobile')
    RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_example'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_regions(OUT region text, OUT name text, OUT country_code integer,
                              OUT example phone, OUT national_prefix text,
                              OUT international_prefix text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'phone_regions'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 250;

COMMENT ON TYPE phone_number_type IS 'kind of number, as libphonenumber classifies it';
COMMENT ON FUNCTION phone_parse(text, text) IS 'parse a number, national ones in the given region, with full validation';
COMMENT ON FUNCTION phone_parse(text) IS 'parse an international number with full validation';
COMMENT ON FUNCTION phone_try_parse(text, text) IS 'phone_parse, or NULL where it would raise an error';
COMMENT ON FUNCTION phone_try_parse(text) IS 'phone_parse, or NULL where it would raise an error';
COMMENT ON FUNCTION phone_split(text, text) IS 'parse a number that may carry an extension: the number and the extension';
COMMENT ON FUNCTION phone_check(text, text) IS 'verdict on an input: valid, possible, invalid_country_code, too_short, too_long, invalid_length or not_a_number';
COMMENT ON FUNCTION phone_check(text) IS 'verdict on an international input';
COMMENT ON FUNCTION phone_is_valid(phone) IS 'true when the number is in a range in use in its region';
COMMENT ON FUNCTION phone_country_code(phone) IS 'country calling code';
COMMENT ON FUNCTION phone_national_number(phone) IS 'national significant number (digits after the country code)';
COMMENT ON FUNCTION phone_region(phone) IS 'ISO 3166-1 region of the number, 001 for non-geographic numbers, NULL when unknown';
COMMENT ON FUNCTION phone_type(phone) IS 'kind of number (mobile, fixed_line, toll_free, ...)';
COMMENT ON FUNCTION phone_format(phone, text) IS 'format as e164, international, national or rfc3966';
COMMENT ON FUNCTION phone_format_out_of_country(phone, text) IS 'how to dial the number from another region';
COMMENT ON FUNCTION phone_match(phone, text) IS 'how raw text matches the number: exact_match, nsn_match, short_nsn_match, no_match or not_a_number';
COMMENT ON FUNCTION phone_example(text, phone_number_type) IS 'example number of a region and type';
COMMENT ON FUNCTION phone_regions() IS 'one row per region: code, name, calling code, example, prefixes';

-- src/sql/consent.sql: consent ledger, consent status, contact decisions

-- ---------------------------------------------------------------------
-- Consent.  The ledger phone_consent is the only source of consent
-- state: every change is a new event, and no event is ever updated or
-- deleted (see doc/consent.md for the rules and the design).
--
-- Every SQL and PL/pgSQL body below pins search_path to pg_catalog, then
-- pg_temp, and names our own objects with their schema (operators on phone
-- as OPERATOR(@extschema@.=)): the extension's schema is not searched, so
-- nobody who can create objects in it (in a trusted install, the role that
-- installed it) can capture a call to a built-in function, such as
-- format(text, text) for format(text, VARIADIC "any"), that a SECURITY
-- DEFINER function makes (doc/security.md).  Functions that read tables or the clock
-- are STABLE or VOLATILE; only phone_timezones and phone_sms_keyword,
-- which depend on their arguments alone, are IMMUTABLE.
-- ---------------------------------------------------------------------

-- Time zones of a number (src/pg_phone_tz.c, data in src/tz_data.c)
CREATE FUNCTION phone_timezones(phone) RETURNS text[]
    AS 'MODULE_PATHNAME', 'phone_timezones'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Purposes of contact (configuration)
CREATE TABLE phone_consent_purpose (
    purpose          text PRIMARY KEY
                     CHECK (purpose ~ '^[a-z][a-z0-9_]{0,62}$'),
    basis            text NOT NULL CHECK (basis IN ('opt_in', 'opt_out')),
    written_required boolean NOT NULL DEFAULT false,
    hours_apply      boolean NOT NULL DEFAULT true,
    description      text,
    predefined       boolean NOT NULL DEFAULT false
);

INSERT INTO phone_consent_purpose
    (purpose, basis, written_required, hours_apply, predefined, description)
VALUES
    ('marketing', 'opt_in', true, true, true,
     'advertising or telemarketing: prior express written consent, calling hours apply'),
    ('informational', 'opt_in', false, true, true,
     'reminders, notifications, surveys: prior express consent, calling hours apply'),
    ('account_security', 'opt_out', false, false, true,
     'one-time codes, fraud and security alerts: allowed unless revoked, at any hour'),
    ('transactional', 'opt_out', false, false, true,
     'messages about a transaction the person started: allowed unless revoked, at any hour');

-- Calling hours (configuration).  The seeded rows follow the US rules:
-- 47 CFR 64.1200(c)(1) (TCPA) forbids telephone solicitation before
-- 8 a.m. and after 9 p.m. local time at the called party's location;
-- Florida's Telemarketing Act, Fla. Stat. 501.616(6)(a) as amended by
-- ch. 2021-185 (CS/SB 1120, in force 2021-07-01), allows commercial
-- telephone solicitation only between 8 a.m. and 8 p.m.; ch. 2021-185
-- also presumes that a call to a Florida area code reaches a person in
-- Florida, which is why the rows go by area code.  Florida's area codes
-- (Florida Public Service Commission area-code relief dockets, e.g.
-- 20220036-TP for 904, and NANPA's assignments): 239, 305, 321, 352, 386,
-- 407, 448 (850 overlay), 561, 656 (813 overlay), 689 (407/321 overlay),
-- 727, 728 (727 overlay), 754, 772, 786, 813, 850, 863, 904, 941, 954.
-- Newer overlays (645 for 305/786 is announced) must be added as they
-- enter service.
CREATE TABLE phone_contact_window (
    prefix      text NOT NULL CHECK (prefix ~ '^[0-9]{0,18}$'),
    purpose     text REFERENCES phone_consent_purpose (purpose),
    opens       time NOT NULL,
    closes      time NOT NULL,
    note        text,
    predefined  boolean NOT NULL DEFAULT false,
    CHECK (opens < closes),
    UNIQUE NULLS NOT DISTINCT (prefix, purpose)
);

INSERT INTO phone_contact_window (prefix, purpose, opens, closes, predefined, note)
VALUES ('', NULL, '08:00', '21:00', true, 'everywhere: 47 CFR 64.1200(c)(1) (US TCPA)');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, predefined, note)
SELECT '1' || code, NULL, '08:00', '20:00', true, 'Florida: Fla. Stat. 501.616(6)(a)'
FROM pg_catalog.unnest(ARRAY['239', '305', '321', '352', '386', '407', '448', '561',
                  '656', '689', '727', '728', '754', '772', '786', '813',
                  '850', '863', '904', '941', '954']) AS code;

-- Notices: the exact wording shown to the person
CREATE TABLE phone_consent_notice (
    notice_id   bigserial PRIMARY KEY,
    name        text NOT NULL,
    version     integer NOT NULL CHECK (version > 0),
    language    text,
    body        text NOT NULL,
    sha256      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- The ledger
CREATE TABLE phone_consent (
    event_id         bigserial PRIMARY KEY,
    phone            phone NOT NULL,
    channel          text NOT NULL
                     CHECK (channel IN ('sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                        'voice_prerecorded', '*')),
    purpose          text NOT NULL,
    action           text NOT NULL
                     CHECK (action IN ('grant', 'pending', 'revoke', 'invalidate')),
    method           text NOT NULL
                     CHECK (method IN ('web_form', 'paper_signed', 'sms_keyword',
                                       'sms_reply', 'ivr', 'verbal_recorded', 'agent',
                                       'email', 'import', 'unspecified')),
    source           text,
    notice_id        bigint REFERENCES phone_consent_notice (notice_id),
    evidence         jsonb NOT NULL DEFAULT '{}',
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    recorded_by      text NOT NULL DEFAULT session_user,
    expires_at       timestamptz,
    disconnected_on  date,
    confirms         bigint,
    CHECK ((channel = '*' OR purpose = '*') <= (action IN ('revoke', 'invalidate'))),
    CHECK ((action = 'invalidate') = (disconnected_on IS NOT NULL)),
    CHECK (action <> 'invalidate' OR (channel = '*' AND purpose = '*')),
    CHECK (expires_at IS NULL OR (action IN ('grant', 'pending') AND expires_at > occurred_at)),
    CHECK (confirms IS NULL OR action = 'grant'),
    CHECK (jsonb_typeof(evidence) = 'object')
);

-- Status lookups read the events of one number: an index scan on this
CREATE INDEX phone_consent_phone_idx ON phone_consent (phone, occurred_at);
-- A pending event is confirmed at most once (see phone_consent_confirm)
CREATE UNIQUE INDEX phone_consent_confirms_idx ON phone_consent (confirms)
    WHERE confirms IS NOT NULL;
CREATE INDEX phone_consent_notice_idx ON phone_consent (notice_id)
    WHERE notice_id IS NOT NULL;

-- pg_dump keeps the ledger, the notices, and the configuration rows that
-- were added after installation (the predefined ones come back with
-- CREATE EXTENSION), with their sequences.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice_notice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_purpose', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_contact_window', 'WHERE NOT predefined');

-- ---------------------------------------------------------------------
-- Guards.  They raise for every role, superusers and the owner included;
-- a superuser can still disable a trigger deliberately (ALTER TABLE ...
-- DISABLE TRIGGER), which is visible in the catalog and the logs.
--
-- The only ways out of the ledger are phone_erase() and
-- phone_consent_purge() (src/sql/erasure.sql), SECURITY DEFINER functions
-- that log what they do.  Before deleting, such a function writes permits
-- into phone_consent_permit, a table only its owner can read or write: a
-- permit names the current transaction (pg_current_xact_id()) and either a
-- number (erasure) or one event (purge), and the function removes its
-- permits before it returns.  The guard lets a DELETE through only when the
-- running role may read that table and a permit of the current transaction
-- names the row.  A role without privileges on the permit table cannot
-- write one, so holding DELETE on the ledger is not enough; UPDATE and
-- TRUNCATE are never let through.
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_consent_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- phone_erase and phone_consent_purge: a permit of this transaction
    -- (a role that may not read the permits has none)
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW'
       AND pg_catalog.has_table_privilege('@extschema@.phone_consent_permit', 'SELECT') THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_permit p
                    WHERE p.xact = pg_catalog.pg_current_xact_id()
                      AND (p.phone OPERATOR(@extschema@.=) OLD.phone OR p.event_id = OLD.event_id)) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'Record a new event instead: phone_consent_revoke() or phone_mark_disconnected(); rows leave the ledger only through phone_erase() and phone_consent_purge().';
END;
$$;

CREATE FUNCTION phone_consent_notice_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent WHERE notice_id IS NOT NULL) THEN
            RAISE EXCEPTION 'consent notices referenced by the ledger cannot be changed'
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'TRUNCATE on phone_consent_notice would remove referenced notices.';
        END IF;
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.phone_consent WHERE notice_id = OLD.notice_id) THEN
        RAISE EXCEPTION 'consent notice % is referenced by the ledger and cannot be changed', OLD.notice_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('%s of a referenced notice is not allowed, for any role.', TG_OP),
                  HINT = 'Add a new version of the notice instead.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

-- The hash of a notice is always computed from its body (also when a dump
-- is restored, which gives the same value)
CREATE FUNCTION phone_consent_notice_hash() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

-- Predefined configuration rows come with the extension: read-only
CREATE FUNCTION phone_consent_config_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'cannot truncate %', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The table holds predefined rows of the phone extension.',
                  HINT = 'Delete the rows you added instead.';
    END IF;
    IF (TG_OP IN ('UPDATE', 'DELETE') AND OLD.predefined)
       OR (TG_OP IN ('INSERT', 'UPDATE') AND NEW.predefined) THEN
        RAISE EXCEPTION 'predefined rows of % are read-only', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'They come with the phone extension and are recreated by CREATE EXTENSION.',
                  HINT = CASE TG_TABLE_NAME
                         WHEN 'phone_contact_window' THEN 'Add a row with a longer prefix or for one purpose: it takes precedence.'
                         ELSE 'Add a purpose of your own instead.' END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER phone_consent_append_only
    BEFORE UPDATE OR DELETE ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_guard();
CREATE TRIGGER phone_consent_no_truncate
    BEFORE TRUNCATE ON phone_consent
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_guard();
CREATE TRIGGER phone_consent_notice_hash
    BEFORE INSERT ON phone_consent_notice
    FOR EACH ROW EXECUTE FUNCTION phone_consent_notice_hash();
CREATE TRIGGER phone_consent_notice_frozen
    BEFORE UPDATE OR DELETE ON phone_consent_notice
    FOR EACH ROW EXECUTE FUNCTION phone_consent_notice_guard();
CREATE TRIGGER phone_consent_notice_no_truncate
    BEFORE TRUNCATE ON phone_consent_notice
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_notice_guard();
CREATE TRIGGER phone_consent_purpose_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_consent_purpose
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_consent_purpose_no_truncate
    BEFORE TRUNCATE ON phone_consent_purpose
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_contact_window_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_contact_window
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_contact_window_no_truncate
    BEFORE TRUNCATE ON phone_contact_window
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();

-- ---------------------------------------------------------------------
-- Status
-- ---------------------------------------------------------------------

-- The state of (number, channel, purpose) at an instant, with the event
-- that decides it.  The rule (doc/consent.md): an invalidate event that
-- has occurred voids every event dated before the end (UTC) of its
-- disconnected_on; among the remaining events of the same channel and
-- purpose or '*', the latest occurred_at wins, and on a tie the more
-- restrictive (revoke, then pending, then grant), then the later event.
-- A number erased with mode 'suppress' (a row of phone_suppression) is
-- 'erased' unless the deciding event is a grant or pending event that
-- occurred after the erasure, is no import and carries evidence (a
-- notice, a non-empty evidence object, or the pending event it confirms).
CREATE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz DEFAULT now(),
                                    OUT status text, OUT since timestamptz,
                                    OUT event_id bigint)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    void_before timestamptz;
    inval_at    timestamptz;
    erased      timestamptz;
    ev          record;
BEGIN
    SELECT t.erased_at INTO erased
      FROM @extschema@.phone_suppression t WHERE t.phone OPERATOR(@extschema@.=) number;

    SELECT max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')),
           max(e.occurred_at)
      INTO void_before, inval_at
      FROM @extschema@.phone_consent e
     WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'invalidate' AND e.occurred_at <= at;

    SELECT e.event_id, e.action, e.occurred_at, e.expires_at, e.method, e.notice_id,
           e.evidence, e.confirms
      INTO ev
      FROM @extschema@.phone_consent e
     WHERE e.phone OPERATOR(@extschema@.=) number
       AND e.occurred_at <= at
       AND e.action <> 'invalidate'
       AND e.channel IN (phone_consent_state.channel, '*')
       AND e.purpose IN (phone_consent_state.purpose, '*')
       AND (void_before IS NULL OR e.occurred_at >= void_before)
     ORDER BY e.occurred_at DESC,
              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
              e.event_id DESC
     LIMIT 1;

    IF NOT FOUND THEN
        IF erased IS NOT NULL THEN
            status := 'erased';
            since := erased;
        ELSIF inval_at IS NOT NULL THEN
            status := 'invalidated';
            since := inval_at;
        ELSE
            status := 'none';
        END IF;
        RETURN;
    END IF;
    -- the test of phone_consent_suppression_check, repeated so that an
    -- event that escaped it (a writer whose snapshot predates the erasure)
    -- cannot lift the suppression either
    IF erased IS NOT NULL
       AND NOT (ev.action IN ('grant', 'pending') AND ev.occurred_at > erased
                AND ev.method <> 'import'
                AND (ev.notice_id IS NOT NULL OR ev.evidence <> '{}' OR ev.confirms IS NOT NULL)) THEN
        status := 'erased';
        since := erased;
        RETURN;
    END IF;

    event_id := ev.event_id;
    since := ev.occurred_at;
    IF ev.action = 'revoke' THEN
        status := 'revoked';
    ELSIF ev.action = 'pending' THEN
        status := 'pending';
    ELSIF ev.expires_at IS NOT NULL AND ev.expires_at <= at THEN
        status := 'expired';
        since := ev.expires_at;
    ELSE
        status := 'granted';
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at)).status;

CREATE VIEW phone_consent_current AS
SELECT k.phone, k.channel, k.purpose, s.status, s.since, s.event_id
  FROM (SELECT DISTINCT c.phone, c.channel, c.purpose
          FROM @extschema@.phone_consent c
         WHERE c.channel <> '*' AND c.purpose <> '*') AS k,
       LATERAL @extschema@.phone_consent_state(k.phone, k.channel, k.purpose, now()) AS s;

-- ---------------------------------------------------------------------
-- Recording events.  These functions are SECURITY DEFINER so that writers
-- need no privilege on the ledger itself (grant them EXECUTE; see
-- doc/consent.md): nobody but the owner can insert rows that bypass the
-- checks or claim another recorded_by.  recorded_by is session_user, the
-- role that authenticated (or that a superuser set with SET SESSION
-- AUTHORIZATION): SET ROLE and SECURITY DEFINER do not change it.
-- ---------------------------------------------------------------------

-- Checks a channel, purpose or method argument; raises 22023 when it is
-- not one we know.  Returns the purpose row for purposes.
CREATE FUNCTION phone_consent_check_args(channel text, purpose text, method text,
                                         allow_all boolean)
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF channel IS NULL OR NOT (channel = ANY (ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                                 'voice_prerecorded'])
                               OR (allow_all AND channel = '*')) THEN
        RAISE EXCEPTION 'invalid consent channel: %', coalesce(channel, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN channel = '*' THEN 'Consent is given for one channel; "*" is only for revocations.'
                           ELSE 'Channels are sms, mms, rcs, whatsapp, voice and voice_prerecorded.' END;
    END IF;
    IF purpose IS NULL OR NOT ((allow_all AND purpose = '*')
                               OR EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                                           WHERE p.purpose = phone_consent_check_args.purpose)) THEN
        RAISE EXCEPTION 'invalid consent purpose: %', coalesce(purpose, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN purpose = '*' THEN 'Consent is given for one purpose; "*" is only for revocations.'
                           ELSE 'Purposes are the rows of phone_consent_purpose.' END;
    END IF;
    IF method IS NULL OR NOT (method = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply',
                                               'ivr', 'verbal_recorded', 'agent', 'email', 'import',
                                               'unspecified'])) THEN
        RAISE EXCEPTION 'invalid consent method: %', coalesce(method, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Methods are web_form, paper_signed, sms_keyword, sms_reply, ivr, verbal_recorded, agent, email, import and unspecified.';
    END IF;
END;
$$;

-- Raises 22023 when occurred_at is NULL or later than the clock
CREATE FUNCTION phone_consent_check_time(occurred_at timestamptz)
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF occurred_at IS NULL THEN
        RAISE EXCEPTION 'occurred_at cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF occurred_at > pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION 'occurred_at cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It is the time the person acted, which has passed.';
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_grant(number phone, channel text, purpose text, method text,
                                    notice_id bigint DEFAULT NULL,
                                    evidence jsonb DEFAULT '{}',
                                    occurred_at timestamptz DEFAULT now(),
                                    expires_at timestamptz DEFAULT NULL,
                                    double_opt_in boolean DEFAULT false,
                                    source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p   @extschema@.phone_consent_purpose;
    id  bigint;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a consent cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT @extschema@.phone_is_valid(number) THEN
        RAISE EXCEPTION 'cannot record consent for %: not a valid number', number
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The number fails validation (%s).',
                                  @extschema@.phone_check(number::text)),
                  HINT = 'Consent is recorded only for numbers that are valid in their numbering plan.';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, method, false);
    PERFORM @extschema@.phone_consent_check_time(occurred_at);
    IF evidence IS NULL OR jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION 'evidence must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF expires_at IS NOT NULL AND expires_at <= occurred_at THEN
        RAISE EXCEPTION 'expires_at must be later than occurred_at'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_consent_grant.purpose;
    IF notice_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_notice n
                        WHERE n.notice_id = phone_consent_grant.notice_id) THEN
        RAISE EXCEPTION 'consent notice % does not exist', notice_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF p.written_required THEN
        IF notice_id IS NULL THEN
            RAISE EXCEPTION 'consent for % requires a notice', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Purpose %s needs written consent: the notice the person agreed to must be recorded.', purpose),
                      HINT = 'Store the wording in phone_consent_notice and pass its notice_id.';
        END IF;
        IF method NOT IN ('web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr', 'email') THEN
            RAISE EXCEPTION 'consent for % requires a written method', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Method %s is not a written (or electronically signed) agreement.', method),
                      HINT = 'Written methods are web_form, paper_signed, sms_keyword, sms_reply, ivr and email.';
        END IF;
    END IF;

    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, notice_id, evidence,
         occurred_at, recorded_at, recorded_by, expires_at)
    VALUES (number, channel, purpose,
            CASE WHEN coalesce(double_opt_in, false) THEN 'pending' ELSE 'grant' END,
            method, source, notice_id, evidence, occurred_at,
            pg_catalog.clock_timestamp(), session_user, expires_at)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

-- Lock serialising confirmations of one (number, channel, purpose)
CREATE FUNCTION phone_consent_lock(number phone, channel text, purpose text)
    RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtext('phone_consent'),
        pg_catalog.hashtext(number::text || '/' || channel || '/' || purpose));

CREATE FUNCTION phone_consent_confirm(number phone, channel text, purpose text,
                                      method text DEFAULT 'sms_reply',
                                      evidence jsonb DEFAULT '{}',
                                      occurred_at timestamptz DEFAULT now(),
                                      source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    st   record;
    pend @extschema@.phone_consent;
    id   bigint;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a consent cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, method, false);
    PERFORM @extschema@.phone_consent_check_time(occurred_at);
    IF evidence IS NULL OR jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION 'evidence must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Concurrent confirmations of the same consent queue here; the next
    -- statement takes a new snapshot (READ COMMITTED) and sees the winner's
    -- grant.  Under REPEATABLE READ or SERIALIZABLE the unique index on
    -- confirms stops the second one.
    PERFORM @extschema@.phone_consent_lock(number, channel, purpose);
    st := @extschema@.phone_consent_state(number, channel, purpose, occurred_at);
    IF st.status <> 'pending' THEN
        RAISE EXCEPTION 'no pending consent to confirm for % on % for %', number, channel, purpose
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('The consent status at %s is %s.', occurred_at, st.status);
    END IF;
    SELECT * INTO pend FROM @extschema@.phone_consent e WHERE e.event_id = st.event_id;
    IF occurred_at <= pend.occurred_at OR (pend.expires_at IS NOT NULL AND pend.expires_at <= occurred_at) THEN
        RAISE EXCEPTION 'a confirmation must come after the pending consent and before its expiry'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A confirmation must come after the pending consent and before its expiry.';
    END IF;
    BEGIN
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, source, notice_id, evidence,
             occurred_at, recorded_at, recorded_by, expires_at, confirms)
        VALUES (number, channel, purpose, 'grant', method, coalesce(source, pend.source),
                pend.notice_id, evidence, occurred_at, pg_catalog.clock_timestamp(),
                session_user, pend.expires_at, pend.event_id)
        RETURNING event_id INTO id;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'no pending consent to confirm for % on % for %', number, channel, purpose
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Pending consent %s has already been confirmed.', pend.event_id);
    END;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_consent_revoke(number phone, channel text DEFAULT NULL,
                                     purpose text DEFAULT NULL,
                                     method text DEFAULT 'unspecified',
                                     evidence jsonb DEFAULT '{}',
                                     occurred_at timestamptz DEFAULT now())
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ch   text := coalesce(channel, '*');
    pu   text := coalesce(purpose, '*');
    ev   jsonb := coalesce(evidence, '{}');
    at   timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    now_ timestamptz := pg_catalog.clock_timestamp();
    id   bigint;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a revocation cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(ch, pu, coalesce(method, 'unspecified'), true);
    IF jsonb_typeof(ev) <> 'object' THEN
        ev := jsonb_build_object('evidence', ev);
    END IF;
    -- An opt-out is never refused and takes effect at once: a time in the
    -- future is recorded as now, keeping the claimed time as evidence.
    IF at > now_ THEN
        ev := ev || jsonb_build_object('claimed_occurred_at', at);
        at := now_;
    END IF;
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, evidence, occurred_at,
         recorded_at, recorded_by)
    VALUES (number, ch, pu, 'revoke', coalesce(method, 'unspecified'), ev, at,
            now_, session_user)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_mark_disconnected(number phone, disconnected_on date,
                                        source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    id bigint;
BEGIN
    IF number IS NULL OR disconnected_on IS NULL THEN
        RAISE EXCEPTION 'number and disconnected_on cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF disconnected_on > (pg_catalog.clock_timestamp() AT TIME ZONE 'UTC')::date
       OR NOT pg_catalog.isfinite(disconnected_on) THEN
        RAISE EXCEPTION 'disconnected_on cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The day of disconnection cannot be in the future.';
    END IF;
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, occurred_at,
         recorded_at, recorded_by, disconnected_on)
    VALUES (number, '*', '*', 'invalidate', 'unspecified', source,
            disconnected_on::timestamp AT TIME ZONE 'UTC',
            pg_catalog.clock_timestamp(), session_user, disconnected_on)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

-- ---------------------------------------------------------------------
-- SMS keywords
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_sms_keyword(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN CASE pg_catalog.regexp_replace(pg_catalog.upper(pg_catalog.btrim(body, E' \t\r\n\f\v') COLLATE "C"),
                                          E'[ \t\r\n\f\v]+', ' ', 'g')
        WHEN 'STOP' THEN 'opt_out' WHEN 'STOPALL' THEN 'opt_out'
        WHEN 'UNSUBSCRIBE' THEN 'opt_out' WHEN 'CANCEL' THEN 'opt_out'
        WHEN 'END' THEN 'opt_out' WHEN 'QUIT' THEN 'opt_out'
        WHEN 'REVOKE' THEN 'opt_out' WHEN 'OPTOUT' THEN 'opt_out'
        WHEN 'OPT OUT' THEN 'opt_out'
        WHEN 'START' THEN 'opt_in' WHEN 'UNSTOP' THEN 'opt_in'
        WHEN 'YES' THEN 'confirm' WHEN 'Y' THEN 'confirm' WHEN 'CONFIRM' THEN 'confirm'
        WHEN 'HELP' THEN 'help' WHEN 'INFO' THEN 'help'
        END;

-- Records what an incoming SMS means; returns its keyword class:
--   opt_out: revokes every channel and purpose, remembering in the
--            evidence which granted consents that removed;
--   opt_in:  restores exactly the consents the latest STOP removed (if no
--            newer event touched them), nothing else;
--   confirm: confirms every pending consent of the number; with nothing
--            pending it is an opt_in, as START;
--   help, or NULL for a message that is no keyword: records nothing.
CREATE FUNCTION phone_consent_apply_sms(number phone, body text,
                                        occurred_at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kw       text := @extschema@.phone_sms_keyword(body);
    at       timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    removed  jsonb;
    stop     @extschema@.phone_consent;
    r        record;
    n        integer := 0;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a message cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF kw IS NULL OR kw = 'help' THEN
        RETURN kw;
    END IF;
    IF at > pg_catalog.clock_timestamp() THEN
        at := pg_catalog.clock_timestamp();
    END IF;

    IF kw = 'opt_out' THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object('channel', k.channel, 'purpose', k.purpose,
                                                     'event_id', s.event_id)
                                  ORDER BY k.channel, k.purpose), '[]')
          INTO removed
          FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                 WHERE c.phone OPERATOR(@extschema@.=) number AND c.channel <> '*' AND c.purpose <> '*'
                   AND c.occurred_at <= at) AS k,
               LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at) AS s
         WHERE s.status IN ('granted', 'pending');
        PERFORM @extschema@.phone_consent_revoke(number, NULL, NULL, 'sms_keyword',
                                                 jsonb_build_object('body', body, 'keyword', kw,
                                                                    'removed', removed),
                                                 at);
        RETURN kw;
    END IF;

    IF kw = 'confirm' THEN
        FOR r IN SELECT k.channel, k.purpose
                   FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                          WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'pending'
                            AND c.occurred_at < at) AS k,
                        LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at) AS s
                  WHERE s.status = 'pending'
                  ORDER BY k.channel, k.purpose
        LOOP
            PERFORM @extschema@.phone_consent_confirm(number, r.channel, r.purpose, 'sms_reply',
                                                      jsonb_build_object('body', body), at);
            n := n + 1;
        END LOOP;
        IF n > 0 THEN
            RETURN kw;
        END IF;
        kw := 'opt_in';
    END IF;

    -- opt_in: undo the latest STOP
    SELECT * INTO stop FROM @extschema@.phone_consent c
     WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'revoke' AND c.method = 'sms_keyword'
       AND c.channel = '*' AND c.purpose = '*' AND c.occurred_at < at
     ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1;
    IF FOUND THEN
        FOR r IN SELECT x.channel, x.purpose, (x.event_id)::bigint AS event_id
                   FROM jsonb_to_recordset(stop.evidence -> 'removed')
                        AS x(channel text, purpose text, event_id bigint)
        LOOP
            -- only what is still revoked by that very STOP
            IF (@extschema@.phone_consent_state(number, r.channel, r.purpose, at)).event_id
               IS DISTINCT FROM stop.event_id THEN
                CONTINUE;
            END IF;
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, source, notice_id, evidence,
                 occurred_at, recorded_at, recorded_by, expires_at)
            SELECT number, g.channel, g.purpose, g.action, 'sms_keyword', g.source, g.notice_id,
                   jsonb_build_object('body', body, 'keyword', kw, 'restores', g.event_id,
                                      'after_stop', stop.event_id),
                   at, pg_catalog.clock_timestamp(), session_user,
                   CASE WHEN g.expires_at > at THEN g.expires_at END
              FROM @extschema@.phone_consent g
             WHERE g.event_id = r.event_id
               AND (g.expires_at IS NULL OR g.expires_at > at);
        END LOOP;
    END IF;
    RETURN kw;
END;
$$;

-- ---------------------------------------------------------------------
-- Contact decisions
-- ---------------------------------------------------------------------

-- Calling hours for a number and purpose in one zone: the row of
-- phone_contact_window with the longest prefix of the number's digits,
-- a row for the purpose before a row for all purposes.
CREATE FUNCTION phone_contact_hours(number phone, purpose text,
                                    OUT opens time, OUT closes time)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT w.opens, w.closes
      FROM @extschema@.phone_contact_window w
     WHERE w.prefix = ANY (SELECT pg_catalog.left(pg_catalog.ltrim(number::text, '+'), n)
                             FROM pg_catalog.generate_series(0, 18) AS n)
       AND (w.purpose = phone_contact_hours.purpose OR w.purpose IS NULL)
     ORDER BY pg_catalog.length(w.prefix) DESC, (w.purpose IS NULL)
     LIMIT 1;
END;

CREATE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
                                       at timestamptz DEFAULT now(),
                                       callee_tz text[] DEFAULT NULL,
                                       OUT allowed boolean, OUT reason text,
                                       OUT status text, OUT timezones text[],
                                       OUT next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p       @extschema@.phone_consent_purpose;
    h       record;
    z       text;
    cand    timestamptz;
    ok      boolean;
    d       integer;
    lt      time;
BEGIN
    IF number IS NULL OR at IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified', false);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_contact_decision.purpose;
    status := @extschema@.phone_consent_status(number, channel, purpose, at);
    timezones := coalesce(callee_tz, @extschema@.phone_timezones(number));
    allowed := false;

    reason := CASE status
        WHEN 'granted' THEN 'ok'
        WHEN 'revoked' THEN 'revoked'
        WHEN 'invalidated' THEN 'number_reassigned'
        WHEN 'erased' THEN 'erased'
        WHEN 'pending' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'pending_confirmation' END
        WHEN 'expired' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'expired' END
        WHEN 'none' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'no_consent' END
        END;
    IF reason <> 'ok' THEN
        RETURN;
    END IF;
    IF NOT p.hours_apply THEN
        allowed := true;
        next_allowed_at := at;
        RETURN;
    END IF;
    IF timezones IS NULL OR cardinality(timezones) = 0
       OR 'Etc/Unknown' = ANY (timezones) OR array_position(timezones, NULL) IS NOT NULL THEN
        reason := 'timezone_unknown';
        RETURN;
    END IF;
    h := @extschema@.phone_contact_hours(number, purpose);
    IF h.opens IS NULL THEN
        -- no window configured: hours do not restrict
        allowed := true;
        next_allowed_at := at;
        RETURN;
    END IF;

    -- The instants at which all windows are open form intervals that each
    -- begin at "at" or at the opening of one zone's window: try those in
    -- order, over the next eight days.
    FOR cand IN
        SELECT c FROM (
            SELECT at AS c
            UNION
            SELECT ((((at AT TIME ZONE tz)::date + d0) + h.opens) AT TIME ZONE tz)
              FROM unnest(timezones) AS tz, generate_series(-1, 8) AS d0
        ) s
        WHERE c >= at
        ORDER BY c
    LOOP
        ok := true;
        FOREACH z IN ARRAY timezones LOOP
            lt := (cand AT TIME ZONE z)::time;
            IF NOT (lt >= h.opens AND lt < h.closes) THEN
                ok := false;
                EXIT;
            END IF;
        END LOOP;
        IF ok THEN
            next_allowed_at := cand;
            EXIT;
        END IF;
    END LOOP;
    IF next_allowed_at = at THEN
        allowed := true;
    ELSE
        reason := 'quiet_hours';
    END IF;
END;
$$;

CREATE FUNCTION phone_can_contact(number phone, channel text, purpose text,
                                  at timestamptz DEFAULT now(),
                                  callee_tz text[] DEFAULT NULL)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce((@extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz)).allowed,
                    false);

-- Writers get EXECUTE explicitly (doc/consent.md)
REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_mark_disconnected(phone, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz) FROM PUBLIC;
-- only phone_consent_confirm (running as the owner) takes this lock
REVOKE EXECUTE ON FUNCTION phone_consent_lock(phone, text, text) FROM PUBLIC;

COMMENT ON FUNCTION phone_timezones(phone) IS 'time zones of the number (libphonenumber''s map); {Etc/Unknown} when unknown';
COMMENT ON TABLE phone_consent IS 'consent ledger: append-only events, the only source of consent state';
COMMENT ON COLUMN phone_consent.occurred_at IS 'when the person acted: the legal clock';
COMMENT ON COLUMN phone_consent.recorded_at IS 'clock time at which the event was recorded';
COMMENT ON COLUMN phone_consent.recorded_by IS 'session_user of the recording session';
COMMENT ON COLUMN phone_consent.disconnected_on IS 'for invalidate events: the day the number was disconnected (UTC)';
COMMENT ON COLUMN phone_consent.confirms IS 'for a grant confirming a double opt-in: the pending event';
COMMENT ON TABLE phone_consent_notice IS 'exact wording shown to people when they consented; frozen once referenced';
COMMENT ON COLUMN phone_consent_notice.sha256 IS 'SHA-256 of the body in UTF-8, computed on insert';
COMMENT ON TABLE phone_consent_purpose IS 'purposes of contact: legal basis, written consent, calling hours';
COMMENT ON TABLE phone_contact_window IS 'calling hours by E.164 prefix and purpose; longest prefix wins';
COMMENT ON VIEW phone_consent_current IS 'current consent status of every (phone, channel, purpose) in the ledger';
COMMENT ON FUNCTION phone_consent_guard() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the consent ledger, except deletions permitted by phone_erase and phone_consent_purge';
COMMENT ON FUNCTION phone_consent_notice_guard() IS 'trigger: refuses changes to notices the ledger references';
COMMENT ON FUNCTION phone_consent_notice_hash() IS 'trigger: computes the SHA-256 of a notice';
COMMENT ON FUNCTION phone_consent_config_guard() IS 'trigger: keeps predefined purposes and calling hours read-only';
COMMENT ON FUNCTION phone_consent_state(phone, text, text, timestamptz) IS 'consent status at an instant, with since when and the deciding event';
COMMENT ON FUNCTION phone_consent_status(phone, text, text, timestamptz) IS 'consent status: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION phone_consent_check_args(text, text, text, boolean) IS 'raises an error for an unknown channel, purpose or method';
COMMENT ON FUNCTION phone_consent_check_time(timestamptz) IS 'raises an error for an unknown or future occurred_at';
COMMENT ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text) IS 'record consent (or a pending double opt-in); returns the event id';
COMMENT ON FUNCTION phone_consent_lock(phone, text, text) IS 'transaction lock serialising confirmations of one consent';
COMMENT ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text) IS 'turn a pending double opt-in into a grant; returns the event id';
COMMENT ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz) IS 'record a revocation (NULL channel or purpose: all); returns the event id';
COMMENT ON FUNCTION phone_mark_disconnected(phone, date, text) IS 'record that the number was disconnected: voids its consent history up to that day';
COMMENT ON FUNCTION phone_sms_keyword(text) IS 'meaning of an SMS keyword: opt_out, opt_in, confirm, help or NULL';
COMMENT ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz) IS 'record what an incoming SMS keyword means; returns its class';
COMMENT ON FUNCTION phone_contact_hours(phone, text) IS 'calling hours that apply to a number and purpose';
COMMENT ON FUNCTION phone_contact_decision(phone, text, text, timestamptz, text[]) IS 'may we contact this number now, and if not why and when';
COMMENT ON FUNCTION phone_can_contact(phone, text, text, timestamptz, text[]) IS 'true when phone_contact_decision allows contact';
COMMENT ON SEQUENCE phone_consent_event_id_seq IS 'event ids of the consent ledger';
COMMENT ON SEQUENCE phone_consent_notice_notice_id_seq IS 'ids of consent notices';
COMMENT ON INDEX phone_consent_phone_idx IS 'status lookups: the events of one number';
COMMENT ON INDEX phone_consent_confirms_idx IS 'a pending consent is confirmed at most once';
COMMENT ON INDEX phone_consent_notice_idx IS 'which events reference a notice';
COMMENT ON TRIGGER phone_consent_append_only ON phone_consent IS 'refuses UPDATE, and DELETE without a permit of phone_erase or phone_consent_purge';
COMMENT ON TRIGGER phone_consent_no_truncate ON phone_consent IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_consent_notice_hash ON phone_consent_notice IS 'computes the SHA-256 of the body';
COMMENT ON TRIGGER phone_consent_notice_frozen ON phone_consent_notice IS 'refuses changes to referenced notices';
COMMENT ON TRIGGER phone_consent_notice_no_truncate ON phone_consent_notice IS 'refuses TRUNCATE while notices are referenced';
COMMENT ON TRIGGER phone_consent_purpose_predefined ON phone_consent_purpose IS 'keeps predefined purposes read-only';
COMMENT ON TRIGGER phone_consent_purpose_no_truncate ON phone_consent_purpose IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_contact_window_predefined ON phone_contact_window IS 'keeps predefined calling hours read-only';
COMMENT ON TRIGGER phone_contact_window_no_truncate ON phone_contact_window IS 'refuses TRUNCATE';

-- src/sql/erasure.sql: erasure with suppression, retention purge

-- ---------------------------------------------------------------------
-- Erasure and retention (see doc/consent.md).  phone_erase() deletes the
-- consent history of one number, leaving a tombstone in phone_suppression
-- (mode 'suppress') or nothing (mode 'forget'); phone_consent_purge()
-- deletes events that no longer decide any status.  They are the only
-- ways rows leave the ledger: both write permits into phone_consent_permit
-- that the ledger guard (phone_consent_guard, src/sql/consent.sql) checks,
-- and both log into phone_erasure_log, which never holds a number.
-- ---------------------------------------------------------------------

-- Tombstones of numbers erased with mode 'suppress'
CREATE TABLE phone_suppression (
    phone       phone PRIMARY KEY,
    request_id  text NOT NULL CHECK (request_id <> ''),
    erased_at   timestamptz NOT NULL
);

-- What erasures and purges did: append-only, never holds a number
CREATE TABLE phone_erasure_log (
    log_id          bigserial PRIMARY KEY,
    operation       text NOT NULL CHECK (operation IN ('erase', 'purge')),
    request_id      text,
    mode            text CHECK (mode IN ('suppress', 'forget')),
    events_deleted  bigint NOT NULL CHECK (events_deleted >= 0),
    older_than      interval,
    performed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    performed_by    text NOT NULL DEFAULT session_user,
    CHECK (operation <> 'erase' OR (request_id IS NOT NULL AND mode IS NOT NULL
                                    AND older_than IS NULL)),
    CHECK (operation <> 'purge' OR (mode IS NULL AND older_than IS NOT NULL))
);

-- Transaction-local permits to delete from the ledger.  Only the owner
-- may read or write this table (no privilege is granted on it); rows are
-- written by phone_erase and phone_consent_purge and removed by them before
-- they return, so the table is empty outside those functions.  Not dumped.
CREATE TABLE phone_consent_permit (
    xact      xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    phone     phone,
    event_id  bigint,
    CHECK ((phone IS NULL) <> (event_id IS NULL))
);
CREATE INDEX phone_consent_permit_phone_idx ON phone_consent_permit (xact, phone)
    WHERE phone IS NOT NULL;
CREATE INDEX phone_consent_permit_event_idx ON phone_consent_permit (xact, event_id)
    WHERE event_id IS NOT NULL;
REVOKE ALL ON phone_consent_permit FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_suppression', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log_log_id_seq', '');

-- ---------------------------------------------------------------------
-- Guards
-- ---------------------------------------------------------------------

-- The erasure log is append-only for every role
CREATE FUNCTION phone_erasure_log_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'the erasure log is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'phone_erase() and phone_consent_purge() add its rows.';
END;
$$;

-- Tombstones change only through phone_erase (a permit for the number in
-- this transaction).  A tombstone added directly must not contradict the
-- ledger: no grant or pending event of the number that the suppression
-- check (phone_consent_suppression_check) would refuse may remain.
CREATE FUNCTION phone_suppression_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent e
                    WHERE e.phone OPERATOR(@extschema@.=) NEW.phone AND e.action IN ('grant', 'pending')
                      AND (e.occurred_at <= NEW.erased_at OR e.method = 'import'
                           OR (e.notice_id IS NULL AND e.evidence = '{}'
                               AND e.confirms IS NULL))) THEN
            RAISE EXCEPTION 'cannot suppress %: the ledger holds consent of the number', NEW.phone
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'A tombstone without erasure would contradict the consent events of the number.',
                      HINT = 'Use phone_erase(number, request_id, ''suppress''), which deletes them.';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_LEVEL = 'ROW'
       AND pg_catalog.has_table_privilege('@extschema@.phone_consent_permit', 'SELECT') THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_permit p
                    WHERE p.xact = pg_catalog.pg_current_xact_id() AND p.phone OPERATOR(@extschema@.=) OLD.phone) THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'suppressed numbers change only through phone_erase()'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'phone_erase(number, request_id, ''forget'') removes a tombstone and logs it.';
END;
$$;

-- A suppressed number cannot be given consent again by an import or
-- without new evidence: a grant or pending event for it is refused unless
-- it occurred after the erasure, its method is not 'import', and it
-- carries new evidence (a notice, a non-empty evidence object, or the
-- confirmation of a pending event).  Revocations and invalidations are
-- always accepted.  The decision depends on the new row and the tombstone
-- only, never on other ledger rows, so a restore gives the same answer
-- whichever table it loads first.  SECURITY DEFINER so that it can read
-- the tombstones whoever inserts.
CREATE FUNCTION phone_consent_suppression_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t @extschema@.phone_suppression;
BEGIN
    IF NEW.action NOT IN ('grant', 'pending') THEN
        RETURN NEW;
    END IF;
    SELECT * INTO t FROM @extschema@.phone_suppression s WHERE s.phone OPERATOR(@extschema@.=) NEW.phone;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF NEW.occurred_at <= t.erased_at OR NEW.method = 'import'
       OR (NEW.notice_id IS NULL AND NEW.evidence = '{}' AND NEW.confirms IS NULL) THEN
        RAISE EXCEPTION 'cannot record consent for %: the number was erased and is suppressed', NEW.phone
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                                  to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN NEW.occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                                       WHEN NEW.method = 'import' THEN 'an import is no new consent'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'Record consent the person gave after the erasure, with its evidence (a notice or an evidence object); revocations are always accepted.';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER phone_consent_suppressed
    BEFORE INSERT ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_suppression_check();
CREATE TRIGGER phone_suppression_guarded
    BEFORE INSERT OR UPDATE OR DELETE ON phone_suppression
    FOR EACH ROW EXECUTE FUNCTION phone_suppression_guard();
CREATE TRIGGER phone_suppression_no_truncate
    BEFORE TRUNCATE ON phone_suppression
    FOR EACH STATEMENT EXECUTE FUNCTION phone_suppression_guard();
CREATE TRIGGER phone_erasure_log_append_only
    BEFORE UPDATE OR DELETE ON phone_erasure_log
    FOR EACH ROW EXECUTE FUNCTION phone_erasure_log_guard();
CREATE TRIGGER phone_erasure_log_no_truncate
    BEFORE TRUNCATE ON phone_erasure_log
    FOR EACH STATEMENT EXECUTE FUNCTION phone_erasure_log_guard();

-- ---------------------------------------------------------------------
-- Erasure
-- ---------------------------------------------------------------------

-- Deletes every consent event of the number.  'suppress' then leaves (or
-- renews) one tombstone, so that the number's status is 'erased' and an
-- import cannot grant consent again; 'forget' leaves nothing about the
-- number, removing an earlier tombstone too.  Logs the request id, mode,
-- time, session user and count.  Returns the number of ledger events
-- deleted (0 for a number without history, which is still suppressed or
-- forgotten and logged).  Runs in READ COMMITTED only: it locks the ledger
-- against concurrent writers, and its deletion must see what they
-- committed.
CREATE FUNCTION phone_erase(number phone, request_id text, mode text DEFAULT 'suppress')
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n   bigint;
    at  timestamptz;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number to erase cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF request_id IS NULL OR pg_catalog.btrim(request_id) = '' THEN
        RAISE EXCEPTION 'an erasure needs a request id'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The request id links the erasure to the request that asked for it.',
                  HINT = 'Pass the reference of the data-subject request (not the number itself).';
    END IF;
    IF mode IS NULL OR mode NOT IN ('suppress', 'forget') THEN
        RAISE EXCEPTION 'invalid erasure mode: %', coalesce(mode, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Modes are suppress (keep the number on the do-not-contact list) and forget (keep nothing).',
                  HINT = 'Use suppress unless the person may be contacted again without new consent.';
    END IF;
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_erase() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = format('The transaction is %s: its snapshot could miss events committed concurrently.',
                                  pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;

    -- Writers of the ledger wait until this transaction ends, and the
    -- statements below see everything they committed before.
    LOCK TABLE @extschema@.phone_consent IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO @extschema@.phone_consent_permit (phone) VALUES (number);

    DELETE FROM @extschema@.phone_consent e WHERE e.phone OPERATOR(@extschema@.=) number;
    GET DIAGNOSTICS n = ROW_COUNT;

    at := pg_catalog.clock_timestamp();
    IF mode = 'suppress' THEN
        INSERT INTO @extschema@.phone_suppression AS s (phone, request_id, erased_at)
        VALUES (number, request_id, at)
        ON CONFLICT (phone) DO UPDATE
            SET request_id = excluded.request_id, erased_at = excluded.erased_at;
    ELSE
        DELETE FROM @extschema@.phone_suppression s WHERE s.phone OPERATOR(@extschema@.=) number;
    END IF;

    INSERT INTO @extschema@.phone_erasure_log
        (operation, request_id, mode, events_deleted, performed_at, performed_by)
    VALUES ('erase', request_id, mode, n, at, session_user);

    DELETE FROM @extschema@.phone_consent_permit p WHERE p.xact = pg_catalog.pg_current_xact_id();
    RETURN n;
END;
$$;

-- ---------------------------------------------------------------------
-- Retention
-- ---------------------------------------------------------------------

-- Event ids of the ledger that can be deleted without changing any status
-- at any instant from now on, also after later appends, among events that
-- occurred before now() - older_than.  An event E is removable when
--   1. E is not an invalidation and an invalidation I that has occurred
--      voids it (E.occurred_at before the end of I.disconnected_on, UTC);
--   2. E is not an invalidation and an event F that has occurred, not an
--      invalidation, beats it in the status order (later occurred_at; on
--      a tie the more restrictive, then the higher event id) and covers
--      its scope (F.channel in (E.channel, '*'), F.purpose in
--      (E.purpose, '*'));
--   3. E is an invalidation and another invalidation that has occurred no
--      earlier voids at least as far (ties: the higher event id stays).
-- These relations are transitive and acyclic, so every removed event is
-- beaten, voided or outdone by one that stays.  Kept anyway: a pending
-- event confirmed by a grant that stays (the grant's confirms), and the
-- events named in the 'removed' list of an SMS STOP that stays (an SMS
-- START restores them from there).
CREATE FUNCTION phone_consent_purgeable(older_than interval)
    RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH cand AS (
        SELECT e.event_id, e.phone
          FROM @extschema@.phone_consent e
         WHERE e.occurred_at < pg_catalog.now() - older_than
           AND CASE WHEN e.action = 'invalidate' THEN
                   EXISTS (SELECT 1 FROM @extschema@.phone_consent i
                            WHERE i.phone OPERATOR(@extschema@.=) e.phone AND i.action = 'invalidate'
                              AND i.occurred_at <= pg_catalog.now()
                              AND i.occurred_at >= e.occurred_at
                              AND i.disconnected_on >= e.disconnected_on
                              AND (i.occurred_at, i.disconnected_on, i.event_id)
                                  > (e.occurred_at, e.disconnected_on, e.event_id))
               ELSE
                   EXISTS (SELECT 1 FROM @extschema@.phone_consent i
                            WHERE i.phone OPERATOR(@extschema@.=) e.phone AND i.action = 'invalidate'
                              AND i.occurred_at <= pg_catalog.now()
                              AND e.occurred_at < ((i.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC'))
                   OR EXISTS (SELECT 1 FROM @extschema@.phone_consent f
                               WHERE f.phone OPERATOR(@extschema@.=) e.phone AND f.action <> 'invalidate'
                                 AND f.occurred_at <= pg_catalog.now()
                                 AND f.occurred_at >= e.occurred_at
                                 AND f.channel IN (e.channel, '*')
                                 AND f.purpose IN (e.purpose, '*')
                                 AND (f.occurred_at,
                                      CASE f.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END,
                                      f.event_id)
                                     > (e.occurred_at,
                                        CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END,
                                        e.event_id))
               END
    )
    SELECT c.event_id FROM cand c
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent g
                        WHERE g.confirms = c.event_id
                          AND g.event_id NOT IN (SELECT event_id FROM cand))
       AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent s
                        WHERE s.action = 'revoke' AND s.method = 'sms_keyword'
                          AND s.channel = '*' AND s.purpose = '*'
                          AND s.evidence ? 'removed'
                          AND s.event_id NOT IN (SELECT event_id FROM cand)
                          AND s.phone OPERATOR(@extschema@.=) c.phone
                          AND s.evidence -> 'removed' @> pg_catalog.jsonb_build_array(
                                  pg_catalog.jsonb_build_object('event_id', c.event_id)));
END;

-- Deletes (or, with dry_run, counts) the ledger events that occurred
-- before now() - older_than and no longer decide any status (see
-- phone_consent_purgeable).  Returns how many; a real purge is logged.
CREATE FUNCTION phone_consent_purge(older_than interval, dry_run boolean DEFAULT true)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n  bigint;
BEGIN
    IF older_than IS NULL OR older_than < interval '0' THEN
        RAISE EXCEPTION 'invalid retention interval: %', coalesce(older_than::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Events that occurred before now() minus this interval are considered.',
                  HINT = 'Pass an interval of zero or more, e.g. ''2 years''.';
    END IF;
    IF dry_run IS NULL THEN
        RAISE EXCEPTION 'dry_run cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass true to count, false to delete.';
    END IF;
    IF dry_run THEN
        SELECT count(*) INTO n FROM @extschema@.phone_consent_purgeable(older_than);
        RETURN n;
    END IF;

    INSERT INTO @extschema@.phone_consent_permit (event_id)
    SELECT * FROM @extschema@.phone_consent_purgeable(older_than);
    DELETE FROM @extschema@.phone_consent e
     USING @extschema@.phone_consent_permit p
     WHERE p.xact = pg_catalog.pg_current_xact_id() AND p.event_id = e.event_id;
    GET DIAGNOSTICS n = ROW_COUNT;

    INSERT INTO @extschema@.phone_erasure_log
        (operation, events_deleted, older_than, performed_at, performed_by)
    VALUES ('purge', n, older_than, pg_catalog.clock_timestamp(), session_user);

    DELETE FROM @extschema@.phone_consent_permit p WHERE p.xact = pg_catalog.pg_current_xact_id();
    RETURN n;
END;
$$;

REVOKE EXECUTE ON FUNCTION phone_erase(phone, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_purge(interval, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_purgeable(interval) FROM PUBLIC;

COMMENT ON TABLE phone_suppression IS 'tombstones of numbers erased with mode suppress: never contactable, no consent by import';
COMMENT ON COLUMN phone_suppression.request_id IS 'the erasure request that suppressed the number (the latest one)';
COMMENT ON COLUMN phone_suppression.erased_at IS 'when the number was erased: consent must have been given after it';
COMMENT ON TABLE phone_erasure_log IS 'append-only log of erasures and purges; never holds a number';
COMMENT ON COLUMN phone_erasure_log.events_deleted IS 'ledger events deleted';
COMMENT ON COLUMN phone_erasure_log.older_than IS 'for a purge: the retention interval';
COMMENT ON COLUMN phone_erasure_log.performed_by IS 'session_user of the session that erased or purged';
COMMENT ON TABLE phone_consent_permit IS 'transaction-local permits to delete ledger rows, written by phone_erase and phone_consent_purge; owner only, always empty between calls';
COMMENT ON SEQUENCE phone_erasure_log_log_id_seq IS 'ids of the erasure log';
COMMENT ON INDEX phone_consent_permit_phone_idx IS 'permits for a number (erasure)';
COMMENT ON INDEX phone_consent_permit_event_idx IS 'permits for an event (purge)';
COMMENT ON FUNCTION phone_erasure_log_guard() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the erasure log';
COMMENT ON FUNCTION phone_suppression_guard() IS 'trigger: tombstones change only through phone_erase; a direct one must not contradict the ledger';
COMMENT ON FUNCTION phone_consent_suppression_check() IS 'trigger: refuses consent for a suppressed number unless given after the erasure, not imported, with evidence';
COMMENT ON FUNCTION phone_erase(phone, text, text) IS 'delete the consent history of a number (suppress: keep a tombstone; forget: keep nothing); returns the events deleted';
COMMENT ON FUNCTION phone_consent_purgeable(interval) IS 'event ids that a purge with this interval would delete';
COMMENT ON FUNCTION phone_consent_purge(interval, boolean) IS 'delete (dry_run: count) ledger events older than the interval that decide no status; returns how many';
COMMENT ON TRIGGER phone_consent_suppressed ON phone_consent IS 'refuses consent for a suppressed number without new evidence';
COMMENT ON TRIGGER phone_suppression_guarded ON phone_suppression IS 'tombstones change only through phone_erase';
COMMENT ON TRIGGER phone_suppression_no_truncate ON phone_suppression IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_erasure_log_append_only ON phone_erasure_log IS 'refuses UPDATE and DELETE';
COMMENT ON TRIGGER phone_erasure_log_no_truncate ON phone_erasure_log IS 'refuses TRUNCATE';

-- src/sql/privacy.sql: masking and keyed pseudonyms

-- ---------------------------------------------------------------------
-- Privacy: a masked form for display, and keyed pseudonyms for joining
-- without the number (doc/pseudonyms.md).
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_mask(number phone, visible integer DEFAULT 4) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_mask_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION phone_mask(phone, integer) IS
    'the number with its national part starred but for the last visible digits (at most half of them), e.g. +1 ******0123';

-- Reads the settings phone.pseudonym_key and phone.pseudonym_key_id: STABLE.
CREATE FUNCTION phone_pseudonym(number phone, context text DEFAULT '') RETURNS bytea
    AS 'MODULE_PATHNAME', 'phone_pseudonym_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION phone_pseudonym(phone, text) IS
    'keyed pseudonym of the number for the context: the key id byte and HMAC-SHA256 under phone.pseudonym_key';
REVOKE EXECUTE ON FUNCTION phone_pseudonym(phone, text) FROM PUBLIC;

-- src/sql/reports.sql: data-quality and consent reports over user tables

-- ---------------------------------------------------------------------
-- Reports (doc/reports.md).  phone_audit, phone_duplicates and
-- phone_without_consent read a column of any table the caller may read:
-- they are SECURITY INVOKER (the caller needs SELECT on the table, and
-- phone_without_consent also on phone_consent and phone_consent_purpose),
-- read-only and STABLE.
-- Each reads the table in one scan, through one dynamic query whose
-- identifiers come from regclass::text (quoted and schema-qualified as
-- needed) and format('%I').  They are PARALLEL RESTRICTED: the scan counts
-- its rows for the progress NOTICE in one process (phone_report_progress),
-- so it must not be split among parallel workers.
-- ---------------------------------------------------------------------

-- Per-row helpers (src/pg_phone_reports.c)
CREATE FUNCTION phone_report_number(input text, region text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_report_number'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION phone_report_progress(label text, every bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_report_progress'
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL RESTRICTED;

-- Checks the arguments of a report: the relation can be read with SELECT
-- and has the column, of a supported type.  Returns 'text' for text,
-- character varying and character (and domains over them), 'phone' for
-- phone; raises 22004, 42809, 42703 or 42804 otherwise.
CREATE FUNCTION phone_report_column(tbl regclass, col name, report text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind    "char";
    rel     name;
    typ     oid;
    base    oid;
    up      oid;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION '% needs a table and a column', report
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = format('The %s argument is NULL.', CASE WHEN tbl IS NULL THEN 'table' ELSE 'column' END);
    END IF;
    SELECT c.relkind, c.relname INTO kind, rel FROM pg_catalog.pg_class c WHERE c.oid = tbl;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', tbl::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION '% cannot read "%"', report, rel
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'It is not a table, view, materialized view or foreign table.';
    END IF;
    SELECT a.atttypid INTO typ FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation "%" does not exist', col, rel
            USING ERRCODE = 'undefined_column';
    END IF;
    base := typ;
    LOOP
        -- a domain: look at the type it is over
        SELECT t.typbasetype INTO up FROM pg_catalog.pg_type t
         WHERE t.oid = base AND t.typtype = 'd';
        EXIT WHEN NOT FOUND;
        base := up;
    END LOOP;
    IF base IN ('pg_catalog.text'::regtype, 'pg_catalog.varchar'::regtype,
                'pg_catalog.bpchar'::regtype) THEN
        RETURN 'text';
    ELSIF base = '@extschema@.phone'::regtype THEN
        RETURN 'phone';
    END IF;
    RAISE EXCEPTION 'column "%" of relation "%" has type %, which % cannot read',
                    col, rel, pg_catalog.format_type(typ, NULL), report
        USING ERRCODE = 'datatype_mismatch',
              DETAIL = 'Supported types are text, character varying, character and phone, and domains over them.';
END;
$$;

-- The region that national-format text is read in: the argument, or
-- phone.default_region when it is NULL.  An unknown region raises 22023
-- (the error of phone_check).
CREATE FUNCTION phone_report_region(region text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text := coalesce(region, pg_catalog.current_setting('phone.default_region', true), '');
BEGIN
    PERFORM @extschema@.phone_check('', r);
    RETURN r;
END;
$$;

-- The per-row part of phone_audit and phone_duplicates: a query giving
-- (raw text, verdict text, n phone) for every row of the table, where
-- verdict is phone_check's ('null' for NULL) and n the number of a valid
-- or possible value.  $1 is the region.  OFFSET 0 keeps each level from
-- being merged into the next, so that every function runs once per row.
CREATE FUNCTION phone_report_rows(tbl regclass, col name, kind text, label text)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT CASE kind
        WHEN 'text' THEN pg_catalog.format(
            'SELECT y.raw, CASE WHEN y.raw IS NULL THEN ''null'''
            ' WHEN y.n IS NULL THEN @extschema@.phone_check(y.raw, $1)'
            ' WHEN @extschema@.phone_is_valid(y.n) THEN ''valid'' ELSE ''possible'' END AS verdict, y.n'
            ' FROM (SELECT x.raw, @extschema@.phone_report_number(x.raw, $1) AS n'
            ' FROM (SELECT t.%I::pg_catalog.text AS raw FROM %s AS t'
            ' WHERE @extschema@.phone_report_progress(%L, 250000) OFFSET 0) AS x OFFSET 0) AS y',
            col, tbl::text, label)
        ELSE pg_catalog.format(
            'SELECT y.n::pg_catalog.text AS raw, y.verdict,'
            ' CASE WHEN y.verdict IN (''valid'', ''possible'') THEN y.n END AS n'
            ' FROM (SELECT x.n, CASE WHEN x.n IS NULL THEN ''null'''
            ' WHEN @extschema@.phone_is_valid(x.n) THEN ''valid'''
            ' ELSE @extschema@.phone_check(x.n::pg_catalog.text, $1) END AS verdict'
            ' FROM (SELECT t.%I::@extschema@.phone AS n FROM %s AS t'
            ' WHERE @extschema@.phone_report_progress(%L, 250000) OFFSET 0) AS x OFFSET 0) AS y',
            col, tbl::text, label)
        END;
END;

-- ---------------------------------------------------------------------
-- phone_audit: how clean is a column.  One row per (section, item):
--   rows        total, null, valid, possible, invalid, unparseable
--   invalid     invalid_country_code, too_short, too_long, invalid_length
--   duplicates  numbers (distinct numbers of valid or possible values),
--               duplicated_numbers (numbers that more than one row holds),
--               duplicated_values (rows holding such a number),
--               surplus_values (rows a deduplication would remove)
--   region      one item per region of the numbers (unknown: none), rows
--   type        one item per number type, rows
-- Fixed items always appear (count 0 included); region and type items
-- are ordered by count, most first, then by name.
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_audit(tbl regclass, col name, region text DEFAULT NULL)
    RETURNS TABLE (section text, item text, count bigint)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := @extschema@.phone_report_column(tbl, col, 'phone_audit');
    r    text := @extschema@.phone_report_region(region);
BEGIN
    RETURN QUERY EXECUTE
        'WITH g AS MATERIALIZED ('
        '  SELECT v.verdict, v.n, pg_catalog.count(*) AS cnt FROM ('
        || @extschema@.phone_report_rows(tbl, col, kind, 'phone_audit') ||
        '  ) AS v GROUP BY v.verdict, v.n),'
        ' a AS (SELECT'
        '  COALESCE(pg_catalog.sum(g.cnt), 0)::pg_catalog.int8 AS total,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''null''), 0)::pg_catalog.int8 AS nul,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''valid''), 0)::pg_catalog.int8 AS valid,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''possible''), 0)::pg_catalog.int8 AS possible,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict IN (''invalid_country_code'','
        '    ''too_short'', ''too_long'', ''invalid_length'')), 0)::pg_catalog.int8 AS invalid,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''not_a_number''), 0)::pg_catalog.int8 AS nan,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''invalid_country_code''), 0)::pg_catalog.int8 AS icc,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''too_short''), 0)::pg_catalog.int8 AS short,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''too_long''), 0)::pg_catalog.int8 AS long,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''invalid_length''), 0)::pg_catalog.int8 AS len,'
        '  pg_catalog.count(*) FILTER (WHERE g.n IS NOT NULL) AS numbers,'
        '  pg_catalog.count(*) FILTER (WHERE g.n IS NOT NULL AND g.cnt > 1) AS dupnum,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.n IS NOT NULL AND g.cnt > 1), 0)::pg_catalog.int8 AS dupval'
        '  FROM g),'
        ' rt AS MATERIALIZED (SELECT COALESCE(@extschema@.phone_region(g.n), ''unknown'') AS region,'
        '         @extschema@.phone_type(g.n)::pg_catalog.text AS type, pg_catalog.sum(g.cnt) AS cnt'
        '    FROM g WHERE g.n IS NOT NULL GROUP BY 1, 2)'
        ' SELECT s.section, s.item, s.count FROM ('
        '  SELECT 1 AS o, u.o AS o2, ''rows''::pg_catalog.text AS section, u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''total'', ''null'', ''valid'', ''possible'', ''invalid'', ''unparseable'']),'
        '                       pg_catalog.unnest(ARRAY[a.total, a.nul, a.valid, a.possible, a.invalid, a.nan]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 2, u.o, ''invalid'', u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''invalid_country_code'', ''too_short'', ''too_long'', ''invalid_length'']),'
        '                       pg_catalog.unnest(ARRAY[a.icc, a.short, a.long, a.len]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 3, u.o, ''duplicates'', u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''numbers'', ''duplicated_numbers'', ''duplicated_values'', ''surplus_values'']),'
        '                       pg_catalog.unnest(ARRAY[a.numbers, a.dupnum, a.dupval, a.dupval - a.dupnum]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 4, pg_catalog.row_number() OVER (ORDER BY pg_catalog.sum(rt.cnt) DESC, rt.region COLLATE "C"),'
        '         ''region'', rt.region, pg_catalog.sum(rt.cnt)::pg_catalog.int8'
        '    FROM rt GROUP BY rt.region'
        '  UNION ALL'
        '  SELECT 5, pg_catalog.row_number() OVER (ORDER BY pg_catalog.sum(rt.cnt) DESC, rt.type COLLATE "C"),'
        '         ''type'', rt.type, pg_catalog.sum(rt.cnt)::pg_catalog.int8'
        '    FROM rt GROUP BY rt.type'
        ' ) AS s(o, o2, section, item, count)'
        ' ORDER BY s.o, s.o2'
        USING r;
END;
$$;

-- ---------------------------------------------------------------------
-- phone_duplicates: the deduplication worklist.  One row per number that
-- more than one row's value normalizes to (valid or possible values only),
-- with how many rows hold it and their distinct spellings (sorted
-- bytewise); most duplicated first, then by number.
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_duplicates(tbl regclass, col name, region text DEFAULT NULL)
    RETURNS TABLE (number phone, count bigint, spellings text[])
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := @extschema@.phone_report_column(tbl, col, 'phone_duplicates');
    r    text := @extschema@.phone_report_region(region);
BEGIN
    RETURN QUERY EXECUTE
        'SELECT s.n, pg_catalog.sum(s.c)::pg_catalog.int8,'
        '       pg_catalog.array_agg(s.raw ORDER BY s.raw COLLATE "C")'
        '  FROM (SELECT v.n, v.raw, pg_catalog.count(*) AS c FROM ('
        || @extschema@.phone_report_rows(tbl, col, kind, 'phone_duplicates') ||
        '        ) AS v WHERE v.n IS NOT NULL GROUP BY v.n, v.raw) AS s'
        ' GROUP BY s.n HAVING pg_catalog.sum(s.c) > 1'
        ' ORDER BY 2 DESC, 1'
        USING r;
END;
$$;

-- ---------------------------------------------------------------------
-- phone_without_consent: the numbers of a table that may not be contacted
-- on a channel for a purpose at an instant, for want of consent.  The
-- verdict is the consent part of phone_contact_decision: granted allows;
-- pending, expired and none allow only for an opt_out purpose; every
-- other status (revoked, invalidated, and any other) refuses.  Calling
-- hours are not considered: quiet hours delay a contact, they do not make
-- a number lack consent.
--
-- Text values are read in phone.default_region, as phone_try_parse reads
-- them, except that an extension is dropped (the number itself can be
-- called); the non-NULL values that are not a valid number come back as
-- one row with a NULL number and status 'unparseable' (they cannot be
-- contacted either).  Values of a phone column are taken as they are.
-- NULL values are skipped.
--
-- Only numbers with events in the ledger (or a row in phone_suppression,
-- where that table exists) can have a status other than 'none': the
-- status function is called for those alone, and every other number has
-- status 'none'.  Rows come ordered by number, the unparseable row last.
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_without_consent(tbl regclass, col name, channel text, purpose text,
                                      at timestamptz DEFAULT now())
    RETURNS TABLE (number phone, row_count bigint, status text)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind    text := @extschema@.phone_report_column(tbl, col, 'phone_without_consent');
    r       text := @extschema@.phone_report_region(NULL);
    basis   text;
    known   text := 'SELECT DISTINCT e.phone FROM @extschema@.phone_consent AS e';
    val     text;
    num     text;
    keep    text;
BEGIN
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified', false);
    IF at IS NULL THEN
        RAISE EXCEPTION 'phone_without_consent needs an instant'
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'The at argument is NULL.';
    END IF;
    SELECT p.basis INTO basis FROM @extschema@.phone_consent_purpose p
     WHERE p.purpose = phone_without_consent.purpose;
    IF pg_catalog.to_regclass('@extschema@.phone_suppression') IS NOT NULL THEN
        known := known || ' UNION SELECT s.phone FROM @extschema@.phone_suppression AS s';
    END IF;
    IF kind = 'text' THEN
        -- the number of a valid value, its extension dropped
        val := pg_catalog.format('t.%I::pg_catalog.text', col);
        num := pg_catalog.format('@extschema@.phone_report_number(t.%I::pg_catalog.text, $1)', col);
        keep := 'CASE WHEN @extschema@.phone_is_valid(x.n) THEN x.n END';
    ELSE
        val := pg_catalog.format('t.%I', col);
        num := pg_catalog.format('t.%I::@extschema@.phone', col);
        keep := 'x.n';
    END IF;

    RETURN QUERY EXECUTE
        'WITH c AS MATERIALIZED ('
        '  SELECT ' || keep || ' AS n, pg_catalog.count(*) AS cnt FROM ('
        '    SELECT ' || val || ' AS raw, ' || num || ' AS n'
        '      FROM ' || tbl::text || ' AS t'
        '     WHERE @extschema@.phone_report_progress(''phone_without_consent'', 250000)'
        '    OFFSET 0) AS x'
        '   WHERE x.raw IS NOT NULL GROUP BY 1),'
        ' k AS (' || known || '),'
        ' s AS (SELECT c.n, c.cnt,'
        '         CASE WHEN c.n IS NULL THEN ''unparseable'''
        '              WHEN k.phone IS NULL THEN ''none'''
        '              ELSE @extschema@.phone_consent_status(c.n, $2, $3, $4) END AS status'
        '         FROM c LEFT JOIN k ON k.phone OPERATOR(@extschema@.=) c.n)'
        ' SELECT s.n, s.cnt, s.status FROM s'
        '  WHERE NOT (s.status = ''granted'''
        '             OR ($5 = ''opt_out'' AND s.status IN (''pending'', ''expired'', ''none'')))'
        '  ORDER BY s.n NULLS LAST'
        USING r, channel, purpose, at, basis;
END;
$$;

COMMENT ON FUNCTION phone_report_number(text, text) IS 'number of a valid or possible input (extension dropped), else NULL: the normalization of the reports';
COMMENT ON FUNCTION phone_report_progress(text, bigint) IS 'counts the rows of a scan and raises a progress NOTICE every so many; always true';
COMMENT ON FUNCTION phone_report_column(regclass, name, text) IS 'checks the table and column a report reads; returns text or phone';
COMMENT ON FUNCTION phone_report_region(text) IS 'region of a report: the argument or phone.default_region, checked';
COMMENT ON FUNCTION phone_report_rows(regclass, name, text, text) IS 'the per-row query of phone_audit and phone_duplicates (raw, verdict, number)';
COMMENT ON FUNCTION phone_audit(regclass, name, text) IS 'data-quality report of a text or phone column: verdicts, duplicates, regions, types';
COMMENT ON FUNCTION phone_duplicates(regclass, name, text) IS 'deduplication worklist: numbers held by several rows, with their spellings';
COMMENT ON FUNCTION phone_without_consent(regclass, name, text, text, timestamptz) IS 'numbers of a table that may not be contacted for want of consent, with row counts and status';

-- src/sql/grants.sql: what the role that installs the extension may do

-- ---------------------------------------------------------------------
-- The extension is trusted (phone.control): a role with CREATE on the
-- database may install it.  The script then runs as the bootstrap
-- superuser, which owns every object below; @extowner@ is the role that
-- ran CREATE EXTENSION.  That role gets what running the consent ledger
-- needs, WITH GRANT OPTION so that it can hand each right on to the
-- application's roles (doc/security.md):
--
--   * EXECUTE on the writing functions, whose EXECUTE is revoked from
--     PUBLIC (they are SECURITY DEFINER and are the only way to add events);
--   * SELECT on the ledger, its view and the suppression list (status and
--     decisions read them), and SELECT, INSERT, UPDATE, DELETE on the
--     configuration tables and the notices (their triggers keep
--     predefined rows and notices the ledger references read-only);
--   * EXECUTE on the erasure and retention functions and SELECT on the
--     erasure log: where no superuser is at hand (a managed service), the
--     role that owns the data must be able to honour an erasure request,
--     and these functions are the audited way to delete events.
--
-- It gets no UPDATE, DELETE, TRUNCATE, INSERT or TRIGGER on the ledger or
-- the erasure log, nothing on phone_consent_permit, no REFERENCES, no
-- ownership of anything (so it can neither disable the guard triggers nor
-- replace a function), and nothing that uses or reads the pseudonym key:
-- EXECUTE on phone_pseudonym stays revoked (whoever may call it can
-- reverse pseudonyms by trying every number), and the key settings stay
-- superuser-only.  When a superuser
-- installs the extension, @extowner@ is that superuser and these grants
-- change nothing.
-- ---------------------------------------------------------------------

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

-- notice_id is a bigserial: inserting a notice takes a value from it
GRANT USAGE, SELECT ON SEQUENCE @extschema@.phone_consent_notice_notice_id_seq
    TO @extowner@ WITH GRANT OPTION;
