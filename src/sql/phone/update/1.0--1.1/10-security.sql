
-- 10-security.sql: security fixes of version 1.1 (doc/security.md)
--
--  * every call that the extension's own SQL makes (PL/pgSQL bodies and
--    the reports' generated queries) is typed exactly and passes every
--    argument, so that no overload planted in the extension's schema is
--    chosen and no call becomes ambiguous;
--  * the writers run at READ COMMITTED only and lock the ledger before
--    reading it, so that an erasure cannot be outrun;
--  * a grant locks the notice it cites and keeps its SHA-256 in the new
--    column phone_consent.notice_sha256 (NULL for the events recorded
--    before this version); notices change at READ COMMITTED only;
--  * refusals of the writers say why only to a session whose user may
--    read the ledger and the suppression list;
--  * START restores only the same number's consent that an SMS STOP
--    recorded, and phone_consent_revoke keeps a caller's "removed" list
--    as "claimed_removed".

ALTER TABLE @extschema@.phone_consent ADD COLUMN notice_sha256 bytea;
COMMENT ON COLUMN @extschema@.phone_consent.notice_sha256 IS 'SHA-256 of the cited notice''s body when the event was recorded (NULL without a notice, and for events recorded before version 1.1)';

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_notice_guard() RETURNS trigger
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

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_grant(number @extschema@.phone, channel text, purpose text, method text,
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

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_confirm(number @extschema@.phone, channel text, purpose text,
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

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_revoke(number @extschema@.phone, channel text DEFAULT NULL,
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

CREATE OR REPLACE FUNCTION @extschema@.phone_mark_disconnected(number @extschema@.phone, disconnected_on date,
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

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_apply_sms(number @extschema@.phone, body text,
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

CREATE OR REPLACE FUNCTION @extschema@.phone_contact_decision(number @extschema@.phone, channel text, purpose text,
                                       at timestamptz DEFAULT now(),
                                       callee_tz text[] DEFAULT NULL,
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
    IF number IS NULL OR at IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_contact_decision.purpose;
    status := @extschema@.phone_consent_status(number, channel, purpose, at);
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

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_suppression_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t @extschema@.phone_suppression;
BEGIN
    IF NEW.action NOT IN ('grant', 'pending') THEN
        RETURN NEW;
    END IF;
    SELECT * INTO t FROM @extschema@.phone_suppression s WHERE s.phone OPERATOR(@extschema@.=) NEW.phone;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF NEW.occurred_at <= t.erased_at OR NEW.method = 'import'
       OR (NEW.notice_id IS NULL AND NEW.evidence = '{}' AND NEW.confirms IS NULL) THEN
        IF NOT (pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
                AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT')) THEN
            RAISE EXCEPTION 'cannot record consent for %', NEW.phone
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent for %: the number was erased and is suppressed', NEW.phone
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

CREATE OR REPLACE FUNCTION @extschema@.phone_report_region(region text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text := coalesce(region, pg_catalog.current_setting('phone.default_region', true), '');
BEGIN
    PERFORM @extschema@.phone_check(''::pg_catalog.text, r);
    RETURN r;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.phone_report_rows(tbl regclass, col name, kind text, label text)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT CASE kind
        WHEN 'text' THEN pg_catalog.format(
            'SELECT y.raw, CASE WHEN y.raw IS NULL THEN ''null'''
            ' WHEN y.n IS NULL THEN @extschema@.phone_check(y.raw, $1)'
            ' WHEN @extschema@.phone_is_valid(y.n) THEN ''valid'' ELSE ''possible'' END AS verdict, y.n'
            ' FROM (SELECT x.raw, @extschema@.phone_report_number(x.raw, $1) AS n'
            ' FROM (SELECT t.%I::pg_catalog.text AS raw FROM %s AS t'
            ' WHERE @extschema@.phone_report_progress(%L::pg_catalog.text, 250000::pg_catalog.int8) OFFSET 0) AS x OFFSET 0) AS y',
            col, tbl::text, label)
        ELSE pg_catalog.format(
            'SELECT y.n::pg_catalog.text AS raw, y.verdict,'
            ' CASE WHEN y.verdict IN (''valid'', ''possible'') THEN y.n END AS n'
            ' FROM (SELECT x.n, CASE WHEN x.n IS NULL THEN ''null'''
            ' WHEN @extschema@.phone_is_valid(x.n) THEN ''valid'''
            ' ELSE @extschema@.phone_check(x.n::pg_catalog.text, $1) END AS verdict'
            ' FROM (SELECT t.%I::@extschema@.phone AS n FROM %s AS t'
            ' WHERE @extschema@.phone_report_progress(%L::pg_catalog.text, 250000::pg_catalog.int8) OFFSET 0) AS x OFFSET 0) AS y',
            col, tbl::text, label)
        END;
END;

CREATE OR REPLACE FUNCTION @extschema@.phone_audit(tbl regclass, col name, region text DEFAULT NULL)
    RETURNS TABLE (section text, item text, count bigint)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := @extschema@.phone_report_column(tbl, col, 'phone_audit'::pg_catalog.text);
    r    text := @extschema@.phone_report_region(region);
BEGIN
    RETURN QUERY EXECUTE
        'WITH g AS MATERIALIZED ('
        '  SELECT v.verdict, v.n, pg_catalog.count(*) AS cnt FROM ('
        || @extschema@.phone_report_rows(tbl, col, kind, 'phone_audit'::pg_catalog.text) ||
        '  ) AS v GROUP BY v.verdict, v.n),'
        ' a AS (SELECT'
        '  COALESCE(pg_catalog.sum(g.cnt), 0)::pg_catalog.int8 AS total,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''null''), 0)::pg_catalog.int8 AS nul,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''valid''), 0)::pg_catalog.int8 AS valid,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''possible''), 0)::pg_catalog.int8 AS possible,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict IN (''invalid_country_code'','
        '    ''too_short'', ''too_long'', ''invalid_length'')), 0)::pg_catalog.int8 AS invalid,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''not_a_number''), 0)::pg_catalog.int8 AS nan,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''invalid_country_code''), 0)::pg_catalog.int8 AS icc,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''too_short''), 0)::pg_catalog.int8 AS short,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''too_long''), 0)::pg_catalog.int8 AS long,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''invalid_length''), 0)::pg_catalog.int8 AS len,'
        '  pg_catalog.count(*) FILTER (WHERE g.n IS NOT NULL) AS numbers,'
        '  pg_catalog.count(*) FILTER (WHERE g.n IS NOT NULL AND g.cnt > 1) AS dupnum,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.n IS NOT NULL AND g.cnt > 1), 0)::pg_catalog.int8 AS dupval'
        '  FROM g),'
        ' rt AS MATERIALIZED (SELECT COALESCE(@extschema@.phone_region(g.n), ''unknown'') AS region,'
        '         @extschema@.phone_type(g.n)::pg_catalog.text AS type, pg_catalog.sum(g.cnt) AS cnt'
        '    FROM g WHERE g.n IS NOT NULL GROUP BY 1, 2)'
        ' SELECT s.section, s.item, s.count FROM ('
        '  SELECT 1 AS o, u.o AS o2, ''rows''::pg_catalog.text AS section, u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''total'', ''null'', ''valid'', ''possible'', ''invalid'', ''unparseable'']),'
        '                       pg_catalog.unnest(ARRAY[a.total, a.nul, a.valid, a.possible, a.invalid, a.nan]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 2, u.o, ''invalid'', u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''invalid_country_code'', ''too_short'', ''too_long'', ''invalid_length'']),'
        '                       pg_catalog.unnest(ARRAY[a.icc, a.short, a.long, a.len]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 3, u.o, ''duplicates'', u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''numbers'', ''duplicated_numbers'', ''duplicated_values'', ''surplus_values'']),'
        '                       pg_catalog.unnest(ARRAY[a.numbers, a.dupnum, a.dupval, a.dupval - a.dupnum]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 4, pg_catalog.row_number() OVER (ORDER BY pg_catalog.sum(rt.cnt) DESC, rt.region COLLATE "C"),'
        '         ''region'', rt.region, pg_catalog.sum(rt.cnt)::pg_catalog.int8'
        '    FROM rt GROUP BY rt.region'
        '  UNION ALL'
        '  SELECT 5, pg_catalog.row_number() OVER (ORDER BY pg_catalog.sum(rt.cnt) DESC, rt.type COLLATE "C"),'
        '         ''type'', rt.type, pg_catalog.sum(rt.cnt)::pg_catalog.int8'
        '    FROM rt GROUP BY rt.type'
        ' ) AS s(o, o2, section, item, count)'
        ' ORDER BY s.o, s.o2'
        USING r;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.phone_duplicates(tbl regclass, col name, region text DEFAULT NULL)
    RETURNS TABLE (number @extschema@.phone, count bigint, spellings text[])
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := @extschema@.phone_report_column(tbl, col, 'phone_duplicates'::pg_catalog.text);
    r    text := @extschema@.phone_report_region(region);
BEGIN
    RETURN QUERY EXECUTE
        'SELECT s.n, pg_catalog.sum(s.c)::pg_catalog.int8,'
        '       pg_catalog.array_agg(s.raw ORDER BY s.raw COLLATE "C")'
        '  FROM (SELECT v.n, v.raw, pg_catalog.count(*) AS c FROM ('
        || @extschema@.phone_report_rows(tbl, col, kind, 'phone_duplicates'::pg_catalog.text) ||
        '        ) AS v WHERE v.n IS NOT NULL GROUP BY v.n, v.raw) AS s'
        ' GROUP BY s.n HAVING pg_catalog.sum(s.c) > 1'
        ' ORDER BY 2 DESC, 1'
        USING r;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.phone_without_consent(tbl regclass, col name, channel text, purpose text,
                                      at timestamptz DEFAULT now())
    RETURNS TABLE (number @extschema@.phone, row_count bigint, status text)
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
    IF pg_catalog.to_regclass('@extschema@.phone_suppression') IS NOT NULL THEN
        known := known || ' UNION SELECT s.phone FROM @extschema@.phone_suppression AS s';
    END IF;
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

