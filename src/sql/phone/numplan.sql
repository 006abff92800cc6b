-- src/sql/phone/numplan.sql: numbering-plan functions

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
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_parse(input text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_parse_region'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_try_parse(input text, region text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_try_parse_region'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_try_parse(input text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_try_parse_region'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_split(input text, region text,
                            OUT number phone, OUT extension text)
    AS 'MODULE_PATHNAME', 'phone_split'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 50;
CREATE FUNCTION phone_check(input text, region text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_check'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_check(input text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_check'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

CREATE FUNCTION phone_is_valid(phone) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_is_valid_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_country_code(phone) RETURNS integer
    AS 'MODULE_PATHNAME', 'phone_country_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION phone_national_number(phone) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_national_number'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_region(phone) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_region_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_type(phone) RETURNS phone_number_type
    AS 'MODULE_PATHNAME', 'phone_type_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

CREATE FUNCTION phone_format(phone, style text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_format_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
CREATE FUNCTION phone_format_out_of_country(phone, calling_from text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_format_out_of_country_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
CREATE FUNCTION phone_match(phone, text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_match_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

CREATE FUNCTION phone_example(region text, type phone_number_type DEFAULT 'mobile')
    RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_example'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_regions(OUT region text, OUT name text, OUT country_code integer,
                              OUT example phone, OUT national_prefix text,
                              OUT international_prefix text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'phone_regions'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 250;

-- Time zones of a number (src/pg/pg_phone_tz.c, data in src/data/tz_data.c)
CREATE FUNCTION phone_timezones(phone) RETURNS text[]
    AS 'MODULE_PATHNAME', 'phone_timezones'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
-- Every zone the callee of a number may be in (src/core/phone_tz.c,
-- phone_timezones_possible): phone_timezones, but every zone of the
-- region (tzdata's zone.tab, src/data/tz_region_data.c) for a mobile number
-- that the map gives only its country's default zone
CREATE FUNCTION phone_possible_timezones(phone) RETURNS text[]
    AS 'MODULE_PATHNAME', 'phone_possible_timezones'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;

-- Whether PostgreSQL knows a time-zone name, without raising an error for
-- one it does not (phone_consent's decisions check callee_tz with it)
CREATE FUNCTION phone_timezone_known(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_timezone_known'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;

-- The words of an SMS body as keyword matching reads them (src/core/phone_sms.c):
-- compatibility forms, case and accents folded, punctuation and every kind
-- of space a separator (phone_consent's phone_sms_keyword uses it)
CREATE FUNCTION phone_sms_words(text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_sms_words_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;

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
COMMENT ON FUNCTION phone_sms_words(text) IS 'words of a text message, upper-case, without accents or punctuation, separated by one space';
COMMENT ON FUNCTION phone_possible_timezones(phone) IS 'every zone the callee may be in: phone_timezones, or all zones of the region when that is only the country''s default';
COMMENT ON FUNCTION phone_timezone_known(text) IS 'true when PostgreSQL knows a time zone of that name (AT TIME ZONE would accept it)';
COMMENT ON FUNCTION phone_timezones(phone) IS 'time zones of the number (libphonenumber''s map); {Etc/Unknown} when unknown';
