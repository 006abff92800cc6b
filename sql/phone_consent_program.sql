--
-- Programs: consent and opt-outs belong to a program (a sender, brand or
-- short code).  An event of one program decides nothing for another; a
-- revocation of every program (program '*') decides for all.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- ---------------------------------------------------------------------
-- The column
-- ---------------------------------------------------------------------
-- every event belongs to 'default' unless told otherwise
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
VALUES ('+12015550900', 'sms', 'informational', 'grant', 'agent', '2025-01-01Z')
RETURNING program;
-- '*' is for revocations only, and a program is a name
SELECT code, message FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
    VALUES ('+12015550900', 'sms', 'informational', 'grant', 'agent', '2025-01-01Z', '*')$$);
SELECT code, message FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
    VALUES ('+12015550900', 'sms', 'informational', 'revoke', 'agent', '2025-01-01Z', 'two words')$$);
SELECT code, message FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
    VALUES ('+12015550900', 'sms', 'informational', 'revoke', 'agent', '2025-01-01Z', '')$$);

-- ---------------------------------------------------------------------
-- Status per program
-- ---------------------------------------------------------------------
-- +12015550901: consent for brand_a and brand_b (and default); an opt-out
-- of everything for brand_a only
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
VALUES ('+12015550901', 'sms', 'marketing', 'grant', 'import', '2025-01-01Z', 'brand_a'),
       ('+12015550901', 'sms', 'marketing', 'grant', 'import', '2025-01-01Z', 'brand_b'),
       ('+12015550901', 'sms', 'marketing', 'grant', 'import', '2025-01-01Z', 'default'),
       ('+12015550901', '*', '*', 'revoke', 'sms_keyword', '2025-01-05Z', 'brand_a');
SELECT g AS program,
       phone_consent_status('+12015550901', 'sms', 'marketing', '2025-01-10Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default', 'brand_c']) AS g;
-- without a program: 'default'
SELECT phone_consent_status('+12015550901', 'sms', 'marketing', '2025-01-10Z') AS default_status,
       (phone_consent_state('+12015550901', 'sms', 'marketing', '2025-01-10Z')).status AS default_state;
-- a revocation of every program decides for each of them
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
VALUES ('+12015550901', 'sms', '*', 'revoke', 'agent', '2025-01-20Z', '*');
SELECT g AS program,
       phone_consent_status('+12015550901', 'sms', 'marketing', '2025-01-10Z', 'infinity', g) AS jan_10,
       phone_consent_status('+12015550901', 'sms', 'marketing', '2025-01-25Z', 'infinity', g) AS jan_25,
       phone_consent_status('+12015550901', 'voice', 'marketing', '2025-01-25Z', 'infinity', g) AS voice_jan_25
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
-- ... and a later grant for one program lifts it for that program only
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
VALUES ('+12015550901', 'sms', 'marketing', 'grant', 'import', '2025-02-01Z', 'brand_b');
SELECT g AS program,
       phone_consent_status('+12015550901', 'sms', 'marketing', '2025-02-02Z', 'infinity', g) AS feb_2
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
-- the status is asked as recorded by a time, per program too
SELECT phone_consent_status('+12015550901', 'sms', 'marketing', '2025-02-02Z', '2025-01-01Z', 'brand_b')
       AS known_before_anything;
-- NULL program: no answer (STRICT)
SELECT phone_consent_status('+12015550901', 'sms', 'marketing', '2025-02-02Z', 'infinity', NULL) IS NULL
       AS null_program;

-- ---------------------------------------------------------------------
-- Decisions per program
-- ---------------------------------------------------------------------
SELECT g AS program, d.allowed, d.reason, d.status
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g,
       LATERAL phone_contact_decision('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z',
                                      NULL, 'infinity', g) AS d;
SELECT phone_can_contact('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z', NULL, 'brand_b') AS brand_b,
       phone_can_contact('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z', NULL, 'brand_a') AS brand_a,
       phone_can_contact('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z') AS default_program,
       phone_can_contact('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z', NULL, NULL) AS null_program;
