--
-- The read side of the consent ledger: statuses as known at a recording
-- time (as_recorded_at), the view phone_consent_current with scopes that
-- hold '*', the do-not-contact view, and the plans of status lookups.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- ---------------------------------------------------------------------
-- Known as of when: events recorded after as_recorded_at are left out
-- ---------------------------------------------------------------------
-- +12015550700: a grant recorded at once; a revocation dated 2025-01-05
-- that reached the ledger only on 2025-02-01; an invalidation recorded
-- late too
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at)
VALUES ('+12015550700', 'sms', 'informational', 'grant', 'agent', '2025-01-01Z', '2025-01-01Z'),
       ('+12015550700', 'sms', 'informational', 'revoke', 'agent', '2025-01-05Z', '2025-02-01Z'),
       ('+12015550700', 'voice', 'informational', 'grant', 'agent', '2025-01-01Z', '2025-01-01Z');
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at,
                           disconnected_on)
VALUES ('+12015550700', '*', '*', 'invalidate', 'unspecified', '2025-03-01Z', '2025-04-01Z',
        '2025-03-01');
-- the revocation counts from its recording on, for every instant
SELECT r AS as_recorded_at,
       phone_consent_status('+12015550700', 'sms', 'informational', '2025-01-10Z', r) AS jan_10,
       phone_consent_status('+12015550700', 'sms', 'informational', '2025-03-15Z', r) AS mar_15,
       phone_consent_status('+12015550700', 'voice', 'informational', '2025-03-15Z', r) AS voice_mar_15
  FROM unnest(ARRAY['2024-12-31Z', '2025-01-01Z', '2025-01-10Z', '2025-01-31 23:59:59Z',
                    '2025-02-01Z', '2025-03-31Z', '2025-04-01Z', 'infinity']::timestamptz[]) AS r;
-- without as_recorded_at, everything recorded
SELECT phone_consent_status('+12015550700', 'sms', 'informational', '2025-01-10Z') AS by_default,
       phone_consent_status('+12015550700', 'sms', 'informational', '2025-01-10Z', 'infinity') AS infinity;
-- the state names the event that decided what was known
SELECT (s).status, (s).since, (s).event_id = (SELECT event_id FROM phone_consent
                                               WHERE phone = '+12015550700' AND channel = 'sms'
                                                 AND action = 'grant') AS the_grant
  FROM (SELECT phone_consent_state('+12015550700', 'sms', 'informational', '2025-01-10Z',
                                   '2025-01-10Z') AS s) AS x;
-- the decision: what the dialer knew on the day of a call
SELECT r AS as_recorded_at, d.allowed, d.reason, d.status
  FROM unnest(ARRAY['2025-01-10 15:00Z', 'infinity']::timestamptz[]) AS r,
       phone_contact_decision('+12015550700', 'sms', 'informational', '2025-01-10 15:00Z',
                              NULL, as_recorded_at => r) AS d;
-- the decision without as_recorded_at, and phone_can_contact, take everything
SELECT (phone_contact_decision('+12015550700', 'sms', 'informational', '2025-01-10 15:00Z')).reason,
       phone_can_contact('+12015550700', 'sms', 'informational', '2025-01-10 15:00Z') AS can_contact;
-- the confirmation of an opt-out as known at a recording time: neither an
-- opt-out nor a confirmation sent that was recorded later is known
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at)
VALUES ('+12015550790', 'sms', 'marketing', 'revoke', 'agent', '2025-01-10 15:00Z', '2025-01-20Z'),
       ('+12015550791', 'sms', 'marketing', 'revoke', 'agent', '2025-01-10 15:00Z', '2025-01-10 15:00Z'),
       ('+12015550791', 'sms', 'opt_out_confirmation', 'revoke', 'agent', '2025-01-10 15:01Z', '2025-01-20Z');
SELECT n AS phone, r AS as_recorded_at, d.allowed, d.reason
  FROM unnest(ARRAY['+12015550790', '+12015550791']::phone[]) AS n,
       unnest(ARRAY['2025-01-10 15:02Z', 'infinity']::timestamptz[]) AS r,
       phone_contact_decision(n, 'sms', 'opt_out_confirmation', '2025-01-10 15:02Z',
                              NULL, as_recorded_at => r) AS d
 ORDER BY n, r;
