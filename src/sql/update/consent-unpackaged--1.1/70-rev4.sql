-- phone_consent_apply_sms returns what a STOP removed or a START restored
-- only to a session that may read the ledger and the tombstones
CREATE OR REPLACE FUNCTION phone_consent_apply_sms(number phone, body text,
                                        occurred_at timestamptz DEFAULT now(),
                                        recorded_by text DEFAULT NULL,
                                        OUT keyword text, OUT consents jsonb)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kw       text := @extschema@.phone_sms_keyword(body);
    at       timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    by_      text := recorded_by;
    removed  jsonb;
    ev       jsonb;
    stop     @extschema@.phone_consent;
    r        record;
    id       bigint;
    channels text[] := ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice', 'voice_prerecorded'];
    reader   boolean;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a message cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    keyword := kw;
    consents := '[]';
    IF kw IS NULL OR kw = 'help' THEN
        RETURN;
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_apply_sms() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    -- a STOP is never refused: an invalid agent name is kept as evidence
    ev := jsonb_build_object('body', body, 'keyword', kw);
    IF by_ IS NOT NULL AND (pg_catalog.btrim(by_) = '' OR pg_catalog.length(by_) > 200 OR by_ ~ '[[:cntrl:]]') THEN
        IF kw <> 'opt_out' THEN
            PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, by_);
        END IF;
        ev := ev || jsonb_build_object('requested', jsonb_build_object('recorded_by', pg_catalog.left(by_, 200)));
        by_ := NULL;
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    PERFORM @extschema@.phone_consent_lock(number);
    -- What a STOP removed or a START restored is the number's consent:
    -- told only to a session that may read the ledger and the tombstones
    -- (others get NULL), or a writer could read any number's consent at
    -- any instant with a message dated then, in a transaction it rolls back
    reader := pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
              AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT');
    IF at > pg_catalog.clock_timestamp() THEN
        at := pg_catalog.clock_timestamp();
    END IF;

    IF kw = 'opt_out' THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object('channel', x.channel, 'purpose', x.purpose,
                                                     'event_id', x.event_id)
                                  ORDER BY x.channel, x.purpose), '[]')
          INTO removed
          FROM (-- the consents in force
                SELECT k.channel, k.purpose, s.event_id
                  FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                         WHERE c.phone OPERATOR(@extschema@.=) number AND c.channel <> '*' AND c.purpose <> '*'
                           AND c.occurred_at <= at) AS k,
                       LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at) AS s
                 WHERE s.status IN ('granted', 'pending')
                UNION
                -- what an earlier STOP removed that it still keeps removed
                SELECT e.channel, e.purpose, e.event_id
                  FROM @extschema@.phone_consent st,
                       LATERAL (SELECT x0 ->> 'channel' AS channel, x0 ->> 'purpose' AS purpose,
                                       CASE WHEN x0 ->> 'event_id' ~ '^[0-9]{1,18}$'
                                            THEN (x0 ->> 'event_id')::bigint END AS event_id
                                  FROM pg_catalog.jsonb_array_elements(
                                           CASE WHEN pg_catalog.jsonb_typeof(st.evidence -> 'removed') = 'array'
                                                THEN st.evidence -> 'removed' ELSE '[]' END) AS x0
                                 WHERE pg_catalog.jsonb_typeof(x0) = 'object') AS e
                 WHERE st.phone OPERATOR(@extschema@.=) number AND st.action = 'revoke'
                   AND st.method = 'sms_keyword' AND st.channel = '*' AND st.purpose = '*'
                   AND st.occurred_at <= at AND e.channel = ANY (channels)
                   AND (@extschema@.phone_consent_state(number, e.channel, e.purpose, at)).event_id
                       = st.event_id
                UNION
                -- purposes allowed unless revoked, on each channel where they were
                SELECT ch, p.purpose, NULL::bigint
                  FROM @extschema@.phone_consent_purpose p, pg_catalog.unnest(channels) AS ch,
                       LATERAL @extschema@.phone_consent_state(number, ch, p.purpose, at) AS s
                 WHERE p.basis = 'opt_out' AND p.purpose <> 'opt_out_confirmation'
                   AND s.status IN ('none', 'expired')) AS x;
        -- recorded here, not through phone_consent_revoke (which renames a
        -- caller's "removed"): the list START trusts is written by this
        -- function only
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by, recorded_role)
        VALUES (number, '*', '*', 'revoke', 'sms_keyword',
                ev || jsonb_build_object('removed', removed), at,
                pg_catalog.clock_timestamp(), coalesce(by_, session_user), session_user);
        consents := CASE WHEN reader THEN removed END;
        RETURN;
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
            id := @extschema@.phone_consent_confirm(number, r.channel, r.purpose,
                                                    'sms_reply'::pg_catalog.text,
                                                    jsonb_build_object('body', body), at,
                                                    NULL::pg_catalog.text, by_);
            consents := consents || jsonb_build_array(jsonb_build_object('channel', r.channel, 'purpose', r.purpose,
                                                                         'event_id', id));
        END LOOP;
        IF consents <> '[]' THEN
            consents := CASE WHEN reader THEN consents END;
            RETURN;
        END IF;
        kw := 'opt_in';
        keyword := kw;
        ev := ev || jsonb_build_object('keyword', kw);
    END IF;

    -- opt_in: undo the latest STOP
    SELECT * INTO stop FROM @extschema@.phone_consent c
     WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'revoke' AND c.method = 'sms_keyword'
       AND c.channel = '*' AND c.purpose = '*' AND c.occurred_at < at
     ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1;
    IF NOT FOUND OR pg_catalog.jsonb_typeof(stop.evidence -> 'removed') IS DISTINCT FROM 'array' THEN
        consents := CASE WHEN reader THEN consents END;
        RETURN;
    END IF;
    FOR r IN SELECT x ->> 'channel' AS channel, x ->> 'purpose' AS purpose,
                    CASE WHEN x ->> 'event_id' ~ '^[0-9]{1,18}$' THEN (x ->> 'event_id')::bigint END AS event_id,
                    pg_catalog.jsonb_typeof(x -> 'event_id') = 'null' AS by_basis
               FROM pg_catalog.jsonb_array_elements(stop.evidence -> 'removed') AS x
              WHERE pg_catalog.jsonb_typeof(x) = 'object'
    LOOP
        -- only what is still revoked by that very STOP
        IF r.channel IS NULL OR r.purpose IS NULL
           OR (@extschema@.phone_consent_state(number, r.channel, r.purpose, at)).event_id
              IS DISTINCT FROM stop.event_id THEN
            CONTINUE;
        END IF;
        id := NULL;
        IF r.event_id IS NOT NULL THEN
            -- only an event of this number, of that channel and purpose,
            -- that gave consent and came before the STOP (a STOP recorded
            -- before version 1.1 may carry a list a caller wrote)
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, source, notice_id, evidence,
                 occurred_at, recorded_at, recorded_by, expires_at, notice_sha256,
                 seller, recorded_role)
            SELECT number, g.channel, g.purpose, g.action, 'sms_keyword', g.source, g.notice_id,
                   ev || jsonb_build_object('restores', g.event_id, 'after_stop', stop.event_id),
                   at, pg_catalog.clock_timestamp(), coalesce(by_, session_user),
                   CASE WHEN g.expires_at > at THEN g.expires_at END, g.notice_sha256,
                   g.seller, session_user
              FROM @extschema@.phone_consent g
             WHERE g.event_id = r.event_id
               AND g.phone OPERATOR(@extschema@.=) number
               AND g.channel = r.channel AND g.purpose = r.purpose
               AND g.action IN ('grant', 'pending')
               AND g.event_id < stop.event_id AND g.occurred_at <= stop.occurred_at
               AND (g.expires_at IS NULL OR g.expires_at > at)
            RETURNING event_id INTO id;
        ELSIF r.by_basis AND r.channel = ANY (channels)
              AND EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                           WHERE p.purpose = r.purpose AND p.basis = 'opt_out') THEN
            -- a purpose allowed unless revoked, which the STOP revoked: the
            -- START lifts that revocation
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, evidence, occurred_at,
                 recorded_at, recorded_by, recorded_role)
            VALUES (number, r.channel, r.purpose, 'grant', 'sms_keyword',
                    ev || jsonb_build_object('restores', NULL::bigint, 'after_stop', stop.event_id),
                    at, pg_catalog.clock_timestamp(), coalesce(by_, session_user), session_user)
            RETURNING event_id INTO id;
        END IF;
        IF id IS NOT NULL THEN
            consents := consents || jsonb_build_array(jsonb_build_object('channel', r.channel, 'purpose', r.purpose,
                                                                         'event_id', id, 'restores', r.event_id));
        END IF;
    END LOOP;
    consents := CASE WHEN reader THEN consents END;
