--
-- phone_roles: the role setup of doc/privacy.md.  Each role can do exactly
-- its part: every statement below is run as the role and shows either "ok"
-- (with what it returned) or the SQLSTATE it was refused with.
--
SET client_min_messages = warning;

CREATE ROLE regress_phone_app_owner;
CREATE ROLE regress_phone_cwriter;
CREATE ROLE regress_phone_creader;
CREATE ROLE regress_phone_support;
CREATE ROLE regress_phone_officer;
CREATE ROLE regress_phone_pseudonymiser;
CREATE ROLE regress_phone_nobody;

-- runs a statement as the current role: 'ok: <first column of the first
-- row>' or 'refused <SQLSTATE>: <message>' (the message is left out where
-- its wording differs between server versions)
CREATE FUNCTION phone_test.try(stmt text, with_message boolean DEFAULT true) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE stmt INTO r;
    RETURN 'ok: ' || coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN 'refused ' || SQLSTATE || CASE WHEN with_message THEN ': ' || SQLERRM ELSE '' END;
END $$;
GRANT USAGE ON SCHEMA phone_test TO PUBLIC;

-- the application's table, owned by the application owner
GRANT CREATE ON SCHEMA phone_test TO regress_phone_app_owner;
SET ROLE regress_phone_app_owner;
CREATE TABLE phone_test.roles_contacts (id int PRIMARY KEY, name text, phone phone NOT NULL);
INSERT INTO phone_test.roles_contacts VALUES
    (1, 'Ada', '+1 201 555 0123'), (2, 'Blaise', '+44 7400 123456'),
    (3, 'Carl', '+1 201 555 0124'), (4, 'Dora', '+1 (201) 555-0123');
CREATE VIEW phone_test.roles_contacts_support WITH (security_barrier) AS
    SELECT id, name, phone_mask(phone) AS phone FROM phone_test.roles_contacts;
GRANT SELECT ON phone_test.roles_contacts_support TO regress_phone_support;
GRANT SELECT ON phone_test.roles_contacts TO regress_phone_officer;
RESET ROLE;

-- the grants of doc/privacy.md
GRANT EXECUTE ON FUNCTION
    phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text, text, text, text),
    phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text),
    phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text),
    phone_consent_apply_sms(phone, text, timestamptz, text, text),
    phone_mark_disconnected(phone, date, text, text)
  TO regress_phone_cwriter;
GRANT SELECT ON phone_consent, phone_consent_purpose, phone_contact_window,
    phone_suppression, phone_consent_current
  TO regress_phone_creader;
GRANT EXECUTE ON FUNCTION
    phone_erase(phone, text, text),
    phone_consent_purge(interval, boolean)
  TO regress_phone_officer;
GRANT SELECT ON phone_erasure_log, phone_suppression TO regress_phone_officer;
GRANT regress_phone_creader TO regress_phone_officer;
GRANT EXECUTE ON FUNCTION phone_pseudonym(phone, text) TO regress_phone_pseudonymiser;

-- a key, set for this session by a superuser
SET phone.pseudonym_key = 'regress-key-0123456789abcdef0123456789';
SET phone.pseudonym_key_id = 7;

-- ---------------------------------------------------------------------
-- writer
-- ---------------------------------------------------------------------
SET ROLE regress_phone_cwriter;
SELECT phone_test.try($$SELECT phone_consent_grant('+1 201 555 0123', 'sms', 'informational', 'web_form') > 0$$) AS grant_consent;
SELECT phone_test.try($$SELECT phone_consent_revoke('+1 201 555 0124', 'sms', 'informational') > 0$$) AS revoke_consent;
SELECT phone_test.try($$SELECT count(*) FROM phone_consent$$) AS read_ledger;
SELECT phone_test.try($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at) VALUES ('+1 201 555 0199', 'sms', 'informational', 'grant', 'import', now()) RETURNING event_id$$) AS insert_ledger;
SELECT phone_test.try($$SELECT phone_erase('+1 201 555 0123', 'R-1')$$) AS erase;
SELECT phone_test.try($$SELECT phone_consent_purge('1 day', false)$$) AS purge;
SELECT phone_test.try($$SELECT count(*) FROM phone_test.roles_contacts$$) AS read_contacts;
SELECT phone_test.try($$SELECT phone_pseudonym('+1 201 555 0123')$$) AS pseudonym;
RESET ROLE;