-- the signature of 1.0 stays (views of 1.0 use it) and answers for
-- default; the one in a program takes every argument, so that calls with
-- three to five arguments are not ambiguous
SELECT p.oid::regprocedure AS signature, p.pronargdefaults AS defaults
  FROM pg_proc p WHERE p.proname = 'phone_can_contact' ORDER BY p.pronargs;
SELECT phone_can_contact('+12015550901', 'sms', 'marketing') IS NOT NULL AS three,
       phone_can_contact('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z', NULL)
       = phone_can_contact('+12015550901', 'sms', 'marketing', '2025-02-02 16:00Z', NULL, 'default') AS five_is_default;
-- a purpose allowed unless revoked: refused in the program that opted
-- out, allowed in another
SELECT phone_can_contact('+12015550901', 'voice', 'transactional', '2025-01-10 16:00Z', NULL, 'brand_a') AS brand_a,
       phone_can_contact('+12015550901', 'voice', 'transactional', '2025-01-10 16:00Z', NULL, 'brand_b') AS brand_b;
-- the one message confirming an opt-out follows an opt-out of its program
-- (or of every program)
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
VALUES ('+12015550902', 'sms', '*', 'revoke', 'agent', '2025-03-01 16:00Z', 'brand_a');
SELECT g AS program, d.allowed, d.reason
  FROM unnest(ARRAY['brand_a', 'brand_b']) AS g,
       LATERAL phone_contact_decision('+12015550902', 'sms', 'opt_out_confirmation',
                                      '2025-03-01 16:01Z', NULL, 'infinity', g) AS d;
-- after an opt-out of every program, one confirmation in total, in any
-- program; after an opt-out of one program, one in that program (the
-- decision, and the decisions for a list, alike)
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
VALUES ('+12015550920', 'sms', '*', 'revoke', 'agent', '2025-03-01 16:00Z', '*'),
       ('+12015550920', 'sms', 'opt_out_confirmation', 'revoke', 'agent', '2025-03-01 16:01Z', 'brand_a'),
       ('+12015550921', 'sms', '*', 'revoke', 'agent', '2025-03-01 16:00Z', 'brand_a'),
       ('+12015550921', 'sms', 'opt_out_confirmation', 'revoke', 'agent', '2025-03-01 16:01Z', 'brand_a'),
       ('+12015550921', 'sms', '*', 'revoke', 'agent', '2025-03-01 16:00Z', 'brand_b');
SELECT n, g AS program, d.reason,
       (SELECT l.reason FROM phone_contact_decisions(ARRAY[n]::phone[], 'sms', 'opt_out_confirmation',
                                                     '2025-03-01 16:02Z', NULL, g) AS l) AS list_reason
  FROM unnest(ARRAY['+12015550920', '+12015550921']) AS n,
       unnest(ARRAY['brand_a', 'brand_b', 'x1', 'x2']) AS g,
       LATERAL phone_contact_decision(n::phone, 'sms', 'opt_out_confirmation',
                                      '2025-03-01 16:02Z', NULL, 'infinity', g) AS d
 ORDER BY 1, 2;

-- ---------------------------------------------------------------------
-- The views
-- ---------------------------------------------------------------------
SELECT c.channel, c.purpose, c.program, c.status
  FROM phone_consent_current c WHERE c.phone = '+12015550901'
 ORDER BY c.program, c.channel, c.purpose;
-- the view says what phone_consent_state says, program by program
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (c.status, c.since, c.event_id)
                              IS DISTINCT FROM (s.status, s.since, s.event_id)) AS differences
  FROM phone_consent_current c,
       LATERAL phone_consent_state(c.phone, c.channel, c.purpose, now(), 'infinity', c.program) AS s
 WHERE c.phone BETWEEN '+12015550900' AND '+12015550999';
