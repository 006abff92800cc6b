--
-- phone_restore: reading back stored values (restore sessions), looking
-- up a value today's data refuses, and the numbering-plan data version
-- (doc/operations.md).
--
\set VERBOSITY terse

-- phone_parse with an explicit validation level
SELECT phone_parse('+354 611 1234', NULL, 'valid'),
       phone_parse('+354 123 4567', NULL, 'possible'),
       phone_parse('+354 12345', NULL, 'any'),
       phone_parse('123 4567', 'IS', 'ANY'),
       phone_parse('+354 12345', NULL, 'stored');
SELECT phone_parse('+354 123 4567', NULL, 'valid');
SELECT phone_parse('+354 12345', NULL, 'possible');
SELECT phone_parse('+999 12345', NULL, 'any');
SELECT phone_parse('+354 12345', NULL, 'strict');
SELECT phone_parse('+354 12345', NULL, NULL);
SELECT phone_parse(NULL, NULL, 'any') IS NULL AS null_input;
-- stored: also the E.164 form of a calling code the plans do not know,
-- written with separators too, with 3 to 19 digits
SELECT phone_parse('+99912345', NULL, 'stored');
SELECT phone_parse('+999 12345', NULL, 'stored');
SELECT phone_parse('+999 12x45', NULL, 'stored');
SELECT phone_parse('+99', NULL, 'stored');
SELECT phone_parse('+09912345', NULL, 'stored');
SELECT provolatile FROM pg_proc WHERE oid = 'phone_parse(text, text, text)'::regprocedure;

-- A restore session (pg_dump and pg_restore set check_function_bodies off)
-- reads back the form phone_out writes, whatever phone.validation says;
-- everything else is read as usual
SET check_function_bodies = off;
SELECT '+3541234567'::phone AS possible, '+35412345'::phone AS structure_only,
       '+99912345'::phone AS unknown_code;
SELECT '+354 123 4567'::phone;
SELECT '+35'::phone;
SELECT phone_parse('123 4567', 'IS') AS generated_on_restore,
       phone_parse('+999 123 45', NULL) AS unknown_code_on_restore;
SELECT phone_parse('+999 123 4x', NULL);
RESET check_function_bodies;
SELECT '+3541234567'::phone;
SELECT '+99912345'::phone;
SELECT phone_parse('123 4567', 'IS');

-- Stored values never make a function fail: a value whose calling code
-- the plans do not know (withdrawn) has no region, type unknown, and
-- formats as E.164 in a form that reads back
SET check_function_bodies = off;
CREATE TEMP TABLE stored AS SELECT '+99912345'::phone AS p;
RESET check_function_bodies;
SELECT p, phone_region(p), phone_type(p), phone_is_valid(p), phone_country_code(p),
       phone_national_number(p), phone_format(p, 'e164') AS e164,
       phone_format(p, 'international') AS intl, phone_format(p, 'national') AS national,
       phone_format(p, 'rfc3966') AS rfc3966, phone_format_out_of_country(p, 'US') AS from_us,
       phone_match(p, '+99912345') AS match, phone_timezones(p)
FROM stored;
SELECT phone_parse(phone_format(p, 'international'), NULL, 'stored') = p AS reads_back,
       phone_parse(phone_format(p, 'rfc3966'), NULL, 'stored') = p AS uri_reads_back
FROM stored;
-- a value in a range no longer valid: the national form reads back with
-- the region and level any
SELECT phone_format(phone_parse('+354 123 4567', NULL, 'possible'), 'national') AS national;
SELECT phone_parse(phone_format(phone_parse('+354 123 4567', NULL, 'possible'), 'national'), 'IS', 'any');

-- The data version: recorded at CREATE EXTENSION, STABLE functions
SELECT data_version = phone_metadata_version() AS recorded FROM phone_metadata_checked;
SELECT p.oid::regprocedure, p.provolatile FROM pg_proc p
 WHERE p.oid IN ('phone_metadata_version()'::regprocedure, 'phone_version()'::regprocedure)
 ORDER BY 1::text;
SELECT has_table_privilege('public', 'phone_metadata_checked', 'SELECT') AS public_reads,
       has_table_privilege('public', 'phone_metadata_checked', 'UPDATE') AS public_writes;

-- What reads the plans: indexes, constraints, generated columns,
-- materialized views, partition keys, domain constraints; not what
-- depends on the digits alone (an index on phone, on phone::text)
CREATE SCHEMA meta;
CREATE DOMAIN meta.valid_phone AS phone CHECK (phone_is_valid(VALUE));
CREATE TABLE meta.t (id int PRIMARY KEY, p phone NOT NULL, raw text, dp meta.valid_phone,
    g phone GENERATED ALWAYS AS (phone_parse(raw, 'US')) STORED,
    plain_g text GENERATED ALWAYS AS (p::text) STORED,
    CONSTRAINT t_valid CHECK (phone_is_valid(p)));
