--
-- Tamper evidence: the events of the ledger form a hash chain
-- (doc/consent.md, "Tamper evidence"); phone_consent_verify() returns the
-- first event where it breaks, or NULL.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- the chain trigger fires after every other BEFORE INSERT trigger
SELECT t.tgname, p.proname, p.prosecdef AS secdef,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
 WHERE t.tgrelid = 'phone_consent'::regclass AND NOT t.tgisinternal
   AND (t.tgtype & 2) <> 0 AND (t.tgtype & 4) <> 0   -- BEFORE, INSERT
 ORDER BY t.tgname;
SELECT p.proname, p.provolatile AS vol, p.prosecdef AS secdef,
       p.proconfig = ARRAY['search_path=pg_catalog, pg_temp'] AS pinned,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
  FROM pg_proc p
 WHERE p.proname IN ('phone_consent_verify', 'phone_consent_event_hash', 'phone_consent_chain',
                     'phone_consent_chain_digest')
 ORDER BY 1;

-- an empty ledger verifies
SELECT phone_consent_verify() AS first_broken_event;

-- a few events, through every writer
INSERT INTO phone_consent_notice (name, version, body, created_at, channel, purpose)
VALUES ('regress-chain', 1, 'Yes, text me offers.', '2024-01-01Z', 'sms', 'marketing');
SELECT notice_id AS notice FROM phone_consent_notice WHERE name = 'regress-chain' \gset
SELECT phone_consent_grant('+12015550391', 'sms', 'marketing', 'web_form', :notice,
                           '{"ip": "192.0.2.1", "user_agent": "Ünïcode", "form_id": "offers"}', '2025-01-01 10:00:00.123456Z',
                           expires_at => '2027-01-01Z') AS e1 \gset
SELECT phone_consent_grant('+12015550392', 'voice', 'informational', 'agent',
                           occurred_at => '2025-01-02Z', double_opt_in => true) AS e2 \gset
SELECT phone_consent_confirm('+12015550392', 'voice', 'informational', occurred_at => '2025-01-03Z') AS e3 \gset
SELECT phone_consent_revoke('+12015550391', 'sms', NULL, occurred_at => '2025-02-01Z') AS e4 \gset
SELECT phone_mark_disconnected('+12015550392', '2025-03-01') AS e5 \gset
SELECT (phone_consent_apply_sms('+12015550393', 'STOP', '2025-03-02Z')).keyword AS stop;

