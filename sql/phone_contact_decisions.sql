--
-- Decisions for a list of numbers at once: phone_contact_decisions must
-- answer row for row as phone_contact_decision does, over a generated
-- ledger with every status and reason, events of several programs and
-- revocations of every program, instants around daylight-saving changes
-- and on days that calling windows close, and numbers that may be in
-- several zones or under the windows of US states, Canada and France.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- the function: STABLE, PARALLEL SAFE, running as its caller
SELECT p.oid::regprocedure AS fn, p.provolatile, p.proparallel, p.prosecdef, p.proretset
  FROM pg_proc p WHERE p.proname = 'phone_contact_decisions';

-- a purpose of one's own with a window for one area code only
INSERT INTO phone_consent_purpose (purpose, basis, written_required, hours_apply, description)
VALUES ('survey_cd', 'opt_in', false, true, 'surveys (phone_contact_decisions test)');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, note)
VALUES ('1201555', 'survey_cd', '10:00', '18:00', 'test: one exchange, one purpose'),
       ('3361', NULL, '09:30', '19:30', 'test: French mobiles');

-- The numbers: New Jersey and Florida lines, Australian, Russian and
-- Indonesian mobiles (every zone of the country), French mobiles, a US
-- toll-free number (every US zone)
CREATE TEMP TABLE cd_numbers AS
SELECT n::phone AS n
  FROM (SELECT '+1201555' || (8000 + g) FROM generate_series(0, 19) AS g
        UNION ALL SELECT '+1305555' || (8000 + g) FROM generate_series(0, 5) AS g
        UNION ALL SELECT '+6141234567' || g FROM generate_series(0, 5) AS g
        UNION ALL SELECT '+7916123456' || g FROM generate_series(0, 2) AS g
        UNION ALL SELECT '+62812345678' || g FROM generate_series(0, 2) AS g
        UNION ALL SELECT '+3361234567' || g FROM generate_series(0, 2) AS g
        UNION ALL SELECT '+18005558000') AS s(n);
-- a number of no known zone
SET phone.validation = 'possible';
INSERT INTO cd_numbers VALUES ('+12011558000');
SET phone.validation = 'valid';
SELECT count(*) AS numbers,
       count(*) FILTER (WHERE cardinality(phone_possible_timezones(n)) > 1) AS several_zones,
       count(*) FILTER (WHERE 'Etc/Unknown' = ANY (phone_possible_timezones(n))) AS unknown_zone
  FROM cd_numbers;

-- A generated ledger: per number, 0 to 11 events of random channels,
-- purposes and actions, many on the same day (ties), some with an expiry,
-- in the programs default, acme and beta, one revocation in five of every
-- program ('*')
SELECT setseed(0.18);
CREATE TEMP TABLE cd_events AS
SELECT c.n, g,
       (ARRAY['sms', 'voice', '*', 'sms'])[1 + floor(random() * 4)::int] AS channel,
       (ARRAY['marketing', 'informational', 'account_security', 'survey_cd', '*', 'marketing'])
           [1 + floor(random() * 6)::int] AS purpose,
       (ARRAY['grant', 'pending', 'revoke', 'grant'])[1 + floor(random() * 4)::int] AS action,
       timestamptz '2025-01-01Z' + floor(random() * 330)::int * interval '1 day'
           + (ARRAY[interval '0', interval '0', interval '7 hours 3 minutes'])[1 + floor(random() * 3)::int] AS occurred_at,
       random() < 0.3 AS expiring,
       random() < 0.5 AS with_evidence
  FROM cd_numbers c, generate_series(1, 11) AS g
 WHERE g <= (abs(hashtext(c.n::text)) % 12);
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at, expires_at,
                           program)
