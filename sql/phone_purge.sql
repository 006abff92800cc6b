--
-- Retention purge: phone_consent_purge deletes ledger events that no
-- longer decide any status, and never changes a status from now on.
-- Every purge runs in a transaction that is rolled back, so that the
-- ledger of the other tests stays as it is.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- errors are shown with phone_test.statement_error (phone_opclass)

-- ---------------------------------------------------------------------
-- Each rule on a small ledger; ev names the events
-- ---------------------------------------------------------------------
CREATE TEMP TABLE ev (label text PRIMARY KEY, id bigint NOT NULL);
-- A: a later event of the same or a wider scope beats an earlier one
INSERT INTO ev VALUES ('a1 grant sms/inf', phone_consent_grant('+12015550301', 'sms', 'informational', 'agent', occurred_at => '2024-01-01Z'));
INSERT INTO ev VALUES ('a2 revoke sms/inf', phone_consent_revoke('+12015550301', 'sms', 'informational', occurred_at => '2024-02-01Z'));
INSERT INTO ev VALUES ('a3 grant sms/inf', phone_consent_grant('+12015550301', 'sms', 'informational', 'agent', evidence => '{"call": "late"}', occurred_at => '2024-03-01Z'));
INSERT INTO ev VALUES ('a4 grant voice/inf', phone_consent_grant('+12015550301', 'voice', 'informational', 'agent', occurred_at => '2024-01-01Z'));
INSERT INTO ev VALUES ('a5 revoke */*', phone_consent_revoke('+12015550301', occurred_at => '2024-01-15Z'));
-- same instant: the more restrictive wins
INSERT INTO ev VALUES ('a6 grant whatsapp/tra', phone_consent_grant('+12015550301', 'whatsapp', 'transactional', 'agent', evidence => '{"call": "late"}', occurred_at => '2024-05-01Z'));
INSERT INTO ev VALUES ('a7 revoke whatsapp/tra', phone_consent_revoke('+12015550301', 'whatsapp', 'transactional', occurred_at => '2024-05-01Z'));
-- another purpose does not cover
INSERT INTO ev VALUES ('a8 grant mms/inf', phone_consent_grant('+12015550301', 'mms', 'informational', 'agent', evidence => '{"call": "late"}', occurred_at => '2024-02-01Z'));
INSERT INTO ev VALUES ('a9 revoke mms/tra', phone_consent_revoke('+12015550301', 'mms', 'transactional', occurred_at => '2024-06-01Z'));
-- an expired grant that nothing beats still decides ('expired')
INSERT INTO ev VALUES ('a10 grant rcs/inf expired', phone_consent_grant('+12015550301', 'rcs', 'informational', 'agent', evidence => '{"call": "late"}', occurred_at => '2024-02-01Z', expires_at => '2024-06-01Z'));
-- B: invalidations void what came before the end of their day
INSERT INTO ev VALUES ('b1 grant sms/inf', phone_consent_grant('+12015550302', 'sms', 'informational', 'agent', occurred_at => '2024-01-01Z'));
INSERT INTO ev VALUES ('b2 invalidate 03-01', phone_mark_disconnected('+12015550302', '2024-03-01'));
INSERT INTO ev VALUES ('b3 invalidate 04-01', phone_mark_disconnected('+12015550302', '2024-04-01'));
INSERT INTO ev VALUES ('b4 grant sms/inf on 04-01', phone_consent_grant('+12015550302', 'sms', 'informational', 'agent', occurred_at => '2024-04-01 12:00Z'));
INSERT INTO ev VALUES ('b5 grant voice/inf', phone_consent_grant('+12015550302', 'voice', 'informational', 'agent', occurred_at => '2024-05-01Z'));
INSERT INTO ev VALUES ('b6 invalidate 04-01 again', phone_mark_disconnected('+12015550302', '2024-04-01'));
-- C: a confirmed pending event stays while its confirmation stays
INSERT INTO ev VALUES ('c1 pending sms/inf', phone_consent_grant('+12015550303', 'sms', 'informational', 'web_form', occurred_at => '2024-01-01Z', double_opt_in => true));
INSERT INTO ev VALUES ('c2 confirm sms/inf', phone_consent_confirm('+12015550303', 'sms', 'informational', occurred_at => '2024-01-02Z'));
-- D: ... and goes with it
INSERT INTO ev VALUES ('d1 pending sms/inf', phone_consent_grant('+12015550304', 'sms', 'informational', 'web_form', occurred_at => '2024-01-01Z', double_opt_in => true));
INSERT INTO ev VALUES ('d2 confirm sms/inf', phone_consent_confirm('+12015550304', 'sms', 'informational', occurred_at => '2024-01-02Z'));
INSERT INTO ev VALUES ('d3 revoke sms/inf', phone_consent_revoke('+12015550304', 'sms', 'informational', occurred_at => '2024-02-01Z'));
-- E: what an SMS STOP removed stays, so that START can restore it
INSERT INTO ev VALUES ('e1 grant sms/inf', phone_consent_grant('+12015550305', 'sms', 'informational', 'agent', occurred_at => '2024-01-01Z'));
SELECT (phone_consent_apply_sms('+12015550305', 'STOP', '2024-02-01Z')).keyword AS stop;
INSERT INTO ev SELECT 'e2 STOP', event_id FROM phone_consent WHERE phone = '+12015550305' AND action = 'revoke';
-- F: recent events are out of reach of a long retention
INSERT INTO ev VALUES ('f1 grant sms/inf recent', phone_consent_grant('+12015550306', 'sms', 'informational', 'agent', occurred_at => now() - interval '10 days'));
INSERT INTO ev VALUES ('f2 revoke sms/inf recent', phone_consent_revoke('+12015550306', 'sms', 'informational', occurred_at => now() - interval '5 days'));