-- +12015550903: an opt-out of everything in brand_a: listed for brand_a;
-- +12015550904: a revocation of everything in every program: listed with
-- program '*'; +12015550905: the same, then consent in brand_b: listed
-- with program '*', resumed in brand_b (a dialer for brand_b may call it,
-- one for any other program not)
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, program)
VALUES ('+12015550903', 'sms', 'informational', 'grant', 'agent', '2025-01-01Z', 'brand_b'),
       ('+12015550903', '*', '*', 'revoke', 'sms_keyword', '2025-01-02Z', 'brand_a'),
       ('+12015550904', '*', '*', 'revoke', 'agent', '2025-01-02Z', '*'),
       ('+12015550905', '*', '*', 'revoke', 'agent', '2025-01-02Z', '*'),
       ('+12015550905', 'sms', 'informational', 'grant', 'agent', '2025-01-03Z', 'brand_b');
SELECT d.phone, d.program, d.reason, d.resumed_in
  FROM phone_do_not_contact d
 WHERE d.phone BETWEEN '+12015550900' AND '+12015550905' ORDER BY 1, 2;
SELECT g AS dialer, pg_catalog.array_agg(d.phone ORDER BY d.phone) AS skipped
  FROM unnest(ARRAY['brand_a', 'brand_b', 'brand_c']) AS g, phone_do_not_contact d
 WHERE d.phone BETWEEN '+12015550900' AND '+12015550905'
   AND (d.program = g OR (d.program = '*' AND g <> ALL (d.resumed_in)))
 GROUP BY g ORDER BY g;
SELECT g AS program, phone_can_contact('+12015550905', 'sms', 'informational', '2025-01-04 16:00Z', NULL, g) AS allowed
  FROM unnest(ARRAY['brand_a', 'brand_b']) AS g;

-- ---------------------------------------------------------------------
-- Retention: an event of another program beats nothing
-- ---------------------------------------------------------------------
-- +12015550906: a 2020 grant in brand_a, a 2021 revocation in brand_b:
-- the grant still decides brand_a's status and stays; a 2022 revocation of
-- every program beats both
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at, program)
VALUES ('+12015550906', 'sms', 'informational', 'grant', 'agent', '2020-01-01Z', '2020-01-01Z', 'brand_a'),
       ('+12015550906', 'sms', 'informational', 'revoke', 'agent', '2021-01-01Z', '2021-01-01Z', 'brand_b');
SELECT e.program, e.action, e.event_id IN (SELECT * FROM phone_consent_purgeable('1 year')) AS purgeable
  FROM phone_consent e WHERE e.phone = '+12015550906' ORDER BY e.event_id;
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at, program)
VALUES ('+12015550906', '*', '*', 'revoke', 'agent', '2022-01-01Z', '2022-01-01Z', '*');
SELECT e.program, e.action, e.event_id IN (SELECT * FROM phone_consent_purgeable('1 year')) AS purgeable
  FROM phone_consent e WHERE e.phone = '+12015550906' ORDER BY e.event_id;

-- ---------------------------------------------------------------------
-- Plans: one descent of the index per scope, the program included
-- ---------------------------------------------------------------------
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT e.event_id FROM phone_consent e
 WHERE e.phone = '+12015550901' AND e.channel = 'sms' AND e.purpose = 'marketing'
   AND e.program = 'brand_a'
   AND e.occurred_at <= '2025-06-01Z' AND e.occurred_at >= '-infinity'
   AND e.action <> 'invalidate' AND e.recorded_at <= 'infinity'
 ORDER BY e.occurred_at DESC, CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
          e.event_id DESC
 LIMIT 1;
RESET enable_seqscan;

-- ---------------------------------------------------------------------
-- Writers
-- ---------------------------------------------------------------------
-- +12015550910: consent in brand_a and brand_b; a STOP to brand_a leaves
-- brand_b's consent
SELECT phone_consent_grant('+12015550910', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => 'brand_a') > 0 AS a,
       phone_consent_grant('+12015550910', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => 'brand_b') > 0 AS b;
SELECT keyword, jsonb_path_query_array(consents, '$[*] ? (@.event_id != null) .program') AS removed_programs,
       jsonb_array_length(consents) AS removed
  FROM phone_consent_apply_sms('+12015550910', 'STOP', '2025-01-02Z', NULL, 'brand_a');
