/* 40-l3.sql, a part of phone_consent--unpackaged--1.1.sql: what evidence
 * means cannot change, the hash chain of the ledger, and erasure without
 * the number (doc/consent.md, "What evidence means" and "Tamper
 * evidence"; doc/privacy.md, "Erasure").  Existing rows are converted:
 * the tombstones' numbers are replaced by their keyed hashes (the events
 * of 1.0 are chained by 80-prog.sql, which adds the chain's last
 * field). */

-- ---------------------------------------------------------------------
-- New columns (at the end of their tables, as in src/sql/)
-- ---------------------------------------------------------------------
ALTER TABLE @extschema@.phone_consent_notice
    ADD COLUMN channel text CHECK (channel IN ('sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                              'voice_prerecorded')),
    ADD COLUMN purpose text;
ALTER TABLE @extschema@.phone_consent
    ADD COLUMN prev_hash bytea,
    ADD COLUMN event_hash bytea;
ALTER TABLE @extschema@.phone_erasure_log ADD COLUMN phone_hash bytea;

-- ---------------------------------------------------------------------
-- The key of the number hashes, the hash, and the removed links
-- ---------------------------------------------------------------------
CREATE TABLE @extschema@.phone_consent_key (
    key_id      integer PRIMARY KEY CHECK (key_id = 1),
    key         bytea NOT NULL CHECK (pg_catalog.octet_length(key) = 32),
    inner_pad   bytea NOT NULL CHECK (pg_catalog.octet_length(inner_pad) = 64),
    outer_pad   bytea NOT NULL CHECK (pg_catalog.octet_length(outer_pad) = 64),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
REVOKE ALL ON @extschema@.phone_consent_key FROM PUBLIC;

CREATE TABLE @extschema@.phone_consent_removed (
    event_id    bigint PRIMARY KEY,
    prev_hash   bytea NOT NULL,
    event_hash  bytea NOT NULL,
    log_id      bigint NOT NULL
);

CREATE FUNCTION phone_consent_number_hash(number phone) RETURNS bytea
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(
               k.inner_pad || pg_catalog.convert_to('phone_consent.number.v1', 'UTF8') || '\x00'::bytea
               || pg_catalog.convert_to(pg_catalog.ltrim(number::pg_catalog.text, '+'), 'UTF8')))
      FROM @extschema@.phone_consent_key k
$$;

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

-- phone_consent_event_hash, phone_consent_verify and the chaining of the
-- events of 1.0: 80-prog.sql, with the program (the chain's last field)

CREATE FUNCTION phone_consent_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last_id bigint;
BEGIN
    -- SECURITY DEFINER (it reads phone_consent_removed whoever inserts):
    -- it must not answer for any other table
    IF TG_RELID <> '@extschema@.phone_consent'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_chain() fires only for phone_consent'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF pg_catalog.current_setting('check_function_bodies') = 'off'
       AND NEW.prev_hash IS NOT NULL AND NEW.event_hash IS NOT NULL THEN
        RETURN NEW;
    END IF;
    -- the last link must be read with a snapshot taken after the lock
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'events are appended to the consent ledger only at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = format('The transaction is %s: its snapshot could miss the last event of the hash chain.',
                                  pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                  HINT = 'Record the event in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('phone_consent.chain'), 0);
    SELECT l.event_id, l.event_hash INTO last_id, NEW.prev_hash
      FROM (SELECT e.event_id, e.event_hash FROM @extschema@.phone_consent e
            UNION ALL
            SELECT r.event_id, r.event_hash FROM @extschema@.phone_consent_removed r) AS l
     ORDER BY l.event_id DESC LIMIT 1;
    -- the event_id taken before the lock is kept when it comes after the
    -- last event (as it does without concurrent writers)
    IF NEW.event_id IS NULL OR NEW.event_id <= last_id THEN
        NEW.event_id := GREATEST(
            pg_catalog.nextval('@extschema@.phone_consent_event_id_seq'::pg_catalog.regclass), last_id + 1);
    END IF;
    NEW.prev_hash := coalesce(NEW.prev_hash, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'));
    NEW.event_hash := @extschema@.phone_consent_event_hash(NEW);
    RETURN NEW;
END;
$$;

-- ---------------------------------------------------------------------
-- Existing rows
-- ---------------------------------------------------------------------

-- The tombstones and the permits lose the number: a key is made when
-- there are tombstones; the erasure log gets the hash of a suppressed
-- number for the erasures that suppressed it, and a request id that
-- holds the digits of the number it erased is replaced.  The guards of
-- the ledger and the log are off for this (session_replication_role), as
-- are the checks of the references, which the rows of 1.0 need not pass.
DO $$
DECLARE
    t     record;
    h     bytea;
    nat   text;
    rid   text;
BEGIN
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    IF EXISTS (SELECT 1 FROM @extschema@.phone_suppression) THEN
        PERFORM @extschema@.phone_consent_new_key();
    END IF;
    FOR t IN SELECT s.phone, s.request_id FROM @extschema@.phone_suppression s LOOP
        h := @extschema@.phone_consent_number_hash(t.phone);
        nat := coalesce(@extschema@.phone_national_number(t.phone), pg_catalog.ltrim(t.phone::pg_catalog.text, '+'));
        rid := t.request_id;
        IF pg_catalog.length(nat) > 0
           AND pg_catalog.strpos(pg_catalog.regexp_replace(rid, '[^0-9]', '', 'g'), nat) > 0 THEN
            rid := 'redacted ' || pg_catalog.left(pg_catalog.encode(h, 'hex'), 16);
            UPDATE @extschema@.phone_suppression s SET request_id = rid
             WHERE s.phone OPERATOR(@extschema@.=) t.phone;
        END IF;
        UPDATE @extschema@.phone_erasure_log l SET phone_hash = h, request_id = rid
         WHERE l.operation = 'erase' AND l.mode = 'suppress' AND l.request_id = t.request_id;
    END LOOP;
    PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
END
$$;
ALTER TABLE @extschema@.phone_suppression RENAME COLUMN phone TO phone_hash;
ALTER TABLE @extschema@.phone_suppression
    ALTER COLUMN phone_hash TYPE bytea USING @extschema@.phone_consent_number_hash(phone_hash);
-- empty outside phone_erase and phone_consent_purge
ALTER TABLE @extschema@.phone_consent_permit RENAME COLUMN phone TO phone_hash;
ALTER TABLE @extschema@.phone_consent_permit
    ALTER COLUMN phone_hash TYPE bytea USING NULL::bytea;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_removed', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_key', '');

-- ---------------------------------------------------------------------
-- Functions (as in src/sql/phone_consent/consent.sql, erasure.sql, reports.sql)
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION phone_consent_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- phone_erase and phone_consent_purge: a permit of this transaction
    -- (a role that may not read the permits has none)
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW'
       AND pg_catalog.has_table_privilege('@extschema@.phone_consent_permit', 'SELECT') THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_permit p
                    WHERE p.xact = pg_catalog.pg_current_xact_id()
                      AND (p.phone_hash = @extschema@.phone_consent_number_hash(OLD.phone)
                           OR p.event_id = OLD.event_id)) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'Record a new event instead: phone_consent_revoke() or phone_mark_disconnected(); rows leave the ledger only through phone_erase() and phone_consent_purge().';
END;
$$;

CREATE OR REPLACE FUNCTION phone_consent_notice_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent WHERE notice_id IS NOT NULL) THEN
            RAISE EXCEPTION 'consent notices referenced by the ledger cannot be changed'
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'TRUNCATE on phone_consent_notice would remove referenced notices.';
        END IF;
        RETURN NULL;
    END IF;
    -- A writer citing the notice holds a FOR SHARE lock on its row until it
    -- commits, and this trigger runs once the row is locked for the UPDATE
    -- or DELETE.  At READ COMMITTED the query below then sees that
    -- writer's event; an older snapshot might not.
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'consent notices change only at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = format('The transaction is %s: its snapshot could miss an event that cites the notice.',
                                  pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                  HINT = 'Change the notice in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.phone_consent WHERE notice_id = OLD.notice_id) THEN
        RAISE EXCEPTION 'consent notice % is referenced by the ledger and cannot be changed', OLD.notice_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('%s of a referenced notice is not allowed, for any role.', TG_OP),
                  HINT = 'Add a new version of the notice instead.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.created_at > pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION 'the created_at of a consent notice cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('created_at is %s.', NEW.created_at),
                  HINT = 'created_at is when the wording was first shown to people.';
    END IF;
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION phone_consent_notice_hash() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.created_at > pg_catalog.clock_timestamp()
       AND pg_catalog.current_setting('check_function_bodies') <> 'off' THEN
        RAISE EXCEPTION 'the created_at of a consent notice cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('created_at is %s.', NEW.created_at),
                  HINT = 'created_at is when the wording was first shown to people.';
    END IF;
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION phone_consent_reference_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n   record;
BEGIN
    -- SECURITY DEFINER: it must not answer for any other table
    -- (doc/security.md, "SECURITY DEFINER triggers")
    IF TG_RELID NOT IN ('@extschema@.phone_consent'::pg_catalog.regclass,
                        '@extschema@.phone_contact_window'::pg_catalog.regclass) THEN
        RAISE EXCEPTION 'phone_consent_reference_check() fires only for phone_consent and phone_contact_window'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF pg_catalog.current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF NEW.purpose IS NOT NULL AND NOT (TG_TABLE_NAME = 'phone_consent' AND NEW.purpose = '*')
       AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                        WHERE p.purpose = NEW.purpose FOR SHARE) THEN
        RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_purpose"', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is not present in table "phone_consent_purpose".', NEW.purpose);
    END IF;
    IF TG_TABLE_NAME <> 'phone_consent' THEN
        -- a window for a purpose whose hours do not apply would never be
        -- used (phone_contact_decision does not look at the windows)
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                    WHERE p.purpose = NEW.purpose AND NOT p.hours_apply) THEN
            RAISE EXCEPTION 'calling windows do not apply to purpose "%"', NEW.purpose
                USING ERRCODE = 'check_violation',
                      DETAIL = 'The purpose has hours_apply false: no decision for it looks at the calling windows, so the row would never be used.',
                      HINT = 'Give the row a purpose whose hours apply, or NULL for every such purpose.';
        END IF;
        RETURN NULL;
    END IF;
    IF NEW.notice_id IS NOT NULL THEN
        SELECT x.sha256, x.created_at, x.channel, x.purpose INTO n
          FROM @extschema@.phone_consent_notice x
         WHERE x.notice_id = NEW.notice_id FOR SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_notice"', TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (notice_id)=(%s) is not present in table "phone_consent_notice".', NEW.notice_id);
        END IF;
        IF n.created_at > NEW.occurred_at THEN
            RAISE EXCEPTION 'consent notice % cannot be cited by an event that occurred before it was created', NEW.notice_id
                USING ERRCODE = 'check_violation',
                      DETAIL = format('The notice was created at %s, the event occurred at %s.', n.created_at, NEW.occurred_at),
                      HINT = 'Cite the notice the person was shown at the time.';
        END IF;
        IF NOT (n.channel IS NULL OR n.channel = NEW.channel)
           OR NOT (n.purpose IS NULL OR n.purpose = NEW.purpose) THEN
            RAISE EXCEPTION 'consent notice % was not written for % on %', NEW.notice_id, NEW.purpose, NEW.channel
                USING ERRCODE = 'check_violation',
                      DETAIL = format('The notice asks consent for %s on %s.',
                                      coalesce(n.purpose, 'any purpose'), coalesce(n.channel, 'any channel')),
                      HINT = 'Cite a notice for the channel and purpose of the consent.';
        END IF;
        IF NEW.notice_sha256 IS DISTINCT FROM n.sha256 THEN
            RAISE EXCEPTION 'the notice_sha256 of an event must be the SHA-256 of the notice it cites'
                USING ERRCODE = 'check_violation',
                      DETAIL = format('Notice %s has SHA-256 %s; the event gives %s.', NEW.notice_id,
                                      pg_catalog.encode(n.sha256, 'hex'),
                                      coalesce(pg_catalog.encode(NEW.notice_sha256, 'hex'), 'NULL'));
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION phone_consent_purpose_referenced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@extschema@.phone_consent_purpose'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_purpose_referenced() fires only for phone_consent_purpose'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.purpose IS DISTINCT FROM OLD.purpose)
       AND EXISTS (SELECT 1 FROM @extschema@.phone_contact_window w WHERE w.purpose = OLD.purpose) THEN
        RAISE EXCEPTION 'update or delete on table "phone_consent_purpose" violates the reference from "phone_contact_window"'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is still referenced from table "phone_contact_window".', OLD.purpose);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.hours_apply AND NOT NEW.hours_apply
       AND EXISTS (SELECT 1 FROM @extschema@.phone_contact_window w WHERE w.purpose = OLD.purpose) THEN
        RAISE EXCEPTION 'calling windows name purpose "%", whose hours would no longer apply', OLD.purpose
            USING ERRCODE = 'check_violation',
                  DETAIL = 'A window for a purpose whose hours do not apply would never be used.',
                  HINT = 'Delete the windows of the purpose first.';
    END IF;
    IF TG_OP = 'DELETE'
       OR (NEW.purpose, NEW.basis, NEW.written_required, NEW.hours_apply)
          IS DISTINCT FROM (OLD.purpose, OLD.basis, OLD.written_required, OLD.hours_apply) THEN
        IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'the rules of a consent purpose change only at isolation level READ COMMITTED'
                USING ERRCODE = 'invalid_transaction_state',
                      DETAIL = format('The transaction is %s: its snapshot could miss an event that names the purpose.',
                                      pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                      HINT = 'Change the purpose in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
        END IF;
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent e WHERE e.purpose = OLD.purpose) THEN
            RAISE EXCEPTION 'consent purpose % is referenced by the ledger and its rules cannot be changed', OLD.purpose
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('%s of the key, basis, written_required or hours_apply of a purpose that events name would change what they decide.', TG_OP),
                      HINT = 'Add a purpose under a new key (for example with a version suffix) for the new rules.';
        END IF;
    END IF;
    RETURN NULL;
