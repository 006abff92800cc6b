-- test/upgrade/data.sql: rows in every table of the consent ledger, written
-- through the functions of phone 1.0 (and of every later version), so that
-- test/upgrade/run.sh can check that an update keeps them row for row and
-- that a dump of the updated database restores them.
INSERT INTO phone_consent_notice (name, version, body, created_at) VALUES ('web', 1, 'I agree.', '2024-01-01Z');
INSERT INTO phone_consent_purpose (purpose, basis) VALUES ('surveys', 'opt_in');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes) VALUES ('1201', 'surveys', '09:00', '17:00');
SELECT phone_consent_grant('+12015550180', 'sms', 'marketing', 'web_form', 1,
                           '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "signup"}', '2025-01-01Z');
SELECT phone_consent_grant('+12015550181', 'voice', 'surveys', 'agent', occurred_at => '2025-01-01Z', double_opt_in => true);
SELECT phone_consent_apply_sms('+12015550180', 'STOP', '2025-02-01Z');
SELECT phone_consent_revoke('+12015550182', 'voice', occurred_at => '2025-01-02Z');
SELECT phone_mark_disconnected('+12015550181', '2025-03-01');
SELECT phone_consent_grant('+12015550183', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z');
SELECT phone_erase('+12015550183', 'DSR-1');
SELECT phone_consent_grant('+12015550185', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z');
SELECT phone_erase('+12015550185', 'DSR-2', 'forget');
-- privileges a DBA gave on the ledger (a table, a column, a writing
-- function): the adoption keeps them, as changes that pg_dump dumps
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'upgrade_reader') THEN
        CREATE ROLE upgrade_reader;
    END IF;
END
$$;
GRANT SELECT ON phone_consent TO upgrade_reader;
GRANT SELECT (body) ON phone_consent_notice TO upgrade_reader;
-- (the revocation function by its name: its argument list grew in 1.1)
DO $$
BEGIN
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO upgrade_reader',
                              (SELECT p.oid::pg_catalog.regprocedure FROM pg_catalog.pg_proc p
                                WHERE p.proname = 'phone_consent_revoke'));
END
$$;
-- and a right taken away: the status lookup from PUBLIC
REVOKE EXECUTE ON FUNCTION phone_consent_status(phone, text, text, timestamptz) FROM PUBLIC;
-- a view and a function of a DBA over the readers of 1.0 (the update
-- keeps their signatures)
CREATE VIEW upgrade_dba_contactable AS
    SELECT phone_can_contact('+12015550180', 'sms', 'marketing', '2025-03-01Z') AS sms,
           phone_consent_status('+12015550180', 'sms', 'marketing', '2025-03-01Z') AS status,
           (phone_contact_decision('+12015550180', 'sms', 'marketing', '2025-03-01Z')).reason AS reason,
           (phone_consent_state('+12015550180', 'sms', 'marketing', '2025-03-01Z')).status AS state;
CREATE FUNCTION upgrade_dba_can_call(n phone) RETURNS boolean
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT phone_can_contact(n, 'voice', 'surveys', '2025-03-01Z', '{America/New_York}');
END;
