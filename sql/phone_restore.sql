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
-- stored: also the E.164 form of a calling code that the plans no longer
-- assign but an earlier release's data did (none today: test/drift
-- withdraws one); never a code no release assigned, nor a national
-- number of other than 2 to 17 digits
SELECT phone_parse('+99912345', NULL, 'stored');
SELECT phone_parse('+999 12345', NULL, 'stored');
SELECT phone_parse('+999 12x45', NULL, 'stored');
SELECT phone_parse('+99', NULL, 'stored');
SELECT phone_parse('+09912345', NULL, 'stored');
SELECT phone_parse('+1 234567890123456789', NULL, 'stored');
SELECT provolatile FROM pg_proc WHERE oid = 'phone_parse(text, text, text)'::regprocedure;

-- A restore session (pg_dump and pg_restore set check_function_bodies off)
-- reads back the form phone_out writes, whatever phone.validation says,
-- when the type could have stored it; everything else is read as usual
SET check_function_bodies = off;
SELECT '+3541234567'::phone AS possible, '+35412345'::phone AS structure_only,
       '+123'::phone AS shortest, '+3306'::phone AS prefix_kept_when_short,
       '+3541234567890123456'::phone AS longest, '+78001234567'::phone AS nsn_starts_with_prefix;
SELECT '+354 123 4567'::phone;
SELECT '+35'::phone;
-- what the type never stores: an alias (a national prefix kept after the
-- calling code), a calling code no release assigned, a national number
-- of 1 or of 18 digits
\set VERBOSITY default
SELECT '+4402079460000'::phone;
SELECT '+999123'::phone;
SELECT '+0123'::phone;
SELECT '+12'::phone;
SELECT '+1234567890123456789'::phone;
\set VERBOSITY terse
SELECT '+4402079460000'::text::phone;
-- binary input: the same rule (a bigint has the binary layout of a phone)
CREATE TEMP TABLE raw (v bigint);
CREATE TEMP TABLE bin (p phone);
CREATE FUNCTION pg_temp.wire(digits text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE WHEN r >= 2::numeric ^ 63 THEN r - 2::numeric ^ 64 ELSE r END)::bigint
    FROM (SELECT sum(substr(digits, i, 1)::numeric
                     * ((10::numeric ^ (20 - i) - 1) / 9) + 1) AS r
          FROM generate_series(1, length(digits)) i) s
$$;
INSERT INTO raw VALUES (pg_temp.wire('35412345')), (pg_temp.wire('123'));
\copy raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_restore.bin' WITH (FORMAT binary)
\copy bin FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_restore.bin' WITH (FORMAT binary)
SELECT p FROM bin ORDER BY p;
TRUNCATE raw;
INSERT INTO raw VALUES (pg_temp.wire('4402079460000'));
\copy raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_restore.bin' WITH (FORMAT binary)
\copy bin FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_restore.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES (pg_temp.wire('99912345'));
\copy raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_restore.bin' WITH (FORMAT binary)
\copy bin FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_restore.bin' WITH (FORMAT binary)
-- phone_parse(text, region) recomputes a generated column: structure only
-- where full validation fails, never a calling code no release assigned
SELECT phone_parse('123 4567', 'IS') AS generated_on_restore,
       phone_parse('06 12 34 56 78', 'FR') AS national_prefix;
SELECT phone_parse('+999 123 45', NULL);
SELECT phone_parse('+999 123 4x', NULL);
RESET check_function_bodies;
SELECT '+3541234567'::phone;
SELECT '+99912345'::phone;
SELECT phone_parse('123 4567', 'IS');
SELECT '+4402079460000'::phone AS typed_alias;

-- Stored values under a calling code withdrawn since (no region, type
-- unknown, E.164 formats that read back) are checked by test/drift, whose
-- data withdraws +878.
-- a value in a range no longer valid: the national form reads back with
-- the region and level any
SELECT phone_format(phone_parse('+354 123 4567', NULL, 'possible'), 'national') AS national;
SELECT phone_parse(phone_format(phone_parse('+354 123 4567', NULL, 'possible'), 'national'), 'IS', 'any');

