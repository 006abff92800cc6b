--
-- Data-quality and consent reports: phone_audit, phone_duplicates,
-- phone_without_consent (src/sql/phone/reports.sql, doc/reports.md)
--
SET TimeZone = 'UTC';
SET phone.default_region = '';
\set SHOW_CONTEXT never

CREATE SCHEMA phone_reports;
SET search_path = phone_reports, public;

-- SQLSTATE, message and detail of the error a statement raises
CREATE FUNCTION phone_reports.err(q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || CASE WHEN det <> '' THEN ' | ' || det ELSE '' END;
END;
$$;

-- The three reports: invoker's rights, STABLE, PARALLEL RESTRICTED,
-- search_path pinned
SELECT p.proname, p.prosecdef, p.provolatile, p.proparallel, p.proconfig
  FROM pg_proc p
 WHERE p.proname IN ('phone_audit', 'phone_duplicates', 'phone_without_consent',
                     'phone_report_number', 'phone_report_progress')
 ORDER BY p.proname;

-- ---------------------------------------------------------------------
-- The per-row helpers
-- ---------------------------------------------------------------------
SELECT x AS input, phone_check(x, 'US') AS verdict, phone_report_number(x, 'US') AS number
  FROM unnest(ARRAY['+1 907 222 1001', '(907) 222-1001', '+1 907 222 1001 ext. 7',
                    '+1 907 111 1001', '+1 907 222', '+1 907 222 10011', '+68355555',
                    '+999 1234', 'n/a', '', NULL, '1 415 555 267', '1 1 1 907 222 1001']) AS x;
SELECT phone_report_number('907 222 1001', NULL) AS no_region,
       phone_report_number('907 222 1001', '') AS empty_region,
       phone_report_number('0612345678', 'IT') AS italy;
SELECT err($$SELECT phone_report_number('1', 'XX')$$);
-- a NOTICE at every third row, always true
SELECT count(*) FROM generate_series(1, 7) WHERE phone_report_progress('counting', 3);
SELECT count(*) FROM generate_series(1, 7) WHERE phone_report_progress(NULL, 3);
SELECT count(*) FROM generate_series(1, 7) WHERE phone_report_progress('counting', 0);

-- ---------------------------------------------------------------------
-- A contact table: text, varchar, char, a domain over text, phone
-- ---------------------------------------------------------------------
CREATE DOMAIN phone_reports.contact_text AS text;
CREATE TABLE contacts (
    id      integer PRIMARY KEY,
    gone    text,
    raw     text,
    vc      varchar(40),
    ch      char(30),
    dom     phone_reports.contact_text,
    num     phone,
    n       integer
);
INSERT INTO contacts (id, raw) VALUES
    (1, '+1 907 222 1001'),
    (2, '(907) 222-1001'),
    (3, '+19072221001'),
    (4, '+1 907 222 1001 ext. 7'),
    (5, '+1 907 222 1002'),
    (6, '907.222.1002'),
    (7, '+1 907 222 1003'),
    (8, '+1 907 111 1001'),
    (9, '+1-907-111-1001'),
    (10, '+1 907 222'),
    (11, '+1 907 222 10011'),
    (12, '+68355555'),
    (13, '+999 1234'),
    (14, 'n/a'),
    (15, ''),
    (16, NULL),
    (17, '+44 7400 123456'),
    (18, '+61 412 345 678'),
    (19, '+61412345678'),
    (20, '+1 800 555 0199');
UPDATE contacts SET vc = raw, ch = raw, dom = raw, num = phone_try_parse(raw, 'US'), n = id;
ALTER TABLE contacts DROP COLUMN gone;

-- Every section and item; national numbers read in the US
SELECT * FROM phone_audit('contacts', 'raw', 'US');
-- Without a region, national spellings have no country code
SELECT * FROM phone_audit('contacts', 'raw');
-- A NULL region is phone.default_region; '' means none whatever the setting
SET phone.default_region = 'US';
SELECT item, count FROM phone_audit('contacts', 'raw') WHERE section = 'rows';
SELECT item, count FROM phone_audit('contacts', 'raw', '') WHERE section = 'rows';
SELECT item, count FROM phone_audit('contacts', 'raw', 'us') WHERE section = 'rows';
SET phone.default_region = '';
-- varchar, char, a domain: the same as text
SELECT c, (SELECT array_agg(a.count ORDER BY a.section, a.item) FROM phone_audit('contacts', c, 'US') a)
          = (SELECT array_agg(a.count ORDER BY a.section, a.item) FROM phone_audit('contacts', 'raw', 'US') a)
          AS same_as_text
  FROM unnest(ARRAY['vc', 'ch', 'dom']::name[]) AS c;
-- The phone column: what phone_try_parse kept
SELECT * FROM phone_audit('contacts', 'num');

-- A phone column holding numbers that are only possible or too short
-- (loaded with phone.validation relaxed)
CREATE TABLE loose (num phone);
SET phone.validation = 'any';
INSERT INTO loose VALUES ('+19071111001'), ('+19071111001'), ('+1907222'), ('+19072221001'), (NULL);
RESET phone.validation;
SELECT * FROM phone_audit('loose', 'num') WHERE count > 0;
SELECT * FROM phone_duplicates('loose', 'num');

-- An empty table
CREATE TABLE empty (raw text);
SELECT * FROM phone_audit('empty', 'raw');
SELECT * FROM phone_duplicates('empty', 'raw');

-- ---------------------------------------------------------------------
-- phone_duplicates
-- ---------------------------------------------------------------------
SELECT * FROM phone_duplicates('contacts', 'raw', 'US');
SELECT * FROM phone_duplicates('contacts', 'raw');
SELECT * FROM phone_duplicates('contacts', 'ch', 'US');
SELECT * FROM phone_duplicates('contacts', 'num');

-- ---------------------------------------------------------------------
-- phone_without_consent.  Events for numbers no other test uses, added
-- once (the ledger is append-only, and the test may run twice).
-- ---------------------------------------------------------------------
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, expires_at,
                           disconnected_on)
