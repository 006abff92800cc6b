-- bench/consent_bench.sql: contact decisions for 100,000 contacts against a
-- ledger of 1,000,000 events.  Run by bench/consent_bench.sh in a scratch
-- database (the ledger is append-only: the database is dropped afterwards).
\set ON_ERROR_STOP on
\timing on
SET TimeZone = 'UTC';

-- 100,000 contacts in New Jersey (+1 201 2xx xxxx), 10 events each:
-- grants, revocations and re-grants on several channels and purposes
\echo 'loading 1,000,000 ledger events'
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at)
SELECT ('+1201' || (2000000 + c))::phone,
       (ARRAY['sms', 'voice', 'whatsapp', 'mms', 'sms'])[1 + e % 5],
       (ARRAY['marketing', 'informational'])[1 + (c + e) % 2],
       CASE WHEN (c + e) % 7 = 0 THEN 'revoke' ELSE 'grant' END,
       'import',
       timestamptz '2024-01-01Z' + (c % 1000) * interval '1 minute' + e * interval '3 days',
       timestamptz '2025-01-01Z'
  FROM generate_series(1, 100000) AS c, generate_series(1, 10) AS e;
ANALYZE phone_consent;
SELECT count(*) AS events, count(DISTINCT phone) AS numbers FROM phone_consent;

CREATE TEMP TABLE contacts AS
SELECT ('+1201' || (2000000 + c))::phone AS phone FROM generate_series(1, 100000) AS c;
ANALYZE contacts;

\echo 'the ledger lookup of one decision'
EXPLAIN (COSTS OFF)
SELECT e.event_id FROM phone_consent e
 WHERE e.phone = '+12012000001' AND e.occurred_at <= '2025-06-02 16:00Z'
   AND e.action <> 'invalidate' AND e.channel IN ('sms', '*') AND e.purpose IN ('informational', '*')
 ORDER BY e.occurred_at DESC LIMIT 1;

\echo 'status of 100,000 contacts'
SELECT s, count(*)
  FROM (SELECT phone_consent_status(phone, 'sms', 'informational', '2025-06-02 16:00Z') AS s
          FROM contacts) AS x
 GROUP BY s ORDER BY s;

\echo 'contact decisions for 100,000 contacts'
SELECT d.reason, count(*)
  FROM contacts AS c,
       LATERAL phone_contact_decision(c.phone, 'sms', 'informational', '2025-06-02 16:00Z') AS d
 GROUP BY d.reason ORDER BY d.reason;
