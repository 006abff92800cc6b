--
-- phone_hostile: the extension behaves the same when a hostile schema with
-- look-alike operators and functions comes first in search_path, and on
-- inputs of many megabytes or of every Unicode category.
--
CREATE SCHEMA phone_evil;
CREATE FUNCTION phone_evil.always(text, text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR phone_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = phone_evil.always);
CREATE FUNCTION phone_evil.lower(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''stop''';
CREATE FUNCTION phone_evil.upper(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''STOP''';
CREATE FUNCTION phone_evil.btrim(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''STOP''';
CREATE FUNCTION phone_evil.now() RETURNS timestamptz LANGUAGE sql AS 'SELECT ''2000-01-01''::timestamptz';

-- the same questions, first with a clean path, then with the hostile one
CREATE TABLE phone_test.hostile_answers (path text, answers text);
CREATE FUNCTION phone_test.answers() RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws(' | ',
        phone_version(),
        phone_sms_keyword('hello'), phone_sms_keyword('stop'),
        phone_consent_status('+1 201 555 0123', 'sms', 'marketing', '2025-01-01Z'),
        phone_can_contact('+1 201 555 0123', 'sms', 'transactional', '2025-03-09 12:30Z'),
        (phone_contact_decision('+1 201 555 0123', 'sms', 'marketing', '2025-03-09 12:30Z')).reason,
        phone_format('+14155552671', 'national'), phone_region('+14155552671'),
        phone_check('+1 415 555 2671'), phone_match('+14155552671', '415 555 2671'))
$$;
INSERT INTO phone_test.hostile_answers SELECT 'clean', phone_test.answers();
SET search_path = phone_evil, public, pg_catalog;
INSERT INTO phone_test.hostile_answers SELECT 'hostile', phone_test.answers();
RESET search_path;
SELECT count(DISTINCT answers) AS distinct_answers FROM phone_test.hostile_answers;
SELECT answers FROM phone_test.hostile_answers WHERE path = 'clean';
DROP SCHEMA phone_evil CASCADE;

-- many megabytes: an error that quotes 200 bytes, not a crash
SELECT length((phone_test.input_error(repeat('+1 415 555 2671 ', 600000))).message) < 260 AS short_message;
SELECT phone_try_parse(repeat('9', 10000000)) IS NULL AS refused;
SELECT phone_check(repeat('+', 1000000));

-- one character of every Unicode category next to a valid number: a value
-- or an error, never a crash
SELECT count(*) AS inputs, count(phone_try_parse('+1 415 555 2671' || chr(c))) AS accepted
FROM generate_series(1, 1114111, 997) c
WHERE c NOT BETWEEN 55296 AND 57343;

-- a wrong argument is quoted in its error as input is: at most 200 bytes,
-- cut on a character boundary ('e' with acute accent is two bytes here)
CREATE FUNCTION phone_test.arg_error(q text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    m text;
    d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    -- convert_from verifies the bytes: a character cut in two raises
    RETURN SQLSTATE || ' ' || octet_length(m) || ' bytes: '
        || left(convert_from(convert_to(m || ' / ' || coalesce(d, ''), 'UTF8'),
                             'UTF8'), 40)
        || ' ... ' || right(m, 20);
END $$;
SELECT q, phone_test.arg_error(q) FROM (VALUES
    ($$SELECT phone_parse('1', repeat('a', 100000))$$),
    ($$SELECT phone_check('1', repeat('a', 100000))$$),
    ($$SELECT phone_parse('1', 'US', repeat('a', 100000))$$),
    ($$SELECT phone_format('+14155552671', repeat('a', 100000))$$),
    ($$SELECT phone_format_out_of_country('+14155552671', repeat('a', 100000))$$),
    ($$SELECT phone_example(repeat('a', 100000))$$),
    ($$SELECT '+14155552671'::phone ^@ repeat(' ', 1000)$$),
    ($$SELECT phone_parse('1', convert_from('\xc3a9c3a9c3a9c3a9', 'UTF8'))$$),
    ($$SELECT phone_check('1', convert_from('\xc3a9c3a9c3a9c3a9', 'UTF8'))$$)
) v(q);
