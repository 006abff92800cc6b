--
-- The writers of the consent ledger as a system of record: late data,
-- revocations that are never refused, confirmations against revocations,
-- STOP and START, and the evidence an event must carry.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- runs a statement; shows the SQLSTATE, message, and whether DETAIL and
-- HINT were given (with the first words of the DETAIL)
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
    d text;
    h text;
BEGIN
    EXECUTE q INTO r;
    RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || ' | ' || coalesce(left(regexp_replace(nullif(d, ''), 'Revocation [0-9]+', 'Revocation #'), 40), '(no detail)')
           || ' | ' || CASE WHEN coalesce(h, '') = '' THEN '(no hint)' ELSE 'hint' END;
END;
$$;

INSERT INTO phone_consent_notice (name, version, body, created_at)
VALUES ('regress-ledger', 1, 'Yes, text me offers from Example Co. Reply STOP to stop.', '2024-01-01Z');
SELECT notice_id AS notice FROM phone_consent_notice WHERE name = 'regress-ledger' \gset

-- 2. Late data never overrides an opt-out recorded earlier.  The
-- revocation is recorded now, dated 2025-03-01: a consent dated after it
-- and before now would override it.
SELECT phone_consent_revoke('+12015550501', 'sms', NULL, 'agent', '{}', '2025-03-01Z') > 0 AS revoked;
-- without evidence, or as an import, it is refused
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550501', 'sms', 'informational', 'agent',
                                                 occurred_at => '2025-04-01Z')$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550501', 'sms', 'informational', 'import',
                                                 evidence => '{"file": "crm-2025.csv"}',
                                                 occurred_at => '2025-04-01Z')$$);
-- another channel, or a consent dated before the revocation, overrides nothing
SELECT phone_consent_grant('+12015550501', 'voice', 'informational', 'agent',
                           occurred_at => '2025-04-01Z') > 0 AS other_channel,
       phone_consent_grant('+12015550501', 'sms', 'informational', 'agent',
                           occurred_at => '2025-02-01Z') > 0 AS dated_before;
-- with evidence and a method other than import it counts
SELECT phone_consent_grant('+12015550501', 'sms', 'informational', 'agent',
                           evidence => '{"call": "REC-7"}', occurred_at => '2025-04-01Z') > 0 AS with_evidence;
SELECT phone_consent_status('+12015550501', 'sms', 'informational', '2025-03-15Z') AS between,
       phone_consent_status('+12015550501', 'sms', 'informational', '2025-04-15Z') AS after;
-- a writer that may not read the ledger is not told why
CREATE ROLE regress_ledger_blind;
GRANT EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                              timestamptz, boolean, text, text, text, text)
    TO regress_ledger_blind;
SET SESSION AUTHORIZATION regress_ledger_blind;
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550501', 'sms', 'informational', 'agent',
                                                 occurred_at => '2025-04-02Z')$$);
RESET SESSION AUTHORIZATION;
REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text, text, text, text)
    FROM regress_ledger_blind;
DROP ROLE regress_ledger_blind;
-- consent given after the revocation was recorded is no late data
SELECT phone_consent_grant('+12015550501', 'sms', 'marketing', 'sms_keyword', :notice) > 0 AS fresh;

-- 3. A revocation is never refused: a channel, purpose or method it does
-- not know revokes everything and keeps the request
SELECT phone_consent_revoke('+12015550502', 'SMS', 'marketing', 'sms_keyword', '{}', '2025-01-02Z') > 0 AS r1,
       phone_consent_revoke('+12015550502', 'text', NULL, occurred_at => '2025-01-03Z') > 0 AS r2,
       phone_consent_revoke('+12015550502', 'sms', 'promotions', occurred_at => '2025-01-04Z') > 0 AS r3,
       phone_consent_revoke('+12015550502', 'sms', 'marketing', 'carrier pigeon',
                            '{"note": "by post"}', '2025-01-05Z') > 0 AS r4;
SELECT channel, purpose, method, evidence FROM phone_consent
 WHERE phone = '+12015550502' ORDER BY occurred_at;
-- evidence that is no object, or too large, an invalid agent or seller
SELECT phone_consent_revoke('+12015550502', 'sms', 'marketing', 'agent', '"said no"', '2025-01-06Z',
                            recorded_by => '   ', seller => repeat('x', 300)) > 0 AS r5,
       phone_consent_revoke('+12015550502', 'sms', 'marketing', 'agent',
                            jsonb_build_object('transcript', repeat('no ', 6000)), '2025-01-07Z') > 0 AS r6;
