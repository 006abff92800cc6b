--
-- What evidence means cannot change (doc/consent.md, "What evidence
-- means"): a purpose the ledger names keeps its key and rules; an event
-- names an existing purpose; a notice it cites existed when the person
-- acted, was written for its channel and purpose, and its SHA-256 is the
-- event's notice_sha256; a cited notice cannot change.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- errors as phone_test.statement_error shows them, with notice ids (which
-- depend on the tests run before) as N
CREATE FUNCTION pg_temp.err(stmt text)
    RETURNS TABLE (code text, message text, detail text, hint text) LANGUAGE sql
AS $f$
    SELECT e.code, regexp_replace(e.message, '(notice|Notice) \d+', '\1 N', 'g'),
           regexp_replace(regexp_replace(e.detail, '(notice|Notice) \d+', '\1 N', 'g'),
                          'contains \(\d+,', 'contains (N,'), e.hint
      FROM phone_test.statement_error(stmt) AS e
$f$;

-- a purpose of our own: free to change while no event names it
INSERT INTO phone_consent_purpose (purpose, basis, written_required, hours_apply, description)
VALUES ('regress_meaning', 'opt_in', false, true, 'surveys');
UPDATE phone_consent_purpose SET basis = 'opt_out', hours_apply = false WHERE purpose = 'regress_meaning'
RETURNING purpose, basis, hours_apply;
UPDATE phone_consent_purpose SET basis = 'opt_in', hours_apply = true WHERE purpose = 'regress_meaning';
SELECT phone_consent_grant('+12015550491', 'sms', 'regress_meaning', 'agent',
                           occurred_at => '2025-01-01Z') > 0 AS granted;
SELECT phone_consent_revoke('+12015550492', 'voice', 'regress_meaning',
                            occurred_at => '2025-01-01Z') > 0 AS revoked;
-- once named, its rules are frozen: a change of basis would turn the
-- decision for a number without consent from "no" to "yes" after the fact
SELECT (phone_contact_decision('+12015550493', 'sms', 'regress_meaning', '2025-01-01 15:00Z')).reason;
SELECT * FROM pg_temp.err($$UPDATE phone_consent_purpose SET basis = 'opt_out' WHERE purpose = 'regress_meaning'$$);
SELECT * FROM pg_temp.err($$UPDATE phone_consent_purpose SET written_required = true WHERE purpose = 'regress_meaning'$$);
SELECT * FROM pg_temp.err($$UPDATE phone_consent_purpose SET hours_apply = false WHERE purpose = 'regress_meaning'$$);
SELECT * FROM pg_temp.err($$UPDATE phone_consent_purpose SET purpose = 'regress_renamed' WHERE purpose = 'regress_meaning'$$);
SELECT * FROM pg_temp.err($$DELETE FROM phone_consent_purpose WHERE purpose = 'regress_meaning'$$);
SELECT (phone_contact_decision('+12015550493', 'sms', 'regress_meaning', '2025-01-01 15:00Z')).reason;
-- its description may change; an update that keeps the rules passes
UPDATE phone_consent_purpose SET description = 'customer surveys', basis = 'opt_in'
 WHERE purpose = 'regress_meaning' RETURNING purpose, description;
-- a change of rules above READ COMMITTED is refused, referenced or not
INSERT INTO phone_consent_purpose (purpose, basis) VALUES ('regress_unused', 'opt_in');
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT * FROM pg_temp.err($$UPDATE phone_consent_purpose SET basis = 'opt_out' WHERE purpose = 'regress_unused'$$);
ROLLBACK;
DELETE FROM phone_consent_purpose WHERE purpose = 'regress_unused' RETURNING purpose;
-- new rules go under a new key
INSERT INTO phone_consent_purpose (purpose, basis) VALUES ('regress_meaning_v2', 'opt_out')
RETURNING purpose, basis;

-- the ledger names purposes by key: an event with an unknown purpose is
-- refused, as a foreign key would ('*' is every purpose, for revocations)
SELECT * FROM pg_temp.err($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
                           VALUES ('+12015550494', 'sms', 'no_such_purpose', 'revoke', 'unspecified', '2025-01-01Z')$$);
SELECT phone_consent_revoke('+12015550494', occurred_at => '2025-01-01Z') > 0 AS revoke_all;

-- Notices.  created_at is when the wording was first shown: not in the
-- future, on insert or update
SELECT * FROM pg_temp.err($$INSERT INTO phone_consent_notice (name, version, body, created_at)
                           VALUES ('regress-future', 1, 'Later.', now() + interval '1 day')$$);
INSERT INTO phone_consent_notice (name, version, body, created_at, channel, purpose)
VALUES ('regress-meaning-sms', 1, 'Yes, text me surveys.', '2025-01-01Z', 'sms', 'regress_meaning'),
       ('regress-meaning-any', 1, 'Yes, contact me.', '2025-01-01Z', NULL, NULL),
       ('regress-meaning-late', 1, 'Yes, text me surveys (v2).', '2025-06-01Z', 'sms', 'regress_meaning');
