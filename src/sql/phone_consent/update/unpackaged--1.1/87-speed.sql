
-- 87-speed.sql: the checks the decisions and the writers shared, each in
-- one function (phone_consent_check_callee_tz, phone_contact_zones_known,
-- phone_consent_revocation_program), and phone_contact_decisions reading
-- each number's latest events from phone_consent_phone_idx, as
-- src/sql/phone_consent/consent.sql makes them.

-- The program a revocation of number is recorded in, given the program
-- asked for (in any case): that program in lower case when it is '*',
-- 'default' or one in which the number gave or was asked consent (a grant
-- or pending event: of a name phone_consent_check_program accepts, as the
-- CHECK of phone_consent keeps every program), else '*' (every program:
-- an odd spelling, a program that is no name, NULL).  The writers keep
-- what was asked when it differs (phone_consent_revoke,
-- phone_consent_apply_sms).
CREATE FUNCTION phone_consent_revocation_program(number phone, program text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    IF program IN ('*', 'default')
       OR EXISTS (SELECT 1 FROM @extschema@.phone_consent c
                   WHERE c.phone OPERATOR(@extschema@.=) number
                     AND c.program = phone_consent_revocation_program.program
                     AND c.action IN ('grant', 'pending')) THEN
        RETURN program;
    END IF;
    RETURN '*';
END;
$$;

-- Checks the callee_tz of a decision: NULL, or IANA names of geographic
-- zones only (no abbreviation such as EST, no POSIX rule such as UTC+5, no
-- fixed offset such as Etc/GMT-5) that PostgreSQL knows, which add to the
-- number's zones and never replace them; raises 22023 otherwise.
CREATE FUNCTION phone_consent_check_callee_tz(callee_tz text[])
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    z       text;
BEGIN
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
END;
$$;

-- Whether the zones of a decision are known, so that its calling window
-- can be checked: false for NULL, no zone, a NULL zone or Etc/Unknown (the
-- map's zone of a number it cannot place), where a decision fails closed
-- (timezone_unknown).
CREATE FUNCTION phone_contact_zones_known(zones text[])
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce(pg_catalog.cardinality(zones) > 0
                    AND NOT 'Etc/Unknown'::pg_catalog.text = ANY (zones)
                    AND pg_catalog.array_position(zones, NULL::pg_catalog.text) IS NULL,
                    false);

-- A revocation is never refused (but for a transaction above READ
-- COMMITTED, which it is told to leave): arguments it does not understand
-- (a channel, purpose or method spelled otherwise, an agent name or
-- seller that is no valid name, evidence that is no object or too large)
-- widen it or are kept as evidence.
CREATE OR REPLACE FUNCTION phone_consent_revoke(number phone, channel text DEFAULT NULL,
                                     purpose text DEFAULT NULL,
                                     method text DEFAULT 'unspecified',
                                     evidence jsonb DEFAULT '{}',
                                     occurred_at timestamptz DEFAULT now(),
                                     recorded_by text DEFAULT NULL,
                                     seller text DEFAULT NULL,
                                     program text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ch    text := coalesce(channel, '*');
    pu    text := coalesce(purpose, '*');
    pg    text := coalesce(pg_catalog.lower(program COLLATE pg_catalog."C"), '*');
    me    text := coalesce(method, 'unspecified');
    ev    jsonb := coalesce(evidence, '{}');
    at    timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    now_  timestamptz;
    by_   text := recorded_by;
    sel   text := seller;
    req   jsonb := '{}';
    id    bigint;
    g     record;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a revocation cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_revoke() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    -- Evidence that is no object is wrapped; evidence over the size cap is
    -- replaced by its size and SHA-256 (the caller keeps the original).
    IF pg_catalog.jsonb_typeof(ev) <> 'object' THEN
        ev := jsonb_build_object('evidence', ev);
    END IF;
    IF pg_catalog.octet_length(ev::pg_catalog.text) > 16384 THEN
        ev := jsonb_build_object('evidence_truncated', true,
                                 'evidence_bytes', pg_catalog.octet_length(ev::pg_catalog.text),
                                 'evidence_sha256',
                                 pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(ev::pg_catalog.text, 'UTF8')), 'hex'));
    END IF;
    -- A channel, purpose or method it does not know: the person asked to
    -- stop something, so everything is revoked, and the request is kept
    IF NOT (ch = ANY (ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice', 'voice_prerecorded', '*'])
            AND (pu = '*' OR EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p WHERE p.purpose = pu))
            AND me = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr',
                                'verbal_recorded', 'agent', 'email', 'import', 'unspecified'])) THEN
        req := jsonb_build_object('channel', pg_catalog.left(channel, 200), 'purpose', pg_catalog.left(purpose, 200),
                                  'method', pg_catalog.left(method, 200));
        ch := '*';
        pu := '*';
        IF NOT me = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr',
                               'verbal_recorded', 'agent', 'email', 'import', 'unspecified']) THEN
            me := 'unspecified';
        END IF;
    END IF;
    IF by_ IS NOT NULL AND (pg_catalog.btrim(by_) = '' OR pg_catalog.length(by_) > 200 OR by_ ~ '[[:cntrl:]]') THEN
        req := req || jsonb_build_object('recorded_by', pg_catalog.left(by_, 200));
        by_ := NULL;
    END IF;
    IF sel IS NOT NULL AND (pg_catalog.btrim(sel) = '' OR pg_catalog.length(sel) > 200 OR sel ~ '[[:cntrl:]]') THEN
        req := req || jsonb_build_object('seller', pg_catalog.left(sel, 200));
        sel := NULL;
    END IF;
    -- a program that is no valid name, or in which this number never gave
    -- or was asked consent (an odd spelling): every program, the request
    -- kept
    IF pg <> @extschema@.phone_consent_revocation_program(number, pg) THEN
        req := req || jsonb_build_object('program', pg_catalog.left(program, 200));
        pg := '*';
    END IF;
    IF req <> '{}' THEN
        ev := ev || jsonb_build_object('requested', req);
    END IF;
    -- "removed" is what an SMS STOP took away, which START gives back: only
    -- phone_consent_apply_sms writes it.  A caller's list is kept under
    -- another name, where START does not look.
    IF ev ? 'removed' THEN
        ev := (ev - 'removed') || jsonb_build_object('claimed_removed', ev -> 'removed');
    END IF;

    -- Writers of the number take turns: a confirmation that came first has
    -- committed, and is seen below
    PERFORM @extschema@.phone_consent_lock(number);
    now_ := pg_catalog.clock_timestamp();
    -- An opt-out takes effect at once: a time in the future is recorded as
    -- now, keeping the claimed time as evidence.
    IF at > now_ THEN
        ev := ev || jsonb_build_object('claimed_occurred_at', at);
        at := now_;
    END IF;
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, evidence, occurred_at,
         recorded_at, recorded_by, seller, recorded_role, program)
    VALUES (number, ch, pu, 'revoke', me, ev, at,
            now_, coalesce(by_, session_user), sel, session_user, pg)
    RETURNING event_id INTO id;

    -- A confirmation confirms its pending consent; a revocation between
    -- the two leaves nothing to confirm.  A confirmation recorded before
    -- this revocation, dated after it, is outdone by a revocation of its
    -- channel and purpose at its own instant (a revocation wins a tie).
    FOR g IN SELECT c.event_id, c.channel, c.purpose, c.program, c.occurred_at
               FROM @extschema@.phone_consent c
               JOIN @extschema@.phone_consent pe ON pe.event_id = c.confirms
              WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'grant'
                AND (ch = '*' OR c.channel = ch) AND (pu = '*' OR c.purpose = pu)
                AND (pg = '*' OR c.program = pg)
                AND pe.occurred_at <= at AND at < c.occurred_at
                AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent v
                                 WHERE v.phone OPERATOR(@extschema@.=) number AND v.action = 'revoke'
                                   AND v.occurred_at = c.occurred_at
                                   AND v.channel IN (c.channel, '*') AND v.purpose IN (c.purpose, '*')
                                   AND v.program IN (c.program, '*'))
              ORDER BY c.event_id
    LOOP
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by, seller, recorded_role, program)
        VALUES (number, g.channel, g.purpose, 'revoke', me,
                jsonb_build_object('revocation', id, 'revocation_occurred_at', at,
                                   'voids_confirmation', g.event_id),
                g.occurred_at, pg_catalog.clock_timestamp(), coalesce(by_, session_user), sel,
                session_user, g.program);
    END LOOP;
    RETURN id;
