--
-- The consent ledger: recording, status, SMS keywords, guards, privileges.
-- Every timestamp is explicit so that the output is stable.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- runs a query and shows its single result, or the SQLSTATE and message
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE q INTO r;
    RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END;
$$;

-- catalog properties of the consent objects
SELECT p.proname,
       pg_get_function_identity_arguments(p.oid) AS args,
       p.provolatile AS vol, p.proparallel AS par, p.prosecdef AS secdef,
       CASE WHEN p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') THEN NULL
            ELSE p.proconfig[1] = 'search_path=pg_catalog, pg_temp'
                 AND p.proconfig[2:] <@ ARRAY['jit=off'] END
           AS pinned,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
  FROM pg_proc p
 WHERE p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND (p.proname LIKE 'phone\_consent%' OR p.proname LIKE 'phone\_contact%'
        OR p.proname IN ('phone_can_contact', 'phone_sms_keyword', 'phone_mark_disconnected',
                         'phone_timezones'))
 ORDER BY 1, 2;
-- every consent object has a comment
SELECT c.relname AS uncommented
  FROM pg_class c
 WHERE c.relnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND c.relkind IN ('r', 'v') AND c.relname LIKE 'phone\_con%'
   AND obj_description(c.oid, 'pg_class') IS NULL
UNION ALL
SELECT p.proname
  FROM pg_proc p
 WHERE p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND (p.proname LIKE 'phone\_con%' OR p.proname IN ('phone_can_contact', 'phone_sms_keyword',
                                                      'phone_mark_disconnected', 'phone_timezones'))
   AND obj_description(p.oid, 'pg_proc') IS NULL;
-- configuration dumped by pg_dump
SELECT c.relname, x.cond
  FROM pg_extension e,
       unnest(e.extconfig, e.extcondition) AS x(cfg, cond)
       JOIN pg_class c ON c.oid = x.cfg
 WHERE e.extname = 'phone_consent'
 ORDER BY 1;
-- seeded configuration
SELECT * FROM phone_consent_purpose ORDER BY purpose;
-- the calling windows by rule (test phone_contact_window has the details)
SELECT rule, calendar, days, opens, closes, count(*) AS prefixes,
       min(prefix) AS first, bool_and(purpose IS NULL AND predefined) AS every_purpose
  FROM phone_contact_window
 GROUP BY rule, calendar, days, opens, closes
 ORDER BY rule, days, opens;
SELECT calendar, count(*) AS holidays, min(day), max(day)
  FROM phone_public_holiday GROUP BY calendar ORDER BY calendar;

-- a notice; its hash is computed from the body
INSERT INTO phone_consent_notice (name, version, language, body, created_at)
VALUES ('web-signup', 1, 'en',
        'I agree to receive marketing text messages from Example Co. Reply STOP to stop.',
        '2024-01-01Z')
RETURNING name, version, encode(sha256, 'hex') = encode(sha256(convert_to(body, 'UTF8')), 'hex') AS hash_ok;
SELECT notice_id AS notice FROM phone_consent_notice WHERE name = 'web-signup' \gset

-- grants
SELECT phone_consent_grant('+12015550123', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "192.0.2.10", "form_id": "signup", "user_agent": "Mozilla/5.0"}', '2025-01-10 15:00Z') > 0 AS granted;
SELECT phone_consent_status('+12015550123', 'sms', 'marketing', '2025-01-10 14:59Z') AS before,
       phone_consent_status('+12015550123', 'sms', 'marketing', '2025-01-10 15:00Z') AS at_once,
       phone_consent_status('+12015550123', 'voice', 'marketing', '2025-02-01Z') AS other_channel,
       phone_consent_status('+12015550123', 'sms', 'informational', '2025-02-01Z') AS other_purpose;
SELECT phone, channel, purpose, action, method, notice_id = :notice AS notice_ok, evidence,
       occurred_at, recorded_by = session_user AS by_session_user,
       recorded_at <= clock_timestamp() AS recorded_ok
  FROM phone_consent WHERE phone = '+12015550123';

