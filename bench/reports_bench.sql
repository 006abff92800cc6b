-- bench/reports_bench.sql: phone_audit, phone_duplicates and
-- phone_without_consent on a 1,000,000-row contact table, medians of 3
-- runs.  Run by bench/reports_bench.sh in a scratch database (the ledger
-- is append-only: the database is dropped afterwards).
\set ON_ERROR_STOP on
SET TimeZone = 'UTC';

-- 1,000,000 contacts over 700,000 numbers of New Jersey (+1 201 2xx xxxx)
-- and 20,000 of London (+44 20 7946 xxxx), spelt ten ways by row:
--   0-4 E.164, 5 national "(201) 2xx-xxxx" (needs region US),
--   6 "+1 201-2xx-xxxx", 7 one digit short, 8 "n/a", 9 NULL or a London number
-- The text column holds the spelling, the phone column what it parses to.
\echo 'building the contact table'
CREATE TABLE contacts (id bigint PRIMARY KEY, raw text, num phone);
INSERT INTO contacts (id, raw)
SELECT i,
       CASE i % 10
           WHEN 5 THEN '(201) ' || substr(d, 1, 3) || '-' || substr(d, 4)
           WHEN 6 THEN '+1 201-' || substr(d, 1, 3) || '-' || substr(d, 4)
           WHEN 7 THEN '+1 201 ' || substr(d, 1, 6)
           WHEN 8 THEN 'n/a'
           WHEN 9 THEN CASE WHEN i % 20 = 9 THEN NULL
                            ELSE '+44 20 7946 ' || lpad((k % 20000)::text, 4, '0') END
           ELSE '+1201' || d
       END
  FROM generate_series(1, 1000000) AS i,
       LATERAL (SELECT (i * 48271::bigint) % 700000 AS k) AS kk,
       LATERAL (SELECT (2000000 + k)::text AS d) AS dd;
UPDATE contacts SET num = phone_try_parse(raw, 'US');
VACUUM ANALYZE contacts;
SELECT count(*) AS rows, count(raw) AS text_values, count(num) AS numbers,
       count(DISTINCT num) AS distinct_numbers
  FROM contacts;

-- A ledger of 6,000 events over 3,000 of the numbers: grants for
-- marketing by SMS, a third of them revoked later (half of those for every
-- channel and purpose), and grants for information by voice
\echo 'loading 6,000 ledger events'
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at)
SELECT ('+1201' || (2000000 + (c * 233) % 700000))::phone,
       CASE WHEN e = 2 AND c % 6 = 0 THEN '*' ELSE 'sms' END,
       CASE WHEN e = 2 AND c % 6 = 0 THEN '*' ELSE 'marketing' END,
       CASE WHEN e = 2 THEN 'revoke' ELSE 'grant' END, 'import',
       timestamptz '2024-01-01Z' + c * interval '1 minute' + e * interval '30 days',
       timestamptz '2025-01-01Z'
  FROM generate_series(1, 3000) AS c, generate_series(1, 2) AS e
 WHERE e = 1 OR c % 3 = 0
UNION ALL
SELECT ('+1201' || (2000000 + (c * 233) % 700000))::phone, 'voice', 'informational',
       'grant', 'import', timestamptz '2024-03-01Z' + c * interval '1 minute', timestamptz '2025-01-01Z'
  FROM generate_series(1, 2000) AS c;
ANALYZE phone_consent;
SELECT count(*) AS events, count(DISTINCT phone) AS numbers FROM phone_consent;

-- One run of each report, with its results, as a check
\echo 'phone_audit on the text column (region US), with its progress notices'
SELECT * FROM phone_audit('contacts', 'raw', 'US');
SET client_min_messages = warning;
\echo 'phone_audit on the phone column'
SELECT * FROM phone_audit('contacts', 'num');
\echo 'phone_duplicates: the ten largest groups'
SELECT * FROM phone_duplicates('contacts', 'raw', 'US') LIMIT 10;
\echo 'phone_without_consent (text column, phone.default_region = US)'
SET phone.default_region = 'US';
SELECT status, count(*) AS numbers, sum(row_count) AS rows
  FROM phone_without_consent('contacts', 'raw', 'sms', 'marketing', '2025-06-01Z')
 GROUP BY status ORDER BY status;
SELECT status, count(*) AS numbers, sum(row_count) AS rows
  FROM phone_without_consent('contacts', 'num', 'sms', 'transactional', '2025-06-01Z')
 GROUP BY status ORDER BY status;

-- The timings: every report three times, the median kept
CREATE TEMP TABLE timing (report text, run integer, ms numeric);
DO $$
DECLARE
    t0 timestamptz;
    q  text;
    i  integer;
BEGIN
    FOREACH q IN ARRAY ARRAY[
        'phone_audit(''contacts'', ''raw'', ''US'')',
        'phone_audit(''contacts'', ''num'')',
        'phone_duplicates(''contacts'', ''raw'', ''US'')',
        'phone_duplicates(''contacts'', ''num'')',
        'phone_without_consent(''contacts'', ''raw'', ''sms'', ''marketing'', ''2025-06-01Z'')',
        'phone_without_consent(''contacts'', ''num'', ''sms'', ''transactional'', ''2025-06-01Z'')']
    LOOP
        FOR i IN 1..3 LOOP
            t0 := clock_timestamp();
            EXECUTE 'SELECT count(*) FROM ' || q;
            INSERT INTO timing VALUES (q, i,
                round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 0));
        END LOOP;
    END LOOP;
END;
$$;
RESET client_min_messages;
\echo 'milliseconds, 1,000,000 rows'
SELECT report, percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       min(ms) AS min_ms, max(ms) AS max_ms
  FROM timing GROUP BY report ORDER BY min(ctid);