SELECT program, channel, purpose, (evidence -> 'removed' -> 0) ->> 'program' AS first_removed_program
  FROM phone_consent WHERE phone = '+12015550910' AND action = 'revoke';
SELECT g AS program,
       phone_consent_status('+12015550910', 'sms', 'informational', '2025-01-03Z', 'infinity', g) AS status,
       phone_can_contact('+12015550910', 'voice', 'transactional', '2025-01-03 16:00Z', NULL, g) AS transactional
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
-- START to brand_b restores nothing (brand_b was not stopped); START to
-- brand_a restores brand_a's consent
SELECT keyword, consents FROM phone_consent_apply_sms('+12015550910', 'START', '2025-01-03Z', NULL, 'brand_b');
SELECT keyword, jsonb_array_length(consents) AS restored
  FROM phone_consent_apply_sms('+12015550910', 'START', '2025-01-04Z', NULL, 'brand_a');
SELECT phone_consent_status('+12015550910', 'sms', 'informational', '2025-01-05Z', 'infinity', 'brand_a') AS brand_a,
       phone_can_contact('+12015550910', 'voice', 'transactional', '2025-01-05 16:00Z', NULL, 'brand_a') AS transactional;
-- a STOP with no program stops every program
SELECT keyword FROM phone_consent_apply_sms('+12015550910', 'STOP', '2025-01-06Z', NULL, NULL);
SELECT program FROM phone_consent WHERE phone = '+12015550910' ORDER BY event_id DESC LIMIT 1;
SELECT g AS program,
       phone_consent_status('+12015550910', 'sms', 'informational', '2025-01-07Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
-- ... and START in one program restores that program only
SELECT keyword, jsonb_array_length(consents) AS restored
  FROM phone_consent_apply_sms('+12015550910', 'START', '2025-01-08Z', NULL, 'brand_b');
SELECT g AS program,
       phone_consent_status('+12015550910', 'sms', 'informational', '2025-01-09Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_a', 'brand_b']) AS g;
-- START and YES need a program that is a name (NULL: default)
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_apply_sms('+12015550910', 'START', '2025-01-10Z', NULL, '*')$$);
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_apply_sms('+12015550910', 'START', '2025-01-10Z', NULL, 'a b')$$);
-- a STOP to a program that is no name stops every program, and keeps it
SELECT keyword FROM phone_consent_apply_sms('+12015550911', 'STOP', '2025-01-06Z', NULL, 'Brand B!');
SELECT program, evidence -> 'requested' AS requested FROM phone_consent WHERE phone = '+12015550911';

-- +12015550912: a revocation of one program revokes that program only;
-- with a NULL program, every program; with one that is no name, every
-- program
SELECT phone_consent_grant('+12015550912', 'voice', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => g) > 0 AS granted
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
SELECT phone_consent_revoke('+12015550912', 'voice', 'informational', occurred_at => '2025-01-02Z',
                            program => 'brand_a') > 0 AS revoked_a;
SELECT g AS program,
       phone_consent_status('+12015550912', 'voice', 'informational', '2025-01-03Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
-- in 'default'
SELECT phone_consent_revoke('+12015550912', 'voice', 'informational', occurred_at => '2025-01-03Z',
                            program => 'default') > 0 AS revoked_default;
SELECT g AS program,
       phone_consent_status('+12015550912', 'voice', 'informational', '2025-01-03 12:00Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
SELECT phone_consent_revoke('+12015550912', 'voice', 'informational', occurred_at => '2025-01-04Z',
                            program => NULL) > 0 AS revoked_all;
SELECT program FROM phone_consent WHERE phone = '+12015550912' ORDER BY event_id DESC LIMIT 1;
SELECT g AS program,
       phone_consent_status('+12015550912', 'voice', 'informational', '2025-01-05Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_a', 'brand_b', 'default']) AS g;
SELECT phone_consent_revoke('+12015550913', program => 'no such program!') > 0 AS revoked;
SELECT channel, purpose, program, evidence -> 'requested' AS requested FROM phone_consent WHERE phone = '+12015550913';
-- grant and confirm take one program that is a name
SELECT code, message, detail FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550914', 'sms', 'informational', 'agent', program => '*')$$);
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550914', 'sms', 'informational', 'agent', program => NULL)$$);
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550914', 'sms', 'informational', 'agent', program => 'a b')$$);
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_confirm('+12015550914', 'sms', 'informational', program => '*')$$);
-- a decision for a program that is no name is an error, as for a channel
SELECT code, message FROM phone_test.statement_error($$SELECT phone_contact_decision('+12015550914', 'sms', 'informational', now(), NULL, 'infinity', '*')$$);