SELECT e.phone::phone, e.channel, e.purpose, e.action, 'import', e.occurred_at::timestamptz,
       e.expires_at::timestamptz, e.disconnected_on::date
  FROM (VALUES
    -- 1001: granted for sms marketing
    ('+19072221001', 'sms', 'marketing', 'grant', '2025-01-01Z', NULL, NULL),
    -- 1002: granted, then revoked on every channel and purpose
    ('+19072221002', 'sms', 'marketing', 'grant', '2025-01-01Z', NULL, NULL),
    ('+19072221002', '*', '*', 'revoke', '2025-02-01Z', NULL, NULL),
    -- 1003: pending double opt-in for sms informational, and an expired grant
    ('+19072221003', 'sms', 'informational', 'pending', '2025-01-01Z', NULL, NULL),
    ('+19072221003', 'sms', 'marketing', 'grant', '2025-01-01Z', '2025-03-01Z', NULL),
    -- the Australian mobile: granted, then the number was reassigned
    ('+61412345678', 'sms', 'marketing', 'grant', '2025-01-01Z', NULL, NULL),
    ('+61412345678', '*', '*', 'invalidate', '2025-04-01Z', NULL, '2025-03-31')
  ) AS e(phone, channel, purpose, action, occurred_at, expires_at, disconnected_on)
 WHERE NOT EXISTS (SELECT 1 FROM phone_consent c
                    WHERE c.phone = e.phone::phone AND c.action = e.action
                      AND c.occurred_at = e.occurred_at::timestamptz);

