-- bench/consent_bench.sql: retention and decisions on one number with
-- 100,000 events; contact decisions for :contacts contacts (100,000 by
-- default) against a ledger of 10 more events each, row by row and for the whole list at once;
-- the current-status and do-not-contact views and a purge over the whole
-- ledger.  Run by bench/consent_bench.sh in a scratch
-- database (the ledger is append-only: the database is dropped afterwards).
\set ON_ERROR_STOP on
-- contacts: how many contacts the large ledger has, 10 events each
-- (100,000 unless psql -v contacts=N says otherwise; the smoke test of
-- QUICK=1 bench/run.sh takes 10,000)
\if :{?contacts}
\else
\set contacts 100000
\endif
\timing on
SET TimeZone = 'UTC';

-- Retention on one number with many events, before the large ledger is
-- loaded: a dry run of phone_consent_purge over 20,000 and then 100,000
-- events of +1 201 300 0000 (grants and revocations of every channel and
-- purpose, an SMS STOP every 1,000 events, every 20th event recorded late)
CREATE FUNCTION pg_temp.load_one(n integer) RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence,
                               occurred_at, recorded_at)
    SELECT '+12013000000',
           CASE WHEN g % 1000 = 0 THEN '*' ELSE (ARRAY['sms', 'voice', 'whatsapp', 'mms', 'rcs'])[1 + g % 5] END,
           CASE WHEN g % 1000 = 0 THEN '*' ELSE (ARRAY['marketing', 'informational', 'transactional'])[1 + g % 3] END,
           CASE WHEN g % 1000 = 0 OR g % 7 = 0 THEN 'revoke' ELSE 'grant' END,
           CASE WHEN g % 1000 = 0 THEN 'sms_keyword' ELSE 'import' END,
           CASE WHEN g % 1000 = 0 THEN '{"removed": []}'::jsonb ELSE '{}' END,
           timestamptz '2020-01-01Z' + g * interval '1 hour',
           timestamptz '2020-01-01Z' + g * interval '1 hour'
               + CASE WHEN g % 20 = 0 THEN interval '90 days' ELSE interval '1 minute' END
      FROM generate_series((SELECT count(*) FROM phone_consent) + 1, n) AS g
    RETURNING 1
$$;
SELECT pg_temp.load_one(20000) AS events;
ANALYZE phone_consent;
\echo 'purge dry run, one number with 20,000 events'
SELECT phone_consent_purge('2 years') AS purgeable_20000;
SELECT pg_temp.load_one(100000) AS events;
ANALYZE phone_consent;
\echo 'purge dry run, one number with 100,000 events'
SELECT phone_consent_purge('2 years') AS purgeable_100000;

-- One contact decision for that number (100,000 events): the mean of
-- 1,000 decisions, each at another instant
\echo 'one decision for a number with 100,000 events (mean of 1,000)'
\timing off
CREATE FUNCTION pg_temp.decision_ms(n integer) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    PERFORM d.reason
       FROM generate_series(1, n) AS g,
            phone_contact_decision('+12013000000', 'sms', 'informational',
                                   timestamptz '2025-06-02 16:00Z' - g * interval '1 hour',
                                   '{America/New_York}') AS d;
    RETURN round((extract(epoch FROM clock_timestamp() - t0) * 1000 / n)::numeric, 3);
END
$$;
SELECT pg_temp.decision_ms(1000) AS ms_per_decision;
\timing on

-- :contacts contacts in New Jersey (+1 201 2xx xxxx), 10 events each:
-- grants, revocations and re-grants on several channels and purposes
\echo 'loading the ledger: 10 events for each of' :contacts 'contacts'
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at)
SELECT ('+1201' || (2000000 + c))::phone,
       (ARRAY['sms', 'voice', 'whatsapp', 'mms', 'sms'])[1 + e % 5],
       (ARRAY['marketing', 'informational'])[1 + (c + e) % 2],
       CASE WHEN (c + e) % 7 = 0 THEN 'revoke' ELSE 'grant' END,
       'import',
       timestamptz '2024-01-01Z' + (c % 1000) * interval '1 minute' + e * interval '3 days',
       timestamptz '2025-01-01Z'
  FROM generate_series(1, :contacts) AS c, generate_series(1, 10) AS e;
ANALYZE phone_consent;
SELECT count(*) AS events, count(DISTINCT phone) AS numbers FROM phone_consent;

