
-- 75-r18.sql: the words of an SMS body (phone_sms_words, src/phone_sms.c),
-- which phone_consent's phone_sms_keyword matches keywords on; every zone
-- the callee of a number may be in (phone_possible_timezones); whether a
-- time-zone name is known (phone_timezone_known), which phone_consent's
-- decisions check callee_tz with
CREATE FUNCTION @extschema@.phone_possible_timezones(@extschema@.phone) RETURNS text[]
    AS 'MODULE_PATHNAME', 'phone_possible_timezones'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_possible_timezones(@extschema@.phone) IS 'every zone the callee may be in: phone_timezones, or all zones of the region when that is only the country''s default';
CREATE FUNCTION @extschema@.phone_timezone_known(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_timezone_known'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_timezone_known(text) IS 'true when PostgreSQL knows a time zone of that name (AT TIME ZONE would accept it)';
CREATE FUNCTION @extschema@.phone_sms_words(text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_sms_words_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_sms_words(text) IS 'words of a text message, upper-case, without accents or punctuation, separated by one space';