-- NULL, like every other argument, gives NULL (no contact)
SELECT phone_consent_status('+12015550700', 'sms', 'informational', '2025-01-10Z', NULL) AS status,
       phone_consent_state('+12015550700', 'sms', 'informational', '2025-01-10Z', NULL) IS NULL AS state,
       (phone_contact_decision('+12015550700', 'sms', 'informational', '2025-01-10Z', NULL, NULL)).*;
-- the decision still checks its arguments
SELECT * FROM phone_test.statement_error($$SELECT phone_contact_decision('+12015550700', 'fax', 'informational', '2025-01-10Z', NULL, '2025-01-10Z')$$);
-- an erased number is erased whatever the recording time: its history is gone
SELECT phone_consent_grant('+12015550701', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS granted;
SELECT phone_erase('+12015550701', 'REQ-READ-1') AS erased;
SELECT phone_consent_status('+12015550701', 'sms', 'informational', '2025-01-10Z', '2025-01-10Z') AS then,
       phone_consent_status('+12015550701', 'sms', 'informational', '2025-01-10Z') AS now;

-- ---------------------------------------------------------------------
-- phone_consent_current: every scope of the ledger, '*' included
-- ---------------------------------------------------------------------
-- +12015550702: only an SMS STOP, no consent before it
SELECT (phone_consent_apply_sms('+12015550702', 'STOP', '2025-01-01Z')).keyword AS stop;
-- +12015550703: only a revocation of everything
SELECT phone_consent_revoke('+12015550703', occurred_at => '2025-01-01Z') > 0 AS revoked;
-- +12015550704: a revocation of voice for every purpose
SELECT phone_consent_revoke('+12015550704', 'voice', occurred_at => '2025-01-01Z') > 0 AS revoked;
-- +12015550705: only an invalidation
SELECT phone_mark_disconnected('+12015550705', '2025-01-01') > 0 AS disconnected;
SELECT phone, channel, purpose, status, since, event_id IS NOT NULL AS has_event
  FROM phone_consent_current
 WHERE phone BETWEEN '+12015550700' AND '+12015550705' ORDER BY 1, 2, 3;

-- ---------------------------------------------------------------------
-- phone_do_not_contact
-- ---------------------------------------------------------------------
-- +12015550706: consent, then STOP: listed
SELECT phone_consent_grant('+12015550706', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS granted,
       (phone_consent_apply_sms('+12015550706', 'STOP', '2025-01-02Z')).keyword AS stop;
-- +12015550707: STOP (of every program), then START (in default): restored
-- in default, listed for every other program (resumed_in)
SELECT phone_consent_grant('+12015550707', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS granted,
       (phone_consent_apply_sms('+12015550707', 'STOP', '2025-01-02Z')).keyword AS stop,
       (phone_consent_apply_sms('+12015550707', 'START', '2025-01-03Z')).keyword AS start;
-- +12015550708: STOP, then a narrower revocation: still listed
SELECT (phone_consent_apply_sms('+12015550708', 'STOP', '2025-01-02Z')).keyword AS stop,
       phone_consent_revoke('+12015550708', 'sms', 'marketing', occurred_at => '2025-01-03Z') > 0 AS revoked;
-- +12015550709: STOP, then the number was disconnected: not listed
SELECT (phone_consent_apply_sms('+12015550709', 'STOP', '2025-01-02Z')).keyword AS stop,
       phone_mark_disconnected('+12015550709', '2025-01-03') > 0 AS disconnected;
-- +12015550710: consent only: not listed
SELECT phone_consent_grant('+12015550710', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS granted;
-- +12015550711: a blanket revocation of every program, then a grant for
-- one purpose in default: listed, resumed in default
SELECT phone_consent_revoke('+12015550711', occurred_at => '2025-01-01Z') > 0 AS revoked,
       phone_consent_grant('+12015550711', 'voice', 'transactional', 'agent',
                           evidence => jsonb_build_object('call', 'C-711'), occurred_at => '2025-01-02Z') > 0 AS granted;
-- +12015550712: suppressed, no events left; +12015550713: suppressed, then STOP
SELECT phone_erase('+12015550712', 'REQ-READ-2') AS erased,
       phone_erase('+12015550713', 'REQ-READ-3') AS erased;
SELECT (phone_consent_apply_sms('+12015550713', 'STOP')).keyword AS stop_after_erasure;
SELECT d.phone, d.reason, d.event_id IS NOT NULL AS has_event, d.program, d.resumed_in
  FROM phone_do_not_contact d
 WHERE d.phone BETWEEN '+12015550700' AND '+12015550713' ORDER BY 1;
-- the erased numbers are not listed (no table keeps their digits):
-- phone_is_suppressed answers for them
SELECT n, phone_is_suppressed(n) AS suppressed
  FROM unnest(ARRAY['+12015550701', '+12015550712', '+12015550713', '+12015550702']::phone[]) AS n;
-- the STOP is the deciding event of a listed number
SELECT d.since, c.action, c.method
  FROM phone_do_not_contact d JOIN phone_consent c USING (event_id)
 WHERE d.phone = '+12015550702';
-- a forgotten number leaves the list
SELECT phone_erase('+12015550712', 'REQ-READ-4', 'forget') AS forgotten;
SELECT count(*) AS listed FROM phone_do_not_contact WHERE phone = '+12015550712';
-- every number listed for default (program default, or * unless default
-- is in resumed_in) is refused for every channel and purpose in default
-- (but the one message that confirms an opt-out, which a decision allows
-- for five minutes after it), and for a program without events (brand_z)
-- every number listed with *
SELECT count(*) AS contactable
  FROM phone_do_not_contact d,
       unnest(ARRAY['sms', 'voice', 'whatsapp']) AS c,
       (SELECT purpose FROM phone_consent_purpose WHERE purpose <> 'opt_out_confirmation') AS p
 WHERE (d.program = 'default' OR (d.program = '*' AND 'default' <> ALL (d.resumed_in)))
   AND phone_can_contact(d.phone, c, p.purpose);
SELECT count(*) AS contactable_brand_z
  FROM phone_do_not_contact d,
       unnest(ARRAY['sms', 'voice', 'whatsapp']) AS c,
       (SELECT purpose FROM phone_consent_purpose WHERE purpose <> 'opt_out_confirmation') AS p
 WHERE d.program = '*' AND 'brand_z' <> ALL (d.resumed_in)
   AND phone_can_contact(d.phone, c, p.purpose, now(), NULL, 'brand_z');

-- ---------------------------------------------------------------------
-- The view agrees with phone_consent_state on every row of the ledger
-- ---------------------------------------------------------------------
SELECT count(*) FILTER (WHERE c.phone BETWEEN '+12015550700' AND '+12015550713') AS rows_here,
       count(*) FILTER (WHERE c.phone BETWEEN '+12015550700' AND '+12015550713'
                          AND (c.channel = '*' OR c.purpose = '*')) AS wide_here,
       count(*) FILTER (WHERE (c.status, c.since, c.event_id)
                              IS DISTINCT FROM (s.status, s.since, s.event_id)) AS differences
  FROM phone_consent_current c,
       LATERAL phone_consent_state(c.phone, c.channel, c.purpose, now(), 'infinity', c.program) AS s;
-- ... and it lists every (phone, channel, purpose, program) of the ledger once
SELECT (SELECT count(*) FROM (SELECT DISTINCT phone, channel, purpose, program FROM phone_consent) k)
       = (SELECT count(*) FROM phone_consent_current) AS every_scope_once;

-- ---------------------------------------------------------------------
-- Plans: a status lookup reads one number's latest event per scope
-- ---------------------------------------------------------------------
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT e.event_id FROM phone_consent e
 WHERE e.phone = '+12015550700' AND e.channel = 'sms' AND e.purpose = '*'
   AND e.program = 'default'
   AND e.occurred_at <= '2025-06-01Z' AND e.occurred_at >= '-infinity'
   AND e.action <> 'invalidate' AND e.recorded_at <= 'infinity'
 ORDER BY e.occurred_at DESC, CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
          e.event_id DESC
 LIMIT 1;
EXPLAIN (COSTS OFF)
SELECT max(e.disconnected_on) FROM phone_consent e
 WHERE e.phone = '+12015550700' AND e.action = 'invalidate' AND e.occurred_at <= '2025-06-01Z';
RESET enable_seqscan;