SELECT e.n,
       CASE WHEN e.action = 'revoke' THEN e.channel ELSE replace(e.channel, '*', 'sms') END,
       CASE WHEN e.action = 'revoke' THEN e.purpose ELSE replace(e.purpose, '*', 'informational') END,
       e.action,
       CASE WHEN e.action = 'revoke' AND e.channel = '*' AND e.purpose = '*' THEN 'sms_keyword'
            WHEN e.with_evidence THEN 'web_form' ELSE 'import' END,
       CASE WHEN e.with_evidence THEN '{"form_id": "f1"}' ELSE '{}' END::jsonb,
       e.occurred_at,
       CASE WHEN e.expiring AND e.action <> 'revoke' THEN e.occurred_at + interval '60 days' END,
       CASE WHEN e.action = 'revoke' AND (e.g + abs(hashtext(e.n::text))) % 5 = 0 THEN '*'
            ELSE (ARRAY['default', 'acme', 'default', 'beta'])[1 + (e.g * 7 + abs(hashtext(e.n::text))) % 4] END
  FROM cd_events e
 ORDER BY e.n, e.g;
-- opt-outs by SMS STOP, of every program or of one, one of them
-- confirmed a minute later in the program default only
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at, program)
VALUES ('+12015558003', '*', '*', 'revoke', 'sms_keyword', '{"removed": []}', '2025-03-09 06:58Z', '*'),
       ('+12015558004', '*', '*', 'revoke', 'sms_keyword', '{"removed": []}', '2025-03-09 06:58Z', '*'),
       ('+12015558004', 'sms', 'opt_out_confirmation', 'revoke', 'sms_keyword', '{}', '2025-03-09 06:59Z',
        'default'),
       ('+12015558005', 'voice', '*', 'revoke', 'agent', '{}', '2025-03-09 06:57Z', 'acme'),
       ('+12015558006', '*', '*', 'revoke', 'agent', '{}', '2025-03-09 06:56Z', 'default'),
       ('+12015558012', '*', '*', 'revoke', 'sms_keyword', '{"removed": []}', '2025-03-09 06:58Z', 'beta'),
       ('+12015558013', 'sms', 'informational', 'grant', 'web_form', '{"form_id": "f4"}', '2025-03-01Z',
        'acme'),
       ('+12015558013', '*', '*', 'revoke', 'sms_keyword', '{"removed": []}', '2025-03-09 06:58Z', 'beta');
-- (every program has events and revocations; the counts depend on the
-- random generator, which is not the same on every server)
SELECT program, count(*) > 10 AS events, count(*) FILTER (WHERE action = 'revoke') > 5 AS revocations
  FROM phone_consent e JOIN cd_numbers c ON c.n = e.phone
 GROUP BY program ORDER BY program;
-- reassigned numbers, one with new consent after the disconnection
SELECT phone_mark_disconnected(n::phone, '2025-06-30', NULL::text, NULL::text) > 0 AS disconnected
  FROM unnest(ARRAY['+12015558007', '+12015558008', '+61412345671', '+13055558001']) AS n;
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at)
VALUES ('+12015558008', 'sms', 'informational', 'grant', 'web_form', '{"form_id": "f2"}', '2025-08-01Z');
-- erased numbers: one stays erased, one has new consent (with evidence,
-- after the erasure), one a revocation after it
SELECT phone_erase(n::phone, 'DSR-CD-' || i, 'suppress') >= 0 AS erased
  FROM unnest(ARRAY['+12015558009', '+12015558010', '+12015558011', '+61412345672'])
       WITH ORDINALITY AS u(n, i);
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at)
VALUES ('+12015558010', 'sms', 'informational', 'grant', 'web_form', '{"form_id": "f3"}',
        now() + interval '1 hour'),
       ('+12015558011', 'sms', '*', 'revoke', 'agent', '{}', now() + interval '1 hour');

