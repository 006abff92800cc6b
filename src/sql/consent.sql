
-- src/sql/consent.sql: consent ledger, consent status, contact decisions

-- ---------------------------------------------------------------------
-- Consent.  The ledger phone_consent is the only source of consent
-- state: every change is a new event, and no event is ever updated or
-- deleted (see doc/consent.md for the rules and the design).
--
-- Every SQL and PL/pgSQL body below pins search_path to pg_catalog, then
-- pg_temp, and names our own objects with their schema (operators on phone
-- as OPERATOR(@extschema@.=)): the extension's schema is not searched, so
-- nobody who can create objects in it (in a trusted install, the role that
-- installed it) can capture a call to a built-in function, such as
-- format(text, text) for format(text, VARIADIC "any"), that a SECURITY
-- DEFINER function makes (doc/security.md).  Functions that read tables or the clock
-- are STABLE or VOLATILE; only phone_timezones and phone_sms_keyword,
-- which depend on their arguments alone, are IMMUTABLE.
-- ---------------------------------------------------------------------

-- Purposes of contact (configuration)
CREATE TABLE phone_consent_purpose (
    purpose          text PRIMARY KEY
                     CHECK (purpose ~ '^[a-z][a-z0-9_]{0,62}$'),
    basis            text NOT NULL CHECK (basis IN ('opt_in', 'opt_out')),
    written_required boolean NOT NULL DEFAULT false,
    hours_apply      boolean NOT NULL DEFAULT true,
    description      text,
    predefined       boolean NOT NULL DEFAULT false
);

INSERT INTO phone_consent_purpose
    (purpose, basis, written_required, hours_apply, predefined, description)
VALUES
    ('marketing', 'opt_in', true, true, true,
     'advertising or telemarketing: prior express written consent, calling hours apply'),
    ('informational', 'opt_in', false, true, true,
     'reminders, notifications, surveys: prior express consent, calling hours apply'),
    ('account_security', 'opt_out', false, false, true,
     'one-time codes, fraud and security alerts: allowed unless revoked, at any hour'),
    ('transactional', 'opt_out', false, false, true,
     'messages about a transaction the person started: allowed unless revoked, at any hour');

-- Calling hours (configuration).  The seeded rows follow the US rules:
-- 47 CFR 64.1200(c)(1) (TCPA) forbids telephone solicitation before
-- 8 a.m. and after 9 p.m. local time at the called party's location;
-- Florida's Telemarketing Act, Fla. Stat. 501.616(6)(a) as amended by
-- ch. 2021-185 (CS/SB 1120, in force 2021-07-01), allows commercial
-- telephone solicitation only between 8 a.m. and 8 p.m.; ch. 2021-185
-- also presumes that a call to a Florida area code reaches a person in
-- Florida, which is why the rows go by area code.  Florida's area codes
-- (Florida Public Service Commission area-code relief dockets, e.g.
-- 20220036-TP for 904, and NANPA's assignments): 239, 305, 321, 352, 386,
-- 407, 448 (850 overlay), 561, 656 (813 overlay), 689 (407/321 overlay),
-- 727, 728 (727 overlay), 754, 772, 786, 813, 850, 863, 904, 941, 954.
-- Newer overlays (645 for 305/786 is announced) must be added as they
-- enter service.
CREATE TABLE phone_contact_window (
    prefix      text NOT NULL CHECK (prefix ~ '^[0-9]{0,18}$'),
    purpose     text,               -- a purpose (phone_consent_reference_check)
    opens       time NOT NULL,
    closes      time NOT NULL,
    note        text,
    predefined  boolean NOT NULL DEFAULT false,
    CHECK (opens < closes),
    UNIQUE NULLS NOT DISTINCT (prefix, purpose)
);

INSERT INTO phone_contact_window (prefix, purpose, opens, closes, predefined, note)
VALUES ('', NULL, '08:00', '21:00', true, 'everywhere: 47 CFR 64.1200(c)(1) (US TCPA)');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, predefined, note)
SELECT '1' || code, NULL, '08:00', '20:00', true, 'Florida: Fla. Stat. 501.616(6)(a)'
FROM pg_catalog.unnest(ARRAY['239', '305', '321', '352', '386', '407', '448', '561',
                  '656', '689', '727', '728', '754', '772', '786', '813',
                  '850', '863', '904', '941', '954']) AS code;

