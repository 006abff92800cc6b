--
-- phone_encoding_sql_ascii: in a SQL_ASCII database text outside ASCII
-- has no known characters, and every entry that reads a number refuses it
-- (22021) or finds no number in it; phone_encoding_text reads the same
-- inputs in UTF8 and LATIN1 databases.  Only make installcheck-encodings
-- runs this test, in a SQL_ASCII database, after phone_encoding.
--
SELECT getdatabaseencoding() AS encoding;

-- '+1 650' NO-BREAK SPACE '253 0000'
SELECT * FROM phone_test.enc_all(
    convert_from('\x2b3120363530c2a03235332030303030'::bytea, 'UTF8'));
-- a national number with no-break spaces, and an extension
SELECT * FROM phone_test.enc_all(
    convert_from('\x363530c2a0323533c2a03030303020657874c2a03132'::bytea, 'UTF8'))
WHERE entry LIKE '% US';
-- the type's input, and its message
\set VERBOSITY default
SELECT convert_from('\x2b3120363530c2a03235332030303030'::bytea, 'UTF8')::phone;
\set VERBOSITY terse

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