-- Numbers under the calling windows of states, Canada and France (Texas
-- in Dallas and in El Paso, Mountain time), with consent to be informed,
-- so that their windows decide
INSERT INTO cd_numbers
VALUES ('+33699887766'), ('+12145558000'), ('+19155558000'), ('+18015558000'),
       ('+14015558000'), ('+15045558000'), ('+12155558000'), ('+14165558000');
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at)
SELECT n::phone, ch, 'informational', 'grant', 'web_form', '{"form_id": "f4"}', '2025-01-01Z'
  FROM unnest(ARRAY['+33699887766', '+12145558000', '+19155558000', '+18015558000',
                    '+14015558000', '+15045558000', '+12155558000', '+14165558000']) AS n,
       unnest(ARRAY['sms', 'voice']) AS ch;

-- The instants: around the daylight-saving changes of the US (2025-03-09,
-- 2025-11-02), Europe (2025-03-30, 2025-10-26) and Australia (2025-04-06,
-- 2025-10-05), on window edges, around the opt-outs, the ends of time,
-- random ones, one after the consent given after an erasure, around
-- expiries, and on the days the windows of states, Canada and France
-- close: Ascension and a lunch break in France, a Sunday, Pioneer Day in
-- Utah, Mardi Gras in Louisiana, Victory Day in Rhode Island, a Saturday
-- morning, a Friday evening before Whit Monday
CREATE TEMP TABLE cd_at AS
SELECT t::timestamptz AS at
  FROM unnest(ARRAY['2025-03-09 06:30Z', '2025-03-09 07:00Z', '2025-03-09 07:02Z', '2025-03-09 07:30Z',
                    '2025-03-09 12:00Z', '2025-03-09 12:59:59Z', '2025-03-09 13:00Z',
                    '2025-03-10 00:59Z', '2025-03-10 01:00Z', '2025-11-02 05:30Z', '2025-11-02 06:30Z',
                    '2025-11-02 12:30Z', '2025-11-02 13:00Z', '2025-11-03 01:30Z',
                    '2025-03-30 00:59Z', '2025-03-30 08:30Z', '2025-10-26 00:30Z', '2025-10-26 17:30Z',
                    '2025-04-05 15:59Z', '2025-04-05 16:00Z', '2025-04-05 22:00Z', '2025-10-04 16:00Z',
                    '2025-10-04 21:30Z', '2025-07-01 22:00Z', '2025-12-31 23:59Z',
                    '2025-05-29 09:00Z', '2025-06-03 11:30Z', '2025-06-01 16:00Z', '2025-07-24 16:00Z',
                    '2025-03-04 15:00Z', '2025-08-11 14:00Z', '2025-06-07 13:30Z', '2025-06-06 18:00Z',
                    'infinity', '-infinity']) AS t
UNION ALL
SELECT timestamptz '2025-01-01Z' + random() * interval '360 days' FROM generate_series(1, 4)
UNION ALL
SELECT now() + interval '2 hours'
UNION ALL
(SELECT DISTINCT e.expires_at + o
   FROM phone_consent e JOIN cd_numbers c ON c.n = e.phone,
        unnest(ARRAY[interval '-1 second', interval '0', interval '6 hours']) AS o
  WHERE e.expires_at IS NOT NULL
  ORDER BY 1 LIMIT 9);

-- (the programs other than default without the callee's zones, which
-- only the calling hours read, and for a purpose that needs consent and
-- the confirmation of an opt-out, the two paths that read the program)
CREATE TEMP TABLE cd_case AS
SELECT row_number() OVER () AS id, ch, pu, a.at, tz, pg
  FROM unnest(ARRAY['default', 'acme', 'beta']) AS pg,
       unnest(ARRAY['sms', 'voice']) AS ch,
       unnest(ARRAY['marketing', 'informational', 'account_security', 'opt_out_confirmation',
                    'survey_cd']) AS pu,
       cd_at AS a,
       (VALUES (NULL::text[]), ('{America/New_York,Australia/Perth}')) AS z(tz)
 WHERE pg = 'default' OR (tz IS NULL AND pu IN ('marketing', 'opt_out_confirmation'));
