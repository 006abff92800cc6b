--
-- Erasure with suppression: phone_erase, the tombstones, the erasure log,
-- and the guards that keep the ledger append-only except through it.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- errors are shown with phone_test.statement_error (phone_opclass)

-- catalog properties of the new functions; every new object has a comment
SELECT p.proname, p.prosecdef AS secdef, p.provolatile AS vol,
       p.proconfig = ARRAY['search_path=pg_catalog, pg_temp'] AS pinned,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
  FROM pg_proc p
 WHERE p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'phone')
   AND p.proname IN ('phone_erase', 'phone_consent_purge', 'phone_consent_purgeable',
                     'phone_consent_suppression_check', 'phone_suppression_guard',
                     'phone_erasure_log_guard', 'phone_consent_guard')
 ORDER BY 1;
SELECT d.classid::regclass AS catalog, pg_describe_object(d.classid, d.objid, d.objsubid) AS uncommented
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'phone_consent')
   AND d.deptype = 'e' AND d.classid <> 'pg_type'::regclass  -- row types of tables (listed on 17)
   AND obj_description(d.objid, d.classid::regclass::name) IS NULL
   AND pg_describe_object(d.classid, d.objid, d.objsubid) ~ '(suppression|erasure|purge|permit|erase)';
SELECT t.tgname, obj_description(t.oid, 'pg_trigger') IS NOT NULL AS commented
  FROM pg_trigger t
 WHERE t.tgrelid IN ('phone_consent'::regclass, 'phone_suppression'::regclass,
                     'phone_erasure_log'::regclass)
   AND NOT t.tgisinternal
 ORDER BY 1;
-- dumped by pg_dump: tombstones, the log and its sequence; never the permits
SELECT c.relname, x.cond
  FROM pg_extension e,
       unnest(e.extconfig, e.extcondition) AS x(cfg, cond)
       JOIN pg_class c ON c.oid = x.cfg
 WHERE e.extname = 'phone_consent' AND c.relname ~ '(suppression|erasure|permit)'
 ORDER BY 1;
-- nobody but the owner has any privilege on the permits
SELECT count(*) AS permit_grants
  FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
 WHERE c.relname = 'phone_consent_permit' AND a.grantee <> c.relowner;