-- Opt-in purpose: everything but a current grant; text parsed in
-- phone.default_region, the rest in one unparseable row
SET phone.default_region = 'US';
SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'marketing', '2025-06-01Z');
-- Before the revocation and the expiry
SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'marketing', '2025-01-15Z');
-- Opt-out purpose: only revoked and reassigned numbers
SELECT * FROM phone_without_consent('contacts', 'num', 'sms', 'transactional', '2025-06-01Z');
-- Pending counts as no consent for an opt-in purpose
SELECT * FROM phone_without_consent('contacts', 'num', 'sms', 'informational', '2025-06-01Z')
 WHERE number IN ('+19072221001', '+19072221003');
-- Without a default region, the national spellings do not parse
SET phone.default_region = '';
SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'transactional', '2025-06-01Z');
-- Calling hours do not count: at 4 a.m. in Alaska (12:00 UTC) the granted
-- number may not be called (quiet_hours), yet it has consent, and the
-- report then equals the one at noon in Alaska (20:00 UTC)
SELECT reason FROM phone_contact_decision('+19072221001', 'sms', 'marketing', '2025-06-01 12:00Z');
SELECT count(*) FROM phone_without_consent('contacts', 'num', 'sms', 'marketing', '2025-06-01 12:00Z')
 WHERE number = '+19072221001';
SELECT (SELECT array_agg(w ORDER BY w.number) FROM phone_without_consent('contacts', 'num', 'voice', 'informational', '2025-06-01 12:00Z') w)
     = (SELECT array_agg(w ORDER BY w.number) FROM phone_without_consent('contacts', 'num', 'voice', 'informational', '2025-06-01 20:00Z') w)
       AS hours_ignored;