-- ---------------------------------------------------------------------
-- reader
-- ---------------------------------------------------------------------
SET ROLE regress_phone_creader;
SELECT phone_test.try($$SELECT phone_consent_status('+1 201 555 0123', 'sms', 'informational')$$) AS status;
SELECT phone_test.try($$SELECT reason FROM phone_contact_decision('+1 201 555 0124', 'sms', 'informational')$$) AS decision;
SELECT phone_test.try($$SELECT count(*) >= 0 FROM phone_consent_current$$) AS current_view;
SELECT phone_test.try($$SELECT phone_consent_grant('+1 201 555 0123', 'sms', 'informational', 'web_form')$$) AS grant_consent;
SELECT phone_test.try($$DELETE FROM phone_consent$$) AS delete_ledger;
SELECT phone_test.try($$SELECT phone_erase('+1 201 555 0123', 'R-1')$$) AS erase;
SELECT phone_test.try($$SELECT phone_consent_purge('1 day', false)$$) AS purge;
RESET ROLE;

-- ---------------------------------------------------------------------
-- support: the masked view only; no full number anywhere
-- ---------------------------------------------------------------------
SET ROLE regress_phone_support;
SELECT id, name, phone FROM phone_test.roles_contacts_support ORDER BY id;
-- no value support can read contains the national number in full
SELECT count(*) AS full_numbers_seen
FROM phone_test.roles_contacts_support s
WHERE s.phone ~ '[0-9]{7}';
SELECT phone_test.try($$SELECT phone::text FROM phone_test.roles_contacts LIMIT 1$$) AS read_table;
SELECT phone_test.try($$SELECT phone::text FROM phone_consent LIMIT 1$$) AS read_ledger;
SELECT phone_test.try($$SELECT phone::text FROM phone_consent_current LIMIT 1$$) AS read_current;
SELECT phone_test.try($$SELECT count(*) FROM phone_erasure_log$$) AS read_erasure_log;
SELECT phone_test.try($$SELECT count(*) FROM phone_suppression$$) AS read_suppression;
SELECT phone_test.try($$SELECT phone_pseudonym('+1 201 555 0123')$$) AS pseudonym;
SELECT phone_test.try($$SELECT phone_erase('+1 201 555 0123', 'R-1')$$) AS erase;
RESET ROLE;

-- ---------------------------------------------------------------------
-- privacy officer
-- ---------------------------------------------------------------------
SET ROLE regress_phone_officer;
SELECT phone_test.try($$SELECT count(*) FROM phone_audit('phone_test.roles_contacts', 'phone')$$) AS audit;
SELECT phone_test.try($$SELECT count(*) FROM phone_duplicates('phone_test.roles_contacts', 'phone')$$) AS duplicates;
SELECT phone_test.try($$SELECT count(*) FROM phone_without_consent('phone_test.roles_contacts', 'phone', 'sms', 'informational')$$) AS without_consent;
SELECT phone_test.try($$SELECT phone_consent_purge('1 day', true) >= 0$$) AS purge_dry_run;
SELECT phone_test.try($$SELECT phone_erase('+1 201 555 0123', 'REGRESS-ROLES-1') >= 0$$) AS erase;
SELECT phone_test.try($$SELECT phone_consent_status('+1 201 555 0123', 'sms', 'informational')$$) AS status_after;
SELECT phone_test.try($$SELECT count(*) FROM phone_erasure_log WHERE request_id = 'REGRESS-ROLES-1'$$) AS logged;
SELECT phone_test.try($$SELECT phone_consent_grant('+1 201 555 0124', 'sms', 'informational', 'web_form')$$) AS grant_consent;
SELECT phone_test.try($$UPDATE phone_consent SET method = 'agent'$$) AS update_ledger;
SELECT phone_test.try($$DELETE FROM phone_consent$$) AS delete_ledger;
SELECT phone_test.try($$SELECT current_setting('phone.pseudonym_key')$$, false) AS read_key;
SELECT phone_test.try($$SELECT phone_pseudonym('+1 201 555 0123')$$) AS pseudonym;
RESET ROLE;

