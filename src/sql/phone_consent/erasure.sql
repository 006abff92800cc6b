
-- src/sql/phone_consent/erasure.sql: erasure with suppression, retention purge

-- ---------------------------------------------------------------------
-- Erasure and retention (see doc/consent.md).  phone_erase() deletes the
-- consent history of one number, leaving a tombstone in phone_suppression
-- (mode 'suppress') or nothing (mode 'forget'); phone_consent_purge()
-- deletes events that no longer decide any status.  They are the only
-- ways rows leave the ledger: both write permits into phone_consent_permit
-- that the ledger guard (phone_consent_guard, src/sql/phone_consent/consent.sql) checks,
-- and both log into phone_erasure_log, which never holds a number.
--
-- No table here holds the digits of an erased number: the tombstones, the
-- erasure log and the permits hold its keyed hash (phone_consent_number_hash,
-- HMAC-SHA256 under the database's own key in phone_consent_key), and the
-- deleted events leave only their links of the hash chain
-- (phone_consent_removed).  See doc/privacy.md, "Erasure".
-- ---------------------------------------------------------------------

-- The key of the number hashes: one row, made by the first phone_erase()
-- (CREATE EXTENSION makes none, so that a restore brings back the key the
-- hashes were made with, from the dump).  32 random bytes, and the two
-- HMAC-SHA256 pads of the key (the key, zero-padded to 64 bytes, XOR 0x36
-- and XOR 0x5c), kept so that a hash costs two SHA-256 calls.  Only the
-- owner and the role that installed the extension (so that its dumps
-- carry the key; src/sql/phone_consent/grants.sql) may read it; it never changes.
CREATE TABLE phone_consent_key (
    key_id      integer PRIMARY KEY CHECK (key_id = 1),
    key         bytea NOT NULL CHECK (pg_catalog.octet_length(key) = 32),
    inner_pad   bytea NOT NULL CHECK (pg_catalog.octet_length(inner_pad) = 64),
    outer_pad   bytea NOT NULL CHECK (pg_catalog.octet_length(outer_pad) = 64),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
REVOKE ALL ON phone_consent_key FROM PUBLIC;

-- The keyed hash of a number: HMAC-SHA256(key, "phone_consent.number.v1"
-- 0x00 digits), the digits of its E.164 form without "+", in ASCII; NULL
-- while there is no key (nothing was ever erased).  SECURITY DEFINER, to
-- read the key; any role may call it: a hash is of use only to compare
-- with the stored ones, which only the roles that may read the
-- tombstones and the log can see, and those can test a number with
-- phone_is_suppressed anyway.
CREATE FUNCTION phone_consent_number_hash(number phone) RETURNS bytea
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(
               k.inner_pad || pg_catalog.convert_to('phone_consent.number.v1', 'UTF8') || '\x00'::bytea
               || pg_catalog.convert_to(pg_catalog.ltrim(number::pg_catalog.text, '+'), 'UTF8')))
      FROM @extschema@.phone_consent_key k
$$;

-- Makes the key, once
CREATE FUNCTION phone_consent_new_key() RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k   bytea := pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                 || pg_catalog.uuid_send(pg_catalog.gen_random_uuid());
    ip  bytea := pg_catalog.decode(pg_catalog.repeat('36', 64), 'hex');
    op  bytea := pg_catalog.decode(pg_catalog.repeat('5c', 64), 'hex');
    i   integer;
BEGIN
    -- two version 4 UUIDs: 244 bits from pg_strong_random()
    k := pg_catalog.sha256(k);
    FOR i IN 0 .. 31 LOOP
        ip := pg_catalog.set_byte(ip, i, pg_catalog.get_byte(k, i) # 54);
        op := pg_catalog.set_byte(op, i, pg_catalog.get_byte(k, i) # 92);
    END LOOP;
    INSERT INTO @extschema@.phone_consent_key (key_id, key, inner_pad, outer_pad)
    VALUES (1, k, ip, op)
    ON CONFLICT (key_id) DO NOTHING;
END;
$$;

-- Tombstones of numbers erased with mode 'suppress', by keyed hash
CREATE TABLE phone_suppression (
    phone_hash  bytea PRIMARY KEY,
    request_id  text NOT NULL CHECK (request_id <> ''),
    erased_at   timestamptz NOT NULL
);

-- What erasures and purges did: append-only, never holds a number
CREATE TABLE phone_erasure_log (
    log_id          bigserial PRIMARY KEY,
    operation       text NOT NULL CHECK (operation IN ('erase', 'purge')),
    request_id      text,
    mode            text CHECK (mode IN ('suppress', 'forget')),
    events_deleted  bigint NOT NULL CHECK (events_deleted >= 0),
    older_than      interval,
    performed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    performed_by    text NOT NULL DEFAULT session_user,
    CHECK (operation <> 'erase' OR (request_id IS NOT NULL AND mode IS NOT NULL
                                    AND older_than IS NULL)),
    CHECK (operation <> 'purge' OR (mode IS NULL AND older_than IS NOT NULL)),
    -- an erasure with mode 'suppress': the keyed hash of the number
    phone_hash      bytea
);

-- The links of the hash chain that erasures and purges deleted: the
-- event id, prev_hash and event_hash of each deleted event, and the entry
-- of the erasure log that deleted it, so that phone_consent_verify()
-- follows the chain across them.  No content of the events, so no number.
-- Append-only.
CREATE TABLE phone_consent_removed (
    event_id    bigint PRIMARY KEY,
    prev_hash   bytea NOT NULL,
    event_hash  bytea NOT NULL,
    log_id      bigint NOT NULL
);

-- Transaction-local permits to delete from the ledger.  Only the owner
-- may read or write this table (no privilege is granted on it); rows are
-- written by phone_erase and phone_consent_purge and removed by them before
-- they return, so the table is empty outside those functions.  Not dumped.
CREATE TABLE phone_consent_permit (
    xact        xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    phone_hash  bytea,
    event_id    bigint,
    CHECK ((phone_hash IS NULL) <> (event_id IS NULL))
);
CREATE INDEX phone_consent_permit_phone_idx ON phone_consent_permit (xact, phone_hash)
    WHERE phone_hash IS NOT NULL;
CREATE INDEX phone_consent_permit_event_idx ON phone_consent_permit (xact, event_id)
    WHERE event_id IS NOT NULL;
REVOKE ALL ON phone_consent_permit FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_suppression', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log_log_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_removed', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_key', '');

-- ---------------------------------------------------------------------
-- Guards
-- ---------------------------------------------------------------------

-- The erasure log, the removed links of the hash chain and the key are
-- append-only for every role.  One change only: phone_erase with mode
-- 'forget' clears the keyed hash of the number from the entries of its
-- earlier erasures (a permit for the number in this transaction), and
-- nothing else of them, so that the log cannot be searched by the number.
CREATE FUNCTION phone_erasure_log_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_TABLE_NAME = 'phone_erasure_log' AND TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW'
       AND pg_catalog.has_table_privilege('@extschema@.phone_consent_permit', 'SELECT') THEN
        IF NEW.phone_hash IS NULL AND OLD.phone_hash IS NOT NULL
           AND pg_catalog.to_jsonb(NEW) - 'phone_hash' = pg_catalog.to_jsonb(OLD) - 'phone_hash'
           AND EXISTS (SELECT 1 FROM @extschema@.phone_consent_permit p
                        WHERE p.xact = pg_catalog.pg_current_xact_id()
                          AND p.phone_hash = OLD.phone_hash) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '%', CASE TG_TABLE_NAME
                         WHEN 'phone_erasure_log' THEN 'the erasure log is append-only'
                         WHEN 'phone_consent_removed' THEN 'the removed links of the hash chain are append-only'
                         ELSE 'the key of the number hashes cannot change' END
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = CASE TG_TABLE_NAME WHEN 'phone_consent_key'
                     THEN 'The tombstones and the erasure log hold hashes made with it.'
                     ELSE 'phone_erase() and phone_consent_purge() add its rows.' END;
END;
$$;

-- Tombstones change only through phone_erase (a permit for the number in
-- this transaction), but for the rows a restore session (check_function_bodies
-- off) loads.
CREATE FUNCTION phone_suppression_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' AND pg_catalog.current_setting('check_function_bodies') = 'off' THEN
        RETURN NEW;
    END IF;
    IF TG_LEVEL = 'ROW'
       AND pg_catalog.has_table_privilege('@extschema@.phone_consent_permit', 'SELECT') THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_permit p
                    WHERE p.xact = pg_catalog.pg_current_xact_id()
                      AND p.phone_hash = CASE TG_OP WHEN 'INSERT' THEN NEW.phone_hash ELSE OLD.phone_hash END)
           AND (TG_OP <> 'UPDATE' OR NEW.phone_hash = OLD.phone_hash) THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'suppressed numbers change only through phone_erase()'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'phone_erase(number, request_id) adds a tombstone, phone_erase(number, request_id, ''forget'') removes one, and both log it.';
END;
$$;

-- A suppressed number cannot be given consent again by an import or
-- without new evidence: a grant or pending event for it is refused unless
-- it occurred after the erasure, its method is not 'import', and it
-- carries new evidence (a notice, a non-empty evidence object, or the
-- confirmation of a pending event).  Revocations and invalidations are
-- always accepted.  The decision depends on the new row and the tombstone
-- only, never on other ledger rows, so a restore gives the same answer
-- whichever table it loads first.  SECURITY DEFINER so that it can read
-- the tombstones whoever inserts.  The erasure request and its time, and
-- the reason, are told only to a session that may read the ledger and the
-- tombstones (the session user has SELECT on both); others learn that the event was
-- refused.
CREATE FUNCTION phone_consent_suppression_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t @extschema@.phone_suppression;
BEGIN
    -- SECURITY DEFINER: it must not answer for any other table
    IF TG_RELID <> '@extschema@.phone_consent'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_suppression_check() fires only for phone_consent'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    -- without tombstones there is nothing to refuse, and no keyed hash
    -- to compute (most of the cost of an insert)
    IF NEW.action NOT IN ('grant', 'pending')
       OR NOT EXISTS (SELECT 1 FROM @extschema@.phone_suppression) THEN
        RETURN NEW;
    END IF;
    SELECT * INTO t FROM @extschema@.phone_suppression s
     WHERE s.phone_hash = @extschema@.phone_consent_number_hash(NEW.phone);
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF NEW.occurred_at <= t.erased_at OR NEW.method = 'import'
       OR (NEW.notice_id IS NULL AND NEW.evidence = '{}' AND NEW.confirms IS NULL) THEN
        IF NOT (pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
                AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT')) THEN
            RAISE EXCEPTION 'cannot record consent'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent: the number was erased and is suppressed'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                                  to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN NEW.occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                                       WHEN NEW.method = 'import' THEN 'an import is no new consent'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'Record consent the person gave after the erasure, with its evidence (a notice or an evidence object); revocations are always accepted.';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER phone_consent_suppressed
    BEFORE INSERT ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_suppression_check();
CREATE TRIGGER phone_suppression_guarded
    BEFORE INSERT OR UPDATE OR DELETE ON phone_suppression
    FOR EACH ROW EXECUTE FUNCTION phone_suppression_guard();
CREATE TRIGGER phone_suppression_no_truncate
    BEFORE TRUNCATE ON phone_suppression
    FOR EACH STATEMENT EXECUTE FUNCTION phone_suppression_guard();
CREATE TRIGGER phone_erasure_log_append_only
    BEFORE UPDATE OR DELETE ON phone_erasure_log
    FOR EACH ROW EXECUTE FUNCTION phone_erasure_log_guard();
CREATE TRIGGER phone_erasure_log_no_truncate
    BEFORE TRUNCATE ON phone_erasure_log
    FOR EACH STATEMENT EXECUTE FUNCTION phone_erasure_log_guard();
CREATE TRIGGER phone_consent_removed_append_only
    BEFORE UPDATE OR DELETE ON phone_consent_removed
    FOR EACH ROW EXECUTE FUNCTION phone_erasure_log_guard();
CREATE TRIGGER phone_consent_removed_no_truncate
    BEFORE TRUNCATE ON phone_consent_removed
    FOR EACH STATEMENT EXECUTE FUNCTION phone_erasure_log_guard();
CREATE TRIGGER phone_consent_key_frozen
    BEFORE UPDATE OR DELETE ON phone_consent_key
    FOR EACH ROW EXECUTE FUNCTION phone_erasure_log_guard();
CREATE TRIGGER phone_consent_key_no_truncate
    BEFORE TRUNCATE ON phone_consent_key
    FOR EACH STATEMENT EXECUTE FUNCTION phone_erasure_log_guard();

-- ---------------------------------------------------------------------
-- Erasure
-- ---------------------------------------------------------------------

-- Deletes every consent event of the number.  'suppress' then leaves (or
-- renews) one tombstone, so that the number's status is 'erased' and an
-- import cannot grant consent again; 'forget' leaves nothing about the
-- number, removing an earlier tombstone too, and the hash of the number
-- from the log entries of its earlier erasures.  Logs the request id, mode,
-- time, session user and count, and for 'suppress' the keyed hash of the
-- number; the links of the deleted events go to phone_consent_removed.
-- Returns the number of ledger events deleted (0 for a number without
-- history, which is still suppressed or forgotten and logged).  A request
-- id whose digits contain the number's national number is refused: the
-- log and the tombstone keep it.  Runs in READ COMMITTED only: it locks
-- the ledger against concurrent writers, and its deletion must see what
-- they committed.
CREATE FUNCTION phone_erase(number phone, request_id text, mode text DEFAULT 'suppress')
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n    bigint;
    at   timestamptz;
    h    bytea;
    lid  bigint;
    nat  text;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number to erase cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF request_id IS NULL OR pg_catalog.btrim(request_id) = '' THEN
        RAISE EXCEPTION 'an erasure needs a request id'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The request id links the erasure to the request that asked for it.',
                  HINT = 'Pass the reference of the data-subject request (not the number itself).';
    END IF;
    -- neither the message nor its detail quotes the request id
    nat := coalesce(@extschema@.phone_national_number(number), pg_catalog.ltrim(number::pg_catalog.text, '+'));
    IF pg_catalog.length(nat) > 0
       AND pg_catalog.strpos(pg_catalog.regexp_replace(request_id, '[^0-9]', '', 'g'), nat) > 0 THEN
        RAISE EXCEPTION 'the request id of an erasure cannot contain the number'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Its digits contain the national number of the number to erase; the erasure log and the tombstone keep the request id.',
                  HINT = 'Pass the reference of the data-subject request (not the number itself).';
    END IF;
    IF mode IS NULL OR mode NOT IN ('suppress', 'forget') THEN
        RAISE EXCEPTION 'invalid erasure mode: %', coalesce(mode, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Modes are suppress (keep the number on the do-not-contact list) and forget (keep nothing).',
                  HINT = 'Use suppress unless the person may be contacted again without new consent.';
    END IF;
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_erase() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = format('The transaction is %s: its snapshot could miss events committed concurrently.',
                                  pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;

    -- Writers of the ledger wait until this transaction ends, and the
    -- statements below see everything they committed before (erasures
    -- too: the lock conflicts with itself, so the first makes the key once).
    LOCK TABLE @extschema@.phone_consent IN SHARE ROW EXCLUSIVE MODE;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_key) THEN
        PERFORM @extschema@.phone_consent_new_key();
    END IF;
    h := @extschema@.phone_consent_number_hash(number);
    INSERT INTO @extschema@.phone_consent_permit (phone_hash) VALUES (h);

    lid := pg_catalog.nextval('@extschema@.phone_erasure_log_log_id_seq'::pg_catalog.regclass);
    WITH d AS (
        DELETE FROM @extschema@.phone_consent e WHERE e.phone OPERATOR(@extschema@.=) number
        RETURNING e.event_id, e.prev_hash, e.event_hash
    )
    INSERT INTO @extschema@.phone_consent_removed (event_id, prev_hash, event_hash, log_id)
    SELECT d.event_id, d.prev_hash, d.event_hash, lid FROM d;
    GET DIAGNOSTICS n = ROW_COUNT;

    at := pg_catalog.clock_timestamp();
    IF mode = 'suppress' THEN
        INSERT INTO @extschema@.phone_suppression AS s (phone_hash, request_id, erased_at)
        VALUES (h, request_id, at)
        ON CONFLICT (phone_hash) DO UPDATE
            SET request_id = excluded.request_id, erased_at = excluded.erased_at;
    ELSE
        DELETE FROM @extschema@.phone_suppression s WHERE s.phone_hash = h;
        -- nothing can later show that the number was erased: its earlier
        -- erasures stay logged, without its hash
        UPDATE @extschema@.phone_erasure_log l SET phone_hash = NULL WHERE l.phone_hash = h;
    END IF;

    INSERT INTO @extschema@.phone_erasure_log
        (log_id, operation, request_id, mode, events_deleted, performed_at, performed_by, phone_hash)
    VALUES (lid, 'erase', request_id, mode, n, at, session_user,
            CASE WHEN mode = 'suppress' THEN h END);

    DELETE FROM @extschema@.phone_consent_permit p WHERE p.xact = pg_catalog.pg_current_xact_id();
    RETURN n;
END;
$$;

-- Whether the number is on the suppression list (erased with mode
-- 'suppress'), answered from its keyed hash
CREATE FUNCTION phone_is_suppressed(number phone) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN EXISTS (SELECT 1 FROM @extschema@.phone_suppression s
                    WHERE s.phone_hash = @extschema@.phone_consent_number_hash(number));

-- The first event where the hash chain breaks, or NULL when it holds
-- (doc/consent.md, "Tamper evidence").  The chain is the events of the
-- ledger and the links of deleted events (phone_consent_removed), in
-- event_id order.  An event breaks it when its event_hash is not the hash
-- of its fields and prev_hash (phone_consent_event_hash), when its
-- prev_hash is not the event_hash of the one before (32 zero bytes for
-- the first), or when its id is both in the ledger and among the removed.
-- A changed event is reported itself, or, when its event_hash was
-- recomputed too, the event after it; a deleted event is reported as the
-- one after it.
CREATE FUNCTION phone_consent_verify() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH c AS (
        SELECT e.event_id, e.prev_hash, e.event_hash,
               @extschema@.phone_consent_event_hash(e) AS computed, false AS removed
          FROM @extschema@.phone_consent e
        UNION ALL
        SELECT r.event_id, r.prev_hash, r.event_hash, r.event_hash, true
          FROM @extschema@.phone_consent_removed r
    ), l AS (
        SELECT c.event_id, c.prev_hash, c.event_hash, c.computed,
               pg_catalog.lag(c.event_hash) OVER w AS before,
               pg_catalog.lag(c.event_id) OVER w AS before_id
          FROM c
        WINDOW w AS (ORDER BY c.event_id, c.removed)
    )
    SELECT pg_catalog.min(l.event_id) FROM l
     WHERE l.event_hash IS NULL OR l.computed IS DISTINCT FROM l.event_hash
        OR l.prev_hash IS DISTINCT FROM coalesce(l.before, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'))
        OR l.before_id = l.event_id;
END;

-- ---------------------------------------------------------------------
-- Retention
-- ---------------------------------------------------------------------

-- Event ids of the ledger that can be deleted because they stopped
-- deciding any status more than older_than ago.  The cut-off is
-- now() - older_than; an event is settled when it both occurred and was
-- recorded before the cut-off (greatest(occurred_at, recorded_at)): it
-- then takes part in every status asked for an instant and a recording
-- time (as_recorded_at) at or after the cut-off.  An event E that occurred
-- before the cut-off is removable when
--   1. E is not an invalidation and a settled invalidation voids it
--      (E.occurred_at before the end of its disconnected_on, UTC);
--   2. E is not an invalidation and a settled event F, not an
--      invalidation, beats it in the status order (later occurred_at; on
--      a tie the more restrictive, then the higher event id) and covers
--      its scope (F.channel in (E.channel, '*'), F.purpose in
--      (E.purpose, '*'), F.program in (E.program, '*'));
--   3. E is an invalidation and a settled invalidation that comes after
--      it in the order (occurred_at, disconnected_on, event_id) voids at
--      least as far.
-- These relations are transitive and acyclic, so every removed event is
-- beaten, voided or outdone by a settled one that stays, and no status
-- at an instant and a recording time at or after the cut-off changes,
-- also after later appends (doc/consent.md, "Retention").  A grant that
-- was superseded a week ago therefore stays under any retention longer
-- than a week, however old it is.  Kept anyway: the events named in the
-- 'removed' list of an SMS STOP that stays (an SMS START restores them
-- from there), then a pending event confirmed by a grant that stays (the
-- grant's confirms).
-- Set-based: each step is one pass (a sort or a hash join) over the
-- ledger, whatever the number of events of one number.
CREATE FUNCTION phone_consent_purgeable(older_than interval)
    RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH ev AS MATERIALIZED (
        SELECT e.event_id, e.phone, e.channel, e.purpose, e.program, e.action, e.occurred_at,
               e.disconnected_on, e.confirms,
               CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END AS rank,
               (e.occurred_at <= pg_catalog.now()
                AND GREATEST(e.occurred_at, e.recorded_at)
                    < pg_catalog.now() - older_than) AS settled
          FROM @extschema@.phone_consent e
    ), void AS (
        -- per number, how far its settled invalidations void
        SELECT v.phone, max(((v.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')) AS void_before
          FROM ev v
         WHERE v.action = 'invalidate' AND v.settled
         GROUP BY v.phone
    ), top AS MATERIALIZED (
        -- per (number, channel, purpose, program), the settled event first
        -- in the status order
        SELECT DISTINCT ON (t.phone, t.channel, t.purpose, t.program)
               t.phone, t.channel, t.purpose, t.program, t.occurred_at, t.rank, t.event_id
          FROM ev t
         WHERE t.action <> 'invalidate' AND t.settled
         ORDER BY t.phone, t.channel, t.purpose, t.program, t.occurred_at DESC, t.rank DESC,
                  t.event_id DESC
    ), beaten AS MATERIALIZED (
        -- events that the top of a scope covering theirs beats: a hash
        -- join on each of the eight covering scopes
        SELECT e.event_id
          FROM ev e
          CROSS JOIN LATERAL (VALUES (e.channel, e.purpose), (e.channel, '*'),
                                     ('*', e.purpose), ('*', '*')) AS s(channel, purpose)
          CROSS JOIN LATERAL (VALUES (e.program), ('*')) AS g(program)
          JOIN top t ON t.phone OPERATOR(@extschema@.=) e.phone
                    AND t.channel = s.channel AND t.purpose = s.purpose
                    AND t.program = g.program
         WHERE e.action <> 'invalidate'
           AND e.occurred_at < pg_catalog.now() - older_than
           AND (t.occurred_at, t.rank, t.event_id) > (e.occurred_at, e.rank, e.event_id)
    ), inv AS (
        -- per invalidation, how far the settled invalidations after it void
        SELECT i.event_id, i.phone, i.disconnected_on, i.occurred_at,
               max(i.disconnected_on) FILTER (WHERE i.settled)
                   OVER (PARTITION BY i.phone
                         ORDER BY i.occurred_at DESC, i.disconnected_on DESC, i.event_id DESC
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS later_void
          FROM ev i
         WHERE i.action = 'invalidate'
    ), cand AS (
        SELECT e.event_id, e.phone, e.action
          FROM ev e
          LEFT JOIN void v ON v.phone OPERATOR(@extschema@.=) e.phone
         WHERE e.action <> 'invalidate'
           AND e.occurred_at < pg_catalog.now() - older_than
           AND (e.occurred_at < v.void_before
                OR e.event_id IN (SELECT b.event_id FROM beaten b))
        UNION ALL
        SELECT i.event_id, i.phone, 'invalidate'
          FROM inv i
         WHERE i.occurred_at < pg_catalog.now() - older_than
           AND i.later_void >= i.disconnected_on
    ), listed AS (
        -- what the SMS STOPs that stay list as removed, for their number
        SELECT s.phone, r.value -> 'event_id' AS event_id
          FROM @extschema@.phone_consent s,
               pg_catalog.jsonb_array_elements(
                   CASE WHEN pg_catalog.jsonb_typeof(s.evidence -> 'removed') = 'array'
                        THEN s.evidence -> 'removed' ELSE '[]'::jsonb END) AS r(value)
         WHERE s.action = 'revoke' AND s.method = 'sms_keyword'
           AND s.channel = '*' AND s.purpose = '*'
           AND s.event_id NOT IN (SELECT c.event_id FROM cand c)
    ), unlisted AS (
        SELECT c.event_id, c.action
          FROM cand c
         WHERE NOT EXISTS (SELECT 1 FROM listed l
                            WHERE l.phone OPERATOR(@extschema@.=) c.phone
                              AND l.event_id = pg_catalog.to_jsonb(c.event_id))
    )
    SELECT u.event_id FROM unlisted u
     WHERE u.action <> 'pending'
        OR u.event_id NOT IN (SELECT g.confirms FROM ev g
                               WHERE g.confirms IS NOT NULL
                                 AND g.event_id NOT IN (SELECT x.event_id FROM unlisted x));
END;

-- Deletes (or, with dry_run, counts) the ledger events that stopped
-- deciding any status more than older_than ago (see
-- phone_consent_purgeable).  Returns how many; a real purge is logged.
CREATE FUNCTION phone_consent_purge(older_than interval, dry_run boolean DEFAULT true)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n    bigint;
    lid  bigint;
BEGIN
    IF older_than IS NULL OR older_than < interval '0' THEN
        RAISE EXCEPTION 'invalid retention interval: %', coalesce(older_than::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Events that occurred before now() minus this interval are considered.',
                  HINT = 'Pass an interval of zero or more, e.g. ''2 years''.';
    END IF;
    IF dry_run IS NULL THEN
        RAISE EXCEPTION 'dry_run cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass true to count, false to delete.';
    END IF;
    IF dry_run THEN
        SELECT count(*) INTO n FROM @extschema@.phone_consent_purgeable(older_than);
        RETURN n;
    END IF;

    INSERT INTO @extschema@.phone_consent_permit (event_id)
    SELECT * FROM @extschema@.phone_consent_purgeable(older_than);
    -- the links of the deleted events stay (phone_consent_verify)
    lid := pg_catalog.nextval('@extschema@.phone_erasure_log_log_id_seq'::pg_catalog.regclass);
    WITH d AS (
        DELETE FROM @extschema@.phone_consent e
         USING @extschema@.phone_consent_permit p
         WHERE p.xact = pg_catalog.pg_current_xact_id() AND p.event_id = e.event_id
        RETURNING e.event_id, e.prev_hash, e.event_hash
    )
    INSERT INTO @extschema@.phone_consent_removed (event_id, prev_hash, event_hash, log_id)
    SELECT d.event_id, d.prev_hash, d.event_hash, lid FROM d;
    GET DIAGNOSTICS n = ROW_COUNT;

    INSERT INTO @extschema@.phone_erasure_log
        (log_id, operation, events_deleted, older_than, performed_at, performed_by)
    VALUES (lid, 'purge', n, older_than, pg_catalog.clock_timestamp(), session_user);

    DELETE FROM @extschema@.phone_consent_permit p WHERE p.xact = pg_catalog.pg_current_xact_id();
    RETURN n;
END;
$$;

-- ---------------------------------------------------------------------
-- Views over the ledger and the tombstones
-- ---------------------------------------------------------------------

-- The status as of now() of every (phone, channel, purpose, program) that
-- has an event in the ledger, scopes with '*' included (a number whose
-- only events are blanket revocations has its row ('*', '*', program)):
-- the rule of phone_consent_state, set-based, so that the whole ledger is
-- read in a few passes instead of one lookup per row.
--   inval:  per number, how far its invalidations void, and the latest
--   top:    per (number, channel, purpose, program), the event that beats
--           the others of that very scope and is not void
--   keys:   every (number, channel, purpose, program) of the ledger
--   win:    per key, the best top of the scopes that cover it
CREATE VIEW phone_consent_current AS
WITH inval AS NOT MATERIALIZED (
    SELECT e.phone,
           max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')) AS void_before,
           max(e.occurred_at) AS inval_at
      FROM @extschema@.phone_consent e
     WHERE e.action = 'invalidate' AND e.occurred_at <= now()
     GROUP BY e.phone
), top AS (
    SELECT DISTINCT ON (e.phone, e.channel, e.purpose, e.program)
           e.phone, e.channel, e.purpose, e.program, e.event_id, e.action, e.occurred_at,
           e.expires_at,
           CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END AS rank,
           (e.action IN ('grant', 'pending') AND e.method <> 'import'
            AND (e.notice_id IS NOT NULL OR e.evidence <> '{}' OR e.confirms IS NOT NULL)) AS lifts
      FROM @extschema@.phone_consent e
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) e.phone
     WHERE e.action <> 'invalidate' AND e.occurred_at <= now()
       AND (i.void_before IS NULL OR e.occurred_at >= i.void_before)
     ORDER BY e.phone, e.channel, e.purpose, e.program, e.occurred_at DESC,
              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
              e.event_id DESC
), keys AS (
    SELECT DISTINCT e.phone, e.channel, e.purpose, e.program FROM @extschema@.phone_consent e
), win AS (
    SELECT DISTINCT ON (k.phone, k.channel, k.purpose, k.program)
           k.phone, k.channel, k.purpose, k.program, t.event_id, t.action, t.occurred_at,
           t.expires_at, t.lifts
      FROM keys k
      LEFT JOIN top t ON t.phone OPERATOR(@extschema@.=) k.phone
                     AND t.channel IN (k.channel, '*') AND t.purpose IN (k.purpose, '*')
                     AND t.program IN (k.program, '*')
     ORDER BY k.phone, k.channel, k.purpose, k.program, t.occurred_at DESC NULLS LAST,
              t.rank DESC, t.event_id DESC
), st AS (
    SELECT w.phone, w.channel, w.purpose, w.program, w.event_id, w.action, w.occurred_at, w.expires_at,
           s.erased_at, i.inval_at,
           CASE WHEN w.event_id IS NULL THEN
                    CASE WHEN s.erased_at IS NOT NULL THEN 'erased'
                         WHEN i.inval_at IS NOT NULL THEN 'invalidated'
                         ELSE 'none' END
                WHEN s.erased_at IS NOT NULL
                     AND NOT (w.lifts AND w.occurred_at > s.erased_at) THEN 'erased'
                WHEN w.action = 'revoke' THEN 'revoked'
                WHEN w.action = 'pending' THEN 'pending'
                WHEN w.expires_at <= now() THEN 'expired'
                ELSE 'granted' END AS status
      FROM win w
      LEFT JOIN @extschema@.phone_suppression s
             ON s.phone_hash = @extschema@.phone_consent_number_hash(w.phone)
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) w.phone
)
SELECT st.phone, st.channel, st.purpose, st.status,
       CASE st.status WHEN 'erased' THEN st.erased_at
                      WHEN 'invalidated' THEN st.inval_at
                      WHEN 'none' THEN NULL
                      WHEN 'expired' THEN st.expires_at
                      ELSE st.occurred_at END AS since,
       CASE WHEN st.status IN ('revoked', 'pending', 'expired', 'granted') THEN st.event_id END
           AS event_id,
       st.program
  FROM st;

-- Numbers that may not be contacted at all in a program: those whose
-- every status in the program is 'revoked', decided by a blanket
-- revocation (an SMS STOP, or phone_consent_revoke with no channel and no
-- purpose) or narrower ones after it, whether or not the number ever gave
-- consent.  A blanket revocation of every program (program '*') lists the
-- number with program '*' when its every status, in every program, is
-- 'revoked', or has consent given after it in programs of their own,
-- which resumed_in lists (the revocation still holds in every other
-- program).  A grant or pending event after a blanket revocation of one
-- program (an SMS START, new consent) takes the number off for it.  Numbers erased with mode 'suppress' cannot be
-- listed: no table keeps their digits (the tombstones hold a keyed hash);
-- phone_is_suppressed(number) answers for them.
CREATE VIEW phone_do_not_contact AS
SELECT c.phone, 'revoked'::text AS reason, c.since, c.event_id, c.program,
       CASE WHEN c.program = '*'
            THEN coalesce((SELECT pg_catalog.array_agg(DISTINCT r.p ORDER BY r.p)
                             FROM pg_catalog.unnest(c.resumed) AS r(p)), '{}')
            ELSE '{}' END::text[] AS resumed_in
  FROM (SELECT cur.phone, cur.channel, cur.purpose, cur.program, cur.status, cur.since,
               cur.event_id,
               -- revoked everywhere, but where consent came after in a
               -- program of its own (a disconnection takes the number off)
               bool_and(cur.status = 'revoked'
                        OR (cur.program <> '*' AND cur.status IN ('granted', 'pending', 'expired')))
                   OVER (PARTITION BY cur.phone) AS all_revoked,
               pg_catalog.array_agg(cur.program)
                   FILTER (WHERE cur.program <> '*' AND cur.status <> 'revoked')
                   OVER (PARTITION BY cur.phone) AS resumed,
               bool_and(cur.status = 'revoked') OVER (PARTITION BY cur.phone, cur.program)
                   AS program_revoked
          FROM @extschema@.phone_consent_current cur) AS c
 WHERE c.channel = '*' AND c.purpose = '*' AND c.status = 'revoked'
   AND CASE WHEN c.program = '*' THEN c.all_revoked ELSE c.program_revoked END;

REVOKE EXECUTE ON FUNCTION phone_erase(phone, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_purge(interval, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_purgeable(interval) FROM PUBLIC;
-- a SECURITY DEFINER trigger function (see phone_consent_reference_check)
REVOKE EXECUTE ON FUNCTION phone_consent_suppression_check() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_new_key() FROM PUBLIC;

COMMENT ON VIEW phone_consent_current IS 'current consent status of every (phone, channel, purpose, program) in the ledger, scopes with * included';
COMMENT ON VIEW phone_do_not_contact IS 'numbers that may not be contacted at all in a program (* : in any but those of resumed_in): every status revoked after a blanket revocation (erased numbers: phone_is_suppressed)';
COMMENT ON COLUMN phone_do_not_contact.resumed_in IS 'for program *: the programs in which consent given after the revocation of every program lifts it (a dialer for program P skips the number when program = P, or program = * and P <> ALL (resumed_in)); empty for a program of its own';
COMMENT ON TABLE phone_suppression IS 'tombstones of numbers erased with mode suppress, by keyed hash: never contactable, no consent by import';
COMMENT ON COLUMN phone_suppression.phone_hash IS 'keyed hash of the number (phone_consent_number_hash), never its digits';
COMMENT ON COLUMN phone_erasure_log.phone_hash IS 'for an erasure with mode suppress: the keyed hash of the number';
COMMENT ON TABLE phone_consent_removed IS 'links of the hash chain of events deleted by erasures and purges; append-only';
COMMENT ON COLUMN phone_consent_removed.log_id IS 'the entry of phone_erasure_log that deleted the event';
COMMENT ON TABLE phone_consent_key IS 'the key of the number hashes, made by the first erasure; owner only, never changes';
COMMENT ON FUNCTION phone_consent_number_hash(phone) IS 'keyed hash of a number (HMAC-SHA256 under phone_consent_key), as the tombstones and the erasure log hold it';
COMMENT ON FUNCTION phone_consent_new_key() IS 'makes the key of the number hashes, once';
COMMENT ON FUNCTION phone_is_suppressed(phone) IS 'true when the number was erased with mode suppress (looked up by its keyed hash)';
COMMENT ON FUNCTION phone_consent_verify() IS 'the first event id where the hash chain of the ledger breaks, or NULL';
COMMENT ON TRIGGER phone_consent_removed_append_only ON phone_consent_removed IS 'refuses UPDATE and DELETE';
COMMENT ON TRIGGER phone_consent_removed_no_truncate ON phone_consent_removed IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_consent_key_frozen ON phone_consent_key IS 'refuses UPDATE and DELETE';
COMMENT ON TRIGGER phone_consent_key_no_truncate ON phone_consent_key IS 'refuses TRUNCATE';
COMMENT ON COLUMN phone_suppression.request_id IS 'the erasure request that suppressed the number (the latest one)';
COMMENT ON COLUMN phone_suppression.erased_at IS 'when the number was erased: consent must have been given after it';
COMMENT ON TABLE phone_erasure_log IS 'append-only log of erasures and purges; never holds a number';
COMMENT ON COLUMN phone_erasure_log.events_deleted IS 'ledger events deleted';
COMMENT ON COLUMN phone_erasure_log.older_than IS 'for a purge: the retention interval';
COMMENT ON COLUMN phone_erasure_log.performed_by IS 'session_user of the session that erased or purged';
COMMENT ON TABLE phone_consent_permit IS 'transaction-local permits to delete ledger rows, written by phone_erase and phone_consent_purge; owner only, always empty between calls';
COMMENT ON SEQUENCE phone_erasure_log_log_id_seq IS 'ids of the erasure log';
COMMENT ON INDEX phone_consent_permit_phone_idx IS 'permits for a number (erasure)';
COMMENT ON INDEX phone_consent_permit_event_idx IS 'permits for an event (purge)';
COMMENT ON FUNCTION phone_erasure_log_guard() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the erasure log, the removed links and the key';
COMMENT ON FUNCTION phone_suppression_guard() IS 'trigger: tombstones change only through phone_erase (or a restore)';
COMMENT ON FUNCTION phone_consent_suppression_check() IS 'trigger: refuses consent for a suppressed number unless given after the erasure, not imported, with evidence';
COMMENT ON FUNCTION phone_erase(phone, text, text) IS 'delete the consent history of a number (suppress: keep a tombstone; forget: keep nothing); returns the events deleted';
COMMENT ON FUNCTION phone_consent_purgeable(interval) IS 'event ids that a purge with this interval would delete';
COMMENT ON FUNCTION phone_consent_purge(interval, boolean) IS 'delete (dry_run: count) ledger events that stopped deciding any status longer ago than the interval; returns how many';
COMMENT ON TRIGGER phone_consent_suppressed ON phone_consent IS 'refuses consent for a suppressed number without new evidence';
COMMENT ON TRIGGER phone_suppression_guarded ON phone_suppression IS 'tombstones change only through phone_erase (or a restore)';
COMMENT ON TRIGGER phone_suppression_no_truncate ON phone_suppression IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_erasure_log_append_only ON phone_erasure_log IS 'refuses UPDATE and DELETE';
COMMENT ON TRIGGER phone_erasure_log_no_truncate ON phone_erasure_log IS 'refuses TRUNCATE';
