--
-- test/complexity/consent.sql: the consent ledger scales (run by
-- test/complexity/run.sh in a database of its own, since the ledger is
-- append-only).  Prints one line per check:
--     check|ms for the small case|ms for the large case|size ratio
-- A purge dry run reads the whole ledger: it is timed over N events of one
-- number, then over 9N (N more, and 8N of another number), so a linear
-- purge has a time ratio near 9 and a quadratic one near 81.  A decision
-- reads a few index entries: for a number with N events and for one with
-- 8N the times are about the same.
--
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS phone_consent CASCADE;
SET search_path = public;

-- n events of a number, grants and revocations of every scope, a STOP
-- every 500 events, one event in 20 recorded 90 days late
CREATE FUNCTION pg_temp.load(number phone, n integer) RETURNS void LANGUAGE sql AS $$
    INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence,
                               occurred_at, recorded_at)
    SELECT number,
           CASE WHEN g % 500 = 0 THEN '*' ELSE (ARRAY['sms', 'voice', 'whatsapp', 'mms', 'rcs'])[1 + g % 5] END,
           CASE WHEN g % 500 = 0 THEN '*' ELSE (ARRAY['marketing', 'informational', 'transactional'])[1 + g % 3] END,
           CASE WHEN g % 500 = 0 OR g % 7 = 0 THEN 'revoke' ELSE 'grant' END,
           CASE WHEN g % 500 = 0 THEN 'sms_keyword' ELSE 'import' END,
           CASE WHEN g % 500 = 0 THEN '{"removed": []}'::jsonb ELSE '{}' END,
           timestamptz '2020-01-01Z' + g * interval '1 hour',
           timestamptz '2020-01-01Z' + g * interval '1 hour'
               + CASE WHEN g % 20 = 0 THEN interval '90 days' ELSE interval '1 minute' END
      FROM generate_series(1, n) AS g
$$;
-- best of k runs, in ms
CREATE FUNCTION pg_temp.purge_ms(k integer) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    best float8;
BEGIN
    FOR i IN 1 .. k LOOP
        t0 := clock_timestamp();
        PERFORM phone_consent_purge('2 years');
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    RETURN best;
END $$;
CREATE FUNCTION pg_temp.decision_ms(number phone, n integer) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    PERFORM d.reason
       FROM generate_series(1, n) AS g,
            phone_contact_decision(number, 'sms', 'informational',
                                   timestamptz '2025-06-02 16:00Z' - g * interval '1 hour',
                                   '{America/New_York}') AS d;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

SELECT pg_temp.load('+12013000001', 2000) \g /dev/null
ANALYZE phone_consent;
SELECT pg_temp.purge_ms(3) AS small \gset
SELECT pg_temp.load('+12013000001', 2000), pg_temp.load('+12013000002', 16000) \g /dev/null
ANALYZE phone_consent;
SELECT pg_temp.purge_ms(3) AS large \gset
\pset format unaligned
\pset tuples_only on
SELECT 'purge dry run', round(:small::numeric, 1), round(:large::numeric, 1), 9;
-- the decision: warm both first
SELECT pg_temp.decision_ms('+12013000001', 50), pg_temp.decision_ms('+12013000002', 50) \g /dev/null
SELECT 'decision', round(pg_temp.decision_ms('+12013000001', 2000)::numeric, 1),
       round(pg_temp.decision_ms('+12013000002', 2000)::numeric, 1), 1;