-- Notices: the exact wording shown to the person
CREATE TABLE phone_consent_notice (
    notice_id   bigserial PRIMARY KEY,
    name        text NOT NULL,
    version     integer NOT NULL CHECK (version > 0),
    language    text,
    body        text NOT NULL,
    sha256      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- The ledger
CREATE TABLE phone_consent (
    event_id         bigserial PRIMARY KEY,
    phone            phone NOT NULL,
    channel          text NOT NULL
                     CHECK (channel IN ('sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                        'voice_prerecorded', '*')),
    purpose          text NOT NULL,
    action           text NOT NULL
                     CHECK (action IN ('grant', 'pending', 'revoke', 'invalidate')),
    method           text NOT NULL
                     CHECK (method IN ('web_form', 'paper_signed', 'sms_keyword',
                                       'sms_reply', 'ivr', 'verbal_recorded', 'agent',
                                       'email', 'import', 'unspecified')),
    source           text,
    notice_id        bigint,         -- a notice (phone_consent_reference_check)
    evidence         jsonb NOT NULL DEFAULT '{}',
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    recorded_by      text NOT NULL DEFAULT session_user,
    expires_at       timestamptz,
    disconnected_on  date,
    confirms         bigint,
    notice_sha256    bytea,
    CHECK ((channel = '*' OR purpose = '*') <= (action IN ('revoke', 'invalidate'))),
    CHECK ((action = 'invalidate') = (disconnected_on IS NOT NULL)),
    CHECK (action <> 'invalidate' OR (channel = '*' AND purpose = '*')),
    CHECK (expires_at IS NULL OR (action IN ('grant', 'pending') AND expires_at > occurred_at)),
    CHECK (confirms IS NULL OR action = 'grant'),
    CHECK (jsonb_typeof(evidence) = 'object')
);

-- Status lookups read, for each scope that covers the channel and
-- purpose asked for ((c, p), (c, *), (*, p), (*, *)), the latest events of
-- one number: a backward index scan on this that stops at the first one
CREATE INDEX phone_consent_phone_idx ON phone_consent
    (phone, channel, purpose, occurred_at,
     (CASE action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END), event_id);
-- ... and every invalidation of the number, which this finds without
-- reading its other events
CREATE INDEX phone_consent_invalidate_idx ON phone_consent (phone, occurred_at)
    WHERE action = 'invalidate';
-- A pending event is confirmed at most once (see phone_consent_confirm)
CREATE UNIQUE INDEX phone_consent_confirms_idx ON phone_consent (confirms)
    WHERE confirms IS NOT NULL;
CREATE INDEX phone_consent_notice_idx ON phone_consent (notice_id)
    WHERE notice_id IS NOT NULL;

-- pg_dump keeps the ledger, the notices, and the configuration rows that
-- were added after installation (the predefined ones come back with
-- CREATE EXTENSION), with their sequences.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice_notice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_purpose', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_contact_window', 'WHERE NOT predefined');

-- ---------------------------------------------------------------------
-- Guards.  They raise for every role, superusers and the owner included;
-- a superuser can still disable a trigger deliberately (ALTER TABLE ...
-- DISABLE TRIGGER), which is visible in the catalog and the logs.
--
-- The only ways out of the ledger are phone_erase() and
-- phone_consent_purge() (src/sql/erasure.sql), SECURITY DEFINER functions
-- that log what they do.  Before deleting, such a function writes permits
-- into phone_consent_permit, a table only its owner can read or write: a
-- permit names the current transaction (pg_current_xact_id()) and either a
-- number (erasure) or one event (purge), and the function removes its
-- permits before it returns.  The guard lets a DELETE through only when the
-- running role may read that table and a permit of the current transaction
-- names the row.  A role without privileges on the permit table cannot
-- write one, so holding DELETE on the ledger is not enough; UPDATE and
-- TRUNCATE are never let through.
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_consent_guard() RETURNS trigger
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
                      AND (p.phone OPERATOR(@extschema@.=) OLD.phone OR p.event_id = OLD.event_id)) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'Record a new event instead: phone_consent_revoke() or phone_mark_disconnected(); rows leave the ledger only through phone_erase() and phone_consent_purge().';
END;
$$;

CREATE FUNCTION phone_consent_notice_guard() RETURNS trigger
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
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

-- The hash of a notice is always computed from its body (also when a dump
-- is restored, which gives the same value)
CREATE FUNCTION phone_consent_notice_hash() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

-- Predefined configuration rows come with the extension: read-only
CREATE FUNCTION phone_consent_config_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'cannot truncate %', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The table holds predefined rows of the phone extension.',
                  HINT = 'Delete the rows you added instead.';
    END IF;
    IF (TG_OP IN ('UPDATE', 'DELETE') AND OLD.predefined)
       OR (TG_OP IN ('INSERT', 'UPDATE') AND NEW.predefined) THEN
        RAISE EXCEPTION 'predefined rows of % are read-only', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'They come with the phone extension and are recreated by CREATE EXTENSION.',
                  HINT = CASE TG_TABLE_NAME
                         WHEN 'phone_contact_window' THEN 'Add a row with a longer prefix or for one purpose: it takes precedence.'
                         ELSE 'Add a purpose of your own instead.' END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

-- References between the extension's tables are checked by triggers, not
-- foreign keys.  pg_restore -j loads the data of the ledger, the notices,
-- the purposes and the calling windows in parallel sessions, in no order
-- it keeps to, and a foreign key (made by CREATE EXTENSION, before any
-- data) refuses a ledger row whose notice another session has not loaded
-- yet.  A restore session (check_function_bodies off: pg_dump writes it at
-- the top of every dump and pg_restore sets it in each of its sessions)
-- loads rows that were consistent when they were dumped, so the check lets
-- them through there; everywhere else it refuses what a foreign key
-- would, and locks the referenced row as one does.  Deleting or renaming a
-- referenced row is refused by phone_consent_notice_guard and
-- phone_consent_purpose_referenced.
CREATE FUNCTION phone_consent_reference_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
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
    IF TG_TABLE_NAME = 'phone_consent' THEN
        IF NEW.notice_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_notice n
                            WHERE n.notice_id = NEW.notice_id FOR KEY SHARE) THEN
            RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_notice"', TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (notice_id)=(%s) is not present in table "phone_consent_notice".', NEW.notice_id);
        END IF;
    ELSIF NEW.purpose IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                           WHERE p.purpose = NEW.purpose FOR KEY SHARE) THEN
        RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_purpose"', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is not present in table "phone_consent_purpose".', NEW.purpose);
    END IF;
    RETURN NULL;
END;
$$;

-- A purpose that calling windows name cannot be deleted or renamed
CREATE FUNCTION phone_consent_purpose_referenced() RETURNS trigger
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
    RETURN NULL;
END;
$$;

CREATE TRIGGER phone_consent_references
    AFTER INSERT OR UPDATE ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_reference_check();
CREATE TRIGGER phone_contact_window_references
    AFTER INSERT OR UPDATE OF purpose ON phone_contact_window
    FOR EACH ROW EXECUTE FUNCTION phone_consent_reference_check();
CREATE TRIGGER phone_consent_purpose_referenced
    AFTER UPDATE OR DELETE ON phone_consent_purpose
    FOR EACH ROW EXECUTE FUNCTION phone_consent_purpose_referenced();
CREATE TRIGGER phone_consent_append_only
    BEFORE UPDATE OR DELETE ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_guard();