END;
$$;




CREATE OR REPLACE FUNCTION phone_erasure_log_guard() RETURNS trigger
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

CREATE OR REPLACE FUNCTION phone_suppression_guard() RETURNS trigger
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

CREATE OR REPLACE FUNCTION phone_consent_suppression_check() RETURNS trigger
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

CREATE OR REPLACE FUNCTION phone_erase(number phone, request_id text, mode text DEFAULT 'suppress')
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

CREATE FUNCTION phone_is_suppressed(number phone) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN EXISTS (SELECT 1 FROM @extschema@.phone_suppression s
                    WHERE s.phone_hash = @extschema@.phone_consent_number_hash(number));

CREATE OR REPLACE FUNCTION phone_consent_purge(older_than interval, dry_run boolean DEFAULT true)
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

CREATE OR REPLACE FUNCTION phone_without_consent(tbl regclass, col name, channel text, purpose text,
                                      at timestamptz DEFAULT now())
    RETURNS TABLE (number phone, row_count bigint, status text)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind    text := @extschema@.phone_report_column(tbl, col, 'phone_without_consent'::pg_catalog.text);
    r       text := @extschema@.phone_report_region(NULL::pg_catalog.text);
    basis   text;
    known   text := 'SELECT DISTINCT e.phone FROM @extschema@.phone_consent AS e';
    val     text;
    num     text;
    keep    text;
