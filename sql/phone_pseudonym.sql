--
-- phone_pseudonym: keyed pseudonyms, and the settings that hold the key.
--
-- A pseudonym is the key id byte followed by
--     HMAC-SHA256(key, 'phone.pseudonym.v1' || 0x00 || context || 0x00 || digits)
-- (context in UTF-8, digits: the E.164 digits without '+').  The expected
-- values below were computed outside PostgreSQL with Python's hmac module:
--     python3 -c 'import hmac, hashlib; print(hmac.new(KEY,
--         b"phone.pseudonym.v1\x00" + CONTEXT + b"\x00" + DIGITS,
--         hashlib.sha256).hexdigest())'
-- and agree with "openssl dgst -sha256 -mac HMAC -macopt hexkey:...".
--

-- without a key there is no pseudonym, and no unkeyed hash either
RESET phone.pseudonym_key;
RESET phone.pseudonym_key_id;
SELECT phone_pseudonym('+1 415 555 2671');
SELECT phone_pseudonym('+1 415 555 2671', 'analytics');

-- keys that are refused: too short, bad hexadecimal; the value is never
-- repeated in the message
SET phone.pseudonym_key = 'short';
SET phone.pseudonym_key = '0123456789abcdef0123456789abcde';
SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e';
SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1';
SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g';
SET phone.pseudonym_key = '\x';
-- key ids are 0..255
SET phone.pseudonym_key_id = -1;
SET phone.pseudonym_key_id = 256;

-- their SQLSTATEs: no key 55000, bad values 22023
SELECT s, (phone_test.statement_error(s)).code AS sqlstate
FROM (VALUES ($$SELECT phone_pseudonym('+1 415 555 2671')$$),
             ($$SET phone.pseudonym_key = 'short'$$),
             ($$SET phone.pseudonym_key = '\x0g'$$),
             ($$SET phone.pseudonym_key_id = 256$$)) AS t(s);

-- a key of 32 bytes in hexadecimal (00 01 02 ... 1f)
SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
SHOW phone.pseudonym_key;
SELECT c, phone_pseudonym('+1 415 555 2671', c) AS us,
       phone_pseudonym('+44 20 7031 3000', c) AS gb
FROM (VALUES (''), ('analytics'), ('crm')) AS t(c)
ORDER BY c;
SELECT phone_pseudonym('+1 415 555 2671') =
       '\x00ac1692068ac1467d49c322873890853aa8d612e446889c9eb52a43610f52e12f'::bytea AS us_empty,
       phone_pseudonym('+1 415 555 2671', 'analytics') =
       '\x00837841c7d868e5bfbda26c1d596193e9ab30387087ae5a62b057d327b1fad11f'::bytea AS us_analytics,
       phone_pseudonym('+1 415 555 2671', 'crm') =
       '\x008e96c28c60f86b30d16de29a783e9d1f6500afc361e6f274f4a77c80ebd1703b'::bytea AS us_crm,
       phone_pseudonym('+44 20 7031 3000') =
       '\x00b29f6b466b2f04f7558bdf4a9335f88d2cc5123fd351f146cdfeb43591324840'::bytea AS gb_empty,
       phone_pseudonym('+44 20 7031 3000', 'analytics') =
       '\x000be7c21a564d0403010444a04599e071f21706ea0fc802895531bd6729cd8634'::bytea AS gb_analytics,
       phone_pseudonym('+44 20 7031 3000', 'crm') =
       '\x004b911878fe02e2f570334f276551f8300cd0804d936715251adbbc59a7a58c2c'::bytea AS gb_crm;

-- the context is hashed in UTF-8 whatever the database encoding (here
-- "Zurich" with an umlaut on the u)
SELECT phone_pseudonym('+1 415 555 2671', convert_from('\x5ac3bc72696368', 'UTF8')) =
       '\x00f95ed26f7b9abb55f97e4d3dae921c37cf552f46e64ad36a3e95b7c5c02a8a81'::bytea AS non_ascii_context;

-- the key id is the first byte and changes nothing else
SET phone.pseudonym_key_id = 7;
SELECT phone_pseudonym('+1 415 555 2671', 'analytics');
SET phone.pseudonym_key_id = 255;
SELECT get_byte(phone_pseudonym('+1 415 555 2671', 'analytics'), 0) AS key_id,
       substr(phone_pseudonym('+1 415 555 2671', 'analytics'), 2) =
       '\x837841c7d868e5bfbda26c1d596193e9ab30387087ae5a62b057d327b1fad11f'::bytea AS same_mac;
RESET phone.pseudonym_key_id;