CREATE TRIGGER phone_consent_no_truncate
    BEFORE TRUNCATE ON phone_consent
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_guard();
CREATE TRIGGER phone_consent_notice_hash
    BEFORE INSERT ON phone_consent_notice
    FOR EACH ROW EXECUTE FUNCTION phone_consent_notice_hash();
CREATE TRIGGER phone_consent_notice_frozen
    BEFORE UPDATE OR DELETE ON phone_consent_notice
    FOR EACH ROW EXECUTE FUNCTION phone_consent_notice_guard();
CREATE TRIGGER phone_consent_notice_no_truncate
    BEFORE TRUNCATE ON phone_consent_notice
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_notice_guard();
CREATE TRIGGER phone_consent_purpose_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_consent_purpose
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_consent_purpose_no_truncate
    BEFORE TRUNCATE ON phone_consent_purpose
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_contact_window_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_contact_window
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_contact_window_no_truncate
    BEFORE TRUNCATE ON phone_contact_window
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();

-- ---------------------------------------------------------------------
-- Status
-- ---------------------------------------------------------------------

-- The state of (number, channel, purpose) at an instant, with the event
-- that decides it.  The rule (doc/consent.md): an invalidate event that
-- has occurred voids every event dated before the end (UTC) of its
-- disconnected_on; among the remaining events of the same channel and
-- purpose or '*', the latest occurred_at wins, and on a tie the more
-- restrictive (revoke, then pending, then grant), then the later event.
-- A number erased with mode 'suppress' (a row of phone_suppression) is
-- 'erased' unless the deciding event is a grant or pending event that
-- occurred after the erasure, is no import and carries evidence (a
-- notice, a non-empty evidence object, or the pending event it confirms).
-- as_recorded_at answers with what the ledger held at that time: events
-- recorded later (recorded_at > as_recorded_at) are left out; 'infinity'
-- takes every event, as the overload without as_recorded_at does (an
-- overload rather than a default, so that the extension's own calls with
-- four arguments stay exact: doc/security.md).  The view
-- phone_consent_current applies the same rule to the whole ledger at once.
CREATE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz, as_recorded_at timestamptz,
                                    OUT status text, OUT since timestamptz,
                                    OUT event_id bigint)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    void_before timestamptz;
    inval_at    timestamptz;
    erased      timestamptz;
    ev          record;
BEGIN
    SELECT t.erased_at INTO erased
      FROM @extschema@.phone_suppression t WHERE t.phone OPERATOR(@extschema@.=) number;

    -- (phone_consent_invalidate_idx)
    SELECT max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')),
           max(e.occurred_at)
      INTO void_before, inval_at
      FROM @extschema@.phone_consent e
     WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'invalidate'
       AND e.occurred_at <= at AND e.recorded_at <= as_recorded_at;

    -- the latest event of each of the four scopes that cover the channel
    -- and purpose (a backward scan of phone_consent_phone_idx, in the
    -- order of the status rule, that stops at the first event), then the
    -- latest of those
    SELECT x.event_id, x.action, x.occurred_at, x.expires_at, x.method, x.notice_id,
           x.evidence, x.confirms
      INTO ev
      FROM (VALUES (phone_consent_state.channel, phone_consent_state.purpose),
                   (phone_consent_state.channel, '*'),
                   ('*', phone_consent_state.purpose),
                   ('*', '*')) AS s(channel, purpose),
           LATERAL (SELECT e.event_id, e.action, e.occurred_at, e.expires_at, e.method,
                           e.notice_id, e.evidence, e.confirms,
                           CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END AS rank
                      FROM @extschema@.phone_consent e
                     WHERE e.phone OPERATOR(@extschema@.=) number
                       AND e.channel = s.channel AND e.purpose = s.purpose
                       AND e.occurred_at <= at
                       AND e.occurred_at >= coalesce(void_before, '-infinity')
                       AND e.action <> 'invalidate'
                       AND e.recorded_at <= as_recorded_at
                     ORDER BY e.occurred_at DESC,
                              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
                              e.event_id DESC
                     LIMIT 1) AS x
     ORDER BY x.occurred_at DESC, x.rank DESC, x.event_id DESC
     LIMIT 1;

    IF NOT FOUND THEN
        IF erased IS NOT NULL THEN
            status := 'erased';
            since := erased;
        ELSIF inval_at IS NOT NULL THEN
            status := 'invalidated';
            since := inval_at;
        ELSE
            status := 'none';
        END IF;
        RETURN;
    END IF;
    -- the test of phone_consent_suppression_check, repeated so that an
    -- event that escaped it (a writer whose snapshot predates the erasure)
    -- cannot lift the suppression either
    IF erased IS NOT NULL
       AND NOT (ev.action IN ('grant', 'pending') AND ev.occurred_at > erased
                AND ev.method <> 'import'
                AND (ev.notice_id IS NOT NULL OR ev.evidence <> '{}' OR ev.confirms IS NOT NULL)) THEN
        status := 'erased';
        since := erased;
        RETURN;
    END IF;

    event_id := ev.event_id;
    since := ev.occurred_at;
    IF ev.action = 'revoke' THEN
        status := 'revoked';
    ELSIF ev.action = 'pending' THEN
        status := 'pending';
    ELSIF ev.expires_at IS NOT NULL AND ev.expires_at <= at THEN
        status := 'expired';
        since := ev.expires_at;
    ELSE
        status := 'granted';
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz DEFAULT now(),
                                    OUT status text, OUT since timestamptz,
                                    OUT event_id bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.status, s.since, s.event_id
      FROM @extschema@.phone_consent_state(number, channel, purpose, at,
                                           'infinity'::pg_catalog.timestamptz) AS s;
END;

CREATE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz, as_recorded_at timestamptz)
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at, as_recorded_at)).status;

CREATE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at,
                                            'infinity'::pg_catalog.timestamptz)).status;

