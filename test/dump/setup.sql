-- test/dump/setup.sql: the database that test/dump/run.sh dumps and restores
CREATE EXTENSION phone_consent CASCADE;
CREATE SCHEMA dumptest;
CREATE TABLE dumptest.contacts (id int PRIMARY KEY, p phone NOT NULL, note text);
INSERT INTO dumptest.contacts
SELECT i, phone_example(region, t), region || ' ' || t
FROM (SELECT row_number() OVER () AS i, region, t
      FROM phone_regions(), unnest(ARRAY['mobile', 'fixed_line']::phone_number_type[]) t
      WHERE phone_example(region, t) IS NOT NULL) s;
CREATE INDEX ON dumptest.contacts (p);
CREATE INDEX ON dumptest.contacts USING hash (p);
CREATE TABLE dumptest.parted (p phone PRIMARY KEY) PARTITION BY HASH (p);
CREATE TABLE dumptest.parted_0 PARTITION OF dumptest.parted FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE dumptest.parted_1 PARTITION OF dumptest.parted FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE dumptest.parted_2 PARTITION OF dumptest.parted FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO dumptest.parted SELECT DISTINCT p FROM dumptest.contacts;
-- a generated column computed by an IMMUTABLE function of the extension
CREATE TABLE dumptest.imports (raw text, country text,
    p phone GENERATED ALWAYS AS (phone_try_parse(raw, country)) STORED);
INSERT INTO dumptest.imports VALUES ('(415) 555-2671', 'US'), ('020 7031 3000', 'GB'), ('x', 'FR');
-- generated columns that call phone_parse and the functions that read the
-- numbering plans
CREATE TABLE dumptest.typed (id int PRIMARY KEY, raw text NOT NULL, region text,
    p phone GENERATED ALWAYS AS (phone_parse(raw, region)) STORED,
    intl text GENERATED ALWAYS AS (phone_format(phone_parse(raw, region), 'international')) STORED);
INSERT INTO dumptest.typed (id, raw, region)
SELECT id, phone_format(p, 'national'), phone_region(p) FROM dumptest.contacts
WHERE phone_region(p) <> '001';

-- values stored under every validation level, with expression indexes,
-- a CHECK constraint and a materialized view over them
CREATE TABLE dumptest.levels (id int PRIMARY KEY, level text NOT NULL, p phone NOT NULL,
    CHECK (phone_country_code(p) > 0));
INSERT INTO dumptest.levels VALUES (1, 'valid', '+354 611 1234'), (2, 'valid', '+1 201 555 0123');
SET phone.validation = possible;
INSERT INTO dumptest.levels VALUES (3, 'possible', '+354 123 4567'), (4, 'possible', '+1 201 055 0123');
SET phone.validation = 'any';
INSERT INTO dumptest.levels VALUES (5, 'any', '+354 12345'), (6, 'any', '+44 12'),
    (7, 'any', '+1 2015550123456');
RESET phone.validation;
CREATE INDEX levels_region_idx ON dumptest.levels (phone_region(p));
CREATE INDEX levels_valid_idx ON dumptest.levels (phone_is_valid(p));
CREATE INDEX levels_national_idx ON dumptest.levels (phone_format(p, 'national'));
CREATE MATERIALIZED VIEW dumptest.levels_summary AS
    SELECT level, phone_region(p) AS region, phone_type(p) AS type, count(*) AS n
    FROM dumptest.levels GROUP BY 1, 2, 3;

-- the consent ledger, with notices that many events cite, and opt-outs of
-- numbers stored under each validation level
INSERT INTO phone_consent_notice (name, version, body, created_at)
SELECT 'notice ' || i, 1, 'I agree to messages of kind ' || i || '.', '2024-01-01Z' FROM generate_series(1, 40) i;
SELECT count(phone_consent_grant(('+1 201 555 ' || lpad((i % 1000)::text, 4, '0'))::phone,
                                 'sms', 'marketing', 'web_form', notice_id => 1 + i % 40,
                                 evidence => jsonb_build_object('ip', '192.0.2.1', 'user_agent', 'Mozilla/5.0', 'form_id', 'f' || i),
                                 occurred_at => '2025-01-01Z'::timestamptz + i * interval '1 minute'))
FROM generate_series(1, 3000) i;
SELECT phone_consent_grant('+1 201 555 0123', 'voice', 'informational', 'agent',
                           occurred_at => '2025-01-02 03:04:05+00');
SELECT phone_consent_revoke('+1 201 555 0123', 'sms', NULL, 'sms_keyword',
                            occurred_at => '2025-02-03 04:05:06+00');
SET phone.validation = possible;
SELECT phone_consent_revoke('+354 123 4567', occurred_at => '2025-02-03 04:05:06+00');
SELECT phone_consent_apply_sms('+1 201 055 0123', 'STOP', '2025-02-04Z');
SET phone.validation = 'any';
SELECT phone_mark_disconnected('+354 12345', '2025-03-01');
RESET phone.validation;
-- an erasure: a tombstone by keyed hash, the key, and the links of the
-- deleted events, which the hash chain needs after a restore
SELECT phone_erase('+1 201 555 0007', 'DSR-DUMP-1');