-- ---------------------------------------------------------------------
-- pseudonymiser
-- ---------------------------------------------------------------------
SET ROLE regress_phone_pseudonymiser;
SELECT phone_test.try($$SELECT length(phone_pseudonym('+1 201 555 0123', 'analytics'))$$) AS pseudonym_length;
SELECT phone_test.try($$SELECT get_byte(phone_pseudonym('+1 201 555 0123', 'analytics'), 0)$$) AS key_id_byte;
SELECT phone_test.try($$SHOW phone.pseudonym_key$$, false) AS show_key;
SELECT phone_test.try($$SELECT current_setting('phone.pseudonym_key')$$, false) AS current_setting_key;
SELECT count(*) AS key_rows_in_pg_settings FROM pg_settings WHERE name LIKE 'phone.pseudonym%';
SELECT phone_test.try($$SET phone.pseudonym_key = 'analyst-chosen-key-0123456789abcdef0123'$$) AS set_key;
SELECT phone_test.try($$SELECT count(*) FROM phone_test.roles_contacts$$) AS read_contacts;
RESET ROLE;

-- ---------------------------------------------------------------------
-- a role with no grant
-- ---------------------------------------------------------------------
SET ROLE regress_phone_nobody;
SELECT phone_test.try($$SELECT phone_erase('+44 7400 123456', 'R-2')$$) AS erase;
SELECT phone_test.try($$SELECT phone_consent_purge('1 day')$$) AS purge;
SELECT phone_test.try($$SELECT phone_pseudonym('+44 7400 123456')$$) AS pseudonym;
SELECT phone_test.try($$SELECT count(*) FROM phone_audit('phone_test.roles_contacts', 'phone')$$) AS audit;
SELECT phone_test.try($$SELECT count(*) FROM phone_duplicates('phone_test.roles_contacts', 'phone')$$) AS duplicates;
SELECT phone_test.try($$SELECT phone_mask('+44 7400 123456')$$) AS mask;
RESET ROLE;