-- +12015550917: program names are folded to lower case wherever they are
-- taken; a revocation or STOP without a program, or in one that no
-- consent was ever given or asked in (an odd spelling), revokes every
-- program, keeping what was asked
SELECT phone_consent_grant('+12015550917', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => 'Brand_Fold') > 0 AS granted;
SELECT DISTINCT program FROM phone_consent WHERE phone = '+12015550917';
SELECT phone_consent_status('+12015550917', 'sms', 'informational', '2025-01-02Z', 'infinity', 'BRAND_FOLD') AS status,
       (phone_consent_state('+12015550917', 'sms', 'informational', '2025-01-02Z', 'infinity', 'brand_FOLD')).status AS state,
       (phone_contact_decision('+12015550917', 'sms', 'informational', '2025-01-02 16:00Z', NULL, 'infinity', 'Brand_fold')).status AS decision,
       (SELECT d.status FROM phone_contact_decisions(ARRAY['+12015550917']::phone[], 'sms', 'informational',
                                                     '2025-01-02 16:00Z', NULL, 'BRAND_fold') AS d) AS decisions;
SELECT phone_consent_revoke('+12015550917', 'sms', 'informational', occurred_at => '2025-01-03Z',
                            program => 'BRAND_Fold') > 0 AS revoked;
SELECT program, evidence -> 'requested' AS requested FROM phone_consent
 WHERE phone = '+12015550917' AND action = 'revoke';
SELECT phone_consent_status('+12015550917', 'sms', 'informational', '2025-01-04Z', 'infinity', 'brand_fold') AS status;
-- a program never used (a misspelling), and no program at all: every program
SELECT phone_consent_revoke('+12015550917', 'voice', occurred_at => '2025-01-05Z',
                            program => 'brand_fodl') > 0 AS misspelt,
       phone_consent_revoke('+12015550917', 'voice', occurred_at => '2025-01-06Z') > 0 AS no_program;
SELECT program, evidence -> 'requested' AS requested FROM phone_consent
 WHERE phone = '+12015550917' AND action = 'revoke' AND channel <> 'sms' ORDER BY event_id;
-- an SMS: a STOP to a program no consent was given in stops every
-- program; one without a program too; START without one acts in default
SELECT keyword FROM phone_consent_apply_sms('+12015550917', 'STOP', '2025-01-07Z', NULL, 'Brand_Nowhere');
SELECT keyword FROM phone_consent_apply_sms('+12015550917', 'STOP', '2025-01-08Z');
SELECT program, evidence -> 'requested' AS requested FROM phone_consent
 WHERE phone = '+12015550917' AND action = 'revoke' AND method = 'sms_keyword'
   AND channel = '*' ORDER BY event_id;
SELECT keyword FROM phone_consent_apply_sms('+12015550917', 'START', '2025-01-09Z');
SELECT DISTINCT program FROM phone_consent
 WHERE phone = '+12015550917' AND occurred_at >= '2025-01-09Z' AND action = 'grant';
-- a STOP to a program spelt in another case stops that program only
SELECT phone_consent_grant('+12015550918', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => g) > 0 AS granted
  FROM unnest(ARRAY['brand_fold', 'default']) AS g;
SELECT keyword FROM phone_consent_apply_sms('+12015550918', 'STOP', '2025-01-02Z', NULL, 'BRAND_FOLD');
SELECT g AS program,
       phone_consent_status('+12015550918', 'sms', 'informational', '2025-01-03Z', 'infinity', g) AS status
  FROM unnest(ARRAY['brand_fold', 'default']) AS g;