-- refusals of phone_consent_grant
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', '*', 'marketing', 'web_form', 1)$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'fax', 'marketing', 'web_form', 1)$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', '*', 'web_form', 1)$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'lottery', 'web_form', 1)$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'informational', 'telepathy')$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'marketing', 'web_form')$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'marketing', 'agent', 1)$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'marketing', 'web_form', 999999)$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'informational', 'agent',
                                                 occurred_at => clock_timestamp() + interval '1 hour')$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'informational', 'agent',
                                                 occurred_at => '2025-01-10Z', expires_at => '2025-01-09Z')$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'informational', 'agent',
                                                 evidence => '[1, 2]')$$);
SELECT pg_temp.try($$SELECT phone_consent_grant(NULL, 'sms', 'informational', 'agent')$$);
SET phone.validation = 'possible';
SELECT pg_temp.try($$SELECT phone_consent_grant('+12011550123', 'sms', 'informational', 'agent',
                                                 occurred_at => '2025-01-10Z')$$);
SELECT pg_temp.try($$SELECT phone_consent_grant('+12015550123', 'sms', 'informational', 'agent',
                                                 occurred_at => NULL)$$);
-- a revocation is never refused for a number that parses, valid or not
SELECT phone_consent_revoke('+12011550123', occurred_at => '2025-01-11Z') > 0 AS revoked;
SELECT phone_consent_status('+12011550123', 'sms', 'informational', '2025-01-12Z');
SET phone.validation = 'valid';
SELECT pg_temp.try($$SELECT phone_consent_revoke('+12015550123', 'fax')$$);
SELECT pg_temp.try($$SELECT phone_consent_revoke('+12015550123', 'sms', 'lottery')$$);

-- expiry
SELECT phone_consent_grant('+12015550124', 'voice', 'informational', 'verbal_recorded',
                           occurred_at => '2025-01-01Z', expires_at => '2025-07-01Z') > 0 AS granted;
SELECT phone_consent_status('+12015550124', 'voice', 'informational', '2025-06-30 23:59Z') AS before_expiry,
       phone_consent_status('+12015550124', 'voice', 'informational', '2025-07-01Z') AS at_expiry;
SELECT status, since FROM phone_consent_state('+12015550124', 'voice', 'informational', '2025-08-01Z');

-- the latest occurred_at wins, whatever the order of recording
SELECT phone_consent_revoke('+12015550125', 'sms', 'informational', 'agent', '{}', '2025-03-01Z') > 0 AS revoked;
SELECT phone_consent_grant('+12015550125', 'sms', 'informational', 'agent', occurred_at => '2025-02-01Z') > 0 AS granted_earlier;
SELECT phone_consent_status('+12015550125', 'sms', 'informational', '2025-02-15Z') AS mid,
       phone_consent_status('+12015550125', 'sms', 'informational', '2025-03-15Z') AS after;
-- a tie goes to the more restrictive event
SELECT phone_consent_grant('+12015550125', 'sms', 'informational', 'agent', evidence => '{"call": "C-1"}',
                           occurred_at => '2025-04-01Z') > 0 AS granted;
SELECT phone_consent_revoke('+12015550125', 'sms', NULL, 'agent', '{}', '2025-04-01Z') > 0 AS revoked_same_instant;
SELECT phone_consent_status('+12015550125', 'sms', 'informational', '2025-04-01Z');
SELECT phone_consent_grant('+12015550125', 'sms', 'informational', 'agent', evidence => '{"call": "C-2"}',
                           occurred_at => '2025-04-01Z', double_opt_in => true) > 0 AS pending_same_instant;