SELECT count(*) AS purges_before FROM phone_erasure_log WHERE operation = 'purge' \gset
-- what a purge would delete, with older_than 0 and 30 days
SELECT e.label,
       e.id IN (SELECT * FROM phone_consent_purgeable('0')) AS purge_0,
       e.id IN (SELECT * FROM phone_consent_purgeable('30 days')) AS purge_30_days
  FROM ev e ORDER BY e.id;
-- (counts are over the whole ledger, which other tests fill too)
SELECT phone_consent_purge('30 days') = (SELECT count(*) FROM phone_consent_purgeable('30 days')) AS dry_run_counts,
       phone_consent_purge('30 days') >= 10 AS dry_run_30_days,
       phone_consent_purge('1000 years', true) AS dry_run_1000_years;
-- a dry run deletes nothing and logs nothing
SELECT count(*) AS events_kept FROM phone_consent WHERE phone::text LIKE '+120155503%';
SELECT count(*) - :purges_before AS purges_logged FROM phone_erasure_log WHERE operation = 'purge';

CREATE TEMP TABLE cases AS
SELECT n::phone AS phone, c, p, a
  FROM unnest(ARRAY['+12015550301', '+12015550302', '+12015550303', '+12015550304',
                    '+12015550305', '+12015550306']) AS n,
       unnest(ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice']) AS c,
       unnest(ARRAY['informational', 'transactional']) AS p,
       unnest(ARRAY[now(), now() + interval '1 year']) AS a;
CREATE TEMP TABLE before AS
SELECT phone, c, p, a, phone_consent_status(phone, c, p, a) AS status FROM cases;

BEGIN;
SELECT phone_consent_purge('0', dry_run => false) >= 11 AS purged;
SELECT e.label FROM ev e WHERE e.id IN (SELECT event_id FROM phone_consent) ORDER BY e.id;
SELECT count(*) AS status_changes
  FROM before b WHERE b.status IS DISTINCT FROM phone_consent_status(b.phone, b.c, b.p, b.a);
SELECT operation, request_id, mode, events_deleted >= 11 AS deleted, older_than,
       performed_by = session_user AS by_session_user
  FROM phone_erasure_log WHERE operation = 'purge' AND performed_at >= now();
SELECT count(*) AS permits_left FROM phone_consent_permit;
-- confirmations and SMS keywords still work on the purged ledger
SELECT (phone_consent_apply_sms('+12015550305', 'START')).keyword AS start;
SELECT phone_consent_status('+12015550305', 'sms', 'informational', clock_timestamp()) AS restored;
SELECT phone_consent_grant('+12015550303', 'voice', 'informational', 'agent',
                           occurred_at => now() - interval '2 days', double_opt_in => true) > 0 AS pending;
SELECT phone_consent_confirm('+12015550303', 'voice', 'informational',
                             occurred_at => now() - interval '1 day') > 0 AS confirmed;
-- a second purge finds nothing more
SELECT phone_consent_purge('0', false) AS second_purge;
-- deletion is still refused outside a purge
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_consent WHERE phone = '+12015550301'$$);
ROLLBACK;

