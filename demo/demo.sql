--
-- demo/demo.sql: what the phone type does to a real-looking contact list.
-- Run by demo/run.sh on a throwaway server; safe to read top to bottom.
--
\set ON_ERROR_STOP on
\pset footer off
-- fit a terminal of 100 columns: long values wrap inside their column
\pset format wrapped
\pset columns 100
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS phone;
DROP SCHEMA IF EXISTS demo CASCADE;
CREATE SCHEMA demo;
SET search_path = demo, public;

\echo
\echo '== 1. A contact table as teams keep it today: numbers in a text column'
\echo '   3,000 rows, 1,000 people, each number typed by whoever entered it.'

-- 1,000 people with a French, US, British or German mobile number
CREATE TABLE people AS
SELECT i AS person_id,
       (ARRAY['FR', 'US', 'GB', 'DE'])[1 + i % 4] AS country,
       translate(md5('person' || i), 'abcdef', '012345') AS d
FROM generate_series(1, 1000) i;

CREATE TABLE contacts (id serial PRIMARY KEY, person_id int, phone_raw text);

-- each person shows up three times, written in different ways; a few
-- entries have typos (a digit missing, a letter, two numbers in one field)
INSERT INTO contacts (person_id, phone_raw)
SELECT person_id,
  CASE country
    WHEN 'FR' THEN (ARRAY[
        '+33 6 1' || substr(d,1,1) || ' ' || substr(d,2,2) || ' ' || substr(d,4,2) || ' ' || substr(d,6,2),
        '061' || substr(d,1,7),
        '0033 61' || substr(d,1,7),
        '+33 (0)61 ' || substr(d,1,7),
        'tel:+33-6-1' || substr(d,1,3) || '-' || substr(d,4,4),
        '06 1' || substr(d,1,1) || ' ' || substr(d,2,2) || ' ' || substr(d,4,2) || ' ' || substr(d,6,1)
      ])[1 + (person_id * 7 + k * 5) % 6]
    WHEN 'US' THEN (ARRAY[
        '+1 (415) 2' || substr(d,1,2) || '-' || substr(d,3,4),
        '(415) 2' || substr(d,1,2) || '-' || substr(d,3,4),
        '415.2' || substr(d,1,2) || '.' || substr(d,3,4),
        '1-415-2' || substr(d,1,2) || '-' || substr(d,3,4),
        '+1 415 2' || substr(d,1,2) || ' ' || substr(d,3,4) || ' ext. 12',
        '+1 415 2' || substr(d,1,2) || ' ' || substr(d,3,3) || 'O'
      ])[1 + (person_id * 7 + k * 5) % 6]
    WHEN 'GB' THEN (ARRAY[
        '+44 7400 ' || substr(d,1,6),
        '+44 (0)7400 ' || substr(d,1,3) || ' ' || substr(d,4,3),
        '07400 ' || substr(d,1,6),
        '0044 7400 ' || substr(d,1,6),
        '+44 7400 ' || substr(d,1,6) || ' / +44 7400 ' || substr(d,2,6),
        '+447400' || substr(d,1,6)
      ])[1 + (person_id * 7 + k * 5) % 6]
    ELSE (ARRAY[
        '+49 151 ' || substr(d,1,8),
        '+49 (0)151 ' || substr(d,1,4) || ' ' || substr(d,5,4),
        '0151 ' || substr(d,1,8),
        '0049 151 ' || substr(d,1,8),
        '+49-151-' || substr(d,1,8),
        '+49 151 ' || substr(d,1,8) || '9999'
      ])[1 + (person_id * 7 + k * 5) % 6]
  END
FROM people, generate_series(1, 3) k;

SELECT count(*) AS rows, count(DISTINCT phone_raw) AS distinct_texts FROM contacts;
SELECT id, phone_raw FROM contacts WHERE person_id IN (1, 2, 3, 4) ORDER BY person_id, id;

\echo
\echo '== 2. Which rows can become phone values, and why the others cannot'
\echo '   National numbers are read in the region of the team that typed them: here'
\echo '   each country desk set phone.default_region; numbers with "+" need no region.'

-- Read a raw value in a region; on failure keep the reason instead of
-- stopping: the error's message, which quotes what was typed, and its
-- DETAIL, which says why.
CREATE FUNCTION try_phone(raw text, region text, OUT value phone, OUT reason text)
LANGUAGE plpgsql AS $$
DECLARE
    msg text;
    detail text;
BEGIN
    PERFORM set_config('phone.default_region', region, true);
    value := raw::phone;