-- The report agrees with phone_consent_status and the purpose's basis,
-- row by row, for every channel and purpose, at several instants
SELECT count(*) AS disagreements
  FROM (SELECT DISTINCT num FROM contacts WHERE num IS NOT NULL) AS c,
       unnest(ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice', 'voice_prerecorded']) AS ch,
       phone_consent_purpose AS p,
       unnest(ARRAY['2025-01-15Z', '2025-02-15Z', '2025-06-01Z']::timestamptz[]) AS at,
       LATERAL (SELECT phone_consent_status(c.num, ch, p.purpose, at) AS status) AS s
 WHERE (s.status = 'granted' OR (p.basis = 'opt_out' AND s.status IN ('pending', 'expired', 'none')))
       = EXISTS (SELECT 1 FROM phone_without_consent('contacts', 'num', ch, p.purpose, at) w
                  WHERE w.number = c.num AND w.status = s.status);
-- and with the consent reasons of phone_contact_decision (but for the
-- confirmation of an opt-out, which it allows only in the five minutes
-- after one: no list of consents tells that)
SELECT count(*) AS disagreements
  FROM (SELECT DISTINCT num FROM contacts WHERE num IS NOT NULL) AS c,
       phone_consent_purpose AS p,
       LATERAL phone_contact_decision(c.num, 'sms', p.purpose, '2025-06-01Z') AS d
 WHERE p.purpose <> 'opt_out_confirmation'
   AND ((d.reason IN ('ok', 'quiet_hours', 'timezone_unknown'))
        = EXISTS (SELECT 1 FROM phone_without_consent('contacts', 'num', 'sms', p.purpose, '2025-06-01Z') w
                   WHERE w.number = c.num));

-- ---------------------------------------------------------------------
-- Relations: a view, a materialized view, a partitioned table
-- ---------------------------------------------------------------------
CREATE VIEW contacts_v AS SELECT id, raw FROM contacts WHERE id <= 10;
SELECT * FROM phone_audit('contacts_v', 'raw', 'US') WHERE section = 'rows';
CREATE MATERIALIZED VIEW contacts_m AS SELECT num FROM contacts;
SELECT * FROM phone_duplicates('contacts_m', 'num');
CREATE TABLE contacts_p (region text, raw text) PARTITION BY LIST (region);
CREATE TABLE contacts_p_us PARTITION OF contacts_p FOR VALUES IN ('US');
CREATE TABLE contacts_p_other PARTITION OF contacts_p DEFAULT;
INSERT INTO contacts_p SELECT CASE WHEN raw LIKE '+1%' THEN 'US' ELSE 'other' END, raw FROM contacts;
SELECT * FROM phone_audit('contacts_p', 'raw', 'US') WHERE section IN ('rows', 'duplicates');
SELECT * FROM phone_duplicates('contacts_p', 'raw', 'US');
SELECT * FROM phone_without_consent('contacts_p', 'raw', 'sms', 'account_security', '2025-06-01Z');

-- ---------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------
CREATE SEQUENCE contacts_seq;
SELECT q, err(q) FROM unnest(ARRAY[
    $$SELECT * FROM phone_audit(NULL, 'raw')$$,
    $$SELECT * FROM phone_audit('contacts', NULL)$$,
    $$SELECT * FROM phone_audit('contacts', 'nope')$$,
    $$SELECT * FROM phone_audit('contacts', 'gone')$$,
    $$SELECT * FROM phone_audit('contacts', '........pg.dropped.2........')$$,
    $$SELECT * FROM phone_audit('contacts', 'ctid')$$,
    $$SELECT * FROM phone_audit('contacts', 'n')$$,
    $$SELECT * FROM phone_audit('contacts', 'id')$$,
    $$SELECT * FROM phone_audit('contacts_seq', 'last_value')$$,
    $$SELECT * FROM phone_audit('contacts_pkey', 'id')$$,
    $$SELECT * FROM phone_audit('no_such_table', 'raw')$$,
    $$SELECT * FROM phone_audit(4294967295::oid::regclass, 'raw')$$,
    $$SELECT * FROM phone_audit('contacts', 'raw', 'XX')$$,
    $$SELECT * FROM phone_audit('contacts', 'num', '001')$$,
    $$SELECT * FROM phone_duplicates(NULL, NULL)$$,
    $$SELECT * FROM phone_duplicates('contacts', 'n')$$,
    $$SELECT * FROM phone_duplicates('contacts', 'nope')$$,
    $$SELECT * FROM phone_duplicates('contacts', 'raw', 'XX')$$,
    $$SELECT * FROM phone_without_consent(NULL, 'raw', 'sms', 'marketing')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'nope', 'sms', 'marketing')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'n', 'sms', 'marketing')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'raw', 'fax', 'marketing')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'raw', NULL, 'marketing')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'raw', '*', 'marketing')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'spam')$$,
    $$SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', NULL)$$,
    $$SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'marketing', NULL)$$
  ]) AS q;

-- ---------------------------------------------------------------------
-- Hostile names are quoted, never executed
-- ---------------------------------------------------------------------
CREATE TABLE x (keep integer);
INSERT INTO x VALUES (1);
CREATE SCHEMA "My Schema; DROP TABLE x; --";
CREATE TABLE "My Schema; DROP TABLE x; --"."""; DROP TABLE x; --" (
    """; DROP TABLE x; --" text,
    "Mixed Case" text,
    "semi;colon, space" phone,
    "tél ☎ 電話" varchar(30),
    "it's" text
);
INSERT INTO "My Schema; DROP TABLE x; --"."""; DROP TABLE x; --"
SELECT raw, raw, num, raw, raw FROM contacts WHERE id IN (1, 2, 5, 14);
SELECT c.attname, (SELECT array_agg(a.count ORDER BY a.section, a.item)
                     FROM phone_audit('"My Schema; DROP TABLE x; --"."""; DROP TABLE x; --"', c.attname, 'US') a) AS audit,
       (SELECT array_agg(d.spellings) FROM phone_duplicates('"My Schema; DROP TABLE x; --"."""; DROP TABLE x; --"', c.attname, 'US') d) AS duplicates,
       (SELECT count(*) FROM phone_without_consent('"My Schema; DROP TABLE x; --"."""; DROP TABLE x; --"', c.attname, 'sms', 'transactional', '2025-06-01Z')) AS without_consent
  FROM pg_attribute c
 WHERE c.attrelid = '"My Schema; DROP TABLE x; --"."""; DROP TABLE x; --"'::regclass AND c.attnum > 0
 ORDER BY c.attnum;