-- errors
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_purge(NULL)$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_purge('-1 day')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_purge('1 day', NULL)$$);
-- a role needs EXECUTE
CREATE ROLE regress_phone_purger;
GRANT USAGE ON SCHEMA phone_test TO regress_phone_purger;
SET SESSION AUTHORIZATION regress_phone_purger;
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_purge('1 day')$$);
SELECT * FROM phone_test.statement_error($$SELECT count(*) FROM phone_consent_purgeable('1 day')$$);
RESET SESSION AUTHORIZATION;
GRANT EXECUTE ON FUNCTION phone_consent_purge(interval, boolean) TO regress_phone_purger;
SET SESSION AUTHORIZATION regress_phone_purger;
BEGIN;
SELECT phone_consent_purge('0', false) > 0 AS purged;
ROLLBACK;
RESET SESSION AUTHORIZATION;
REVOKE EXECUTE ON FUNCTION phone_consent_purge(interval, boolean) FROM regress_phone_purger;
REVOKE USAGE ON SCHEMA phone_test FROM regress_phone_purger;
DROP ROLE regress_phone_purger;

-- ---------------------------------------------------------------------
-- Retention keeps what defends a past contact: an event goes only once it
-- stopped deciding any status longer ago than the retention period, that
-- is once what beats or voids it both occurred and was recorded before
-- now() - older_than
-- ---------------------------------------------------------------------
CREATE TEMP TABLE kept (label text PRIMARY KEY, id bigint NOT NULL);
-- a 2022 grant, superseded by a revocation a week ago
INSERT INTO kept VALUES ('g1 grant 2022', phone_consent_grant('+12015550310', 'sms', 'informational', 'agent', occurred_at => '2022-03-01Z'));
INSERT INTO kept VALUES ('g2 revoke a week ago', phone_consent_revoke('+12015550310', 'sms', 'informational', occurred_at => now() - interval '7 days'));
-- a 2021 grant, and a revocation dated 2022 that was recorded only a week
-- ago: thirty days ago the ledger still said granted
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at)
VALUES ('+12015550311', 'sms', 'informational', 'grant', 'agent', '2021-03-01Z', '2021-03-01Z'),
       ('+12015550311', 'sms', 'informational', 'revoke', 'agent', '2022-03-01Z', now() - interval '7 days'),
-- a 2020 grant revoked in 2021, both recorded at once: superseded long ago
       ('+12015550312', 'sms', 'informational', 'grant', 'agent', '2020-03-01Z', '2020-03-01Z'),
       ('+12015550312', 'sms', 'informational', 'revoke', 'agent', '2021-03-01Z', '2021-03-01Z'),
-- an invalidation recorded a week ago voids a 2020 grant; an older one was
-- recorded in time
       ('+12015550313', 'voice', 'informational', 'grant', 'agent', '2020-03-01Z', '2020-03-01Z'),
       ('+12015550314', 'voice', 'informational', 'grant', 'agent', '2020-03-01Z', '2020-03-01Z');
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at,
                           disconnected_on)