-- The views phone_consent_current and phone_do_not_contact read the
-- tombstones too: they follow phone_suppression (src/sql/erasure.sql).


-- ---------------------------------------------------------------------
-- Recording events.  These functions are SECURITY DEFINER so that writers
-- need no privilege on the ledger itself (grant them EXECUTE; see
-- doc/consent.md): nobody but the owner can insert rows that bypass the
-- checks or claim another recorded_by.  recorded_by is session_user, the
-- role that authenticated (or that a superuser set with SET SESSION
-- AUTHORIZATION): SET ROLE and SECURITY DEFINER do not change it.
-- ---------------------------------------------------------------------

-- Checks a channel, purpose or method argument; raises 22023 when it is
-- not one we know.  Returns the purpose row for purposes.
CREATE FUNCTION phone_consent_check_args(channel text, purpose text, method text,
                                         allow_all boolean)
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF channel IS NULL OR NOT (channel = ANY (ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                                 'voice_prerecorded'])
                               OR (allow_all AND channel = '*')) THEN
        RAISE EXCEPTION 'invalid consent channel: %', coalesce(channel, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN channel = '*' THEN 'Consent is given for one channel; "*" is only for revocations.'
                           ELSE 'Channels are sms, mms, rcs, whatsapp, voice and voice_prerecorded.' END;
    END IF;
    IF purpose IS NULL OR NOT ((allow_all AND purpose = '*')
                               OR EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                                           WHERE p.purpose = phone_consent_check_args.purpose)) THEN
        RAISE EXCEPTION 'invalid consent purpose: %', coalesce(purpose, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN purpose = '*' THEN 'Consent is given for one purpose; "*" is only for revocations.'
                           ELSE 'Purposes are the rows of phone_consent_purpose.' END;
    END IF;
    IF method IS NULL OR NOT (method = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply',
                                               'ivr', 'verbal_recorded', 'agent', 'email', 'import',
                                               'unspecified'])) THEN
        RAISE EXCEPTION 'invalid consent method: %', coalesce(method, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Methods are web_form, paper_signed, sms_keyword, sms_reply, ivr, verbal_recorded, agent, email, import and unspecified.';
    END IF;
END;
$$;

-- Raises 22023 when occurred_at is NULL or later than the clock
CREATE FUNCTION phone_consent_check_time(occurred_at timestamptz)
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF occurred_at IS NULL THEN
        RAISE EXCEPTION 'occurred_at cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF occurred_at > pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION 'occurred_at cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It is the time the person acted, which has passed.';
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_grant(number phone, channel text, purpose text, method text,
                                    notice_id bigint DEFAULT NULL,
                                    evidence jsonb DEFAULT '{}',
                                    occurred_at timestamptz DEFAULT now(),
                                    expires_at timestamptz DEFAULT NULL,
                                    double_opt_in boolean DEFAULT false,
                                    source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p    @extschema@.phone_consent_purpose;
    t    record;
    id   bigint;
    sha  bytea;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a consent cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_grant() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    IF NOT @extschema@.phone_is_valid(number) THEN
        RAISE EXCEPTION 'cannot record consent for %: not a valid number', number
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The number fails validation (%s).',
                                  @extschema@.phone_check(number::pg_catalog.text)),
                  HINT = 'Consent is recorded only for numbers that are valid in their numbering plan.';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, method, false);
    PERFORM @extschema@.phone_consent_check_time(occurred_at);
    IF evidence IS NULL OR jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION 'evidence must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF expires_at IS NOT NULL AND expires_at <= occurred_at THEN
        RAISE EXCEPTION 'expires_at must be later than occurred_at'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_consent_grant.purpose;
    IF notice_id IS NOT NULL THEN
        -- The wording cited cannot change until this transaction ends: an
        -- UPDATE of the notice waits for this lock, then finds it referenced
        -- (phone_consent_notice_guard); an UPDATE that came first has
        -- committed, and this reads its result.  The event keeps the hash.
        SELECT n.sha256 INTO sha FROM @extschema@.phone_consent_notice n
         WHERE n.notice_id = phone_consent_grant.notice_id
           FOR SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'consent notice % does not exist', notice_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF p.written_required THEN
        IF notice_id IS NULL THEN
            RAISE EXCEPTION 'consent for % requires a notice', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Purpose %s needs written consent: the notice the person agreed to must be recorded.', purpose),
                      HINT = 'Store the wording in phone_consent_notice and pass its notice_id.';
        END IF;
        IF method NOT IN ('web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr', 'email') THEN
            RAISE EXCEPTION 'consent for % requires a written method', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Method %s is not a written (or electronically signed) agreement.', method),
                      HINT = 'Written methods are web_form, paper_signed, sms_keyword, sms_reply, ivr and email.';
        END IF;
    END IF;

    -- A suppressed number: what phone_consent_suppression_check would
    -- refuse is refused here, from one place, so that neither the message
    -- nor its context tells a session that may not read the tombstones that
    -- the number was erased; such a session learns only that the event was
    -- refused (doc/security.md).
    SELECT * INTO t FROM @extschema@.phone_suppression s WHERE s.phone OPERATOR(@extschema@.=) number;
    IF FOUND AND (occurred_at <= t.erased_at OR method = 'import'
                  OR (notice_id IS NULL AND evidence = '{}')) THEN
        IF NOT (pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
                AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT')) THEN
            RAISE EXCEPTION 'cannot record consent for %', number
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent for %: the number was erased and is suppressed', number
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                                  to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                                       WHEN method = 'import' THEN 'an import is no new consent'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'Record consent the person gave after the erasure, with its evidence (a notice or an evidence object); revocations are always accepted.';
    END IF;

    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, notice_id, evidence,
         occurred_at, recorded_at, recorded_by, expires_at, notice_sha256)
    VALUES (number, channel, purpose,
            CASE WHEN coalesce(double_opt_in, false) THEN 'pending' ELSE 'grant' END,
            method, source, notice_id, evidence, occurred_at,
            pg_catalog.clock_timestamp(), session_user, expires_at, sha)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