-- a consent history: two numbers, several channels and purposes
INSERT INTO phone_consent_notice (name, version, body, created_at)
VALUES ('regress-erasure', 1, 'Yes, text me offers. Reply STOP to stop.', '2024-01-01Z');
SELECT notice_id AS notice FROM phone_consent_notice WHERE name = 'regress-erasure' \gset
SELECT phone_consent_grant('+12015550201', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', '2025-01-01Z') > 0 AS g1,
       phone_consent_grant('+12015550201', 'voice', 'informational', 'agent',
                           occurred_at => '2025-01-02Z') > 0 AS g2,
       phone_consent_revoke('+12015550201', 'voice', NULL, occurred_at => '2025-02-01Z') > 0 AS r1,
       phone_consent_grant('+12015550201', 'whatsapp', 'informational', 'web_form',
                           occurred_at => '2025-03-01Z', double_opt_in => true) > 0 AS p1,
       phone_mark_disconnected('+12015550201', '2024-06-01') > 0 AS i1,
       phone_consent_grant('+12015550202', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z') > 0 AS other_number;
SELECT count(*) AS events FROM phone_consent WHERE phone = '+12015550201';

-- erase with suppression: every event goes, one tombstone stays
SELECT phone_erase('+12015550201', 'DSR-2025-001') AS events_deleted;
SELECT count(*) AS events_left FROM phone_consent WHERE phone = '+12015550201';
SELECT count(*) AS other_number_kept FROM phone_consent WHERE phone = '+12015550202';
-- the tombstone and the log hold the keyed hash of the number (32 bytes,
-- the same as the hash the key gives), never its digits
SELECT phone_hash = phone_consent_number_hash('+12015550201') AS hash_of_the_number,
       octet_length(phone_hash) AS hash_bytes, request_id, erased_at <= clock_timestamp() AS erased_at_ok
  FROM phone_suppression WHERE request_id LIKE 'DSR-%';
SELECT operation, request_id, mode, events_deleted, older_than, performed_by = session_user AS by_session_user,
       phone_hash = phone_consent_number_hash('+12015550201') AS hash_of_the_number
  FROM phone_erasure_log WHERE request_id LIKE 'DSR-%' ORDER BY log_id;
SELECT phone_is_suppressed('+12015550201') AS suppressed, phone_is_suppressed('+12015550202') AS other_number,
       phone_is_suppressed(NULL) AS null_number;
-- the HMAC-SHA256 of "phone_consent.number.v1", a 0 byte and the digits,
-- under the key of phone_consent_key (doc/privacy.md), recomputed here
-- from the key with the pads of RFC 2104
SELECT phone_consent_number_hash('+12015550201') =
       sha256(k.outer_pad || sha256(k.inner_pad || convert_to('phone_consent.number.v1', 'UTF8')
                                    || '\x00'::bytea || convert_to('12015550201', 'UTF8'))) AS hmac_from_pads,
       k.inner_pad = (SELECT string_agg(set_byte('\x00'::bytea, 0,
                                                 (CASE WHEN i < 32 THEN get_byte(k.key, i) ELSE 0 END) # 54), ''::bytea ORDER BY i)
                        FROM generate_series(0, 63) i) AS inner_pad_of_key,
       k.outer_pad = (SELECT string_agg(set_byte('\x00'::bytea, 0,
                                                 (CASE WHEN i < 32 THEN get_byte(k.key, i) ELSE 0 END) # 92), ''::bytea ORDER BY i)
                        FROM generate_series(0, 63) i) AS outer_pad_of_key
  FROM phone_consent_key k;
-- no table of the extension holds the digits of the erased number: the
-- log, the tombstones, the removed links of the hash chain, the permits
SELECT count(*) AS rows_naming_the_number
  FROM (SELECT l::text AS t FROM phone_erasure_log l
        UNION ALL SELECT s::text FROM phone_suppression s
        UNION ALL SELECT r::text FROM phone_consent_removed r
        UNION ALL SELECT p::text FROM phone_consent_permit p
        UNION ALL SELECT e::text FROM phone_consent e) AS x
 WHERE x.t ~ '2015550201';
SELECT count(*) AS removed_links, min(r.log_id) = max(r.log_id) AS one_erasure
  FROM phone_consent_removed r JOIN phone_erasure_log l USING (log_id)
 WHERE l.request_id = 'DSR-2025-001';
SELECT phone_consent_verify() AS first_broken_event;
SELECT count(*) AS permits_left FROM phone_consent_permit;

-- (a) the number is 'erased' and refused for every channel and purpose,
-- opt-out purposes included, now and at any earlier instant
SELECT DISTINCT phone_consent_status('+12015550201', c, p.purpose, a) AS status,
       (phone_contact_decision('+12015550201', c, p.purpose, a, '{America/New_York}')).reason AS reason,
       phone_can_contact('+12015550201', c, p.purpose, a, '{America/New_York}') AS allowed
  FROM unnest(ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice', 'voice_prerecorded']) AS c,
       phone_consent_purpose p,
       unnest(ARRAY[now(), now() + interval '10 years', '2025-01-01 12:00Z']) AS a;
SELECT status, since <= clock_timestamp() AS since_ok, event_id
  FROM phone_consent_state('+12015550201', 'sms', 'transactional');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550201', 'sms', 'account_security');

-- (b) no consent without new evidence: every way of recording it obeys
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550201', 'sms', 'informational', 'import',
                                                       evidence => '{"row": 17}')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550201', 'sms', 'informational', 'agent')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550201', 'sms', 'marketing', 'web_form', $$
                          || :notice || $$, '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => '2025-06-01Z')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550201', 'sms', 'informational', 'agent',
                                                       double_opt_in => true)$$);
-- an import by the owner, straight into the ledger
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at)
                           VALUES ('+12015550201', 'sms', 'informational', 'grant', 'import',
                                   '{"file": "crm.csv"}', clock_timestamp())$$);
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
                           VALUES ('+12015550201', 'sms', 'informational', 'pending', 'web_form',
                                   clock_timestamp())$$);
-- none of these messages quotes the erased number: the server log keeps
-- the messages of errors
SELECT bool_and(strpos(regexp_replace(concat_ws(' ', e.message, e.detail, e.hint), '[^0-9]', '', 'g'),
                       '2015550201') = 0) AS number_not_quoted, count(*) AS refused
  FROM (VALUES ($$SELECT phone_consent_grant('+12015550201', 'sms', 'informational', 'import')$$),
               ($$SELECT phone_consent_confirm('+12015550201', 'sms', 'informational')$$),
               ($$SELECT phone_consent_confirm('+12015550201', 'sms', 'informational', 'import')$$),
               ($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
                  VALUES ('+12015550201', 'sms', 'informational', 'grant', 'import', clock_timestamp())$$)) AS q(stmt),
       phone_test.statement_error(q.stmt) AS e;
-- in the erasing transaction, now() is before the erasure
BEGIN;
SELECT phone_erase('+12015550203', 'DSR-2025-002') AS events_deleted;
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_grant('+12015550203', 'sms', 'informational', 'agent',
                                                       evidence => '{"call": "c-1"}')$$);