VALUES ('+12015550313', '*', '*', 'invalidate', 'unspecified', '2021-03-01Z', now() - interval '7 days', '2021-03-01'),
       ('+12015550314', '*', '*', 'invalidate', 'unspecified', '2021-03-01Z', '2021-03-02Z', '2021-03-01'),
-- and an invalidation outdone by a later one recorded a week ago
       ('+12015550314', '*', '*', 'invalidate', 'unspecified', '2021-06-01Z', now() - interval '7 days', '2021-06-01');
INSERT INTO kept
SELECT CASE WHEN phone = '+12015550311' THEN 'h' WHEN phone = '+12015550312' THEN 'i'
            WHEN phone = '+12015550313' THEN 'j' ELSE 'k' END
       || row_number() OVER (PARTITION BY phone ORDER BY occurred_at) || ' ' || action || ' '
       || to_char(occurred_at, 'YYYY-MM')
       || CASE WHEN recorded_at > now() - interval '1 year' THEN ' recorded late' ELSE ' recorded at once' END,
       event_id
  FROM phone_consent WHERE phone BETWEEN '+12015550311' AND '+12015550314';
SELECT k.label,
       k.id IN (SELECT * FROM phone_consent_purgeable('2 years')) AS purge_2_years,
       k.id IN (SELECT * FROM phone_consent_purgeable('30 days')) AS purge_30_days,
       k.id IN (SELECT * FROM phone_consent_purgeable('1 day')) AS purge_1_day
  FROM kept k ORDER BY k.label;
-- what was known and what held 30 days ago, before and after real purges
CREATE TEMP TABLE past AS
SELECT n::phone AS phone, c, a, r,
       phone_consent_status(n::phone, c, 'informational', a, r) AS status
  FROM unnest(ARRAY['+12015550310', '+12015550311', '+12015550312', '+12015550313',
                    '+12015550314']) AS n,
       unnest(ARRAY['sms', 'voice']) AS c,
       unnest(ARRAY[now() - interval '30 days', now()]) AS a,
       unnest(ARRAY[now() - interval '30 days', 'infinity']) AS r;
SELECT phone, c, a = now() AS at_now, r = 'infinity' AS all_recorded, status
  FROM past WHERE phone IN ('+12015550310', '+12015550311') AND c = 'sms' ORDER BY 1, 2, 3, 4;
BEGIN;
SELECT phone_consent_purge('2 years', false) > 0 AS purged_2_years;
SELECT k.label AS gone FROM kept k WHERE k.id NOT IN (SELECT event_id FROM phone_consent) ORDER BY 1;
SELECT count(*) AS changes_30_days_ago
  FROM past p WHERE p.status IS DISTINCT FROM phone_consent_status(p.phone, p.c, 'informational', p.a, p.r);
SELECT phone_consent_purge('30 days', false) > 0 AS purged_30_days;
SELECT count(*) AS changes_30_days_ago
  FROM past p WHERE p.status IS DISTINCT FROM phone_consent_status(p.phone, p.c, 'informational', p.a, p.r);
-- a retention of one day keeps only what the last day needs: the grant
-- of 2021 goes, and what the ledger knew 30 days ago is lost, as
-- documented (the grant of 2022 stays: its revocation was recorded today)
SELECT phone_consent_purge('1 day', false) > 0 AS purged_1_day;
SELECT k.label AS gone FROM kept k WHERE k.id NOT IN (SELECT event_id FROM phone_consent) ORDER BY 1;
SELECT phone_consent_status('+12015550311', 'sms', 'informational', now() - interval '30 days',
                            now() - interval '30 days') AS known_30_days_ago;
ROLLBACK;

