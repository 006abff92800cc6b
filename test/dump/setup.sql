-- test/dump/setup.sql: the database that test/dump/run.sh dumps and restores
CREATE EXTENSION phone;
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
-- the consent ledger, when the extension has one
DO $$
BEGIN
    IF to_regproc('phone_consent_grant') IS NOT NULL THEN
        EXECUTE $q$SELECT phone_consent_grant('+1 201 555 0123', 'sms', 'informational', 'web_form',
                    occurred_at => '2025-01-02 03:04:05+00')$q$;
        EXECUTE $q$SELECT phone_consent_revoke('+1 201 555 0123', 'sms', NULL, 'sms_keyword',
                    occurred_at => '2025-02-03 04:05:06+00')$q$;
    END IF;
END $$;