-- Lock serialising confirmations of one (number, channel, purpose)
CREATE FUNCTION phone_consent_lock(number phone, channel text, purpose text)
    RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtext('phone_consent'),
        pg_catalog.hashtext(number::text || '/' || channel || '/' || purpose));

CREATE FUNCTION phone_consent_confirm(number phone, channel text, purpose text,
                                      method text DEFAULT 'sms_reply',
                                      evidence jsonb DEFAULT '{}',
                                      occurred_at timestamptz DEFAULT now(),
                                      source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    st     record;
    pend   @extschema@.phone_consent;
    t      record;
    id     bigint;
    reader boolean;
    why    text;
    msg    text;
    code   text;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a consent cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, method, false);
    PERFORM @extschema@.phone_consent_check_time(occurred_at);
    IF evidence IS NULL OR jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION 'evidence must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_confirm() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    -- why a confirmation is refused is told only to a session that may
    -- read the ledger and the tombstones (doc/security.md)
    reader := pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
              AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT');
    -- Concurrent confirmations of the same consent queue here; the next
    -- statement takes a new snapshot (READ COMMITTED) and sees the winner's
    -- grant (only READ COMMITTED is admitted above; the unique index on
    -- confirms would stop a second one anyway).
    PERFORM @extschema@.phone_consent_lock(number, channel, purpose);
    st := @extschema@.phone_consent_state(number, channel, purpose, occurred_at);
    IF st.status <> 'pending' THEN
        why := format('The consent status at %s is %s.', occurred_at, st.status);
    ELSE
        SELECT * INTO pend FROM @extschema@.phone_consent e WHERE e.event_id = st.event_id;
        SELECT * INTO t FROM @extschema@.phone_suppression s WHERE s.phone OPERATOR(@extschema@.=) number;
        IF occurred_at <= pend.occurred_at OR (pend.expires_at IS NOT NULL AND pend.expires_at <= occurred_at) THEN
            msg := 'a confirmation must come after the pending consent and before its expiry';
            code := '22023';
            why := 'A confirmation must come after the pending consent and before its expiry.';
        ELSIF t.phone IS NOT NULL AND (occurred_at <= t.erased_at OR method = 'import') THEN
            -- what phone_consent_suppression_check would refuse, refused here
            -- so that its error (and its context) does not tell why
            msg := format('cannot record consent for %s: the number was erased and is suppressed', number);
            why := format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                          to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                          CASE WHEN occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                               ELSE 'an import is no new consent' END);
        END IF;
    END IF;
    IF why IS NULL THEN
        BEGIN
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, source, notice_id, evidence,
                 occurred_at, recorded_at, recorded_by, expires_at, confirms, notice_sha256)
            VALUES (number, channel, purpose, 'grant', method, coalesce(source, pend.source),
                    pend.notice_id, evidence, occurred_at, pg_catalog.clock_timestamp(),
                    session_user, pend.expires_at, pend.event_id, pend.notice_sha256)
            RETURNING event_id INTO id;
        EXCEPTION WHEN unique_violation THEN
            why := format('Pending consent %s has already been confirmed.', pend.event_id);
        END;
    END IF;
    -- Why a confirmation is refused (the status, the pending event, an
    -- erasure) is told only to a session that may read the ledger and the
    -- tombstones; any other gets one message, raised from one place.
    IF why IS NOT NULL THEN
        IF NOT reader THEN
            RAISE EXCEPTION 'cannot confirm consent for % on % for %', number, channel, purpose
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = coalesce(msg, format('no pending consent to confirm for %s on %s for %s', number, channel, purpose)),
            ERRCODE = coalesce(code, '55000'),
            DETAIL = why;
    END IF;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_consent_revoke(number phone, channel text DEFAULT NULL,
                                     purpose text DEFAULT NULL,
                                     method text DEFAULT 'unspecified',
                                     evidence jsonb DEFAULT '{}',
                                     occurred_at timestamptz DEFAULT now())
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ch   text := coalesce(channel, '*');
    pu   text := coalesce(purpose, '*');
    ev   jsonb := coalesce(evidence, '{}');
    at   timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    now_ timestamptz := pg_catalog.clock_timestamp();
    id   bigint;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a revocation cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(ch, pu, coalesce(method, 'unspecified'::pg_catalog.text), true);
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_revoke() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    IF jsonb_typeof(ev) <> 'object' THEN
        ev := jsonb_build_object('evidence', ev);
    END IF;
    -- "removed" is what an SMS STOP took away, which START gives back: only
    -- phone_consent_apply_sms writes it.  A caller's list is kept under
    -- another name, where START does not look.
    IF ev ? 'removed' THEN
        ev := (ev - 'removed') || jsonb_build_object('claimed_removed', ev -> 'removed');
    END IF;
    -- An opt-out is never refused (but for a transaction above READ
    -- COMMITTED, which it is told to leave) and takes effect at once: a time in the
    -- future is recorded as now, keeping the claimed time as evidence.
    IF at > now_ THEN
        ev := ev || jsonb_build_object('claimed_occurred_at', at);
        at := now_;
    END IF;
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, evidence, occurred_at,
         recorded_at, recorded_by)
    VALUES (number, ch, pu, 'revoke', coalesce(method, 'unspecified'), ev, at,
            now_, session_user)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_mark_disconnected(number phone, disconnected_on date,
                                        source text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    id bigint;
BEGIN
    IF number IS NULL OR disconnected_on IS NULL THEN
        RAISE EXCEPTION 'number and disconnected_on cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_mark_disconnected() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    IF disconnected_on > (pg_catalog.clock_timestamp() AT TIME ZONE 'UTC')::date
       OR NOT pg_catalog.isfinite(disconnected_on) THEN
        RAISE EXCEPTION 'disconnected_on cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The day of disconnection cannot be in the future.';
    END IF;
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, occurred_at,
         recorded_at, recorded_by, disconnected_on)
    VALUES (number, '*', '*', 'invalidate', 'unspecified', source,
            disconnected_on::timestamp AT TIME ZONE 'UTC',
            pg_catalog.clock_timestamp(), session_user, disconnected_on)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