-- ---------------------------------------------------------------------
-- Property: over a generated ledger (30 numbers, 400 events: every
-- channel and purpose with '*', every action, expiries, ties), a purge
-- with any interval changes no status at any instant from now on, also
-- after later (back-dated) events are added.
-- ---------------------------------------------------------------------
BEGIN;
-- yesterday, midnight UTC: every generated instant is relative to it
SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 day' AS base \gset
CREATE TEMP TABLE gen_numbers AS
SELECT ('+12015550' || (400 + n))::phone AS phone FROM generate_series(0, 29) AS n;
-- inserts n random events (deterministic after setseed) for the generated
-- numbers, occurring up to 'span' days before base
CREATE FUNCTION pg_temp.generate(n integer, span integer, base timestamptz,
                                 late boolean DEFAULT false) RETURNS bigint
LANGUAGE sql AS $$
    WITH r AS (
        SELECT g, floor(random() * 30)::int AS k, random() AS ra, random() AS rc, random() AS rp,
               floor(random() * span / 10)::int AS day10, floor(random() * 3)::int AS hour8,
               random() AS re, random() AS rr
          FROM generate_series(1, n) AS g),
    a AS (
        SELECT r.*, CASE WHEN ra < 0.40 THEN 'grant' WHEN ra < 0.55 THEN 'pending'
                         WHEN ra < 0.92 THEN 'revoke' ELSE 'invalidate' END AS action,
               base - day10 * interval '10 days' + hour8 * interval '8 hours' AS at
          FROM r),
    ins AS (
        INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at,
                                   expires_at, disconnected_on, recorded_at)
        SELECT ('+12015550' || (400 + k))::phone,
               CASE WHEN action = 'invalidate' OR (action = 'revoke' AND rc < 0.25) THEN '*'
                    ELSE (ARRAY['sms', 'voice', 'whatsapp'])[1 + floor(rc * 3)::int] END,
               CASE WHEN action = 'invalidate' OR (action = 'revoke' AND rp < 0.25) THEN '*'
                    ELSE (ARRAY['informational', 'transactional', 'account_security'])[1 + floor(rp * 3)::int] END,
               action, 'unspecified',
               CASE WHEN action = 'invalidate' THEN date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                    ELSE at END,
               CASE WHEN action IN ('grant', 'pending') AND re < 0.4
                    THEN at + floor(re * 2000 + 1) * interval '1 day' END,
               CASE WHEN action = 'invalidate' THEN (at AT TIME ZONE 'UTC')::date END,
               -- recorded within a day, a fifth of them up to 400 days
               -- late (but before base); later appends: now
               CASE WHEN late THEN clock_timestamp()
                    ELSE least(at + CASE WHEN rr < 0.2 THEN rr * 2000 ELSE rr END * interval '1 day',
                               base) END
          FROM a ORDER BY g
        RETURNING 1)
    SELECT count(*) FROM ins;
$$;
SELECT setseed(0.5);
SELECT pg_temp.generate(400, 1000, :'base') AS generated;
SELECT count(DISTINCT action) AS actions, count(DISTINCT channel) AS channels,
       count(DISTINCT purpose) AS purposes, count(expires_at) > 0 AS with_expiry,
       count(*) FILTER (WHERE expires_at > now()) > 0 AS expiring_later
  FROM phone_consent WHERE phone IN (SELECT phone FROM gen_numbers);
-- instants from now on, before and after every expiry
CREATE TEMP TABLE grid AS
SELECT g.phone, c, p, a
  FROM gen_numbers g,
       unnest(ARRAY['sms', 'voice', 'whatsapp', 'mms']) AS c,
       unnest(ARRAY['informational', 'transactional', 'account_security', 'marketing']) AS p,
       unnest(ARRAY[now(), now() + interval '1 day', :'base'::timestamptz + interval '200 days',
                    :'base'::timestamptz + interval '700 days',
                    :'base'::timestamptz + interval '3000 days']) AS a;