SELECT occurred_at, recorded_by = session_user AS by_session_user, seller,
       evidence - 'evidence_sha256' AS evidence, length(evidence ->> 'evidence_sha256') AS sha_hex
  FROM phone_consent WHERE phone = '+12015550502' AND occurred_at >= '2025-01-06Z' ORDER BY occurred_at;
-- a writer with EXECUTE on the revocation alone
CREATE ROLE regress_ledger_writer;
GRANT EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)
    TO regress_ledger_writer;
SET SESSION AUTHORIZATION regress_ledger_writer;
SELECT phone_consent_revoke('+12015550502', 'Text', 'promotions', 'fax', '{}', '2025-01-08Z',
                            'crm-sync') > 0 AS writer_revoked;
SELECT pg_temp.err($$SELECT count(*) FROM phone_consent$$);
RESET SESSION AUTHORIZATION;
SELECT channel, purpose, method, recorded_by, recorded_role, evidence FROM phone_consent
 WHERE phone = '+12015550502' AND occurred_at = '2025-01-08Z';
SELECT pg_temp.err($$SELECT phone_consent_revoke(NULL)$$);

-- 4. A revocation between a pending consent and its confirmation wins,
-- whichever is recorded first (specs/phone_consent_confirm_revoke.spec
-- runs them concurrently).  Confirmation recorded first:
SELECT phone_consent_grant('+12015550503', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-05-01 10:00Z', double_opt_in => true) > 0 AS pending;
SELECT phone_consent_confirm('+12015550503', 'sms', 'informational', 'sms_reply', '{"body": "YES"}',
                             '2025-05-01 10:10Z') > 0 AS confirmed;
SELECT phone_consent_revoke('+12015550503', NULL, NULL, 'sms_keyword', '{}', '2025-05-01 10:05Z') > 0 AS revoked;
SELECT phone_consent_status('+12015550503', 'sms', 'informational', '2025-05-01 10:11Z') AS status;
SELECT channel, purpose, occurred_at, evidence ? 'voids_confirmation' AS voids
  FROM phone_consent WHERE phone = '+12015550503' AND action = 'revoke' ORDER BY event_id;
-- revocation recorded first: nothing left to confirm
SELECT phone_consent_grant('+12015550504', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-05-01 10:00Z', double_opt_in => true) > 0 AS pending;
SELECT phone_consent_revoke('+12015550504', 'sms', 'informational', 'sms_keyword', '{}', '2025-05-01 10:05Z') > 0 AS revoked;
SELECT pg_temp.err($$SELECT phone_consent_confirm('+12015550504', 'sms', 'informational',
                                                   occurred_at => '2025-05-01 10:10Z')$$);
-- a revocation after the confirmation voids nothing
SELECT phone_consent_grant('+12015550505', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-05-01 10:00Z', double_opt_in => true) > 0 AS pending,
       phone_consent_confirm('+12015550505', 'sms', 'informational',
                             occurred_at => '2025-05-01 10:10Z') > 0 AS confirmed,
       phone_consent_revoke('+12015550505', 'voice', NULL, occurred_at => '2025-05-01 10:05Z') > 0 AS other_channel;
SELECT count(*) AS revocations FROM phone_consent WHERE phone = '+12015550505' AND action = 'revoke';
SELECT phone_consent_status('+12015550505', 'sms', 'informational', '2025-05-01 10:11Z') AS status;

-- 5. STOP twice, then START: what the person had before the first STOP
SELECT phone_consent_grant('+12015550506', 'sms', 'marketing', 'sms_keyword', :notice,
                           occurred_at => '2025-01-01Z', seller => 'Example Co') > 0 AS g1,
       phone_consent_grant('+12015550506', 'voice', 'informational', 'agent',
                           occurred_at => '2025-01-01Z') > 0 AS g2;
SELECT keyword, jsonb_path_query_array(consents, '$[*] ? (@.event_id != null).purpose') AS consents,
       jsonb_path_query_array(consents, '$[*] ? (@.event_id == null)') @> '[{"channel": "voice", "purpose": "transactional"}]' AS allowed_purposes,
       jsonb_array_length(consents) AS removed
  FROM phone_consent_apply_sms('+12015550506', 'STOP', '2025-02-01Z');
SELECT (phone_contact_decision('+12015550506', 'sms', 'transactional', '2025-02-02 15:00Z')).reason AS after_stop;
SELECT keyword, jsonb_array_length(consents) AS removed
  FROM phone_consent_apply_sms('+12015550506', 'STOP', '2025-02-02Z');
SELECT keyword, jsonb_path_query_array(consents, '$[*] ? (@.restores != null)') != '[]' AS restored_consents,
       jsonb_array_length(consents) AS restored
  FROM phone_consent_apply_sms('+12015550506', 'START', '2025-02-03Z', 'sms-gateway');
SELECT phone_consent_status('+12015550506', 'sms', 'marketing', '2025-02-04Z') AS marketing,
       phone_consent_status('+12015550506', 'voice', 'informational', '2025-02-04Z') AS informational,
       (phone_contact_decision('+12015550506', 'sms', 'transactional', '2025-02-04 15:00Z')).reason AS transactional,
       (phone_contact_decision('+12015550506', 'voice', 'account_security', '2025-02-04 15:00Z')).reason AS account_security;
SELECT purpose, seller, recorded_by, recorded_role = session_user AS role_ok, notice_id = :notice AS notice_kept
  FROM phone_consent WHERE phone = '+12015550506' AND occurred_at = '2025-02-03Z'
   AND purpose IN ('marketing', 'informational') ORDER BY purpose;
-- START again restores nothing more, and says so
SELECT * FROM phone_consent_apply_sms('+12015550506', 'START', '2025-02-05Z');
-- a transactional revocation of the person's own is no STOP's to lift
SELECT phone_consent_revoke('+12015550507', 'sms', 'transactional', occurred_at => '2025-01-01Z') > 0 AS own;
SELECT keyword FROM phone_consent_apply_sms('+12015550507', 'STOP', '2025-01-02Z');
SELECT keyword FROM phone_consent_apply_sms('+12015550507', 'START', '2025-01-03Z');
SELECT phone_consent_status('+12015550507', 'sms', 'transactional', '2025-01-04Z') AS sms,
       phone_consent_status('+12015550507', 'voice', 'transactional', '2025-01-04Z') AS voice;
SELECT pg_temp.err($$SELECT keyword FROM phone_consent_apply_sms('+12015550507', 'START', '2025-01-05Z', '')$$);
-- a STOP is never refused: an invalid agent name is kept
SELECT keyword FROM phone_consent_apply_sms('+12015550507', 'STOP', '2025-01-06Z', E'gw\t1');
SELECT recorded_by = session_user AS by_session_user, evidence -> 'requested' AS requested
  FROM phone_consent WHERE phone = '+12015550507' AND occurred_at = '2025-01-06Z';

-- 7. Evidence sufficient for a defence
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'sms', 'marketing', 'web_form', $$ || :notice || $$,
                                                 '{"ip": "192.0.2.1"}', '2025-01-01Z')$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'sms', 'marketing', 'web_form', $$ || :notice || $$,
                                                 '{"ip": "not an address", "user_agent": "x", "url": "https://example.com"}',
                                                 '2025-01-01Z')$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'voice', 'informational', 'paper_signed',
                                                 occurred_at => '2025-01-01Z')$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'sms', 'informational', 'agent',
                                                 evidence => jsonb_build_object('transcript', repeat('yes ', 5000)))$$);