EXCEPTION WHEN invalid_text_representation THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    reason := format('%s: %s', regexp_replace(msg, '^invalid input syntax for type phone: ', ''), detail);
END $$;

-- Long text broken into lines of at most `width` characters, between words.
CREATE FUNCTION wrap(t text, width int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
SELECT rtrim(regexp_replace(t, '(.{1,' || width || '})( +|$)', E'\\1\n', 'g'), E'\n')
$$;

-- What happened to a row, in words that say whether it worked: a value is
-- stored, or it is rejected and phone_check says why.
CREATE FUNCTION outcome(value phone, raw text, region text, reason text) RETURNS text
LANGUAGE sql AS $$
SELECT CASE
    WHEN value IS NOT NULL THEN 'accepted: stored as phone'
    WHEN reason LIKE '%extension%' THEN 'REJECTED: has an extension'
    -- the type's own verdict first where phone_check reads the text as
    -- libphonenumber does (a national prefix kept as a digit: "possible")
    WHEN reason LIKE '%is too short%' THEN 'REJECTED: too short'
    ELSE 'REJECTED: ' || CASE phone_check(raw, region)
        WHEN 'possible' THEN 'no such number (length fits, no range in use)'
        WHEN 'not_a_number' THEN 'not a number (a letter, two numbers)'
        WHEN 'too_short' THEN 'too short'
        WHEN 'too_long' THEN 'too long'
        WHEN 'invalid_length' THEN 'impossible length'
        WHEN 'invalid_country_code' THEN 'unknown country code'
        ELSE phone_check(raw, region) END
    END
$$;

CREATE TABLE checked AS
SELECT id, person_id, phone_raw, country, r.value, r.reason,
       outcome(r.value, phone_raw, country, r.reason) AS outcome
FROM contacts JOIN people USING (person_id),
     LATERAL try_phone(phone_raw, country) r;

SELECT outcome, count(*) AS rows FROM checked GROUP BY outcome ORDER BY min(value) IS NULL, outcome;

\echo 'One rejected row of each kind: what was typed, and the reason the type input gave:'
\x on
SELECT DISTINCT ON (outcome) outcome, country AS desk, phone_raw AS typed, wrap(reason, 80) AS reason
FROM checked WHERE value IS NULL
ORDER BY outcome, id;
\x off

\echo
\echo '== 3. Duplicates that normalization reveals'
SELECT count(DISTINCT phone_raw) AS distinct_texts, count(DISTINCT value) AS distinct_numbers
FROM checked WHERE value IS NOT NULL;

\echo 'The ways one number was written:'
SELECT value, count(*) AS rows, string_agg(DISTINCT phone_raw, '  |  ') AS written_as
FROM checked WHERE value IS NOT NULL
GROUP BY value HAVING count(DISTINCT phone_raw) > 2
ORDER BY value LIMIT 8;

\echo
\echo '== 4. Convert the column: the rejects go to a worklist, the rest becomes phone'
CREATE TABLE contacts_to_fix AS
    SELECT id, person_id, country AS desk, phone_raw, outcome, reason FROM checked WHERE value IS NULL;
DELETE FROM contacts WHERE id IN (SELECT id FROM contacts_to_fix);
ALTER TABLE contacts ADD COLUMN phone phone;
UPDATE contacts c SET phone = k.value FROM checked k WHERE k.id = c.id;
ALTER TABLE contacts ALTER COLUMN phone SET NOT NULL;
CREATE INDEX ON contacts (phone);
ANALYZE contacts;
\d contacts

\echo 'Every French mobile whose number starts +33 6 12, through the index:'
EXPLAIN (COSTS OFF) SELECT phone FROM contacts WHERE phone ^@ '+33 6 12';
SELECT DISTINCT phone, phone_format(phone, 'national') AS national
FROM contacts WHERE phone ^@ '+33 6 12' ORDER BY phone LIMIT 5;

\echo 'Sizes: the phone value is 8 bytes, like bigint; the text was:'
SELECT pg_column_size('+33 6 12 34 56 78'::phone) AS phone_bytes,
       pg_column_size('+33 6 12 34 56 78'::text) AS text_bytes;

\echo
\echo '== Done.  The worklist of rows to fix, by kind:'
SELECT outcome, count(*) AS rows FROM contacts_to_fix GROUP BY outcome ORDER BY outcome;
\echo 'Its first rows (table demo.contacts_to_fix):'
SELECT id, desk, phone_raw AS typed, wrap(reason, 58) AS reason FROM contacts_to_fix ORDER BY id LIMIT 6;