COMMIT;
-- an event that escaped the check (a writer whose snapshot predates the
-- erasure; simulated by disabling the trigger) does not lift the
-- suppression either; erasing again removes it
ALTER TABLE phone_consent DISABLE TRIGGER phone_consent_suppressed;
INSERT INTO phone_consent (phone, channel, purpose, action, method, evidence, occurred_at)
VALUES ('+12015550203', 'sms', 'informational', 'grant', 'import', '{"file": "crm.csv"}', clock_timestamp()),
       ('+12015550203', 'voice', 'informational', 'grant', 'agent', '{}', clock_timestamp()),
       ('+12015550203', 'whatsapp', 'informational', 'grant', 'agent', '{"call": "c-2"}', '2025-01-01Z');
ALTER TABLE phone_consent ENABLE TRIGGER phone_consent_suppressed;
SELECT phone_consent_status('+12015550203', 'sms', 'informational', clock_timestamp()) AS imported,
       phone_consent_status('+12015550203', 'voice', 'informational', clock_timestamp()) AS no_evidence,
       phone_consent_status('+12015550203', 'whatsapp', 'informational', clock_timestamp()) AS before_erasure;
SELECT phone_erase('+12015550203', 'DSR-2025-002') AS events_deleted;
-- SMS keywords: START and YES restore nothing (the history is gone)
SELECT (phone_consent_apply_sms('+12015550201', 'START')).keyword AS start,
       (phone_consent_apply_sms('+12015550201', 'YES')).keyword AS yes;
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_confirm('+12015550201', 'whatsapp', 'informational')$$);
-- revocations and disconnections are always accepted; the number stays erased
SELECT (phone_consent_apply_sms('+12015550201', 'STOP')).keyword AS stop,
       phone_consent_revoke('+12015550201', 'sms', 'marketing') > 0 AS revoked,
       phone_mark_disconnected('+12015550201', current_date - 1) > 0 AS disconnected;
SELECT DISTINCT phone_consent_status('+12015550201', c, p, now() + interval '1 second') AS status
  FROM unnest(ARRAY['sms', 'voice']) AS c, unnest(ARRAY['marketing', 'transactional']) AS p;
SELECT count(*) AS refused_rows_recorded FROM phone_consent
 WHERE phone = '+12015550201' AND action IN ('grant', 'pending');

-- new consent, given after the erasure with its evidence, counts for its
-- own channel and purpose only
SELECT phone_consent_grant('+12015550201', 'voice', 'informational', 'verbal_recorded',
                           evidence => '{"recording": "r-981"}',
                           occurred_at => clock_timestamp()) > 0 AS regranted;
SELECT phone_consent_status('+12015550201', 'voice', 'informational', now() + interval '1 minute') AS voice_informational,
       phone_consent_status('+12015550201', 'sms', 'informational', now() + interval '1 minute') AS sms_informational,
       phone_consent_status('+12015550201', 'voice', 'transactional', now() + interval '1 minute') AS voice_transactional;
-- double opt-in with a notice; the confirmation needs no evidence of its own
SELECT phone_consent_grant('+12015550201', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => clock_timestamp(), double_opt_in => true) > 0 AS pending;
SELECT phone_consent_status('+12015550201', 'sms', 'marketing', clock_timestamp()) AS status;
SELECT (phone_consent_apply_sms('+12015550201', 'YES', clock_timestamp())).keyword AS yes;
SELECT phone_consent_status('+12015550201', 'sms', 'marketing', clock_timestamp()) AS status;
-- a revocation after that: the number is erased again for that consent
SELECT phone_consent_revoke('+12015550201', 'sms', 'marketing', occurred_at => clock_timestamp()) > 0 AS revoked;
SELECT phone_consent_status('+12015550201', 'sms', 'marketing', clock_timestamp()) AS status;

-- erasing again renews the tombstone and deletes what came since
SELECT phone_erase('+12015550201', 'DSR-2025-003', 'suppress') AS events_deleted;
SELECT n AS phone, s.request_id
  FROM unnest(ARRAY['+12015550201', '+12015550203', '+12015550204', '+12015550205']::phone[]) AS n
  JOIN phone_suppression s ON s.phone_hash = phone_consent_number_hash(n) ORDER BY n;