-- one chain in event_id order: the first links to 32 zero bytes, every
-- other, in the ledger or among the links that erasures left, to the
-- event before it; the ids follow each other
SELECT c.event_id - :e1 AS event, octet_length(c.event_hash) AS hash_bytes, c.linked, c.hash_ok
  FROM (SELECT l.event_id, l.event_hash, l.hash_ok,
               l.prev_hash = coalesce(lag(l.event_hash) OVER (ORDER BY l.event_id),
                                      '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS linked
          FROM (SELECT e.event_id, e.prev_hash, e.event_hash, e.event_hash = phone_consent_event_hash(e) AS hash_ok
                  FROM phone_consent e
                UNION ALL
                SELECT r.event_id, r.prev_hash, r.event_hash, NULL FROM phone_consent_removed r) AS l) AS c
 WHERE c.event_id >= :e1 ORDER BY c.event_id;
SELECT f.prev_hash = '\x0000000000000000000000000000000000000000000000000000000000000000' AS first_links_to_zero
  FROM (SELECT e.event_id, e.prev_hash FROM phone_consent e
        UNION ALL SELECT r.event_id, r.prev_hash FROM phone_consent_removed r
        ORDER BY 1 LIMIT 1) AS f;
SELECT phone_consent_verify() AS first_broken_event;

-- the encoding, as doc/consent.md defines it for an auditor, written out
-- here without phone_consent_event_hash: "phone_consent.chain.v1", a 0
-- byte, prev_hash, then each field as a 4-byte big-endian length and its
-- UTF-8 text (a NULL as the length ffffffff alone)
CREATE FUNCTION pg_temp.field(v text) RETURNS bytea LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN v IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') END;
SELECT e.event_id - :e1 AS event,
       e.event_hash = sha256('phone_consent.chain.v1'::bytea || '\x00'::bytea || e.prev_hash
           || pg_temp.field(e.event_id::text) || pg_temp.field(e.phone::text)
           || pg_temp.field(e.channel) || pg_temp.field(e.purpose) || pg_temp.field(e.action)
           || pg_temp.field(e.method) || pg_temp.field(e.source) || pg_temp.field(e.notice_id::text)
           || pg_temp.field(e.evidence::text)
           || pg_temp.field(trunc(extract(epoch FROM e.occurred_at) * 1000000)::text)
           || pg_temp.field(trunc(extract(epoch FROM e.recorded_at) * 1000000)::text)
           || pg_temp.field(e.recorded_by)
           || pg_temp.field(trunc(extract(epoch FROM e.expires_at) * 1000000)::text)
           || pg_temp.field(to_char(e.disconnected_on, 'YYYY-MM-DD'))
           || pg_temp.field(e.confirms::text) || pg_temp.field(encode(e.notice_sha256, 'hex'))
           || pg_temp.field(e.seller) || pg_temp.field(e.recorded_role)
           || pg_temp.field(e.program)) AS recomputed
  FROM phone_consent e WHERE e.event_id >= :e1 ORDER BY e.event_id;
-- the digest takes a list of text fields, and nothing else
SELECT phone_consent_chain_digest('\x00', ARRAY[NULL, '', 'é']::text[])
       = sha256('phone_consent.chain.v1'::bytea || '\x0000'::bytea || '\xffffffff'::bytea
                || '\x00000000'::bytea || '\x00000002'::bytea || convert_to('é', 'UTF8')) AS digest_ok;
SELECT phone_consent_chain_digest('\x00', NULL) IS NULL AS strict;
SELECT * FROM phone_test.statement_error($$SELECT phone_consent_chain_digest('\x00', ARRAY[['a'], ['b']])$$);
-- the fields of the first event as they are encoded
SELECT trunc(extract(epoch FROM occurred_at) * 1000000)::text AS occurred_us,
       trunc(extract(epoch FROM expires_at) * 1000000)::text AS expires_us,
       evidence::text AS evidence_text
  FROM phone_consent WHERE event_id = :e1;

-- whatever event_id an insert gives, the event gets the next one under
-- the chain's lock
INSERT INTO phone_consent (event_id, phone, channel, purpose, action, method, occurred_at,
                           prev_hash, event_hash)
VALUES (1, '+12015550394', 'sms', 'informational', 'revoke', 'unspecified', '2025-04-01Z', '\x00', '\x00')
RETURNING event_id > :e5 AS next_id, octet_length(prev_hash) AS prev_bytes,
          event_hash = phone_consent_event_hash(phone_consent) AS hash_ok;
SELECT phone_consent_verify() AS first_broken_event;
-- one statement that inserts many rows links each to the one before
INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
SELECT '+12015550398', 'sms', 'informational', 'revoke', 'unspecified', '2025-04-01Z'::timestamptz + i * interval '1 s'
  FROM generate_series(1, 50) AS i;
SELECT count(*) AS events, count(DISTINCT prev_hash) AS distinct_links FROM phone_consent WHERE phone = '+12015550398';
SELECT phone_consent_verify() AS first_broken_event;
-- appends happen at READ COMMITTED only (the last link is read after the lock)
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT * FROM phone_test.statement_error($$INSERT INTO phone_consent (phone, channel, purpose, action, method, occurred_at)
                           VALUES ('+12015550394', 'sms', 'informational', 'revoke', 'unspecified', '2025-04-01Z')$$);
ROLLBACK;
-- the trigger function answers for the ledger only
CREATE TABLE pg_temp.other (LIKE phone_consent);
CREATE TRIGGER other_chain BEFORE INSERT ON pg_temp.other FOR EACH ROW EXECUTE FUNCTION phone_consent_chain();
SELECT * FROM phone_test.statement_error($$INSERT INTO pg_temp.other SELECT * FROM phone_consent LIMIT 1$$);
DROP TABLE pg_temp.other;

-- Tampering.  A superuser who rewrites a row with session_replication_role
-- = replica (no guard fires) is found out: the event itself
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE phone_consent SET method = 'paper_signed' WHERE event_id = :e2;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
-- ... also with the event's hash recomputed: then the next event
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE phone_consent SET occurred_at = '2024-12-01Z' WHERE event_id = :e2;
UPDATE phone_consent e SET event_hash = phone_consent_event_hash(e) WHERE event_id = :e2;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
-- ... and an event moved to another program
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE phone_consent SET program = 'other_brand' WHERE event_id = :e3;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
-- a deleted event: the one after it
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM phone_consent WHERE event_id = :e4;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
-- a row added with made-up links, or with an id of a removed event
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO phone_consent (event_id, phone, channel, purpose, action, method, occurred_at, prev_hash, event_hash)
SELECT :e5 + 1000, '+12015550395', 'sms', 'informational', 'grant', 'import', '2025-01-01Z', '\x00', '\x00';
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
-- ALTER TABLE ... ALTER COLUMN ... USING rewrites rows without any row
-- trigger: found out too
BEGIN;
ALTER TABLE phone_consent ALTER COLUMN source TYPE text
    USING CASE WHEN event_id = :e1 THEN 'forged' ELSE source END;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
BEGIN;
ALTER TABLE phone_consent ALTER COLUMN recorded_by TYPE text
    USING CASE WHEN event_id = :e3 THEN 'someone_else' ELSE recorded_by END;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;
-- the chain's own columns cannot be retyped (phone_consent_verify reads them)
BEGIN;
SELECT * FROM phone_test.statement_error($$ALTER TABLE phone_consent ALTER COLUMN event_hash TYPE bytea USING event_hash$$);
ROLLBACK;
SELECT phone_consent_verify() AS first_broken_event;

-- a restore session (check_function_bodies off) keeps the links rows
-- were dumped with; a bad one is then found out
BEGIN;
SET LOCAL check_function_bodies = off;
INSERT INTO phone_consent (event_id, phone, channel, purpose, action, method, occurred_at, prev_hash, event_hash)
SELECT :e5 + 1000, '+12015550395', 'sms', 'informational', 'revoke', 'unspecified', '2025-01-01Z',
       '\x01', '\x02'
RETURNING event_id - :e1 AS event, prev_hash, event_hash;
SELECT phone_consent_verify() - :e1 AS first_broken_event;
ROLLBACK;

-- erasure and purge delete events but keep their links: the chain holds
SELECT phone_erase('+12015550391', 'DSR-CHAIN-1') AS erased;
SELECT phone_consent_purge('0 s', false) > 0 AS purged;
SELECT count(*) AS removed_links FROM phone_consent_removed r
 WHERE r.event_id >= :e1;
SELECT phone_consent_verify() AS first_broken_event;
SELECT phone_consent_grant('+12015550396', 'sms', 'informational', 'agent', occurred_at => '2025-05-01Z') > 0 AS granted;
SELECT phone_consent_verify() AS first_broken_event;
-- the next event links to the last one, also when that one was deleted
SELECT phone_erase('+12015550396', 'DSR-CHAIN-2') AS erased;
SELECT phone_consent_grant('+12015550397', 'sms', 'informational', 'agent', occurred_at => '2025-05-01Z') AS e6 \gset
SELECT e.prev_hash = r.event_hash AS linked_to_removed
  FROM phone_consent e, phone_consent_removed r
 WHERE e.event_id = :e6 AND r.event_id = (SELECT max(event_id) FROM phone_consent_removed);
SELECT phone_consent_verify() AS first_broken_event;
-- a removed link whose event is back in the ledger breaks the chain
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO phone_consent (event_id, phone, channel, purpose, action, method, occurred_at, prev_hash, event_hash)
SELECT r.event_id, '+12015550396', 'sms', 'informational', 'grant', 'agent', '2025-05-01Z', r.prev_hash, r.event_hash
  FROM phone_consent_removed r ORDER BY r.event_id DESC LIMIT 1
RETURNING event_id = (SELECT max(event_id) FROM phone_consent_removed) AS reinstated;
SELECT phone_consent_verify() = (SELECT max(event_id) FROM phone_consent_removed) AS reported;
ROLLBACK;