SELECT * FROM pg_temp.err($$UPDATE phone_consent_notice SET created_at = now() + interval '1 day'
                           WHERE name = 'regress-meaning-late'$$);
SELECT * FROM pg_temp.err($$INSERT INTO phone_consent_notice (name, version, body, channel)
                           VALUES ('regress-bad-channel', 1, 'x', 'SMS')$$);
SELECT notice_id AS n_sms FROM phone_consent_notice WHERE name = 'regress-meaning-sms' \gset
SELECT notice_id AS n_any FROM phone_consent_notice WHERE name = 'regress-meaning-any' \gset
SELECT notice_id AS n_late FROM phone_consent_notice WHERE name = 'regress-meaning-late' \gset

-- a notice created after the consent occurred cannot be cited
SELECT * FROM pg_temp.err($$SELECT phone_consent_grant('+12015550495', 'sms', 'regress_meaning', 'web_form', $$
                          || :n_late || $$, occurred_at => '2025-03-01Z')$$);
-- nor one for another channel or purpose
SELECT * FROM pg_temp.err($$SELECT phone_consent_grant('+12015550495', 'voice', 'regress_meaning', 'web_form', $$
                          || :n_sms || $$, occurred_at => '2025-03-01Z')$$);
SELECT * FROM pg_temp.err($$SELECT phone_consent_grant('+12015550495', 'sms', 'informational', 'web_form', $$
                          || :n_sms || $$, occurred_at => '2025-03-01Z')$$);
-- at the same instant, for its channel and purpose, or a notice for any
SELECT phone_consent_grant('+12015550495', 'sms', 'regress_meaning', 'web_form', :n_sms,
                           occurred_at => '2025-01-01Z') > 0 AS same_instant,
       phone_consent_grant('+12015550495', 'voice', 'informational', 'web_form', :n_any,
                           occurred_at => '2025-03-01Z', double_opt_in => true) > 0 AS any_notice,
       phone_consent_grant('+12015550495', 'sms', 'regress_meaning', 'web_form', :n_late,
                           occurred_at => '2025-06-02Z') > 0 AS later_consent;
SELECT phone_consent_confirm('+12015550495', 'voice', 'informational', occurred_at => '2025-03-02Z') > 0 AS confirmed;
-- every event that cites a notice keeps its SHA-256 (the confirmation
-- copies the pending event's)
SELECT e.channel, e.purpose, e.action, n.name, e.notice_sha256 = n.sha256 AS sha_kept,
       e.notice_sha256 = sha256(convert_to(n.body, 'UTF8')) AS sha_of_body
  FROM phone_consent e JOIN phone_consent_notice n USING (notice_id)
 WHERE e.phone = '+12015550495' ORDER BY e.event_id;
-- a row that gives another hash, or none, is refused
SELECT * FROM pg_temp.err($$INSERT INTO phone_consent (phone, channel, purpose, action, method, notice_id, occurred_at)
                           VALUES ('+12015550496', 'sms', 'regress_meaning', 'grant', 'web_form', $$ || :n_sms || $$, '2025-03-01Z')$$);
SELECT * FROM pg_temp.err($$INSERT INTO phone_consent (phone, channel, purpose, action, method, notice_id, notice_sha256, occurred_at)
                           VALUES ('+12015550496', 'sms', 'regress_meaning', 'grant', 'web_form', $$ || :n_sms || $$,
                                   sha256('other'::bytea), '2025-03-01Z')$$);
SELECT * FROM pg_temp.err($$INSERT INTO phone_consent (phone, channel, purpose, action, method, notice_id, occurred_at)
                           VALUES ('+12015550496', 'sms', 'regress_meaning', 'grant', 'web_form', 999999, '2025-03-01Z')$$);
-- a cited notice cannot change, not even its channel, purpose or date
SELECT * FROM pg_temp.err($$UPDATE phone_consent_notice SET channel = 'voice' WHERE notice_id = $$ || :n_sms);
SELECT * FROM pg_temp.err($$UPDATE phone_consent_notice SET created_at = '2020-01-01Z' WHERE notice_id = $$ || :n_sms);
SELECT * FROM pg_temp.err($$DELETE FROM phone_consent_notice WHERE notice_id = $$ || :n_any);
-- a restore session loads rows as they were dumped
BEGIN;
SET LOCAL check_function_bodies = off;
INSERT INTO phone_consent (phone, channel, purpose, action, method, notice_id, occurred_at, prev_hash, event_hash)
VALUES ('+12015550496', 'sms', 'regress_meaning', 'grant', 'web_form', :n_late, '2025-03-01Z', '\x01', '\x02')
RETURNING notice_id = :n_late AS loaded;
ROLLBACK;