-- ---------------------------------------------------------------------
-- Errors of the writers (SECURITY DEFINER) say why an event was refused
-- only when the session user may read phone_consent and phone_suppression
-- (doc/security.md, "Threat model").  SET SESSION AUTHORIZATION changes
-- the session user; SET ROLE does not.
-- ---------------------------------------------------------------------
-- SQLSTATE, message and detail, times replaced by <time>
CREATE FUNCTION phone_test.why(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; det text;
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || ' | ' || regexp_replace(det, '[0-9]{4}-[0-9-]+[ T][0-9:.]+(Z|[+-][0-9]+)?', '<time>', 'g');
END $$;
SELECT phone_erase('+12015550461', 'R-LEAK-1') AS erased;
SELECT phone_consent_grant('+12015550462', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-01-01Z', double_opt_in => true) > 0 AS pending;
SELECT phone_consent_revoke('+12015550462', occurred_at => '2025-01-02Z') > 0 AS revoked;
SELECT phone_consent_grant('+12015550463', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-01-01Z', double_opt_in => true) > 0 AS pending;
CREATE VIEW phone_test.leak_probes (probe, stmt) AS VALUES
    ('suppressed', $$SELECT phone_consent_grant('+12015550461', 'sms', 'informational', 'import')$$),
    ('not pending', $$SELECT phone_consent_confirm('+12015550462', 'sms', 'informational', 'sms_reply', '{}', '2025-01-03Z')$$),
    ('too early', $$SELECT phone_consent_confirm('+12015550463', 'sms', 'informational', 'sms_reply', '{}', '2024-12-31Z')$$);
GRANT SELECT ON phone_test.leak_probes TO PUBLIC;
-- a writer's session: refused, without the reason
SET SESSION AUTHORIZATION regress_phone_cwriter;
SELECT session_user, probe, phone_test.why(stmt) FROM phone_test.leak_probes;
RESET SESSION AUTHORIZATION;
-- a writer that may read the ledger: the reason
GRANT regress_phone_creader TO regress_phone_cwriter;
SET SESSION AUTHORIZATION regress_phone_cwriter;
SELECT session_user, probe, phone_test.why(stmt) FROM phone_test.leak_probes;
RESET SESSION AUTHORIZATION;
REVOKE regress_phone_creader FROM regress_phone_cwriter;
-- SET ROLE from a session whose user may read: the reason
SET ROLE regress_phone_cwriter;
SELECT session_user = current_user AS same_user, probe, phone_test.why(stmt) FROM phone_test.leak_probes;
RESET ROLE;
DROP VIEW phone_test.leak_probes;
-- What an SMS STOP removed, or a START restored, is returned only to a
-- session that may read the ledger: a writer could otherwise read any
-- number's consent at any instant with a STOP dated then and rolled back
SELECT phone_consent_grant('+12015550467', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z') > 0 AS granted;
SET SESSION AUTHORIZATION regress_phone_cwriter;
BEGIN;
SELECT keyword, consents FROM phone_consent_apply_sms('+12015550467', 'STOP', '2025-01-02Z');
SELECT keyword, consents FROM phone_consent_apply_sms('+12015550467', 'START', '2025-01-03Z');
SELECT keyword, consents FROM phone_consent_apply_sms('+12015550468', 'START', '2025-01-03Z');
SELECT keyword, consents FROM phone_consent_apply_sms('+12015550467', 'HELP', '2025-01-03Z');
ROLLBACK;
RESET SESSION AUTHORIZATION;
GRANT regress_phone_creader TO regress_phone_cwriter;
SET SESSION AUTHORIZATION regress_phone_cwriter;
BEGIN;
SELECT keyword, jsonb_path_query_array(consents, '$[*] ? (@.event_id != null).purpose') AS removed
  FROM phone_consent_apply_sms('+12015550467', 'STOP', '2025-01-02Z');
SELECT keyword, jsonb_path_query_array(consents, '$[*] ? (@.restores != null).purpose') AS restored
  FROM phone_consent_apply_sms('+12015550467', 'START', '2025-01-03Z');
ROLLBACK;
RESET SESSION AUTHORIZATION;
REVOKE regress_phone_creader FROM regress_phone_cwriter;

-- ---------------------------------------------------------------------
-- START restores only what that number's STOP removed.  A writer cannot
-- plant a list of "removed" events (another number's consent) in a
-- revocation for START to copy: phone_consent_revoke keeps a caller's list
-- as "claimed_removed", and START restores only events of the same number,
-- channel and purpose that gave consent before the STOP.
-- ---------------------------------------------------------------------
INSERT INTO phone_consent_notice (name, version, body, created_at)
VALUES ('regress-roles-offers', 1, 'Yes, text me offers. Reply STOP to stop.', '2024-01-01Z');
SELECT phone_consent_grant('+12015550464', 'sms', 'marketing', 'web_form',
                           (SELECT notice_id FROM phone_consent_notice WHERE name = 'regress-roles-offers'),
                           '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => '2025-01-01Z') AS victim \gset
SET SESSION AUTHORIZATION regress_phone_cwriter;
SELECT phone_consent_revoke('+12015550465', NULL, NULL, 'sms_keyword',
                            jsonb_build_object('keyword', 'opt_out', 'removed',
                                jsonb_build_array(jsonb_build_object('channel', 'sms', 'purpose', 'marketing',
                                                                     'event_id', :victim))),
                            '2025-01-02Z') > 0 AS forged_stop;
SELECT (phone_consent_apply_sms('+12015550465', 'START', '2025-01-03Z')).keyword AS start;
RESET SESSION AUTHORIZATION;
SELECT action, method, evidence ? 'removed' AS has_removed, evidence ? 'claimed_removed' AS kept_as_claimed
  FROM phone_consent WHERE phone = '+12015550465' ORDER BY event_id;
SELECT phone_consent_status('+12015550465', 'sms', 'marketing', '2025-01-04Z') AS copied_consent;
-- a STOP with such a list written straight into the ledger (as a 1.0
-- ledger may hold one): START still copies nothing from another number
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at)
VALUES ('+12015550466', '*', '*', 'revoke', 'sms_keyword',
        jsonb_build_object('removed', jsonb_build_array(jsonb_build_object('channel', 'sms',
                           'purpose', 'marketing', 'event_id', :victim))), '2025-01-02Z');
SELECT (phone_consent_apply_sms('+12015550466', 'START', '2025-01-03Z')).keyword AS start;
SELECT count(*) AS events, phone_consent_status('+12015550466', 'sms', 'marketing', '2025-01-04Z') AS copied_consent
  FROM phone_consent WHERE phone = '+12015550466';
-- the victim's own STOP and START still work
SELECT (phone_consent_apply_sms('+12015550464', 'STOP', '2025-01-02Z')).keyword AS stop,
       (phone_consent_apply_sms('+12015550464', 'START', '2025-01-03Z')).keyword AS start,
       phone_consent_status('+12015550464', 'sms', 'marketing', '2025-01-04Z') AS restored;
SELECT (SELECT notice_sha256 FROM phone_consent WHERE event_id = :victim)
       = (SELECT notice_sha256 FROM phone_consent WHERE phone = '+12015550464'
           AND evidence ? 'restores' AND purpose = 'marketing') AS restored_with_hash;
DROP FUNCTION phone_test.why(text);

RESET phone.pseudonym_key;
RESET phone.pseudonym_key_id;

-- The SECURITY DEFINER trigger functions read the tombstones, the notices
-- and the purposes: no role may attach them to a table of its own
-- (CREATE TRIGGER needs EXECUTE, which PUBLIC does not have), and where
-- one is attached anyway (a superuser may), it refuses to fire
SET ROLE regress_phone_app_owner;
CREATE TABLE phone_test.roles_probe (phone phone, action text, method text, occurred_at timestamptz,
    notice_id bigint, evidence jsonb, confirms bigint, purpose text);
SELECT f, phone_test.try(format('CREATE TRIGGER probe BEFORE INSERT ON phone_test.roles_probe
                                 FOR EACH ROW EXECUTE FUNCTION %s()', f)) AS attach
  FROM unnest(ARRAY['phone_consent_suppression_check', 'phone_consent_reference_check',
                    'phone_consent_purpose_referenced']) AS f;
RESET ROLE;
CREATE TRIGGER probe BEFORE INSERT ON phone_test.roles_probe
    FOR EACH ROW EXECUTE FUNCTION phone_consent_suppression_check();
SELECT phone_test.try($$INSERT INTO phone_test.roles_probe VALUES ('+12015550185', 'grant', 'import',
                        now(), NULL, '{}', NULL, 'no-such-purpose') RETURNING 'inserted'$$) AS fire;
DROP TRIGGER probe ON phone_test.roles_probe;
CREATE TRIGGER probe AFTER INSERT ON phone_test.roles_probe
    FOR EACH ROW EXECUTE FUNCTION phone_consent_reference_check();
SELECT phone_test.try($$INSERT INTO phone_test.roles_probe VALUES ('+12015550185', 'grant', 'import',
                        now(), NULL, '{}', NULL, 'no-such-purpose') RETURNING 'inserted'$$) AS fire;
DROP TRIGGER probe ON phone_test.roles_probe;
CREATE TRIGGER probe AFTER INSERT ON phone_test.roles_probe
    FOR EACH ROW EXECUTE FUNCTION phone_consent_purpose_referenced();
SELECT phone_test.try($$INSERT INTO phone_test.roles_probe VALUES ('+12015550185', 'grant', 'import',
                        now(), NULL, '{}', NULL, 'no-such-purpose') RETURNING 'inserted'$$) AS fire;
DROP TRIGGER probe ON phone_test.roles_probe;
DROP TABLE phone_test.roles_probe;

-- clean up (the erasure above left a tombstone and a log row; they stay,
-- like every erasure)
DROP VIEW phone_test.roles_contacts_support;
DROP TABLE phone_test.roles_contacts;
REVOKE CREATE ON SCHEMA phone_test FROM regress_phone_app_owner;
REVOKE USAGE ON SCHEMA phone_test FROM PUBLIC;
DROP FUNCTION phone_test.try(text, boolean);
DROP OWNED BY regress_phone_app_owner, regress_phone_cwriter, regress_phone_creader,
    regress_phone_support, regress_phone_officer, regress_phone_pseudonymiser, regress_phone_nobody;
DROP ROLE regress_phone_app_owner;
DROP ROLE regress_phone_cwriter;
DROP ROLE regress_phone_creader;
DROP ROLE regress_phone_support;
DROP ROLE regress_phone_officer;
DROP ROLE regress_phone_pseudonymiser;
DROP ROLE regress_phone_nobody;
RESET client_min_messages;