SELECT pg_temp.err($$SELECT phone_consent_confirm('+12015550508', 'sms', 'informational', 'sms_reply',
                                                   jsonb_build_object('body', repeat('y', 17000)))$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'sms', 'informational', 'agent',
                                                 recorded_by => ' ')$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'sms', 'informational', 'agent',
                                                 seller => repeat('s', 201))$$);
SELECT pg_temp.err($$SELECT phone_consent_grant('+12015550508', 'sms', 'informational', 'agent',
                                                 recorded_by => E'agent\n7')$$);
SELECT pg_temp.err($$SELECT phone_mark_disconnected('+12015550508', '2025-01-01', recorded_by => '')$$);
-- a web form needs no form evidence for a purpose without written consent
SELECT phone_consent_grant('+12015550508', 'sms', 'informational', 'web_form', occurred_at => '2025-01-01Z') > 0 AS informational;
SELECT phone_consent_grant('+12015550508', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "2001:db8::1", "user_agent": "Mozilla/5.0", "url": "https://example.com/join"}',
                           '2025-01-01Z', recorded_by => 'signup-web 4.2', seller => 'Example Co') > 0 AS web,
       phone_consent_grant('+12015550508', 'voice', 'marketing', 'paper_signed', :notice,
                           '{"document_ref": "archive/2025/0001.pdf"}', '2025-01-01Z',
                           recorded_by => 'agent 7') > 0 AS paper,
       phone_mark_disconnected('+12015550509', '2025-01-01', 'carrier', 'carrier-feed') > 0 AS disconnected;
SELECT channel, purpose, action, recorded_by, seller, recorded_role = session_user AS role_ok
  FROM phone_consent WHERE phone IN ('+12015550508', '+12015550509') ORDER BY phone, event_id;

REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)
    FROM regress_ledger_writer;
DROP ROLE regress_ledger_writer;