-- +12015550915: a confirmation is for the pending event of its program
SELECT phone_consent_grant('+12015550915', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z',
                           double_opt_in => true, program => 'brand_a') > 0 AS pending_a;
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_confirm('+12015550915', 'sms', 'informational', occurred_at => '2025-01-02Z')$$);
SELECT phone_consent_confirm('+12015550915', 'sms', 'informational', occurred_at => '2025-01-02Z',
                             program => 'brand_a') > 0 AS confirmed_a;
SELECT program, action, confirms IS NOT NULL AS confirms FROM phone_consent
 WHERE phone = '+12015550915' ORDER BY event_id;
-- ... and YES confirms those of its program
SELECT phone_consent_grant('+12015550915', 'voice', 'informational', 'agent', occurred_at => '2025-01-03Z',
                           double_opt_in => true, program => 'brand_b') > 0 AS pending_b;
SELECT keyword, consents FROM phone_consent_apply_sms('+12015550915', 'YES', '2025-01-04Z', NULL, 'brand_a');
SELECT keyword, jsonb_array_length(consents) AS confirmed
  FROM phone_consent_apply_sms('+12015550915', 'YES', '2025-01-04Z', NULL, 'brand_b');
SELECT phone_consent_status('+12015550915', 'voice', 'informational', '2025-01-05Z', 'infinity', 'brand_b') AS brand_b;

-- +12015550916: late data is judged within the program: a revocation of
-- brand_a recorded after a consent's date does not refuse brand_b's
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at, recorded_at, program)
VALUES ('+12015550916', 'sms', '*', 'revoke', 'agent', '2025-01-01Z', now(), 'brand_a');
SELECT phone_consent_grant('+12015550916', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-02Z', program => 'brand_b') > 0 AS brand_b;
SELECT code, message FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550916', 'sms', 'informational', 'agent', occurred_at => '2025-01-02Z', program => 'brand_a')$$);

-- a disconnected number (an invalidation of the program default) voids
-- every program
SELECT phone_mark_disconnected('+12015550916', '2025-01-03') > 0 AS disconnected;
SELECT program FROM phone_consent WHERE phone = '+12015550916' AND action = 'invalidate';
SELECT phone_consent_status('+12015550916', 'sms', 'informational', '2025-01-05Z', 'infinity', 'brand_b') AS brand_b;

SELECT phone_consent_verify() AS first_broken_event;

-- +12015550981: a revocation in a program this number never gave or was
-- asked consent in is read as an odd spelling and revokes every program,
-- even when another number uses that program (a near miss: promo for
-- promos)
SELECT phone_consent_grant('+12015550982', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => 'promo') > 0 AS other_number_in_promo;
SELECT phone_consent_grant('+12015550981', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', program => 'promos') > 0 AS promos;
SELECT phone_consent_revoke('+12015550981', occurred_at => '2025-01-02Z', program => 'Promo') > 0 AS revoked;
SELECT program, evidence -> 'requested' AS requested FROM phone_consent
 WHERE phone = '+12015550981' AND action = 'revoke';
SELECT phone_consent_status('+12015550981', 'sms', 'informational', '2025-01-03Z', 'infinity', 'promos') AS promos,
       phone_consent_status('+12015550982', 'sms', 'informational', '2025-01-03Z', 'infinity', 'promo') AS other_number;
SELECT phone_consent_verify() AS first_broken_event_after_near_miss;

-- The rule both writers of revocations share
-- (phone_consent_revocation_program): a program this number has a grant or
-- a pending request in, folded to lower case, or 'default' or '*', stays;
-- any other (never used by this number, used only by another number,
-- invalid, NULL) becomes '*', every program
SELECT p AS program, phone_consent_revocation_program('+12015550981', p) AS revokes
  FROM unnest(ARRAY['promos', 'PROMOS', 'promo', 'Default', '*', 'never', 'bad name!', '', NULL]) AS p;