SELECT phone_consent_status('+12015550201', 'voice', 'informational') AS status;

-- forget: nothing about the number stays, the tombstone neither
SELECT phone_erase('+12015550201', 'DSR-2025-004', 'forget') AS events_deleted;
SELECT count(*) AS events_left FROM phone_consent WHERE phone = '+12015550201';
SELECT count(*) AS tombstones FROM phone_suppression WHERE phone_hash = phone_consent_number_hash('+12015550201');
SELECT mode, phone_hash IS NULL AS no_hash FROM phone_erasure_log WHERE request_id = 'DSR-2025-004';
-- ... and the log cannot be searched by the number: the entries of its
-- earlier erasures with mode suppress lose the keyed hash, and nothing else
SELECT count(*) AS log_entries_by_number FROM phone_erasure_log
 WHERE phone_hash = phone_consent_number_hash('+12015550201');
SELECT request_id, mode, events_deleted, phone_hash IS NULL AS no_hash
  FROM phone_erasure_log WHERE request_id IN ('DSR-2025-001', 'DSR-2025-003') ORDER BY log_id;
-- outside phone_erase, even a superuser cannot clear a hash, nor change
-- anything else of an entry
SELECT * FROM phone_test.statement_error($$UPDATE phone_erasure_log SET phone_hash = NULL WHERE phone_hash IS NOT NULL$$);
SELECT phone_consent_status('+12015550201', 'sms', 'transactional') AS status,
       (phone_contact_decision('+12015550201', 'sms', 'transactional')).reason AS transactional,
       (phone_contact_decision('+12015550201', 'sms', 'marketing')).reason AS marketing;
-- ... and an import may grant consent again
SELECT phone_consent_grant('+12015550201', 'sms', 'informational', 'import',
                           occurred_at => '2025-01-01Z') > 0 AS imported;
SELECT phone_erase('+12015550201', 'DSR-2025-005', 'forget') AS events_deleted;

-- a number without history: 0 events; suppress still leaves a tombstone
SELECT phone_erase('+12015550204', 'DSR-2025-006') AS suppress_unknown,
       phone_erase('+12015550205', 'DSR-2025-007', 'forget') AS forget_unknown;
SELECT n AS phone, s.request_id
  FROM unnest(ARRAY['+12015550201', '+12015550203', '+12015550204', '+12015550205']::phone[]) AS n
  JOIN phone_suppression s ON s.phone_hash = phone_consent_number_hash(n) ORDER BY n;
SELECT phone_consent_status('+12015550204', 'sms', 'marketing') AS suppressed,
       phone_consent_status('+12015550205', 'sms', 'marketing') AS forgotten;
SELECT operation, request_id, mode, events_deleted
  FROM phone_erasure_log WHERE request_id LIKE 'DSR-%' ORDER BY log_id;

-- argument errors
SELECT * FROM phone_test.statement_error($$SELECT phone_erase(NULL, 'DSR-X')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', NULL)$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', ' ')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'DSR-X', 'delete')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'DSR-X', NULL)$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'DSR-X', 'Suppress')$$);
-- a request id that holds the number's digits, in any layout, is refused
-- (and the error does not quote it)
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'DSR for 2015550206')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'ticket (201) 555-0206')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'x+1-201-555-0206-y', 'forget')$$);
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550206', 'DSR-X')$$);
ROLLBACK;
SELECT count(*) AS nothing_logged FROM phone_erasure_log WHERE request_id = 'DSR-X' OR request_id ~ '0206';

-- the ledger stays append-only for every role outside erasure and purge,
-- also in a transaction that has just erased another number
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_consent WHERE phone = '+12015550202'$$);
SELECT * FROM phone_test.statement_error($$UPDATE phone_consent SET source = 'x' WHERE phone = '+12015550202'$$);
SELECT * FROM phone_test.statement_error($$TRUNCATE phone_consent CASCADE$$);
BEGIN;
SELECT phone_consent_grant('+12015550207', 'sms', 'informational', 'agent',
                           occurred_at => '2025-01-01Z') > 0 AS granted;