SELECT phone_consent_status('+12015550125', 'sms', 'informational', '2025-04-01Z');
-- a '*' revocation applies to every channel and purpose
SELECT phone_consent_grant('+12015550126', 'voice', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS g1,
       phone_consent_grant('+12015550126', 'whatsapp', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS g2;
SELECT phone_consent_revoke('+12015550126', 'voice', occurred_at => '2025-02-01Z') > 0 AS revoked_voice;
SELECT phone_consent_status('+12015550126', 'voice', 'informational', '2025-03-01Z') AS voice,
       phone_consent_status('+12015550126', 'whatsapp', 'informational', '2025-03-01Z') AS whatsapp;
-- a future time in a revocation is recorded as now; the claim is kept
SELECT phone_consent_revoke('+12015550126', occurred_at => '2999-01-01Z') > 0 AS revoked;
SELECT occurred_at <= clock_timestamp() AS clamped, evidence->>'claimed_occurred_at' AS claimed
  FROM phone_consent WHERE phone = '+12015550126' AND evidence ? 'claimed_occurred_at';

-- double opt-in
SELECT phone_consent_grant('+12015550127', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "192.0.2.11", "url": "https://example.com/signup", "user_agent": "Mozilla/5.0"}',
                           occurred_at => '2025-05-01 10:00Z', double_opt_in => true) > 0 AS pending;
SELECT phone_consent_status('+12015550127', 'sms', 'marketing', '2025-05-01 10:01Z');
SELECT pg_temp.try($$SELECT phone_consent_confirm('+12015550127', 'sms', 'marketing',
                                                   occurred_at => '2025-05-01 10:00Z')$$);
SELECT phone_consent_confirm('+12015550127', 'sms', 'marketing', 'sms_reply', '{"body": "YES"}',
                             '2025-05-01 10:05Z') > 0 AS confirmed;
SELECT phone_consent_status('+12015550127', 'sms', 'marketing', '2025-05-01 10:06Z');
SELECT action, method, notice_id = :notice AS notice_kept, confirms IS NOT NULL AS links_pending
  FROM phone_consent WHERE phone = '+12015550127' ORDER BY occurred_at;
SELECT pg_temp.try($$SELECT phone_consent_confirm('+12015550127', 'sms', 'marketing',
                                                   occurred_at => '2025-05-01 10:07Z')$$);
SELECT pg_temp.try($$SELECT phone_consent_confirm('+12015550199', 'sms', 'marketing',
                                                   occurred_at => '2025-05-01 10:07Z')$$);
SELECT pg_temp.try($$SELECT phone_consent_confirm('+12015550127', '*', 'marketing')$$);

-- a disconnected number: history up to that day is void
SELECT phone_consent_grant('+12015550128', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS old_owner;
SELECT phone_mark_disconnected('+12015550128', '2025-03-01', 'carrier feed') > 0 AS marked;
SELECT phone_consent_status('+12015550128', 'sms', 'informational', '2025-02-28 23:59Z') AS before,
       phone_consent_status('+12015550128', 'sms', 'informational', '2025-03-01Z') AS on_the_day,
       phone_consent_status('+12015550128', 'sms', 'informational', '2025-06-01Z') AS later;
SELECT phone_consent_grant('+12015550128', 'sms', 'informational', 'agent', occurred_at => '2025-03-01 18:00Z') > 0 AS same_day;
SELECT phone_consent_status('+12015550128', 'sms', 'informational', '2025-03-02Z') AS same_day_is_void;
SELECT phone_consent_grant('+12015550128', 'sms', 'informational', 'agent', occurred_at => '2025-03-02 09:00Z') > 0 AS new_owner;
SELECT phone_consent_status('+12015550128', 'sms', 'informational', '2025-03-03Z') AS new_owner_status;
SELECT channel, purpose, action, disconnected_on, source, occurred_at
  FROM phone_consent WHERE phone = '+12015550128' AND action = 'invalidate';
SELECT pg_temp.try($$SELECT phone_mark_disconnected('+12015550128', current_date + 2)$$);
SELECT pg_temp.try($$SELECT phone_mark_disconnected('+12015550128', NULL)$$);

-- SMS keywords
SELECT body, phone_sms_keyword(body)
  FROM unnest(ARRAY['STOP', ' stop ', 'Stop', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'Quit',
                    'REVOKE', 'optout', 'OPT OUT', E'opt \t out', 'START', 'unstop', 'YES', 'y',
                    'help', 'INFO', 'Stop texting me', 'STOP!', 'yes please', '', 'STÖP']) AS body;
SELECT phone_sms_keyword(NULL) IS NULL AS strict;
-- revocations as people write them (47 CFR 64.1200(a)(10)): a message that
-- contains an opt-out word, whatever its width, case, accents, punctuation
-- and spaces, in English, French or Spanish
-- (the message by its place in the list: psql versions align invisible
-- characters differently)
SELECT n, phone_sms_words(body) AS words, phone_sms_keyword(body)
  FROM unnest(ARRAY['Stop texting me', 'STOP.', 'Stop!', 'STOP ALL', 'opt-out', 'Opt Out!', 'unsub',
                    'ＳＴＯＰ', U&'\00A0STOP', U&'STOP\3000', U&'S\200BTOP', U&'\FEFFstop',
                    U&'\+01D412\+01D413\+01D40E\+01D40F', 'ARRÊT', 'arret', U&'ARRE\0302T', '« Arrêt »',
                    'BAJA', '¡Baja!', 'PARAR', 'NO MAS', 'no más', 'No más mensajes por favor',
                    'Please cancel my subscription', 'I want to quit', 'the END', 'revoke consent',
                    'Unsubscribe me now', 'stop 🛑']) WITH ORDINALITY AS m(body, n);
-- not revocations: words that only contain one, and other messages
SELECT body, phone_sms_keyword(body)
  FROM unnest(ARRAY['weekend', 'nonstop', 'stopped', 'subscribe', 'Hello', 'no', 'mas',
                    U&'\0421\0422\041E\041F']) AS body;
-- the other keywords are the whole message: START inside a longer one is no opt-in
SELECT body, phone_sms_keyword(body)
  FROM unnest(ARRAY['START', 'Start!', 'ＳＴＡＲＴ', 'START now', 'please start', 'yes', 'Yes.',
                    'yes please', 'HELP', 'help?', 'Help me stop', 'aide', 'AYUDA', 'info']) AS body;
-- the keywords are data: a row of one's own adds a word
SELECT class, count(*) AS keywords, count(*) FILTER (WHERE predefined) AS predefined,
       count(*) FILTER (WHERE source IS NULL) AS without_source
  FROM phone_sms_keywords GROUP BY class ORDER BY class;
SELECT keyword, class, language FROM phone_sms_keywords WHERE language <> 'en' ORDER BY 1;
SELECT phone_sms_keyword('désinscrire') AS before;
INSERT INTO phone_sms_keywords (keyword, class, language, source)
VALUES ('désinscrire', 'opt_out', 'fr', 'regression test');
SELECT phone_sms_keyword('Je veux me DÉSINSCRIRE.') AS after;
-- one meaning for each sequence of words; a keyword has words; four classes
SELECT pg_temp.try($$INSERT INTO phone_sms_keywords (keyword, class, language) VALUES ('Stop!', 'help', 'en')$$);
SELECT pg_temp.try($$INSERT INTO phone_sms_keywords (keyword, class, language) VALUES ('¡!', 'help', 'es')$$);
SELECT pg_temp.try($$INSERT INTO phone_sms_keywords (keyword, class, language) VALUES ('halt', 'stop', 'en')$$);
SELECT pg_temp.try($$INSERT INTO phone_sms_keywords (keyword, class, language) VALUES ('halt', 'opt_out', 'EN')$$);
-- the predefined words are read-only
SELECT pg_temp.try($$DELETE FROM phone_sms_keywords WHERE keyword = 'stop'$$);
SELECT pg_temp.try($$UPDATE phone_sms_keywords SET class = 'help' WHERE keyword = 'stop'$$);
SELECT pg_temp.try($$INSERT INTO phone_sms_keywords (keyword, class, language, predefined) VALUES ('halt', 'opt_out', 'en', true)$$);
SELECT pg_temp.try($$TRUNCATE phone_sms_keywords$$);
DELETE FROM phone_sms_keywords WHERE keyword = 'désinscrire';
SELECT phone_sms_keyword('désinscrire') AS removed;

-- STOP revokes everything; START restores exactly what that STOP removed
SELECT phone_consent_grant('+12015550130', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "192.0.2.12", "form_id": "signup", "user_agent": "Mozilla/5.0"}',
                           occurred_at => '2025-01-01Z', expires_at => '2025-12-01Z') > 0 AS g1,
       phone_consent_grant('+12015550130', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS g2,
       phone_consent_grant('+12015550130', 'voice', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS g3;
SELECT phone_consent_revoke('+12015550130', 'voice', 'informational', occurred_at => '2025-02-01Z') > 0 AS voice_revoked_before;
SELECT (phone_consent_apply_sms('+12015550130', 'Stop', '2025-03-01Z')).keyword;
SELECT channel, purpose, status FROM phone_consent_current WHERE phone = '+12015550130' ORDER BY 1, 2;
SELECT jsonb_path_query_array(evidence, '$.removed[*].purpose') AS removed
  FROM phone_consent WHERE phone = '+12015550130' AND method = 'sms_keyword';
-- after the STOP, informational texts were granted again by an agent, then revoked
SELECT phone_consent_grant('+12015550130', 'sms', 'informational', 'agent', evidence => '{"call": "C-3"}',
                           occurred_at => '2025-03-05Z') > 0 AS regranted;
SELECT phone_consent_revoke('+12015550130', 'sms', 'informational', occurred_at => '2025-03-06Z') > 0 AS revoked_again;
SELECT (phone_consent_apply_sms('+12015550130', 'START', '2025-03-10Z')).keyword;
SELECT channel, purpose, status FROM phone_consent_current WHERE phone = '+12015550130' ORDER BY 1, 2;
SELECT purpose, action, method, notice_id = :notice AS notice_kept, expires_at
  FROM phone_consent WHERE phone = '+12015550130' AND occurred_at = '2025-03-10Z';
SELECT (phone_consent_apply_sms('+12015550130', 'help', '2025-03-11Z')).keyword AS help,
       (phone_consent_apply_sms('+12015550130', 'Start texting me', '2025-03-11Z')).keyword AS not_a_keyword;
SELECT count(*) AS nothing_recorded FROM phone_consent WHERE phone = '+12015550130' AND occurred_at = '2025-03-11Z';
-- a message that contains an opt-out word revokes everything
SELECT phone_consent_grant('+12015550133', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') > 0 AS granted;
SELECT (phone_consent_apply_sms('+12015550133', U&'Stop texting me\00A0!', '2025-03-01Z')).keyword;
SELECT channel, purpose, action, method, evidence ->> 'keyword' AS keyword
  FROM phone_consent WHERE phone = '+12015550133' AND occurred_at = '2025-03-01Z';
SELECT phone_consent_status('+12015550133', 'sms', 'informational', '2025-03-02Z');
-- START with no STOP before it records nothing
SELECT (phone_consent_apply_sms('+12015550131', 'START', '2025-03-10Z')).keyword;
SELECT count(*) AS nothing_recorded FROM phone_consent WHERE phone = '+12015550131';
-- YES confirms what is pending; with nothing pending it is START
SELECT phone_consent_grant('+12015550132', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-04-01 12:00Z', double_opt_in => true) > 0 AS pending;
SELECT (phone_consent_apply_sms('+12015550132', 'yes', '2025-04-01 12:02Z')).keyword;
SELECT phone_consent_status('+12015550132', 'sms', 'informational', '2025-04-01 12:03Z');
SELECT (phone_consent_apply_sms('+12015550132', 'STOP', '2025-04-02Z')).keyword,
       (phone_consent_apply_sms('+12015550132', 'YES', '2025-04-03Z')).keyword;
SELECT phone_consent_status('+12015550132', 'sms', 'informational', '2025-04-04Z');

-- the view
SELECT phone, channel, purpose, status, since FROM phone_consent_current WHERE phone IN ('+12015550127', '+12015550128') ORDER BY 1, 2, 3;

-- status lookups use the ledger's index, one scope at a time
-- (phone_consent_read shows the whole lookup)
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT * FROM phone_consent e
 WHERE e.phone = '+12015550123' AND e.occurred_at <= '2025-06-01Z'
   AND e.channel = 'sms' AND e.purpose = 'marketing';
RESET enable_seqscan;

-- the ledger is append-only, for every role
SELECT pg_temp.try($$UPDATE phone_consent SET source = 'x'$$);
SELECT pg_temp.try($$DELETE FROM phone_consent$$);
SELECT pg_temp.try($$TRUNCATE phone_consent CASCADE$$);
SELECT pg_temp.try($$UPDATE phone_consent_notice SET body = 'changed' WHERE notice_id = $$ || :notice);
SELECT pg_temp.try($$DELETE FROM phone_consent_notice WHERE notice_id = $$ || :notice);
SELECT pg_temp.try($$TRUNCATE phone_consent_notice CASCADE$$);
-- a notice nobody references can still be corrected or removed
INSERT INTO phone_consent_notice (name, version, body) VALUES ('draft', 1, 'tpyo');
UPDATE phone_consent_notice SET body = 'typo' WHERE name = 'draft'
RETURNING body, sha256 = sha256('typo'::bytea) AS rehashed;
DELETE FROM phone_consent_notice WHERE name = 'draft';
-- predefined configuration is read-only; own rows are not
SELECT pg_temp.try($$UPDATE phone_consent_purpose SET hours_apply = false WHERE purpose = 'marketing'$$);
SELECT pg_temp.try($$DELETE FROM phone_contact_window WHERE prefix = ''$$);
SELECT pg_temp.try($$INSERT INTO phone_consent_purpose (purpose, basis, predefined) VALUES ('x', 'opt_in', true)$$);
SELECT pg_temp.try($$TRUNCATE phone_contact_window$$);
SELECT pg_temp.try($$DELETE FROM phone_public_holiday WHERE calendar = 'FR'$$);
SELECT pg_temp.try($$INSERT INTO phone_public_holiday (calendar, day, name, predefined) VALUES ('FR', '2025-06-02', 'x', true)$$);
SELECT pg_temp.try($$TRUNCATE phone_public_holiday$$);
SELECT pg_temp.try($$TRUNCATE phone_consent_purpose CASCADE$$);
INSERT INTO phone_consent_purpose (purpose, basis, written_required, hours_apply)
VALUES ('regress_survey', 'opt_in', false, true);
UPDATE phone_consent_purpose SET description = 'surveys' WHERE purpose = 'regress_survey';
DELETE FROM phone_consent_purpose WHERE purpose = 'regress_survey';

-- an owner that is not a superuser cannot change the ledger either
CREATE ROLE regress_phone_owner;
CREATE ROLE regress_phone_writer;
CREATE ROLE regress_phone_other;
GRANT regress_phone_other TO regress_phone_writer;
SELECT pg_get_userbyid(relowner) AS ext_owner FROM pg_class WHERE relname = 'phone_consent' \gset
ALTER TABLE phone_consent OWNER TO regress_phone_owner;
ALTER TABLE phone_consent_notice OWNER TO regress_phone_owner;
SET ROLE regress_phone_owner;
SELECT pg_temp.try($$UPDATE phone_consent SET source = 'x'$$);
SELECT pg_temp.try($$DELETE FROM phone_consent WHERE phone = '+12015550123'$$);
SELECT pg_temp.try($$TRUNCATE phone_consent$$);
SELECT pg_temp.try($$UPDATE phone_consent_notice SET body = 'changed'$$);
SELECT pg_temp.try($$DELETE FROM phone_consent_notice$$);
RESET ROLE;
ALTER TABLE phone_consent OWNER TO :"ext_owner";
ALTER TABLE phone_consent_notice OWNER TO :"ext_owner";

-- writers need EXECUTE, and no privilege on the ledger; recorded_by is
-- the session user, not the role set with SET ROLE nor the function owner
SET SESSION AUTHORIZATION regress_phone_writer;
SELECT pg_temp.try($$SELECT phone_consent_revoke('+12015550140', occurred_at => '2025-01-01Z')$$);
SELECT pg_temp.try($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
                     VALUES ('+12015550140', 'sms', 'marketing', 'grant', 'import', '2025-01-01Z')$$);
RESET SESSION AUTHORIZATION;
GRANT EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)
    TO regress_phone_other;
GRANT EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                              timestamptz, boolean, text, text, text, text) TO regress_phone_other;
SET SESSION AUTHORIZATION regress_phone_writer;
SET ROLE regress_phone_other;
SELECT session_user, current_user;
SELECT phone_consent_revoke('+12015550140', occurred_at => '2025-01-01Z') > 0 AS revoked;
SELECT phone_consent_grant('+12015550140', 'sms', 'informational', 'agent', evidence => '{"call": "C-4"}',
                           occurred_at => '2025-01-02Z') > 0 AS granted;
SELECT pg_temp.try($$SELECT count(*) FROM phone_consent$$);
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT action, recorded_by FROM phone_consent WHERE phone = '+12015550140' ORDER BY occurred_at;

REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)
    FROM regress_phone_other;
REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text, text, text, text) FROM regress_phone_other;
DROP ROLE regress_phone_writer;
DROP ROLE regress_phone_other;
DROP ROLE regress_phone_owner;