SELECT err(format('SELECT * FROM phone_audit(%L, %L)', '"My Schema; DROP TABLE x; --"."""; DROP TABLE x; --"', 'raw); DROP TABLE x; --'));
SELECT err($$SELECT * FROM phone_audit('"My Schema; DROP TABLE x; --".x', 'keep')$$);
-- x is still there
SELECT * FROM x;
-- A table named like a catalog is read, not the catalog; so is a
-- temporary table
CREATE TABLE phone_reports.pg_class (relname text);
INSERT INTO phone_reports.pg_class VALUES ('+1 907 222 1001'), ('+19072221001');
SELECT * FROM phone_duplicates('phone_reports.pg_class', 'relname');
CREATE TEMP TABLE tmp_contacts AS SELECT raw FROM contacts;
SELECT * FROM phone_audit('tmp_contacts', 'raw', 'US') WHERE section = 'rows' AND item = 'valid';
DROP TABLE tmp_contacts;

-- ---------------------------------------------------------------------
-- Privileges: the reports run with the caller's rights
-- ---------------------------------------------------------------------
CREATE ROLE regress_phone_reports_reader;
GRANT USAGE ON SCHEMA phone_reports TO regress_phone_reports_reader;
SET ROLE regress_phone_reports_reader;
SELECT err($$SELECT * FROM phone_audit('contacts', 'raw')$$);
SELECT err($$SELECT * FROM phone_duplicates('contacts', 'raw')$$);
RESET ROLE;
GRANT SELECT ON contacts TO regress_phone_reports_reader;
SET ROLE regress_phone_reports_reader;
SELECT count(*) FROM phone_audit('contacts', 'raw', 'US');
SELECT count(*) FROM phone_duplicates('contacts', 'raw', 'US');
-- the consent report also reads the purposes and the ledger
SELECT err($$SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'marketing')$$);
RESET ROLE;
GRANT SELECT ON phone_consent_purpose TO regress_phone_reports_reader;
SET ROLE regress_phone_reports_reader;
SELECT err($$SELECT * FROM phone_without_consent('contacts', 'raw', 'sms', 'marketing')$$);
RESET ROLE;
GRANT SELECT ON phone_consent, phone_suppression TO regress_phone_reports_reader;
SET ROLE regress_phone_reports_reader;
SELECT count(*) FROM phone_without_consent('contacts', 'num', 'sms', 'marketing', '2025-06-01Z');
RESET ROLE;
REVOKE SELECT ON phone_consent, phone_consent_purpose, phone_suppression FROM regress_phone_reports_reader;

-- ---------------------------------------------------------------------
-- Progress: a NOTICE every 250,000 rows.  Exactly two NOTICEs for
-- 500,001 rows: the table is read once (a second scan would count again)
-- ---------------------------------------------------------------------
CREATE TABLE big AS
SELECT CASE WHEN i % 4 = 0 THEN 'n/a' ELSE '+1 907 222 ' || lpad((i % 9000)::text, 4, '0') END AS raw
  FROM generate_series(1, 500001) AS i;
SELECT * FROM phone_audit('big', 'raw') WHERE section IN ('rows', 'duplicates');
SELECT count(*), sum(count) FROM phone_duplicates('big', 'raw');

SET client_min_messages = warning;
DROP SCHEMA phone_reports CASCADE;
DROP SCHEMA "My Schema; DROP TABLE x; --" CASCADE;
DROP ROLE regress_phone_reports_reader;
RESET client_min_messages;
RESET search_path;
RESET phone.default_region;