END;
$$;

-- phone_erase with mode forget clears the number's keyed hash from the
-- log entries of its earlier erasures; the log guard lets only that through

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

-- the decision for opt_out_confirmation as known at as_recorded_at
CREATE OR REPLACE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
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
    -- callee_tz: IANA names of geographic zones only (no abbreviation such
    -- as EST, no POSIX rule such as UTC+5, no fixed offset such as
    -- Etc/GMT-5), which add to the number's zones and never replace them
    IF callee_tz IS NOT NULL THEN
        FOREACH z IN ARRAY callee_tz LOOP
            IF z IS NULL
               OR z COLLATE "C" !~ '^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(/[A-Za-z0-9_+-]+){1,2}$'
               OR NOT @extschema@.phone_timezone_known(z) THEN
                RAISE EXCEPTION 'invalid callee time zone: %', coalesce('"' || z || '"', 'NULL')
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = 'callee_tz takes names of the IANA time-zone database such as America/New_York, not abbreviations (EST), offsets (UTC+5, Etc/GMT-5) or unknown names.',
                          HINT = 'Give the zone of the place where the callee is, as pg_timezone_names lists it; the number''s own zones are always used as well.';
            END IF;
        END LOOP;
    END IF;
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_contact_decision.purpose;
    status := @extschema@.phone_consent_status(number, channel, purpose, at, as_recorded_at);
    -- every zone the callee may be in: the map's, or all of the region's
    -- when the map gives a mobile number only its country's default zone
    timezones := @extschema@.phone_possible_timezones(number);
    IF callee_tz IS NOT NULL THEN
        timezones := ARRAY(SELECT u.t
                             FROM (SELECT t FROM pg_catalog.unnest(timezones) AS t
                                   UNION
                                   SELECT t FROM pg_catalog.unnest(callee_tz) AS t) AS u
                            ORDER BY u.t COLLATE "C");
    END IF;
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
    -- The confirmation of an opt-out: one message on the channel of the
    -- latest opt-out (a revocation of that channel, or of all channels; a
    -- STOP that phone_consent_apply_sms recorded came by sms), within five
    -- minutes of it; sending it is recorded as the revocation of
    -- opt_out_confirmation on that channel, after which no other follows
    -- (both as known at as_recorded_at)
    IF purpose = 'opt_out_confirmation' AND status NOT IN ('erased', 'invalidated') THEN
        SELECT max(e.occurred_at) INTO cand
          FROM @extschema@.phone_consent e
         WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'revoke'
           AND (e.channel = phone_contact_decision.channel
                OR (e.channel = '*' AND (e.method <> 'sms_keyword'
                                         OR phone_contact_decision.channel = 'sms')))
           AND e.purpose <> 'opt_out_confirmation' AND e.occurred_at <= at
           AND e.recorded_at <= as_recorded_at;
        IF cand IS NULL OR at >= cand + '5 minutes'::pg_catalog.interval THEN
            reason := 'no_recent_opt_out';
        ELSIF EXISTS (SELECT 1 FROM @extschema@.phone_consent e
                       WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'revoke'
                         AND e.channel IN (phone_contact_decision.channel, '*')
                         AND e.purpose = 'opt_out_confirmation'
                         AND e.occurred_at >= cand AND e.occurred_at <= at
                         AND e.recorded_at <= as_recorded_at) THEN
            reason := 'confirmation_sent';
        ELSE
            reason := 'ok';
        END IF;
        cand := NULL;
    END IF;
    IF reason <> 'ok' THEN
        RETURN;
    END IF;
    -- Fail closed: infinity is no instant at which anyone can be contacted,
    -- and within three days of the ends of the range of timestamps some
    -- zone has no local time (nor a next opening that can be written)
    IF NOT pg_catalog.isfinite(at) OR at < '4714-11-27 00:00:00+00 BC'::pg_catalog.timestamptz
       OR at >= '294276-12-30 00:00:00+00'::pg_catalog.timestamptz THEN
        reason := 'time_undefined';
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

    -- Open now when every zone's local time is inside the window
    ok := true;
    FOREACH z IN ARRAY timezones LOOP
        lt := (at AT TIME ZONE z)::time;
        IF NOT (lt >= h.opens AND lt < h.closes) THEN
            ok := false;
            EXIT;
        END IF;
    END LOOP;
    IF ok THEN
        allowed := true;
        next_allowed_at := at;
        RETURN;
    END IF;
    reason := 'quiet_hours';

    -- Closed now: the instants at which all windows are open form
    -- intervals that each begin at the opening of one zone's window: try
    -- those in order, over the next eight days (that the range of timestamps holds).
    FOR cand IN
        SELECT c FROM (
            SELECT ((((at AT TIME ZONE tz)::date + d0) + h.opens) AT TIME ZONE tz) AS c
              FROM unnest(timezones) AS tz, generate_series(-1, 8) AS d0
             WHERE (at AT TIME ZONE tz)::date + d0 <= '294276-12-30'::date
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
END;
$$;

-- the installing role reads the sequences dumped with the ledger and the
-- erasure log, so that it can dump the database
GRANT SELECT ON SEQUENCE @extschema@.phone_consent_event_id_seq,
    @extschema@.phone_erasure_log_log_id_seq TO @extowner@;

-- the messages of refused events do not quote the number (the server log
-- keeps them, for erased numbers too)

CREATE OR REPLACE FUNCTION phone_consent_grant(number phone, channel text, purpose text, method text,
                                    notice_id bigint DEFAULT NULL,
                                    evidence jsonb DEFAULT '{}',
                                    occurred_at timestamptz DEFAULT now(),
                                    expires_at timestamptz DEFAULT NULL,
                                    double_opt_in boolean DEFAULT false,
                                    source text DEFAULT NULL,
                                    recorded_by text DEFAULT NULL,
                                    seller text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p      @extschema@.phone_consent_purpose;
    t      record;
    late   record;
    id     bigint;
    sha    bytea;
    reader boolean;
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
    PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, recorded_by);
    PERFORM @extschema@.phone_consent_check_label('seller'::pg_catalog.text, seller);
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
    PERFORM @extschema@.phone_consent_check_evidence(purpose, method, evidence);

    -- Writers of one number take turns (phone_consent_lock): what this
    -- reads below includes every event recorded before this one.
    PERFORM @extschema@.phone_consent_lock(number);
    reader := pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
              AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT');

    -- A suppressed number: what phone_consent_suppression_check would
    -- refuse is refused here, from one place, so that neither the message
    -- nor its context tells a session that may not read the tombstones that
    -- the number was erased; such a session learns only that the event was
    -- refused (doc/security.md).
    SELECT * INTO t FROM @extschema@.phone_suppression s
     WHERE s.phone_hash = @extschema@.phone_consent_number_hash(number);
    IF FOUND AND (occurred_at <= t.erased_at OR method = 'import'
                  OR (notice_id IS NULL AND evidence = '{}')) THEN
        IF NOT reader THEN
            RAISE EXCEPTION 'cannot record consent'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent: the number was erased and is suppressed'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                                  to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                                       WHEN method = 'import' THEN 'an import is no new consent'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'Record consent the person gave after the erasure, with its evidence (a notice or an evidence object); revocations are always accepted.';
    END IF;

    -- Late data: a consent dated between a revocation it would override
    -- and the time that revocation was recorded arrives after the opt-out
    -- was known.  It counts only with evidence, and never as an import.
    SELECT r.event_id, r.channel, r.purpose, r.occurred_at, r.recorded_at INTO late
      FROM @extschema@.phone_consent r
     WHERE r.phone OPERATOR(@extschema@.=) number AND r.action = 'revoke'
       AND r.channel IN (phone_consent_grant.channel, '*')
       AND r.purpose IN (phone_consent_grant.purpose, '*')
       AND r.occurred_at < phone_consent_grant.occurred_at
       AND r.recorded_at > phone_consent_grant.occurred_at
     ORDER BY r.recorded_at DESC, r.event_id DESC
     LIMIT 1;
    IF FOUND AND (method = 'import' OR (notice_id IS NULL AND evidence = '{}')) THEN
        IF NOT reader THEN
            RAISE EXCEPTION 'cannot record consent'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent for %: it is dated before an opt-out was recorded', number
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Revocation %s (%s for %s, occurred %s, recorded %s) was recorded after %s, the date of this consent, which would override it.  Refused: %s.',
                                  late.event_id, late.channel, late.purpose,
                                  to_char(late.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  to_char(late.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN method = 'import' THEN 'an import does not override an opt-out recorded before it'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'A consent that arrives after an opt-out was recorded, dated before that, counts only with its evidence (a notice or an evidence object) and a method other than import.';
    END IF;

    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, notice_id, evidence,
         occurred_at, recorded_at, recorded_by, expires_at, notice_sha256,
         seller, recorded_role)
    VALUES (number, channel, purpose,
            CASE WHEN coalesce(double_opt_in, false) THEN 'pending' ELSE 'grant' END,
            method, source, notice_id, evidence, occurred_at,
            pg_catalog.clock_timestamp(), coalesce(recorded_by, session_user), expires_at, sha,
            seller, session_user)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

CREATE OR REPLACE FUNCTION phone_consent_confirm(number phone, channel text, purpose text,
                                      method text DEFAULT 'sms_reply',
                                      evidence jsonb DEFAULT '{}',
                                      occurred_at timestamptz DEFAULT now(),
                                      source text DEFAULT NULL,
                                      recorded_by text DEFAULT NULL)
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
    PERFORM @extschema@.phone_consent_check_evidence(purpose, method, evidence);
    PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, recorded_by);
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
    -- Confirmations and revocations of the number queue here; the next
    -- statement takes a new snapshot (READ COMMITTED) and sees what the
    -- one before committed: a second confirmation finds the grant, and a
    -- confirmation after a revocation dated before it finds the status
    -- revoked (only READ COMMITTED is admitted above; the unique index on
    -- confirms would stop a second one anyway).
    PERFORM @extschema@.phone_consent_lock(number);
    st := @extschema@.phone_consent_state(number, channel, purpose, occurred_at);
    IF st.status <> 'pending' THEN
        why := format('The consent status at %s is %s.', occurred_at, st.status);
    ELSE
        SELECT * INTO pend FROM @extschema@.phone_consent e WHERE e.event_id = st.event_id;
        SELECT * INTO t FROM @extschema@.phone_suppression s
         WHERE s.phone_hash = @extschema@.phone_consent_number_hash(number);
        IF occurred_at <= pend.occurred_at OR (pend.expires_at IS NOT NULL AND pend.expires_at <= occurred_at) THEN
            msg := 'a confirmation must come after the pending consent and before its expiry';
            code := '22023';
            why := 'A confirmation must come after the pending consent and before its expiry.';
        ELSIF t.phone_hash IS NOT NULL AND (occurred_at <= t.erased_at OR method = 'import') THEN
            -- what phone_consent_suppression_check would refuse, refused here
            -- so that its error (and its context) does not tell why
            msg := 'cannot record consent: the number was erased and is suppressed';
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
                 occurred_at, recorded_at, recorded_by, expires_at, confirms, notice_sha256,
                 seller, recorded_role)
            VALUES (number, channel, purpose, 'grant', method, coalesce(source, pend.source),
                    pend.notice_id, evidence, occurred_at, pg_catalog.clock_timestamp(),
                    coalesce(recorded_by, session_user), pend.expires_at, pend.event_id,
                    pend.notice_sha256, pend.seller, session_user)
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
            RAISE EXCEPTION 'cannot confirm consent on % for %', channel, purpose
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = coalesce(msg, format('no pending consent to confirm on %s for %s', channel, purpose)),
            ERRCODE = coalesce(code, '55000'),
            DETAIL = why;
    END IF;
    RETURN id;
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
    IF NEW.action NOT IN ('grant', 'pending') THEN
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