-- ---------------------------------------------------------------------
-- SMS keywords
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_sms_keyword(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN CASE pg_catalog.regexp_replace(pg_catalog.upper(pg_catalog.btrim(body, E' \t\r\n\f\v') COLLATE "C"),
                                          E'[ \t\r\n\f\v]+', ' ', 'g')
        WHEN 'STOP' THEN 'opt_out' WHEN 'STOPALL' THEN 'opt_out'
        WHEN 'UNSUBSCRIBE' THEN 'opt_out' WHEN 'CANCEL' THEN 'opt_out'
        WHEN 'END' THEN 'opt_out' WHEN 'QUIT' THEN 'opt_out'
        WHEN 'REVOKE' THEN 'opt_out' WHEN 'OPTOUT' THEN 'opt_out'
        WHEN 'OPT OUT' THEN 'opt_out'
        WHEN 'START' THEN 'opt_in' WHEN 'UNSTOP' THEN 'opt_in'
        WHEN 'YES' THEN 'confirm' WHEN 'Y' THEN 'confirm' WHEN 'CONFIRM' THEN 'confirm'
        WHEN 'HELP' THEN 'help' WHEN 'INFO' THEN 'help'
        END;

-- Records what an incoming SMS means; returns its keyword class:
--   opt_out: revokes every channel and purpose, remembering in the
--            evidence which granted consents that removed;
--   opt_in:  restores exactly the consents the latest STOP removed (if no
--            newer event touched them), nothing else;
--   confirm: confirms every pending consent of the number; with nothing
--            pending it is an opt_in, as START;
--   help, or NULL for a message that is no keyword: records nothing.
CREATE FUNCTION phone_consent_apply_sms(number phone, body text,
                                        occurred_at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kw       text := @extschema@.phone_sms_keyword(body);
    at       timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    removed  jsonb;
    stop     @extschema@.phone_consent;
    r        record;
    n        integer := 0;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a message cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF kw IS NULL OR kw = 'help' THEN
        RETURN kw;
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_apply_sms() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    IF at > pg_catalog.clock_timestamp() THEN
        at := pg_catalog.clock_timestamp();
    END IF;

    IF kw = 'opt_out' THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object('channel', k.channel, 'purpose', k.purpose,
                                                     'event_id', s.event_id)
                                  ORDER BY k.channel, k.purpose), '[]')
          INTO removed
          FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                 WHERE c.phone OPERATOR(@extschema@.=) number AND c.channel <> '*' AND c.purpose <> '*'
                   AND c.occurred_at <= at) AS k,
               LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at) AS s
         WHERE s.status IN ('granted', 'pending');
        -- recorded here, not through phone_consent_revoke (which renames a
        -- caller's "removed"): the list START trusts is written by this
        -- function only
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by)
        VALUES (number, '*', '*', 'revoke', 'sms_keyword',
                jsonb_build_object('body', body, 'keyword', kw, 'removed', removed), at,
                pg_catalog.clock_timestamp(), session_user);
        RETURN kw;
    END IF;

    IF kw = 'confirm' THEN
        FOR r IN SELECT k.channel, k.purpose
                   FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                          WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'pending'
                            AND c.occurred_at < at) AS k,
                        LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at) AS s
                  WHERE s.status = 'pending'
                  ORDER BY k.channel, k.purpose
        LOOP
            PERFORM @extschema@.phone_consent_confirm(number, r.channel, r.purpose,
                                                      'sms_reply'::pg_catalog.text,
                                                      jsonb_build_object('body', body), at,
                                                      NULL::pg_catalog.text);
            n := n + 1;
        END LOOP;
        IF n > 0 THEN
            RETURN kw;
        END IF;
        kw := 'opt_in';
    END IF;

    -- opt_in: undo the latest STOP
    SELECT * INTO stop FROM @extschema@.phone_consent c
     WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'revoke' AND c.method = 'sms_keyword'
       AND c.channel = '*' AND c.purpose = '*' AND c.occurred_at < at
     ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1;
    IF FOUND THEN
        FOR r IN SELECT x.channel, x.purpose, (x.event_id)::bigint AS event_id
                   FROM jsonb_to_recordset(stop.evidence -> 'removed')
                        AS x(channel text, purpose text, event_id bigint)
        LOOP
            -- only what is still revoked by that very STOP
            IF (@extschema@.phone_consent_state(number, r.channel, r.purpose, at)).event_id
               IS DISTINCT FROM stop.event_id THEN
                CONTINUE;
            END IF;
            -- only an event of this number, of that channel and purpose,
            -- that gave consent and came before the STOP (a STOP recorded
            -- before version 1.1 may carry a list a caller wrote)
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, source, notice_id, evidence,
                 occurred_at, recorded_at, recorded_by, expires_at, notice_sha256)
            SELECT number, g.channel, g.purpose, g.action, 'sms_keyword', g.source, g.notice_id,
                   jsonb_build_object('body', body, 'keyword', kw, 'restores', g.event_id,
                                      'after_stop', stop.event_id),
                   at, pg_catalog.clock_timestamp(), session_user,
                   CASE WHEN g.expires_at > at THEN g.expires_at END, g.notice_sha256
              FROM @extschema@.phone_consent g
             WHERE g.event_id = r.event_id
               AND g.phone OPERATOR(@extschema@.=) number
               AND g.channel = r.channel AND g.purpose = r.purpose
               AND g.action IN ('grant', 'pending')
               AND g.event_id < stop.event_id AND g.occurred_at <= stop.occurred_at
               AND (g.expires_at IS NULL OR g.expires_at > at);
        END LOOP;
    END IF;
    RETURN kw;