CREATE TEMP TABLE contacts AS
SELECT ('+1201' || (2000000 + c))::phone AS phone FROM generate_series(1, :contacts) AS c;
ANALYZE contacts;

\echo 'the ledger lookup of one decision, for one of its four scopes'
EXPLAIN (COSTS OFF)
SELECT e.event_id FROM phone_consent e
 WHERE e.phone = '+12012000001' AND e.channel = 'sms' AND e.purpose = 'informational'
   AND e.occurred_at <= '2025-06-02 16:00Z' AND e.occurred_at >= '-infinity'
   AND e.action <> 'invalidate' AND e.recorded_at <= 'infinity'
 ORDER BY e.occurred_at DESC, CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
          e.event_id DESC
 LIMIT 1;

\echo 'status of' :contacts 'contacts'
SELECT s, count(*)
  FROM (SELECT phone_consent_status(phone, 'sms', 'informational', '2025-06-02 16:00Z') AS s
          FROM contacts) AS x
 GROUP BY s ORDER BY s;

\echo 'contact decisions for' :contacts 'contacts'
SELECT d.reason, count(*)
  FROM contacts AS c,
       LATERAL phone_contact_decision(c.phone, 'sms', 'informational', '2025-06-02 16:00Z') AS d
 GROUP BY d.reason ORDER BY d.reason;

-- The same decisions for the whole list at once (phone_contact_decisions),
-- against the row-by-row function: decisions per second of each (the
-- row-by-row one over the first 20,000 contacts), their ratio, and the
-- differences between the two over those 20,000
\echo 'decisions per second: phone_contact_decision per row, phone_contact_decisions for the list'
\timing off
CREATE FUNCTION pg_temp.decision_rates(OUT per_row numeric, OUT list numeric, OUT ratio numeric)
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    nums phone[] := ARRAY(SELECT phone FROM contacts);
    sample integer := least(20000, cardinality(nums));
BEGIN
    t0 := clock_timestamp();
    PERFORM count(d.reason)
       FROM (SELECT phone FROM contacts LIMIT sample) AS c,
            LATERAL phone_contact_decision(c.phone, 'sms', 'informational', '2025-06-02 16:00Z') AS d;
    per_row := round(sample / extract(epoch FROM clock_timestamp() - t0));
    t0 := clock_timestamp();
    PERFORM count(d.reason)
       FROM phone_contact_decisions(nums, 'sms', 'informational', '2025-06-02 16:00Z') AS d;
    list := round(cardinality(nums) / extract(epoch FROM clock_timestamp() - t0));
    ratio := round(list / nullif(per_row, 0), 1);
END
$$;
SELECT * FROM pg_temp.decision_rates();
\timing on
SELECT count(*) AS differences
  FROM ((SELECT c.phone, d.* FROM (SELECT phone FROM contacts LIMIT 20000) AS c,
              LATERAL phone_contact_decision(c.phone, 'sms', 'informational', '2025-06-02 16:00Z') AS d
         EXCEPT ALL
         SELECT * FROM phone_contact_decisions(ARRAY(SELECT phone FROM contacts LIMIT 20000),
                                               'sms', 'informational', '2025-06-02 16:00Z'))
        UNION ALL
        (SELECT * FROM phone_contact_decisions(ARRAY(SELECT phone FROM contacts LIMIT 20000),
                                               'sms', 'informational', '2025-06-02 16:00Z')
         EXCEPT ALL
         SELECT c.phone, d.* FROM (SELECT phone FROM contacts LIMIT 20000) AS c,
              LATERAL phone_contact_decision(c.phone, 'sms', 'informational', '2025-06-02 16:00Z') AS d)) AS x;

-- 1,000 numbers whose only event is an SMS STOP, for the do-not-contact view
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at, recorded_at)
SELECT ('+1201' || (4000000 + c))::phone, '*', '*', 'revoke', 'sms_keyword',
       '{"removed": []}', timestamptz '2025-01-01Z', timestamptz '2025-01-01Z'
  FROM generate_series(1, 1000) AS c;

\echo 'phone_consent_current over the whole ledger'
SELECT status, count(*) FROM phone_consent_current GROUP BY status ORDER BY status;

\echo 'phone_do_not_contact over the whole ledger'
SELECT reason, count(*) FROM phone_do_not_contact GROUP BY reason ORDER BY reason;

\echo 'purge dry run over the whole ledger'
SELECT phone_consent_purge('2 years') AS purgeable;