END;
$$;

-- Records what an incoming SMS means; returns its keyword class and the
-- consents it changed:
--   opt_out: revokes every channel and purpose, remembering in the
--            evidence ("removed") what that took away: the consents in
--            force, what an earlier STOP removed and still keeps removed,
--            and, with no event id, the opt_out purposes (allowed unless
--            revoked) that were allowed on each channel;
--   opt_in:  restores exactly what the latest STOP removed (if no newer
--            event decided it since), nothing else;
--   confirm: confirms every pending consent of the number; with nothing
--            pending it is an opt_in, as START;
--   help, or NULL for a message that is no keyword: records nothing.
-- consents lists, for opt_out, what was removed; for opt_in and confirm,
-- the grants recorded ({channel, purpose, event_id, restores}); else [].
-- It is NULL for an opt_out, opt_in or confirm when the session user may
-- not read phone_consent and phone_suppression (doc/security.md).
CREATE OR REPLACE FUNCTION phone_consent_apply_sms(number phone, body text,
                                        occurred_at timestamptz DEFAULT now(),
                                        recorded_by text DEFAULT NULL,
                                        program text DEFAULT NULL,
                                        OUT keyword text, OUT consents jsonb)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kw       text := @extschema@.phone_sms_keyword(body);
    at       timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    by_      text := recorded_by;
    pg       text := pg_catalog.lower(program COLLATE pg_catalog."C");
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
    -- the program (in lower case): a STOP with none (NULL) stops every
    -- program ('*'), and so does one with a program that is no valid name
    -- or in which this number never gave or was asked consent (kept as
    -- evidence); the
    -- other keywords act in one named program, 'default' when NULL
    IF kw = 'opt_out' THEN
        IF pg IS NULL THEN
            pg := '*';
        ELSIF pg <> @extschema@.phone_consent_revocation_program(number, pg) THEN
            ev := ev || jsonb_build_object('requested', coalesce(ev -> 'requested', '{}'::jsonb)
                                                        || jsonb_build_object('program', pg_catalog.left(program, 200)));
            pg := '*';
        END IF;
    ELSE
        pg := coalesce(pg, 'default');
        PERFORM @extschema@.phone_consent_check_program(pg, false);
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
                                                     'program', x.program, 'event_id', x.event_id)
                                  ORDER BY x.program, x.channel, x.purpose), '[]')
          INTO removed
          FROM (-- the consents in force in the program (in each, for '*')
                SELECT k.channel, k.purpose, k.program, s.event_id
                  FROM (SELECT DISTINCT c.channel, c.purpose, c.program FROM @extschema@.phone_consent c
                         WHERE c.phone OPERATOR(@extschema@.=) number AND c.channel <> '*' AND c.purpose <> '*'
                           AND c.program <> '*' AND (pg = '*' OR c.program = pg)
                           AND c.occurred_at <= at) AS k,
                       LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at,
                                                               'infinity'::pg_catalog.timestamptz,
                                                               k.program) AS s
                 WHERE s.status IN ('granted', 'pending')
                UNION
                -- what an earlier STOP of the program (or of every
                -- program) removed that it still keeps removed; an entry
                -- without a program is of the STOP's program
                SELECT e.channel, e.purpose, e.program, e.event_id
                  FROM @extschema@.phone_consent st,
                       LATERAL (SELECT x0 ->> 'channel' AS channel, x0 ->> 'purpose' AS purpose,
                                       coalesce(x0 ->> 'program', st.program) AS program,
                                       CASE WHEN x0 ->> 'event_id' ~ '^[0-9]{1,18}$'
                                            THEN (x0 ->> 'event_id')::bigint END AS event_id
                                  FROM pg_catalog.jsonb_array_elements(
                                           CASE WHEN pg_catalog.jsonb_typeof(st.evidence -> 'removed') = 'array'
                                                THEN st.evidence -> 'removed' ELSE '[]' END) AS x0
                                 WHERE pg_catalog.jsonb_typeof(x0) = 'object') AS e
                 WHERE st.phone OPERATOR(@extschema@.=) number AND st.action = 'revoke'
                   AND st.method = 'sms_keyword' AND st.channel = '*' AND st.purpose = '*'
                   AND (pg = '*' OR st.program IN (pg, '*'))
                   AND st.occurred_at <= at AND e.channel = ANY (channels)
                   AND e.program <> '*' AND (pg = '*' OR e.program = pg)
                   AND (@extschema@.phone_consent_state(number, e.channel, e.purpose, at,
                                                        'infinity'::pg_catalog.timestamptz,
                                                        e.program)).event_id
                       = st.event_id
                UNION
                -- purposes allowed unless revoked, on each channel where
                -- they were, in the program (for '*': in 'default' and in
                -- each program of the number's events)
                SELECT ch, p.purpose, gp.program, NULL::bigint
                  FROM @extschema@.phone_consent_purpose p, pg_catalog.unnest(channels) AS ch,
                       (SELECT pg AS program WHERE pg <> '*'
                        UNION
                        SELECT 'default'::text WHERE pg = '*'
                        UNION
                        SELECT c.program FROM @extschema@.phone_consent c
                         WHERE pg = '*' AND c.phone OPERATOR(@extschema@.=) number
                           AND c.program <> '*') AS gp,
                       LATERAL @extschema@.phone_consent_state(number, ch, p.purpose, at,
                                                               'infinity'::pg_catalog.timestamptz,
                                                               gp.program) AS s
                 WHERE p.basis = 'opt_out' AND p.purpose <> 'opt_out_confirmation'
                   AND s.status IN ('none', 'expired')) AS x;
        -- recorded here, not through phone_consent_revoke (which renames a
        -- caller's "removed"): the list START trusts is written by this
        -- function only
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by, recorded_role, program)
        VALUES (number, '*', '*', 'revoke', 'sms_keyword',
                ev || jsonb_build_object('removed', removed), at,
                pg_catalog.clock_timestamp(), coalesce(by_, session_user), session_user, pg);
        consents := CASE WHEN reader THEN removed END;
        RETURN;
    END IF;

    IF kw = 'confirm' THEN
        FOR r IN SELECT k.channel, k.purpose
                   FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                          WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'pending'
                            AND c.program = pg AND c.occurred_at < at) AS k,
                        LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at,
                                                                'infinity'::pg_catalog.timestamptz,
                                                                pg) AS s
                  WHERE s.status = 'pending'
                  ORDER BY k.channel, k.purpose
        LOOP
            id := @extschema@.phone_consent_confirm(number, r.channel, r.purpose,
                                                    'sms_reply'::pg_catalog.text,
                                                    jsonb_build_object('body', body), at,
                                                    NULL::pg_catalog.text, by_, pg);
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

    -- opt_in: undo the latest STOP of the program (or of every program),
    -- in the program
    SELECT * INTO stop FROM @extschema@.phone_consent c
     WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'revoke' AND c.method = 'sms_keyword'
       AND c.channel = '*' AND c.purpose = '*' AND c.program IN (pg, '*') AND c.occurred_at < at
     ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1;
    IF NOT FOUND OR pg_catalog.jsonb_typeof(stop.evidence -> 'removed') IS DISTINCT FROM 'array' THEN
        consents := CASE WHEN reader THEN consents END;
        RETURN;
    END IF;
    FOR r IN SELECT x ->> 'channel' AS channel, x ->> 'purpose' AS purpose,
                    coalesce(x ->> 'program', stop.program) AS program,
                    CASE WHEN x ->> 'event_id' ~ '^[0-9]{1,18}$' THEN (x ->> 'event_id')::bigint END AS event_id,
                    pg_catalog.jsonb_typeof(x -> 'event_id') = 'null' AS by_basis
               FROM pg_catalog.jsonb_array_elements(stop.evidence -> 'removed') AS x
              WHERE pg_catalog.jsonb_typeof(x) = 'object'
    LOOP
        -- only what is still revoked by that very STOP, in the program
        IF r.channel IS NULL OR r.purpose IS NULL OR r.program IS DISTINCT FROM pg
           OR (@extschema@.phone_consent_state(number, r.channel, r.purpose, at,
                                               'infinity'::pg_catalog.timestamptz, pg)).event_id
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
                 seller, recorded_role, program)
            SELECT number, g.channel, g.purpose, g.action, 'sms_keyword', g.source, g.notice_id,
                   ev || jsonb_build_object('restores', g.event_id, 'after_stop', stop.event_id),
                   at, pg_catalog.clock_timestamp(), coalesce(by_, session_user),
                   CASE WHEN g.expires_at > at THEN g.expires_at END, g.notice_sha256,
                   g.seller, session_user, g.program
              FROM @extschema@.phone_consent g
             WHERE g.event_id = r.event_id
               AND g.phone OPERATOR(@extschema@.=) number
               AND g.channel = r.channel AND g.purpose = r.purpose AND g.program = pg
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
                 recorded_at, recorded_by, recorded_role, program)
            VALUES (number, r.channel, r.purpose, 'grant', 'sms_keyword',
                    ev || jsonb_build_object('restores', NULL::bigint, 'after_stop', stop.event_id),
                    at, pg_catalog.clock_timestamp(), coalesce(by_, session_user), session_user, pg)
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