-- The data version: recorded at CREATE EXTENSION, in the comment of the
-- extension (no table), STABLE functions
SELECT phone_metadata_checked() = phone_metadata_version() AS recorded;
SELECT obj_description(e.oid, 'pg_extension')
       = a.comment || ' (numbering-plan data checked against ' || phone_metadata_version() || ')' AS in_comment
  FROM pg_extension e JOIN pg_available_extensions a ON a.name = e.extname
 WHERE e.extname = 'phone';
SELECT p.oid::regprocedure, p.provolatile FROM pg_proc p
 WHERE p.oid IN ('phone_metadata_version()'::regprocedure, 'phone_version()'::regprocedure)
 ORDER BY 1::text;
-- recording: a version of letters, digits and . + _ -, by the owner of
-- the extension only; a comment without a version records none
SELECT phone_metadata_record('9.0.40 (x)');
SELECT phone_metadata_record('');
SELECT phone_metadata_record(NULL) IS NULL AS strict;
CREATE ROLE regress_phone_meta_recorder;
SET ROLE regress_phone_meta_recorder;
SELECT phone_metadata_record('0.0.1');
SELECT phone_metadata_checked() = phone_metadata_version() AS still_recorded;
RESET ROLE;
DROP ROLE regress_phone_meta_recorder;
COMMENT ON EXTENSION phone IS 'replaced by hand';
SELECT phone_metadata_checked() IS NULL AS none_recorded;
\c
SELECT phone_region('+1 201 555 0123');  -- no warning: nothing recorded
SELECT phone_metadata_record('1.2.3+x');
SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = 'phone';
SELECT format('COMMENT ON EXTENSION phone IS %L', comment) FROM pg_available_extensions WHERE name = 'phone'
\gexec
SELECT phone_metadata_record(phone_metadata_version()) = phone_metadata_version() AS recorded;
SELECT phone_metadata_checked() = phone_metadata_version() AS recorded;

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
-- (PostgreSQL 15 qualifies the columns in the definition of a view over
-- one table, t.p, and PostgreSQL 17 does not: shown as p on every version)
SELECT kind, relation, name,
       CASE kind WHEN 'materialized view'
           THEN regexp_replace(expression, '\mt\.p\M', 'p', 'g') ELSE expression END AS expression
  FROM phone_metadata_dependents()
 WHERE coalesce(relation::text, name) LIKE 'meta.%';  -- other tests leave objects too

-- A changed library is simulated by recording another version: the first
-- use in the next session warns once
SELECT phone_metadata_record('0.0.1');
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
SELECT phone_metadata_checked() = phone_metadata_version() AS recorded;
SELECT g FROM meta.t;

-- a constraint violated by a stored value: reported, version not recorded
SELECT phone_metadata_record('0.0.1');
ALTER TABLE meta.t DROP CONSTRAINT t_valid;
SET phone.validation = possible;
INSERT INTO meta.t (id, p) VALUES (2, '+354 123 4567');
RESET phone.validation;
ALTER TABLE meta.t ADD CONSTRAINT t_valid CHECK (phone_is_valid(p)) NOT VALID;
SELECT kind, relation, name, action FROM phone_metadata_refresh()
WHERE action NOT IN ('rebuilt', 'refreshed') AND coalesce(relation::text, name, kind) ~ '^(meta\.|data version)';
SELECT phone_metadata_checked();
DELETE FROM meta.t WHERE id = 2;
SELECT kind, relation, name, action ~ '^recorded .* \(was 0\.0\.1\)$' AS recorded
FROM phone_metadata_refresh() WHERE kind = 'data version' OR relation::text LIKE 'meta.%' AND kind = 'constraint';
SELECT phone_metadata_checked() = phone_metadata_version() AS recorded;

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
SELECT phone_metadata_record('0.0.1');
SELECT kind, relation, name, action FROM phone_metadata_refresh()
WHERE coalesce(relation::text, name, kind) ~ '^(meta\.other|meta\.valid_phone|data version)';
SELECT phone_metadata_checked();
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