BEGIN
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    IF at IS NULL THEN
        RAISE EXCEPTION 'phone_without_consent needs an instant'
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'The at argument is NULL.';
    END IF;
    SELECT p.basis INTO basis FROM @extschema@.phone_consent_purpose p
     WHERE p.purpose = phone_without_consent.purpose;
    -- a suppressed number is known by its keyed hash only (hashed only
    -- when there are tombstones)
    known := known || ' UNION SELECT u.n FROM (SELECT DISTINCT c0.n FROM c AS c0'
             ' WHERE EXISTS (SELECT FROM @extschema@.phone_suppression)) AS u'
             ' WHERE @extschema@.phone_is_suppressed(u.n)';
    IF kind = 'text' THEN
        -- the number of a valid value, its extension dropped
        val := pg_catalog.format('t.%I::pg_catalog.text', col);
        num := pg_catalog.format('@extschema@.phone_report_number(t.%I::pg_catalog.text, $1)', col);
        keep := 'CASE WHEN @extschema@.phone_is_valid(x.n) THEN x.n END';
    ELSE
        val := pg_catalog.format('t.%I', col);
        num := pg_catalog.format('t.%I::@extschema@.phone', col);
        keep := 'x.n';
    END IF;

    RETURN QUERY EXECUTE
        'WITH c AS MATERIALIZED ('
        '  SELECT ' || keep || ' AS n, pg_catalog.count(*) AS cnt FROM ('
        '    SELECT ' || val || ' AS raw, ' || num || ' AS n'
        '      FROM ' || tbl::text || ' AS t'
        '     WHERE @extschema@.phone_report_progress(''phone_without_consent''::pg_catalog.text, 250000::pg_catalog.int8)'
        '    OFFSET 0) AS x'
        '   WHERE x.raw IS NOT NULL GROUP BY 1),'
        ' k AS (' || known || '),'
        ' s AS (SELECT c.n, c.cnt,'
        '         CASE WHEN c.n IS NULL THEN ''unparseable'''
        '              WHEN k.phone IS NULL THEN ''none'''
        '              ELSE @extschema@.phone_consent_status(c.n, $2, $3, $4) END AS status'
        '         FROM c LEFT JOIN k ON k.phone OPERATOR(@extschema@.=) c.n)'
        ' SELECT s.n, s.cnt, s.status FROM s'
        '  WHERE NOT (s.status = ''granted'''
        '             OR ($5 = ''opt_out'' AND s.status IN (''pending'', ''expired'', ''none'')))'
        '  ORDER BY s.n NULLS LAST'
        USING r, channel, purpose, at, basis;