SELECT phone_erase('+12015550207', 'DSR-2025-008') AS events_deleted;
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_consent WHERE phone = '+12015550202'$$);
SELECT count(*) AS permits_left FROM phone_consent_permit;
COMMIT;
-- tombstones change only through phone_erase; the log is append-only
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_suppression WHERE phone_hash = phone_consent_number_hash('+12015550204')$$);
SELECT * FROM phone_test.statement_error($$UPDATE phone_suppression SET erased_at = '2000-01-01Z'$$);
SELECT * FROM phone_test.statement_error($$TRUNCATE phone_suppression$$);
SELECT * FROM phone_test.statement_error($$UPDATE phone_erasure_log SET request_id = 'x'$$);
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_erasure_log$$);
SELECT * FROM phone_test.statement_error($$TRUNCATE phone_erasure_log$$);
-- ... as are the removed links of the hash chain and the key
SELECT * FROM phone_test.statement_error($$UPDATE phone_consent_removed SET log_id = 0$$);
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_consent_removed$$);
SELECT * FROM phone_test.statement_error($$TRUNCATE phone_consent_removed$$);
SELECT * FROM phone_test.statement_error($$UPDATE phone_consent_key SET created_at = now()$$);
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_consent_key$$);
SELECT * FROM phone_test.statement_error($$TRUNCATE phone_consent_key$$);
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_consent_key (key_id, key, inner_pad, outer_pad)
                                           SELECT 1, key, inner_pad, outer_pad FROM phone_consent_key$$);
-- a tombstone is added only by phone_erase, or by a restore session
-- (check_function_bodies off), which loads the rows of a dump
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_suppression
                                           VALUES (phone_consent_number_hash('+12015550206'), 'DSR-Y', clock_timestamp())$$);
SET check_function_bodies = off;
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_suppression VALUES ('\x01', '', clock_timestamp())$$);
INSERT INTO phone_suppression VALUES (phone_consent_number_hash('+12015550206'), 'DSR-2025-009', clock_timestamp());
RESET check_function_bodies;
SELECT phone_consent_status('+12015550206', 'sms', 'transactional') AS status;

-- roles: EXECUTE is needed; a role that may DELETE from the ledger still
-- cannot, and cannot forge a permit
CREATE ROLE regress_phone_officer;
CREATE ROLE regress_phone_forger;
GRANT USAGE ON SCHEMA phone_test TO regress_phone_officer, regress_phone_forger;
SET SESSION AUTHORIZATION regress_phone_officer;
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550202', 'DSR-Z')$$);
RESET SESSION AUTHORIZATION;
GRANT EXECUTE ON FUNCTION phone_erase(phone, text, text) TO regress_phone_officer;
GRANT SELECT, INSERT, DELETE ON phone_consent TO regress_phone_forger;
GRANT USAGE ON SEQUENCE phone_consent_event_id_seq TO regress_phone_forger;
GRANT SELECT, DELETE, UPDATE ON phone_suppression TO regress_phone_forger;
SET SESSION AUTHORIZATION regress_phone_forger;
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_consent_permit (event_id) VALUES (1)$$);
SELECT * FROM phone_test.statement_error($$SELECT * FROM phone_consent_key$$);
SELECT * FROM phone_test.statement_error($$SELECT count(*) FROM phone_consent_permit$$);
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_consent WHERE phone = '+12015550202'$$);
SELECT * FROM phone_test.statement_error($$DELETE FROM phone_suppression WHERE phone_hash = phone_consent_number_hash('+12015550204')$$);
-- a direct INSERT obeys the suppression too
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
                           VALUES ('+12015550204', 'sms', 'informational', 'grant', 'import', '2025-01-01Z')$$);
SELECT * FROM phone_test.statement_error($$SELECT phone_erase('+12015550202', 'DSR-Z')$$);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION regress_phone_officer;
SELECT phone_erase('+12015550202', 'DSR-2025-010') AS events_deleted;
RESET SESSION AUTHORIZATION;
SELECT request_id, performed_by FROM phone_erasure_log WHERE request_id = 'DSR-2025-010';
SELECT count(*) AS events_left FROM phone_consent WHERE phone = '+12015550202';

REVOKE EXECUTE ON FUNCTION phone_erase(phone, text, text) FROM regress_phone_officer;
REVOKE ALL ON phone_consent FROM regress_phone_forger;
REVOKE ALL ON SEQUENCE phone_consent_event_id_seq FROM regress_phone_forger;
REVOKE ALL ON phone_suppression FROM regress_phone_forger;
REVOKE USAGE ON SCHEMA phone_test FROM regress_phone_officer, regress_phone_forger;
DROP ROLE regress_phone_officer;
DROP ROLE regress_phone_forger;