END;
$$;

-- ---------------------------------------------------------------------
-- Contact decisions
-- ---------------------------------------------------------------------

-- Calling hours for a number and purpose in one zone: the row of
-- phone_contact_window with the longest prefix of the number's digits,
-- a row for the purpose before a row for all purposes.
CREATE FUNCTION phone_contact_hours(number phone, purpose text,
                                    OUT opens time, OUT closes time)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT w.opens, w.closes
      FROM @extschema@.phone_contact_window w
     WHERE w.prefix = ANY (SELECT pg_catalog.left(pg_catalog.ltrim(number::text, '+'), n)
                             FROM pg_catalog.generate_series(0, 18) AS n)
       AND (w.purpose = phone_contact_hours.purpose OR w.purpose IS NULL)
     ORDER BY pg_catalog.length(w.prefix) DESC, (w.purpose IS NULL)
     LIMIT 1;
END;

-- The decision as the ledger held it at as_recorded_at (the overload
-- below, without it, takes every event)
CREATE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
                                       at timestamptz, callee_tz text[],
                                       as_recorded_at timestamptz,
                                       OUT allowed boolean, OUT reason text,
                                       OUT status text, OUT timezones text[],
                                       OUT next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p       @extschema@.phone_consent_purpose;
    h       record;
    z       text;
    cand    timestamptz;
    ok      boolean;
    d       integer;
    lt      time;
BEGIN
    IF number IS NULL OR at IS NULL OR as_recorded_at IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_contact_decision.purpose;
    status := @extschema@.phone_consent_status(number, channel, purpose, at, as_recorded_at);
    timezones := coalesce(callee_tz, @extschema@.phone_timezones(number));
    allowed := false;

    reason := CASE status
        WHEN 'granted' THEN 'ok'
        WHEN 'revoked' THEN 'revoked'
        WHEN 'invalidated' THEN 'number_reassigned'
        WHEN 'erased' THEN 'erased'
        WHEN 'pending' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'pending_confirmation' END
        WHEN 'expired' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'expired' END
        WHEN 'none' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'no_consent' END
        END;
    IF reason <> 'ok' THEN
        RETURN;
    END IF;
    IF NOT p.hours_apply THEN
        allowed := true;
        next_allowed_at := at;
        RETURN;
    END IF;
    IF timezones IS NULL OR cardinality(timezones) = 0
       OR 'Etc/Unknown' = ANY (timezones) OR array_position(timezones, NULL) IS NOT NULL THEN
        reason := 'timezone_unknown';
        RETURN;
    END IF;
    h := @extschema@.phone_contact_hours(number, purpose);
    IF h.opens IS NULL THEN
        -- no window configured: hours do not restrict
        allowed := true;
        next_allowed_at := at;
        RETURN;
    END IF;

    -- The instants at which all windows are open form intervals that each
    -- begin at "at" or at the opening of one zone's window: try those in
    -- order, over the next eight days.
    FOR cand IN
        SELECT c FROM (
            SELECT at AS c
            UNION
            SELECT ((((at AT TIME ZONE tz)::date + d0) + h.opens) AT TIME ZONE tz)
              FROM unnest(timezones) AS tz, generate_series(-1, 8) AS d0
        ) s
        WHERE c >= at
        ORDER BY c
    LOOP
        ok := true;
        FOREACH z IN ARRAY timezones LOOP
            lt := (cand AT TIME ZONE z)::time;
            IF NOT (lt >= h.opens AND lt < h.closes) THEN
                ok := false;
                EXIT;
            END IF;
        END LOOP;
        IF ok THEN
            next_allowed_at := cand;
            EXIT;
        END IF;
    END LOOP;
    IF next_allowed_at = at THEN
        allowed := true;
    ELSE
        reason := 'quiet_hours';
    END IF;
END;
$$;

CREATE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
                                       at timestamptz DEFAULT now(),
                                       callee_tz text[] DEFAULT NULL,
                                       OUT allowed boolean, OUT reason text,
                                       OUT status text, OUT timezones text[],
                                       OUT next_allowed_at timestamptz)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT d.allowed, d.reason, d.status, d.timezones, d.next_allowed_at
      FROM @extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz,
                                              'infinity'::pg_catalog.timestamptz) AS d;
END;

CREATE FUNCTION phone_can_contact(number phone, channel text, purpose text,
                                  at timestamptz DEFAULT now(),
                                  callee_tz text[] DEFAULT NULL)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce((@extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz)).allowed,
                    false);

-- Writers get EXECUTE explicitly (doc/consent.md)
REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_mark_disconnected(phone, date, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz) FROM PUBLIC;
-- only phone_consent_confirm (running as the owner) takes this lock
REVOKE EXECUTE ON FUNCTION phone_consent_lock(phone, text, text) FROM PUBLIC;
-- SECURITY DEFINER trigger functions: CREATE TRIGGER needs EXECUTE, and
-- a role that could attach them to a table of its own could probe through
-- their errors what they read (doc/security.md).  Triggers fire without it.
REVOKE EXECUTE ON FUNCTION phone_consent_reference_check() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_purpose_referenced() FROM PUBLIC;