-- the numbers in a shuffled order, some twice, with NULLs among them
CREATE TEMP TABLE cd_list AS
SELECT array_agg(n ORDER BY k) AS numbers
  FROM (SELECT n, random() AS k FROM cd_numbers
        UNION ALL (SELECT n, random() FROM cd_numbers ORDER BY n LIMIT 5)
        UNION ALL SELECT NULL, random() FROM generate_series(1, 3)) AS s;

CREATE TEMP TABLE cd_batch AS
SELECT c.id, d.*
  FROM cd_case c, cd_list l,
       phone_contact_decisions(l.numbers, c.ch, c.pu, c.at, c.tz, c.pg) WITH ORDINALITY AS d;
CREATE TEMP TABLE cd_row AS
SELECT c.id, u.n, x.allowed, x.reason, x.status, x.timezones, x.next_allowed_at, u.i
  FROM cd_case c, cd_list l, unnest(l.numbers) WITH ORDINALITY AS u(n, i),
       LATERAL phone_contact_decision(u.n, c.ch, c.pu, c.at, c.tz, 'infinity', c.pg) AS x;

SELECT (SELECT count(*) FROM cd_row) AS decisions,
       (SELECT count(*) FROM cd_batch) AS batch_rows;
-- 0 differences, either way
SELECT count(*) AS differences
  FROM ((TABLE cd_batch EXCEPT ALL TABLE cd_row) UNION ALL (TABLE cd_row EXCEPT ALL TABLE cd_batch)) AS x;
-- and the decisions cover every status and reason
SELECT array_agg(DISTINCT status ORDER BY status) AS statuses FROM cd_row;
SELECT array_agg(DISTINCT reason ORDER BY reason) AS reasons FROM cd_row;
SELECT count(*) FILTER (WHERE allowed) > 0 AS some_allowed,
       count(*) FILTER (WHERE reason = 'quiet_hours' AND next_allowed_at IS NOT NULL) > 0 AS some_next,
       count(*) FILTER (WHERE cardinality(timezones) > 1 AND allowed) > 0 AS several_zones_allowed
  FROM cd_row;
-- the windows of the states, Canada and France on the days they close
-- (informational by sms, no callee zone; the instants in the order above:
-- Ascension, lunch in Paris, Sunday, Pioneer Day, Mardi Gras, Victory
-- Day, Saturday morning, Friday evening)
SELECT r.n, string_agg(CASE WHEN r.allowed THEN 'open' ELSE r.reason END, ' ' ORDER BY c.id) AS decisions
  FROM cd_row r JOIN cd_case c ON c.id = r.id
 WHERE c.ch = 'sms' AND c.pu = 'informational' AND c.tz IS NULL AND c.pg = 'default'
   AND c.at IN ('2025-05-29 09:00Z', '2025-06-03 11:30Z', '2025-06-01 16:00Z', '2025-07-24 16:00Z',
                '2025-03-04 15:00Z', '2025-08-11 14:00Z', '2025-06-07 13:30Z', '2025-06-06 18:00Z')
   AND r.n IN ('+33699887766', '+12145558000', '+19155558000', '+18015558000',
               '+14015558000', '+15045558000', '+12155558000', '+14165558000')
 GROUP BY r.n, r.i ORDER BY r.i;

-- the programs answer differently: the numbers and cases whose decision
-- is not that of the program default
SELECT c.pg, count(*) AS decisions_unlike_default
  FROM cd_row r JOIN cd_case c ON c.id = r.id
  JOIN cd_case c0 ON c0.pg = 'default' AND (c0.ch, c0.pu, c0.at, c0.tz) IS NOT DISTINCT FROM (c.ch, c.pu, c.at, c.tz)
  JOIN cd_row r0 ON r0.id = c0.id AND r0.i = r.i
 WHERE c.pg <> 'default' AND (r.reason, r.status) IS DISTINCT FROM (r0.reason, r0.status)
 GROUP BY c.pg ORDER BY c.pg;