END;
$$;

CREATE TRIGGER phone_consent_zz_chain
    BEFORE INSERT ON @extschema@.phone_consent
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_consent_chain();
CREATE TRIGGER phone_consent_removed_append_only
    BEFORE UPDATE OR DELETE ON @extschema@.phone_consent_removed
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_erasure_log_guard();
CREATE TRIGGER phone_consent_removed_no_truncate
    BEFORE TRUNCATE ON @extschema@.phone_consent_removed
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.phone_erasure_log_guard();
CREATE TRIGGER phone_consent_key_frozen
    BEFORE UPDATE OR DELETE ON @extschema@.phone_consent_key
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_erasure_log_guard();
CREATE TRIGGER phone_consent_key_no_truncate
    BEFORE TRUNCATE ON @extschema@.phone_consent_key
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.phone_erasure_log_guard();

REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_chain() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_new_key() FROM PUBLIC;
GRANT SELECT ON TABLE @extschema@.phone_consent_removed TO @extowner@ WITH GRANT OPTION;
GRANT SELECT ON TABLE @extschema@.phone_consent_key TO @extowner@;

COMMENT ON COLUMN phone_consent.prev_hash IS 'hash chain: event_hash of the event before this one (32 zero bytes for the first)';
COMMENT ON COLUMN phone_consent.event_hash IS 'hash chain: SHA-256 of prev_hash and the fields of the event (phone_consent_event_hash)';
COMMENT ON COLUMN phone_consent_notice.created_at IS 'when the wording was first shown; only events that occurred since may cite it';
COMMENT ON COLUMN phone_consent_notice.channel IS 'the channel the notice asks consent for (NULL: any)';
COMMENT ON COLUMN phone_consent_notice.purpose IS 'the purpose the notice asks consent for (NULL: any)';
COMMENT ON FUNCTION phone_consent_reference_check() IS 'trigger: the purpose and notice of a ledger event and the purpose of a calling window exist, the hours of a window''s purpose apply, and the notice fits the event (not checked while a dump is restored)';
COMMENT ON FUNCTION phone_consent_purpose_referenced() IS 'trigger: refuses deleting or renaming a purpose that the ledger or calling windows name, changing the rules of one the ledger names, and ending the hours of one a window names';
COMMENT ON FUNCTION phone_consent_chain() IS 'trigger: gives a new event the next event_id and links it to the last event of the hash chain';
COMMENT ON TRIGGER phone_consent_references ON phone_consent IS 'the purpose and notice an event cites exist (as a foreign key would check) and the notice fits the event';
COMMENT ON TRIGGER phone_consent_zz_chain ON phone_consent IS 'links a new event into the hash chain (named to fire after the other BEFORE INSERT triggers)';
COMMENT ON TRIGGER phone_consent_purpose_referenced ON phone_consent_purpose IS 'refuses deleting or renaming a referenced purpose, and changing the rules of one the ledger names';
COMMENT ON TABLE phone_suppression IS 'tombstones of numbers erased with mode suppress, by keyed hash: never contactable, no consent by import';
COMMENT ON COLUMN phone_suppression.phone_hash IS 'keyed hash of the number (phone_consent_number_hash), never its digits';
COMMENT ON COLUMN phone_erasure_log.phone_hash IS 'for an erasure with mode suppress: the keyed hash of the number';
COMMENT ON TABLE phone_consent_removed IS 'links of the hash chain of events deleted by erasures and purges; append-only';
COMMENT ON COLUMN phone_consent_removed.log_id IS 'the entry of phone_erasure_log that deleted the event';
COMMENT ON TABLE phone_consent_key IS 'the key of the number hashes, made by the first erasure; owner only, never changes';
COMMENT ON FUNCTION phone_consent_number_hash(phone) IS 'keyed hash of a number (HMAC-SHA256 under phone_consent_key), as the tombstones and the erasure log hold it';
COMMENT ON FUNCTION phone_consent_new_key() IS 'makes the key of the number hashes, once';
COMMENT ON FUNCTION phone_is_suppressed(phone) IS 'true when the number was erased with mode suppress (looked up by its keyed hash)';
COMMENT ON TRIGGER phone_consent_removed_append_only ON phone_consent_removed IS 'refuses UPDATE and DELETE';
COMMENT ON TRIGGER phone_consent_removed_no_truncate ON phone_consent_removed IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_consent_key_frozen ON phone_consent_key IS 'refuses UPDATE and DELETE';
COMMENT ON TRIGGER phone_consent_key_no_truncate ON phone_consent_key IS 'refuses TRUNCATE';
COMMENT ON FUNCTION phone_erasure_log_guard() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the erasure log, the removed links and the key';
COMMENT ON FUNCTION phone_suppression_guard() IS 'trigger: tombstones change only through phone_erase (or a restore)';
COMMENT ON FUNCTION phone_erase(phone, text, text) IS 'delete the consent history of a number (suppress: keep a tombstone; forget: keep nothing); returns the events deleted';
COMMENT ON TRIGGER phone_suppression_guarded ON phone_suppression IS 'tombstones change only through phone_erase (or a restore)';