COMMENT ON TABLE phone_consent IS 'consent ledger: append-only events, the only source of consent state';
COMMENT ON COLUMN phone_consent.occurred_at IS 'when the person acted: the legal clock';
COMMENT ON COLUMN phone_consent.recorded_at IS 'clock time at which the event was recorded';
COMMENT ON COLUMN phone_consent.recorded_by IS 'session_user of the recording session';
COMMENT ON COLUMN phone_consent.disconnected_on IS 'for invalidate events: the day the number was disconnected (UTC)';
COMMENT ON COLUMN phone_consent.confirms IS 'for a grant confirming a double opt-in: the pending event';
COMMENT ON COLUMN phone_consent.notice_sha256 IS 'SHA-256 of the cited notice''s body when the event was recorded (NULL without a notice, and for events recorded before version 1.1)';
COMMENT ON TABLE phone_consent_notice IS 'exact wording shown to people when they consented; frozen once referenced';
COMMENT ON COLUMN phone_consent_notice.sha256 IS 'SHA-256 of the body in UTF-8, computed on insert';
COMMENT ON TABLE phone_consent_purpose IS 'purposes of contact: legal basis, written consent, calling hours';
COMMENT ON TABLE phone_contact_window IS 'calling hours by E.164 prefix and purpose; longest prefix wins';
COMMENT ON FUNCTION phone_consent_guard() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the consent ledger, except deletions permitted by phone_erase and phone_consent_purge';
COMMENT ON FUNCTION phone_consent_notice_guard() IS 'trigger: refuses changes to notices the ledger references';
COMMENT ON FUNCTION phone_consent_notice_hash() IS 'trigger: computes the SHA-256 of a notice';
COMMENT ON FUNCTION phone_consent_config_guard() IS 'trigger: keeps predefined purposes and calling hours read-only';
COMMENT ON FUNCTION phone_consent_reference_check() IS 'trigger: the notice of a ledger event and the purpose of a calling window exist (not checked while a dump is restored)';
COMMENT ON FUNCTION phone_consent_purpose_referenced() IS 'trigger: refuses deleting or renaming a purpose that calling windows name';
COMMENT ON FUNCTION phone_consent_state(phone, text, text, timestamptz, timestamptz) IS 'consent status at an instant as recorded by a time, with since when and the deciding event';
COMMENT ON FUNCTION phone_consent_state(phone, text, text, timestamptz) IS 'consent status at an instant, with since when and the deciding event';
COMMENT ON FUNCTION phone_consent_status(phone, text, text, timestamptz, timestamptz) IS 'consent status as recorded by a time: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION phone_consent_status(phone, text, text, timestamptz) IS 'consent status: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION phone_consent_check_args(text, text, text, boolean) IS 'raises an error for an unknown channel, purpose or method';
COMMENT ON FUNCTION phone_consent_check_time(timestamptz) IS 'raises an error for an unknown or future occurred_at';
COMMENT ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text) IS 'record consent (or a pending double opt-in); returns the event id';
COMMENT ON FUNCTION phone_consent_lock(phone, text, text) IS 'transaction lock serialising confirmations of one consent';
COMMENT ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text) IS 'turn a pending double opt-in into a grant; returns the event id';
COMMENT ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz) IS 'record a revocation (NULL channel or purpose: all); returns the event id';
COMMENT ON FUNCTION phone_mark_disconnected(phone, date, text) IS 'record that the number was disconnected: voids its consent history up to that day';
COMMENT ON FUNCTION phone_sms_keyword(text) IS 'meaning of an SMS keyword: opt_out, opt_in, confirm, help or NULL';
COMMENT ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz) IS 'record what an incoming SMS keyword means; returns its class';
COMMENT ON FUNCTION phone_contact_hours(phone, text) IS 'calling hours that apply to a number and purpose';
COMMENT ON FUNCTION phone_contact_decision(phone, text, text, timestamptz, text[], timestamptz) IS 'may we contact this number, as the ledger held it at a time, and if not why and when';
COMMENT ON FUNCTION phone_contact_decision(phone, text, text, timestamptz, text[]) IS 'may we contact this number now, and if not why and when';
COMMENT ON FUNCTION phone_can_contact(phone, text, text, timestamptz, text[]) IS 'true when phone_contact_decision allows contact';
COMMENT ON SEQUENCE phone_consent_event_id_seq IS 'event ids of the consent ledger';
COMMENT ON SEQUENCE phone_consent_notice_notice_id_seq IS 'ids of consent notices';
COMMENT ON INDEX phone_consent_phone_idx IS 'status lookups: the latest events of one number in one scope';
COMMENT ON INDEX phone_consent_invalidate_idx IS 'status lookups: the invalidations of one number';
COMMENT ON INDEX phone_consent_confirms_idx IS 'a pending consent is confirmed at most once';
COMMENT ON INDEX phone_consent_notice_idx IS 'which events reference a notice';
COMMENT ON TRIGGER phone_consent_append_only ON phone_consent IS 'refuses UPDATE, and DELETE without a permit of phone_erase or phone_consent_purge';
COMMENT ON TRIGGER phone_consent_no_truncate ON phone_consent IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_consent_references ON phone_consent IS 'the notice an event cites exists (as a foreign key would check)';
COMMENT ON TRIGGER phone_contact_window_references ON phone_contact_window IS 'the purpose a window names exists (as a foreign key would check)';
COMMENT ON TRIGGER phone_consent_purpose_referenced ON phone_consent_purpose IS 'refuses deleting or renaming a purpose that calling windows name';
COMMENT ON TRIGGER phone_consent_notice_hash ON phone_consent_notice IS 'computes the SHA-256 of the body';
COMMENT ON TRIGGER phone_consent_notice_frozen ON phone_consent_notice IS 'refuses changes to referenced notices';
COMMENT ON TRIGGER phone_consent_notice_no_truncate ON phone_consent_notice IS 'refuses TRUNCATE while notices are referenced';
COMMENT ON TRIGGER phone_consent_purpose_predefined ON phone_consent_purpose IS 'keeps predefined purposes read-only';
COMMENT ON TRIGGER phone_consent_purpose_no_truncate ON phone_consent_purpose IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_contact_window_predefined ON phone_contact_window IS 'keeps predefined calling hours read-only';
COMMENT ON TRIGGER phone_contact_window_no_truncate ON phone_contact_window IS 'refuses TRUNCATE';