CREATE INDEX t_p_idx ON meta.t (p);
CREATE INDEX t_text_idx ON meta.t ((p::text));
CREATE INDEX t_region_idx ON meta.t (phone_region(p));
CREATE INDEX t_partial_idx ON meta.t (id) WHERE phone_type(p) = 'mobile';
CREATE MATERIALIZED VIEW meta.mv AS SELECT phone_region(p) AS region, count(*) FROM meta.t GROUP BY 1;
CREATE MATERIALIZED VIEW meta.mv_plain AS SELECT p FROM meta.t;
CREATE TABLE meta.parted (p phone) PARTITION BY LIST (phone_region(p));
INSERT INTO meta.t (id, p, raw, dp) VALUES (1, '+1 201 555 0123', '(201) 555-0124', '+44 20 7031 3000');
SELECT kind, relation, name, expression FROM phone_metadata_dependents()
 WHERE coalesce(relation::text, name) LIKE 'meta.%';  -- other tests leave objects too

-- A changed library is simulated by recording another version: the first
-- use in the next session warns once
UPDATE phone_metadata_checked SET data_version = '0.0.1';
\c
\set VERBOSITY terse
SELECT '+1 201 555 0123'::phone;
SELECT phone_region('+1 201 555 0123');
\c
\set VERBOSITY terse
SELECT phone_region(p) FROM meta.t;
\c
\set VERBOSITY terse

-- refresh: rebuilds everything listed, records the version
UPDATE meta.t SET raw = '(201) 555-0125';
SELECT kind, relation, name, regexp_replace(action, '[0-9.]+ \(was', 'V (was') AS action
FROM phone_metadata_refresh()
WHERE coalesce(relation::text, name, kind) ~ '^(meta\.|data version)';
SELECT data_version = phone_metadata_version() AS recorded FROM phone_metadata_checked;
SELECT g FROM meta.t;

-- a constraint violated by a stored value: reported, version not recorded
UPDATE phone_metadata_checked SET data_version = '0.0.1';
ALTER TABLE meta.t DROP CONSTRAINT t_valid;
SET phone.validation = possible;
INSERT INTO meta.t (id, p) VALUES (2, '+354 123 4567');
RESET phone.validation;
ALTER TABLE meta.t ADD CONSTRAINT t_valid CHECK (phone_is_valid(p)) NOT VALID;
SELECT kind, relation, name, action FROM phone_metadata_refresh()
WHERE action NOT IN ('rebuilt', 'refreshed') AND coalesce(relation::text, name, kind) ~ '^(meta\.|data version)';
SELECT data_version FROM phone_metadata_checked;
DELETE FROM meta.t WHERE id = 2;
SELECT kind, relation, name, action ~ '^recorded .* \(was 0\.0\.1\)$' AS recorded
FROM phone_metadata_refresh() WHERE kind = 'data version' OR relation::text LIKE 'meta.%' AND kind = 'constraint';
SELECT data_version = phone_metadata_version() AS recorded FROM phone_metadata_checked;

-- Dependents of another role (doc/security.md, "Maintenance run by a
-- privileged role"): a generated column, a CHECK constraint and a column
-- of a domain would run that role's expressions and triggers with the
-- caller's rights, so they are skipped and reported with their owner;
-- its index and materialized view are rebuilt (PostgreSQL runs them as the
-- owner).  The version is not recorded meanwhile.
CREATE ROLE regress_phone_meta_owner;
GRANT USAGE, CREATE ON SCHEMA meta TO regress_phone_meta_owner;
GRANT USAGE ON TYPE meta.valid_phone TO regress_phone_meta_owner;
SET ROLE regress_phone_meta_owner;
CREATE TABLE meta.other (p phone, dp meta.valid_phone,
    g text GENERATED ALWAYS AS (phone_region(p)) STORED,
    CONSTRAINT other_valid CHECK (phone_is_valid(p)));
INSERT INTO meta.other (p, dp) VALUES ('+1 201 555 0123', '+1 201 555 0124');
CREATE INDEX other_region_idx ON meta.other (phone_region(p));
CREATE MATERIALIZED VIEW meta.other_mv AS SELECT phone_region(p) AS region FROM meta.other;
RESET ROLE;
UPDATE phone_metadata_checked SET data_version = '0.0.1';
SELECT kind, relation, name, action FROM phone_metadata_refresh()
WHERE coalesce(relation::text, name, kind) ~ '^(meta\.other|meta\.valid_phone|data version)';
SELECT data_version FROM phone_metadata_checked;
-- the owner runs it for its own objects, and skips the superuser's
SET ROLE regress_phone_meta_owner;
SELECT kind, relation, name,
       replace(action, 'owned by ' || quote_ident(session_user), 'owned by the superuser') AS action
FROM phone_metadata_refresh()
WHERE coalesce(relation::text, name, kind) ~ '^(meta\.|data version)';
RESET ROLE;
-- one owner again: recorded
DROP TABLE meta.other CASCADE;
SELECT kind, action ~ '^recorded .* \(was 0\.0\.1\)$' AS recorded
FROM phone_metadata_refresh() WHERE kind = 'data version';
REVOKE ALL ON SCHEMA meta FROM regress_phone_meta_owner;
REVOKE ALL ON TYPE meta.valid_phone FROM regress_phone_meta_owner;
DROP ROLE regress_phone_meta_owner;

DROP SCHEMA meta CASCADE;
