--
-- phone_encoding: every function that reads text reads it the same way in
-- every server encoding, and no text input is read beyond 1024 bytes.
--
-- It runs in UTF8, LATIN1 and SQL_ASCII databases with this same output
-- (make installcheck-encodings).  Text outside ASCII, which a SQL_ASCII
-- database has no characters for, is read after it: phone_encoding_text
-- (UTF8 and LATIN1) and phone_encoding_sql_ascii, each with the one output
-- of its encodings.  The file itself is ASCII, so that it reads the same
-- in every client encoding: inputs outside ASCII are built from their
-- UTF-8 bytes, and results print only ASCII.
--

-- each expression over the input $1, with its result or its SQLSTATE
CREATE FUNCTION phone_test.enc_try(q text, input text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r USING input;
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN others THEN
    RETURN 'ERROR ' || SQLSTATE;
END $$;
CREATE FUNCTION phone_test.enc_all(input text)
    RETURNS TABLE (entry text, result text) LANGUAGE sql AS $$
    SELECT e, phone_test.enc_try(q, input)
    FROM (VALUES
        ('type input', 'SELECT phone_in(textout($1)::cstring)::text'),
        ('cast', 'SELECT $1::phone::text'),
        ('phone_parse', 'SELECT phone_parse($1, NULL)::text'),
        ('phone_parse US', 'SELECT phone_parse($1, ''US'')::text'),
        ('phone_try_parse', 'SELECT phone_try_parse($1, NULL)::text'),
        ('phone_split', 'SELECT phone_split($1, NULL)::text'),
        ('phone_split US', 'SELECT phone_split($1, ''US'')::text'),
        ('phone_check', 'SELECT phone_check($1, NULL)'),
        ('phone_check US', 'SELECT phone_check($1, ''US'')'),
        ('phone_match', 'SELECT phone_match(''+16502530000'', $1)'),
        ('^@', 'SELECT (''+16502530000''::phone ^@ $1)::text'),
        ('phone_prefix_lower', 'SELECT phone_prefix_lower($1)::text'),
        ('phone_report_number', 'SELECT phone_report_number($1, NULL)::text'),
        ('phone_report_number US', 'SELECT phone_report_number($1, ''US'')::text')
    ) v(e, q)
$$;


-- an E.164 number in ASCII: the entries compared in every encoding
SELECT * FROM phone_test.enc_all('+1 650 253 0000');

-- the length limit: 1024 bytes are read, 1025 are not, whatever they hold
SELECT entry, result
FROM phone_test.enc_all(repeat(' ', 1024 - 15) || '+1 650 253 0000');
SELECT entry, result
FROM phone_test.enc_all(repeat(' ', 1025 - 15) || '+1 650 253 0000');
SELECT entry, result
FROM phone_test.enc_all('1' || repeat(',', 64000));
\set VERBOSITY default
SELECT ('1' || repeat(',', 64000))::phone;
SELECT phone_parse(repeat('(', 5000) || '+1 650 253 0000', 'US');
SELECT '+16502530000'::phone ^@ repeat('1', 1100);
\set VERBOSITY terse

-- the words of a text message (phone_sms_words): the same in every server
-- encoding, in SQL_ASCII too (whose bytes are read as UTF-8 where they are
-- UTF-8); "ARRET" with its accent, "no mas" with its accent, in guillemets
SELECT phone_sms_words(
    convert_from('\x415252c38a5420c2ab206e6f206dc3a17320c2bb'::bytea, 'UTF8')) AS words;
-- no length limit: a message is not a number
SELECT length(phone_sms_words(repeat('stop! ', 1000))) AS words_length;

-- the hash chain of the consent ledger: in a SQL_ASCII database the bytes
-- are hashed as they are stored, so that a revocation or a STOP whose
-- evidence or body is not UTF-8 is recorded, and the chain verifies (true
-- in the other encodings, where such text cannot be stored)
CREATE FUNCTION phone_test.enc_chain_bytes() RETURNS boolean
    LANGUAGE plpgsql AS $$
DECLARE
    odd text;
BEGIN
    IF getdatabaseencoding() <> 'SQL_ASCII' THEN
        RETURN true;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'phone_consent') THEN
        CREATE EXTENSION phone_consent;
    END IF;
    odd := convert_from('\x41ff42'::bytea, 'SQL_ASCII');
    PERFORM phone_consent_revoke('+12015550960', evidence => jsonb_build_object('note', odd),
                                 occurred_at => '2025-01-01Z');
    PERFORM phone_consent_apply_sms('+12015550960', 'STOP ' || odd, '2025-01-02Z');
    RETURN (SELECT count(*) FROM phone_consent WHERE phone = '+12015550960') = 2
       AND phone_consent_verify() IS NULL;
END $$;
SELECT phone_test.enc_chain_bytes() AS chain_bytes_as_stored;