-- without a program: the program default, as phone_contact_decision
-- answers without one
SELECT count(*) AS differences_without_program
  FROM ((SELECT c.id, d.*
           FROM cd_case c, cd_list l,
                phone_contact_decisions(l.numbers, c.ch, c.pu, c.at, c.tz) WITH ORDINALITY AS d
          WHERE c.pg = 'default' AND c.pu = 'opt_out_confirmation'
         EXCEPT ALL
         SELECT c.id, u.n, x.*, u.i
           FROM cd_case c, cd_list l, unnest(l.numbers) WITH ORDINALITY AS u(n, i),
                LATERAL phone_contact_decision(u.n, c.ch, c.pu, c.at, c.tz) AS x
          WHERE c.pg = 'default' AND c.pu = 'opt_out_confirmation')) AS x;

-- A STOP for one program leaves the others' consent; one of every
-- program ('*') stops them all; the confirmation of an opt-out follows
-- the opt-outs of its program and of every program, and after one of
-- every program one confirmation in any program is the only one
-- (+12015558004: confirmed in default, so in acme and beta too)
SELECT pg, d.number, d.allowed, d.reason, d.status
  FROM unnest(ARRAY['default', 'acme', 'beta']) AS pg,
       phone_contact_decisions('{+12015558013,+12015558012,+12015558003}', 'sms', 'informational',
                               '2025-03-09 16:00Z', NULL, pg) AS d
 ORDER BY pg, d.number;
SELECT pg, ch, d.number, d.reason
  FROM unnest(ARRAY['default', 'acme', 'beta']) AS pg,
       (VALUES ('sms', '{+12015558004,+12015558012}'::phone[]), ('voice', '{+12015558005}')) AS l(ch, numbers),
       phone_contact_decisions(l.numbers, l.ch, 'opt_out_confirmation', '2025-03-09 07:00Z', NULL, pg) AS d
 ORDER BY pg, ch, d.number;

-- edge cases: an empty list, a NULL list, a NULL instant, only NULLs
SELECT count(*) AS empty FROM phone_contact_decisions('{}', 'sms', 'marketing', '2025-03-09 12:00Z');
SELECT count(*) AS null_list FROM phone_contact_decisions(NULL, 'sms', 'marketing', '2025-03-09 12:00Z');
SELECT * FROM phone_contact_decisions('{+12015558000, NULL}', 'sms', 'marketing', NULL);
SELECT * FROM phone_contact_decisions('{NULL}', 'nope', 'marketing', '2025-03-09 12:00Z');
-- a NULL program: rows of NULLs, as phone_contact_decision answers
SELECT * FROM phone_contact_decisions('{+12015558000, NULL}', 'sms', 'marketing', '2025-03-09 12:00Z', NULL,
                                      NULL);
-- the defaults: now(), no callee zone, the program default
SELECT d.number, d.reason = x.reason AND d.timezones = x.timezones AS same
  FROM phone_contact_decisions('{+12015558000}', 'sms', 'account_security') AS d,
       phone_contact_decision('+12015558000', 'sms', 'account_security') AS x;
-- the errors of phone_contact_decision
SELECT * FROM phone_contact_decisions('{+12015558000}', 'fax', 'marketing', '2025-03-09 12:00Z');
SELECT * FROM phone_contact_decisions('{+12015558000}', 'sms', 'nope', '2025-03-09 12:00Z');
SELECT * FROM phone_contact_decisions('{+12015558000}', 'sms', 'marketing', '2025-03-09 12:00Z', '{UTC+5}');
SELECT * FROM phone_contact_decisions('{+12015558000}', 'sms', 'marketing', '2025-03-09 12:00Z', '{NULL}');
-- the program: a name, and '*' only for revocations
SELECT * FROM phone_contact_decisions('{+12015558000}', 'sms', 'marketing', '2025-03-09 12:00Z', NULL, '*');
SELECT * FROM phone_contact_decisions('{+12015558000}', 'sms', 'marketing', '2025-03-09 12:00Z', NULL, 'a b');
SELECT * FROM phone_contact_decisions('{+12015558000}', 'sms', 'marketing', '2025-03-09 12:00Z', NULL, '');