CREATE TEMP TABLE s0 AS SELECT phone, c, p, a, phone_consent_status(phone, c, p, a) AS status FROM grid;
SELECT count(DISTINCT status) >= 5 AS varied_statuses FROM s0;
-- statuses at instants and recording times within the last 300 days
CREATE TEMP TABLE s300 AS
SELECT g.phone, c, p, a, r, phone_consent_status(g.phone, c, p, a, r) AS status
  FROM gen_numbers g,
       unnest(ARRAY['sms', 'voice', 'whatsapp']) AS c,
       unnest(ARRAY['informational', 'transactional', 'account_security']) AS p,
       unnest(ARRAY[now() - interval '299 days', now() - interval '100 days', now()]) AS a,
       unnest(ARRAY[now() - interval '299 days', now() - interval '100 days', 'infinity']) AS r;
SELECT count(DISTINCT status) >= 5 AS varied_statuses,
       count(*) FILTER (WHERE status IS DISTINCT FROM phone_consent_status(phone, c, p, a)) > 0
           AS recording_time_matters
  FROM s300;
-- the later events: back-dated grants, revocations and invalidations
CREATE FUNCTION pg_temp.append(base timestamptz) RETURNS bigint
LANGUAGE sql AS $$
    SELECT setseed(0.25);
    SELECT pg_temp.generate(40, 1000, base, true);
$$;
-- statuses on the grid that differ from a list of them
CREATE FUNCTION pg_temp.differences(statuses text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT count(*)
      FROM (SELECT g.*, row_number() OVER (ORDER BY phone, c, p, a) AS i FROM grid g) g
      JOIN unnest(string_to_array(statuses, ',')) WITH ORDINALITY AS x(status, i) USING (i)
     WHERE x.status IS DISTINCT FROM phone_consent_status(g.phone, g.c, g.p, g.a);
$$;
SAVEPOINT unpurged;
SELECT pg_temp.append(:'base') AS appended;
-- (kept in a variable: the savepoint is rolled back)
SELECT string_agg(phone_consent_status(phone, c, p, a), ',' ORDER BY phone, c, p, a) AS appended_statuses
  FROM grid \gset
ROLLBACK TO SAVEPOINT unpurged;
SELECT pg_temp.differences(:'appended_statuses') > 0 AS appends_matter;
-- a purge with a long retention, then with none
SELECT phone_consent_purge('300 days') AS dry_300 \gset
SELECT phone_consent_purge('300 days', false) AS purged_300 \gset
SELECT :dry_300 = :purged_300 AS dry_run_agrees, :purged_300 > 0 AS deleted_300;
SELECT count(*) AS differences_300
  FROM s0 WHERE status IS DISTINCT FROM phone_consent_status(phone, c, p, a);
SELECT count(*) AS differences_300_as_recorded
  FROM s300 WHERE status IS DISTINCT FROM phone_consent_status(phone, c, p, a, r);
-- the current view still agrees with the status function
SELECT count(*) AS view_differences
  FROM phone_consent_current v, LATERAL phone_consent_state(v.phone, v.channel, v.purpose, now()) s
 WHERE v.phone IN (SELECT phone FROM gen_numbers)
   AND (v.status, v.since, v.event_id) IS DISTINCT FROM (s.status, s.since, s.event_id);
SELECT phone_consent_purge('0') AS dry_0 \gset
SELECT phone_consent_purge('0', false) AS purged_0 \gset
SELECT :dry_0 = :purged_0 AS dry_run_agrees, :purged_0 > 0 AS deleted_0;
SELECT count(*) AS differences_0
  FROM s0 WHERE status IS DISTINCT FROM phone_consent_status(phone, c, p, a);
SELECT count(*) AS events_left, count(*) < 400 * 2 / 3 AS most_deleted
  FROM phone_consent WHERE phone IN (SELECT phone FROM gen_numbers);
SELECT phone_consent_purge('0', false) AS fixpoint;
-- the same later events on the purged ledger give the same statuses
SELECT pg_temp.append(:'base') AS appended;
SELECT pg_temp.differences(:'appended_statuses') AS differences_after_appends;
SELECT older_than, events_deleted > 0 AS deleted
  FROM phone_erasure_log WHERE operation = 'purge' AND performed_at >= now() ORDER BY log_id;
ROLLBACK;