-- a key written as text: its bytes as written (39 here)
SET phone.pseudonym_key = 'correct horse battery staple 1234 phone';
SELECT phone_pseudonym('+1 415 555 2671') =
       '\x008c35db30af71a62384364cb54125c254b5c344438d4cb031639f06d6ee20ff8e'::bytea AS us_empty,
       phone_pseudonym('+1 415 555 2671', 'analytics') =
       '\x0073c327c9881e5e929d7fc7e24394000c2130590d7dbd865ad1dd6cb70b25f2cc'::bytea AS us_analytics,
       phone_pseudonym('+44 20 7031 3000', 'crm') =
       '\x00a4e56b396543a7303ecc570736c282b2af80278b49b01867ec3a04bd0f4d54ab'::bytea AS gb_crm;

-- A second, independent check of the construction over many numbers,
-- contexts and keys: HMAC-SHA256 written out in SQL (RFC 2104) on top of
-- the built-in sha256(), including a key longer than the 64-byte block.
CREATE FUNCTION phone_test.ref_hmac_sha256(key bytea, msg bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$
    WITH k AS (
        SELECT CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END AS k0
    ), padded AS (
        SELECT k0 || decode(repeat('00', 64 - length(k0)), 'hex') AS kp FROM k
    ), pads AS (
        SELECT decode(string_agg(lpad(to_hex(get_byte(kp, i) # 54), 2, '0'), '' ORDER BY i), 'hex') AS ipad,
               decode(string_agg(lpad(to_hex(get_byte(kp, i) # 92), 2, '0'), '' ORDER BY i), 'hex') AS opad
        FROM padded, generate_series(0, 63) AS i
    )
    SELECT sha256(opad || sha256(ipad || msg)) FROM pads
$$;
CREATE FUNCTION phone_test.ref_pseudonym(key bytea, key_id integer, n phone, context text)
RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT set_byte('\x00'::bytea, 0, key_id) ||
           phone_test.ref_hmac_sha256(key,
               convert_to('phone.pseudonym.v1', 'UTF8') || '\x00'::bytea ||
               convert_to(context, 'UTF8') || '\x00'::bytea ||
               convert_to(substr(n::text, 2), 'UTF8'))
$$;
CREATE TABLE phone_test.pseudo_cases (n phone, context text);
INSERT INTO phone_test.pseudo_cases
SELECT n::phone, c
FROM (VALUES ('+14155552671'), ('+442070313000'), ('+390612345678'), ('+3545551234'),
             ('+6834002'), ('+819012345678'), ('+4930123456'), ('+61491570156')) AS a(n),
     (VALUES (''), ('analytics'), ('crm'), ('a'), ('a b'), ('14155552671'),
             (repeat('long context ', 40))) AS b(c);
SET phone.pseudonym_key_id = 42;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE phone_pseudonym(n, context) <>
           phone_test.ref_pseudonym(decode('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'),
                                    42, n, context)) AS wrong
FROM phone_test.pseudo_cases;
SET phone.pseudonym_key = 'correct horse battery staple 1234 phone';
SELECT count(*) AS cases,
       count(*) FILTER (WHERE phone_pseudonym(n, context) <>
           phone_test.ref_pseudonym(convert_to('correct horse battery staple 1234 phone', 'UTF8'),
                                    42, n, context)) AS wrong
FROM phone_test.pseudo_cases;
SELECT set_config('phone.pseudonym_key', '\x' || repeat('a5c3', 50), false) IS NOT NULL AS set;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE phone_pseudonym(n, context) <>
           phone_test.ref_pseudonym(decode(repeat('a5c3', 50), 'hex'), 42, n, context)) AS wrong
FROM phone_test.pseudo_cases;
-- 33 bytes each; no two contexts or numbers share a pseudonym
SELECT count(*) AS pseudonyms,
       count(DISTINCT phone_pseudonym(n, context)) AS distinct_pseudonyms,
       min(length(phone_pseudonym(n, context))) AS min_len,
       max(length(phone_pseudonym(n, context))) AS max_len
FROM phone_test.pseudo_cases;
DROP TABLE phone_test.pseudo_cases;
RESET phone.pseudonym_key_id;

-- an empty key means no key again
SET phone.pseudonym_key = '';
SELECT phone_pseudonym('+1 415 555 2671');

-- The key and its id cannot be stored per database, per role, or in a
-- function's SET clause: those live in the catalogs (readable by every
-- role) and are written out by pg_dump and pg_dumpall.
CREATE ROLE regress_phone_analyst;
-- (in a transaction that is rolled back: should a setting be accepted,
-- it does not stay on the server)
\set ON_ERROR_ROLLBACK on
BEGIN;
ALTER DATABASE :"DBNAME" SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
ALTER DATABASE :"DBNAME" SET phone.pseudonym_key_id = 1;
ALTER ROLE regress_phone_analyst SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
ALTER ROLE regress_phone_analyst SET phone.pseudonym_key_id = 1;
ALTER ROLE regress_phone_analyst IN DATABASE :"DBNAME" SET phone.pseudonym_key_id = 1;
ALTER ROLE ALL SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
CREATE FUNCTION phone_test.with_key() RETURNS bytea LANGUAGE sql
    SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
    AS 'SELECT phone_pseudonym(''+14155552671'')';
SELECT what, (phone_test.statement_error(s)).code AS sqlstate
FROM (VALUES (1, 'alter database', $$ALTER DATABASE $$ || quote_ident(current_database()) || $$ SET phone.pseudonym_key_id = 1$$),
             (2, 'alter role', $$ALTER ROLE regress_phone_analyst SET phone.pseudonym_key = '0123456789abcdef0123456789abcdef'$$),
             (3, 'alter role all', $$ALTER ROLE ALL SET phone.pseudonym_key_id = 1$$)) AS t(i, what, s)
ORDER BY i;
SELECT count(*) AS stored_phone_settings
FROM pg_db_role_setting, unnest(setconfig) AS s
WHERE s LIKE 'phone.pseudonym%';
ROLLBACK;
\set ON_ERROR_ROLLBACK off

-- Hidden from SHOW ALL and pg_settings, even for superusers
SET phone.pseudonym_key = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
SELECT count(*) AS listed FROM pg_settings WHERE name LIKE 'phone.pseudonym%';

-- Not granted to PUBLIC
SELECT has_function_privilege('regress_phone_analyst', 'phone_pseudonym(phone, text)', 'EXECUTE')
    AS analyst_may_execute;

-- A role that is not a superuser can neither read nor set the settings,
-- and cannot call phone_pseudonym until granted
GRANT USAGE ON SCHEMA phone_test TO regress_phone_analyst;
SET ROLE regress_phone_analyst;
-- (reading is refused with 42501; the wording differs between server
-- versions, so only the SQLSTATE is shown)
SELECT s, (phone_test.statement_error(s)).code AS sqlstate
FROM (VALUES ('SHOW phone.pseudonym_key'),
             ('SHOW phone.pseudonym_key_id'),
             ($$SELECT current_setting('phone.pseudonym_key')$$),
             ($$SELECT current_setting('phone.pseudonym_key', true)$$),
             ($$SELECT current_setting('phone.pseudonym_key_id', true)$$),
             ($$SET phone.pseudonym_key_id = 2$$),
             ($$SELECT phone_pseudonym('+1 415 555 2671')$$)) AS t(s)
ORDER BY s COLLATE "C";
SELECT count(*) AS listed FROM pg_settings WHERE name LIKE 'phone.pseudonym%';
SET phone.pseudonym_key = '\x1111111111111111111111111111111111111111111111111111111111111111';
SET phone.pseudonym_key_id = 2;
RESET phone.pseudonym_key;
SELECT set_config('phone.pseudonym_key_id', '2', false);
SELECT phone_pseudonym('+1 415 555 2671', 'analytics');
RESET ROLE;

-- With EXECUTE granted, the role gets pseudonyms under the key it cannot read
GRANT EXECUTE ON FUNCTION phone_pseudonym(phone, text) TO regress_phone_analyst;
SET ROLE regress_phone_analyst;
SELECT phone_pseudonym('+1 415 555 2671', 'analytics');
SELECT (phone_test.statement_error('SHOW phone.pseudonym_key')).code AS show_key;
RESET ROLE;
REVOKE EXECUTE ON FUNCTION phone_pseudonym(phone, text) FROM regress_phone_analyst;
REVOKE USAGE ON SCHEMA phone_test FROM regress_phone_analyst;

-- Members of pg_read_all_settings can read the key (documented)
GRANT pg_read_all_settings TO regress_phone_analyst;
SET ROLE regress_phone_analyst;
SELECT current_setting('phone.pseudonym_key') = '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
    AS read_by_pg_read_all_settings;
RESET ROLE;
REVOKE pg_read_all_settings FROM regress_phone_analyst;
DROP ROLE regress_phone_analyst;

-- catalog entry
SELECT p.oid::regprocedure, p.provolatile, p.proisstrict, p.proparallel,
       pg_get_function_arguments(p.oid) AS arguments,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
FROM pg_proc p
WHERE p.proname = 'phone_pseudonym';
RESET phone.pseudonym_key;

-- A key that reaches the session other than by SET (here: connection
-- options; likewise postgresql.conf or ALTER SYSTEM) is refused while the
-- library is not in shared_preload_libraries: until a session loads the
-- library, such a value is a placeholder that any role can SHOW.
\c -reuse-previous=on "options=-cphone.pseudonym_key=0123456789abcdef0123456789abcdef"
SELECT phone_pseudonym('+1 415 555 2671');
SELECT (phone_test.statement_error($$SELECT phone_pseudonym('+1 415 555 2671')$$)).code AS sqlstate;
SET phone.pseudonym_key = '0123456789abcdef0123456789abcdef';
SELECT phone_pseudonym('+1 415 555 2671');