-- The decision for a program as the ledger held it at as_recorded_at
-- (the overload below, without it, takes every event and answers for the
-- program 'default')
CREATE OR REPLACE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
                                       at timestamptz, callee_tz text[],
                                       as_recorded_at timestamptz,
                                       program text DEFAULT 'default',
                                       OUT allowed boolean, OUT reason text,
                                       OUT status text, OUT timezones text[],
                                       OUT next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p       @extschema@.phone_consent_purpose;
    win     record;
    cand    timestamptz;
BEGIN
    IF number IS NULL OR at IS NULL OR as_recorded_at IS NULL OR program IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
    -- callee_tz: IANA names of geographic zones only, which add to the
    -- number's zones and never replace them
    PERFORM @extschema@.phone_consent_check_callee_tz(callee_tz);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_contact_decision.purpose;
    status := @extschema@.phone_consent_status(number, channel, purpose, at, as_recorded_at,
                                               program);
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
    -- (opt-outs and confirmations of the program, or of every program,
    -- both as known at as_recorded_at): after an opt-out of every program
    -- ('*'), one in total, in whatever program; after an opt-out of one
    -- program, one in that program
    IF purpose = 'opt_out_confirmation' AND status NOT IN ('erased', 'invalidated') THEN
        SELECT max(e.occurred_at) INTO cand
          FROM @extschema@.phone_consent e
         WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'revoke'
           AND (e.channel = phone_contact_decision.channel
                OR (e.channel = '*' AND (e.method <> 'sms_keyword'
                                         OR phone_contact_decision.channel = 'sms')))
           AND e.program IN (phone_contact_decision.program, '*')
           AND e.purpose <> 'opt_out_confirmation' AND e.occurred_at <= at
           AND e.recorded_at <= as_recorded_at;
        IF cand IS NULL OR at >= cand + '5 minutes'::pg_catalog.interval THEN
            reason := 'no_recent_opt_out';
        ELSIF EXISTS (SELECT 1 FROM @extschema@.phone_consent e
                       WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'revoke'
                         AND e.channel IN (phone_contact_decision.channel, '*')
                         AND e.purpose = 'opt_out_confirmation'
                         AND (e.program IN (phone_contact_decision.program, '*')
                              OR EXISTS (SELECT 1 FROM @extschema@.phone_consent a
                                          WHERE a.phone OPERATOR(@extschema@.=) number
                                            AND a.action = 'revoke' AND a.program = '*'
                                            AND a.occurred_at = cand
                                            AND (a.channel = phone_contact_decision.channel
                                                 OR (a.channel = '*' AND (a.method <> 'sms_keyword'
                                                                          OR phone_contact_decision.channel = 'sms')))
                                            AND a.purpose <> 'opt_out_confirmation'
                                            AND a.recorded_at <= as_recorded_at))
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
    IF NOT @extschema@.phone_contact_zones_known(timezones) THEN
        reason := 'timezone_unknown';
        RETURN;
    END IF;
    -- Open now when every rule of the calling windows is open in every
    -- zone: the rules of the number's first digits, or, for a number its
    -- digits do not place (toll-free and the other non-geographic types,
    -- or a number of no known type), every rule of its country calling code
    IF @extschema@.phone_type(number) IN ('fixed_line'::@extschema@.phone_number_type,
                                          'mobile'::@extschema@.phone_number_type,
                                          'fixed_line_or_mobile'::@extschema@.phone_number_type) THEN
        win := @extschema@.phone_contact_window_check(pg_catalog.ltrim(number::pg_catalog.text, '+'),
                                                      purpose, timezones, at, true);
    ELSE
        win := @extschema@.phone_contact_window_check(@extschema@.phone_country_code(number)::pg_catalog.text,
                                                      purpose, timezones, at, false);
    END IF;
    next_allowed_at := win.next_allowed_at;
    IF win.open THEN
        allowed := true;
        RETURN;
    END IF;
    reason := 'quiet_hours';
END;
$$;

-- The decisions for a list of numbers at once, equal row for row to
-- phone_contact_decision(number, channel, purpose, at, callee_tz,
-- 'infinity', program): one row per element of numbers, in their order (a
-- NULL element, or a NULL at or program, gives a row of NULLs).  The
-- statuses of the distinct numbers come from one pass over the ledger
-- (the rule of phone_consent_state, as phone_consent_current applies it),
-- and the calling window, which depends only on the zones, the first
-- digits (as many as the longest prefix of a window; for a number its
-- digits do not place, the country calling code) and the instant, is
-- checked once for each distinct set of zones and first digits
-- (phone_contact_window_check).  The keyed hashes of the
-- numbers are computed only while there are tombstones.  The query is
-- planned for the list it is given (EXECUTE, with the distinct numbers as
-- an array, whose length the planner knows): a short list probes the
-- index, a long one reads the ledger once.  Each element is decided in
-- its place, so that the rows need no join back to the list, only one
-- sort; the windows are found by one key (the planner knows nothing of
-- the columns of a CTE, and with several it would misjudge the join and
-- sort every row), and are checked in a materialized CTE (so that the
-- planner cannot call phone_contact_window_check once per row).  Without
-- JIT: compiling the query costs more than it saves (about 1.5 s for
-- 100,000 numbers).
CREATE OR REPLACE FUNCTION phone_contact_decisions(numbers phone[], channel text, purpose text,
                                        at timestamptz DEFAULT now(),
                                        callee_tz text[] DEFAULT NULL,
                                        program text DEFAULT 'default')
    RETURNS TABLE (number phone, allowed boolean, reason text, status text,
                   timezones text[], next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off
AS $$
DECLARE
    p       @extschema@.phone_consent_purpose;
    plen    integer;
    erasing boolean;
BEGIN
    IF numbers IS NULL THEN
        RETURN;
    END IF;
    IF at IS NULL OR program IS NULL
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(numbers) AS u(n)
                       WHERE u.n IS NOT NULL) THEN
        RETURN QUERY
            SELECT u.n, NULL::boolean, NULL::text, NULL::text, NULL::text[], NULL::timestamptz
              FROM pg_catalog.unnest(numbers) WITH ORDINALITY AS u(n, i)
             ORDER BY u.i;
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
    PERFORM @extschema@.phone_consent_check_callee_tz(callee_tz);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q
     WHERE q.purpose = phone_contact_decisions.purpose;
    -- the longest prefix of a window that can apply: the window of a
    -- number depends on that many of its first digits only
    SELECT coalesce(max(pg_catalog.length(w.prefix)), 0) INTO plen
      FROM @extschema@.phone_contact_window w
     WHERE w.purpose = phone_contact_decisions.purpose OR w.purpose IS NULL;
    erasing := EXISTS (SELECT 1 FROM @extschema@.phone_suppression);

    RETURN QUERY EXECUTE $q$
WITH nums AS MATERIALIZED (
    -- the distinct numbers
    SELECT u.n FROM pg_catalog.unnest($10) AS u(n)
), sup AS (
    SELECT n.n, s.erased_at
      FROM nums n
      JOIN @extschema@.phone_suppression s
        ON s.phone_hash = @extschema@.phone_consent_number_hash(n.n)
     WHERE $9
), inval AS (
    SELECT e.phone,
           max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')) AS void_before,
           max(e.occurred_at) AS inval_at
      FROM @extschema@.phone_consent e
      JOIN nums n ON n.n OPERATOR(@extschema@.=) e.phone
     WHERE e.action = 'invalidate' AND e.occurred_at <= $4
     GROUP BY e.phone
), win AS (
    -- the latest event of the eight scopes that cover the channel, purpose
    -- and program
    SELECT DISTINCT ON (e.phone)
           e.phone, e.event_id, e.action, e.occurred_at, e.expires_at,
           (e.action IN ('grant', 'pending') AND e.method <> 'import'
            AND (e.notice_id IS NOT NULL OR e.evidence <> '{}' OR e.confirms IS NOT NULL)) AS lifts
      FROM @extschema@.phone_consent e
      JOIN nums n ON n.n OPERATOR(@extschema@.=) e.phone
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) e.phone
     WHERE e.channel = ANY (ARRAY[$2, '*']) AND e.purpose = ANY (ARRAY[$3, '*'])
       AND e.program = ANY (ARRAY[$11, '*'])
       AND e.action <> 'invalidate' AND e.occurred_at <= $4
       AND e.occurred_at >= coalesce(i.void_before, '-infinity'::pg_catalog.timestamptz)
     ORDER BY e.phone, e.occurred_at DESC,
              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
              e.event_id DESC
), st AS (
    -- each element of the list that is a number, in its place i, with its
    -- status; placed: whether the number's digits place it
    -- (phone_contact_decision)
    SELECT u.i, u.n, u.placed, u.tzs,
           CASE WHEN u.placed THEN pg_catalog.left(pg_catalog.ltrim(u.n::pg_catalog.text, '+'), $8)
                ELSE @extschema@.phone_country_code(u.n)::pg_catalog.text END AS digits,
           CASE WHEN w.event_id IS NULL THEN
                    CASE WHEN s.erased_at IS NOT NULL THEN 'erased'
                         WHEN i.inval_at IS NOT NULL THEN 'invalidated'
                         ELSE 'none' END
                WHEN s.erased_at IS NOT NULL
                     AND NOT (w.lifts AND w.occurred_at > s.erased_at) THEN 'erased'
                WHEN w.action = 'revoke' THEN 'revoked'
                WHEN w.action = 'pending' THEN 'pending'
                WHEN w.expires_at IS NOT NULL AND w.expires_at <= $4 THEN 'expired'
                ELSE 'granted' END AS status
      FROM (SELECT u.i, u.n,
                   @extschema@.phone_type(u.n) IN ('fixed_line'::@extschema@.phone_number_type,
                                                   'mobile'::@extschema@.phone_number_type,
                                                   'fixed_line_or_mobile'::@extschema@.phone_number_type) AS placed,
                   @extschema@.phone_possible_timezones(u.n) AS tzs
              FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(n, i)
             WHERE u.n IS NOT NULL) AS u
      LEFT JOIN win w ON w.phone OPERATOR(@extschema@.=) u.n
      LEFT JOIN sup s ON s.n OPERATOR(@extschema@.=) u.n
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) u.n
), rs AS MATERIALIZED (
    -- k: the key of the calling window, whether the digits place the
    -- number, the digits and the zones as text (the zones give the
    -- number's group, and the group its window)
    SELECT st.i, st.n,
           CASE WHEN st.placed THEN 't' ELSE 'f' END || st.digits || ' '
               || coalesce(st.tzs::pg_catalog.text, '') AS k,
           st.status,
           CASE WHEN $3 = 'opt_out_confirmation' AND st.status NOT IN ('erased', 'invalidated') THEN
                    -- the confirmation of an opt-out (phone_contact_decision)
                    (SELECT CASE WHEN c.cand IS NULL
                                      OR $4 >= c.cand + '5 minutes'::pg_catalog.interval
                                     THEN 'no_recent_opt_out'
                                 WHEN EXISTS (SELECT 1 FROM @extschema@.phone_consent e
                                               WHERE e.phone OPERATOR(@extschema@.=) st.n
                                                 AND e.action = 'revoke'
                                                 AND e.channel IN ($2, '*')
                                                 AND e.purpose = 'opt_out_confirmation'
                                                 AND (e.program IN ($11, '*')
                                                      -- after an opt-out of every
                                                      -- program: one in any program
                                                      OR EXISTS (SELECT 1 FROM @extschema@.phone_consent a
                                                                  WHERE a.phone OPERATOR(@extschema@.=) st.n
                                                                    AND a.action = 'revoke' AND a.program = '*'
                                                                    AND a.occurred_at = c.cand
                                                                    AND (a.channel = $2
                                                                         OR (a.channel = '*' AND (a.method <> 'sms_keyword' OR $2 = 'sms')))
                                                                    AND a.purpose <> 'opt_out_confirmation'))
                                                 AND e.occurred_at >= c.cand AND e.occurred_at <= $4)
                                     THEN 'confirmation_sent'
                                 ELSE 'ok' END
                       FROM (SELECT max(e.occurred_at) AS cand
                               FROM @extschema@.phone_consent e
                              WHERE e.phone OPERATOR(@extschema@.=) st.n AND e.action = 'revoke'
                                AND (e.channel = $2
                                     OR (e.channel = '*' AND (e.method <> 'sms_keyword' OR $2 = 'sms')))
                                AND e.program IN ($11, '*')
                                AND e.purpose <> 'opt_out_confirmation' AND e.occurred_at <= $4) AS c)
                ELSE CASE st.status
                    WHEN 'granted' THEN 'ok'
                    WHEN 'revoked' THEN 'revoked'
                    WHEN 'invalidated' THEN 'number_reassigned'
                    WHEN 'erased' THEN 'erased'
                    WHEN 'pending' THEN CASE WHEN $6 = 'opt_out' THEN 'ok' ELSE 'pending_confirmation' END
                    WHEN 'expired' THEN CASE WHEN $6 = 'opt_out' THEN 'ok' ELSE 'expired' END
                    WHEN 'none' THEN CASE WHEN $6 = 'opt_out' THEN 'ok' ELSE 'no_consent' END
                    END
                END AS reason
      FROM st
), grp AS (
    -- each distinct key, read back: one group for each distinct (zones,
    -- first digits or country calling code)
    SELECT g.k, g.placed, g.digits,
           CASE WHEN $5 IS NULL THEN g.tzs
                ELSE ARRAY(SELECT x.t
                             FROM (SELECT t FROM pg_catalog.unnest(g.tzs) AS t
                                   UNION
                                   SELECT t FROM pg_catalog.unnest($5) AS t) AS x
                            ORDER BY x.t COLLATE "C") END AS zones
      FROM (SELECT d.k, pg_catalog.left(d.k, 1) = 't' AS placed,
                   pg_catalog.split_part(pg_catalog.substr(d.k, 2), ' ', 1) AS digits,
                   CASE WHEN pg_catalog.substr(d.k, pg_catalog.strpos(d.k, ' ') + 1) <> ''
                        THEN pg_catalog.substr(d.k, pg_catalog.strpos(d.k, ' ') + 1)::pg_catalog.text[] END AS tzs
              FROM (SELECT DISTINCT rs.k FROM rs) AS d) AS g
), hrs AS MATERIALIZED (
    -- phone_contact_decision from its fail-closed test on, with the
    -- calling window of each group checked once
    SELECT g.k, g.zones,
           CASE WHEN r.reason <> 'check' THEN r.reason
                WHEN c.open THEN 'ok' ELSE 'quiet_hours' END AS reason,
           CASE WHEN r.reason = 'ok' THEN $4
                WHEN r.reason = 'check' THEN c.next_allowed_at END AS next_allowed_at
      FROM grp g
      CROSS JOIN LATERAL (
          SELECT CASE WHEN NOT pg_catalog.isfinite($4)
                           OR $4 < '4714-11-27 00:00:00+00 BC'::pg_catalog.timestamptz
                           OR $4 >= '294276-12-30 00:00:00+00'::pg_catalog.timestamptz
                          THEN 'time_undefined'
                      WHEN NOT $7 THEN 'ok'
                      WHEN NOT @extschema@.phone_contact_zones_known(g.zones)
                          THEN 'timezone_unknown'
                      ELSE 'check' END AS reason) AS r
      -- (NULL zones, and no check, for the groups decided above)
      CROSS JOIN LATERAL @extschema@.phone_contact_window_check(
          g.digits, $3, CASE WHEN r.reason = 'check' THEN g.zones END, $4, g.placed) AS c
)
SELECT x.n, x.allowed, x.reason, x.status, x.timezones, x.next_allowed_at
  FROM (SELECT rs.i, rs.n, d.reason = 'ok' AS allowed, d.reason, rs.status, h.zones AS timezones,
               d.next_allowed_at
          FROM rs
          LEFT JOIN hrs h ON h.k = rs.k
          CROSS JOIN LATERAL (
              SELECT CASE WHEN rs.reason = 'ok' THEN h.reason ELSE rs.reason END AS reason,
                     CASE WHEN rs.reason = 'ok' THEN h.next_allowed_at END AS next_allowed_at) AS d
        UNION ALL
        -- a NULL element: a row of NULLs
        SELECT u.i, u.n, NULL::pg_catalog.bool, NULL::pg_catalog.text, NULL::pg_catalog.text,
               NULL::pg_catalog.text[], NULL::pg_catalog.timestamptz
          FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(n, i)
         WHERE u.n IS NULL) AS x
 ORDER BY x.i
$q$
    USING numbers, channel, purpose, at, callee_tz, p.basis, p.hours_apply, plen, erasing,
          ARRAY(SELECT DISTINCT u.n FROM pg_catalog.unnest(numbers) AS u(n) WHERE u.n IS NOT NULL),
          program;
END;
$$;

REVOKE EXECUTE ON FUNCTION phone_consent_revocation_program(phone, text) FROM PUBLIC;
COMMENT ON FUNCTION phone_consent_revocation_program(phone, text) IS 'the program a revocation is recorded in: the one asked for when it is *, default or one in which the number gave or was asked consent, else *';
COMMENT ON FUNCTION phone_consent_check_callee_tz(text[]) IS 'raises an error for a callee_tz that is not a list of known IANA geographic zones';
COMMENT ON FUNCTION phone_contact_zones_known(text[]) IS 'false for the zones of a decision that fails closed (timezone_unknown): NULL, none, a NULL zone or Etc/Unknown';
