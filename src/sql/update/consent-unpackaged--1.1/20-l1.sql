
/* 20-l1.sql, a part of phone_consent--unpackaged--1.1.sql: the writers of
 * the ledger in version 1.1.  Late consent does not override an opt-out
 * recorded before it; a revocation is never refused; writers of one number
 * take a lock in turn, so that a revocation between a pending consent and
 * its confirmation wins; STOP keeps what an earlier STOP removed, and START
 * restores it and says what it restored; evidence is checked per method
 * and capped; events name the agent or application (recorded_by), the
 * role (recorded_role) and the seller.  The functions whose arguments
 * changed are dropped and created again (src/sql/consent.sql has them). */

-- Events recorded before 1.1 keep recorded_by (their role); the new
-- columns are NULL for them
ALTER TABLE @extschema@.phone_consent ADD COLUMN seller text;
ALTER TABLE @extschema@.phone_consent ADD COLUMN recorded_role text;

DROP FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                             timestamptz, timestamptz, boolean, text);
DROP FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                               timestamptz, text);
DROP FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz);
DROP FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz);
DROP FUNCTION @extschema@.phone_mark_disconnected(@extschema@.phone, date, text);
DROP FUNCTION @extschema@.phone_consent_lock(@extschema@.phone, text, text);

-- Checks what a writer records about itself and about the party consent
-- is given to (recorded_by, seller): NULL, or a name of 1 to 200
-- characters that is not blank and has no control characters; raises
-- 22023 otherwise.
CREATE FUNCTION phone_consent_check_label(label text, value text)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NOT NULL
       AND (pg_catalog.btrim(value) = '' OR pg_catalog.length(value) > 200
            OR value ~ '[[:cntrl:]]') THEN
        RAISE EXCEPTION 'invalid %: %', label,
                        pg_catalog.quote_literal(pg_catalog.left(pg_catalog.regexp_replace(value, '[[:cntrl:]]', '?', 'g'), 40)
                                                 || CASE WHEN pg_catalog.length(value) > 40 THEN '...' ELSE '' END)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s names an agent, application or party: 1 to 200 characters, not blank, without control characters; it has %s.',
                                  label, pg_catalog.length(value)),
                  HINT = format('Pass NULL to leave %s to its default.', label);
    END IF;
END;
$$;

-- Checks the evidence of a consent: a JSON object of at most 16384 bytes
-- (as text) holding what its method needs for a defence: for a purpose
-- that needs written consent given through a web form, the client's
-- "ip" (an address), "user_agent", and the page ("url") or form
-- ("form_id"); for a signed paper, "document_ref" (where the signed
-- document is kept).  Raises 22023 otherwise.
CREATE FUNCTION phone_consent_check_evidence(purpose text, method text, evidence jsonb)
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing text[] := ARRAY[]::text[];
    k       text;
    size    integer;
BEGIN
    IF evidence IS NULL OR pg_catalog.jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION 'evidence must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    size := pg_catalog.octet_length(evidence::pg_catalog.text);
    IF size > 16384 THEN
        RAISE EXCEPTION 'evidence is too large: % bytes', size
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The evidence of an event takes at most 16384 bytes as JSON text.',
                  HINT = 'Keep documents, recordings and pages elsewhere and record their reference and hash in the evidence.';
    END IF;
    IF method = 'web_form'
       AND EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                    WHERE p.purpose = phone_consent_check_evidence.purpose AND p.written_required) THEN
        FOREACH k IN ARRAY ARRAY['ip', 'user_agent'] LOOP
            IF pg_catalog.btrim(coalesce(evidence ->> k, '')) = '' THEN
                missing := missing || k;
            END IF;
        END LOOP;
        IF pg_catalog.btrim(coalesce(evidence ->> 'url', '')) = ''
           AND pg_catalog.btrim(coalesce(evidence ->> 'form_id', '')) = '' THEN
            missing := missing || 'url or form_id'::text;
        END IF;
        IF 'ip' <> ALL (missing) AND pg_catalog.btrim(evidence ->> 'ip') !~ '^[0-9A-Fa-f:.]+$' THEN
            RAISE EXCEPTION 'invalid evidence for % through web_form: "ip" is not an address', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('"ip" is %s.', evidence -> 'ip'),
                      HINT = 'Record the IP address the form was submitted from, as 192.0.2.1 or 2001:db8::1.';
        END IF;
    ELSIF method = 'paper_signed' AND pg_catalog.btrim(coalesce(evidence ->> 'document_ref', '')) = '' THEN
        missing := missing || 'document_ref'::text;
    END IF;
    IF pg_catalog.cardinality(missing) > 0 THEN
        RAISE EXCEPTION 'insufficient evidence for % through %', purpose, method
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The evidence lacks %s.', pg_catalog.array_to_string(missing, ', ')),
                  HINT = CASE method
                         WHEN 'web_form' THEN 'Written consent through a web form needs the notice and, in the evidence, "ip", "user_agent", and "url" or "form_id".'
                         ELSE 'Consent on paper needs "document_ref" in the evidence: where the signed document is kept.' END;
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_grant(number phone, channel text, purpose text, method text,
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

-- The lock that writers of one number take in turn, for their
-- transaction: confirmations, grants, revocations and SMS keywords of a
-- number queue here, and each reads what the one before it committed
-- (READ COMMITTED: the statement after the lock takes a new snapshot).
CREATE FUNCTION phone_consent_lock(number phone)
    RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtext('phone_consent'::pg_catalog.text),
        pg_catalog.hashtext(number::pg_catalog.text));

CREATE FUNCTION phone_consent_confirm(number phone, channel text, purpose text,
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

-- A revocation is never refused (but for a transaction above READ
-- COMMITTED, which it is told to leave): arguments it does not understand
-- (a channel, purpose or method spelled otherwise, an agent name or
-- seller that is no valid name, evidence that is no object or too large)
-- widen it or are kept as evidence.
CREATE FUNCTION phone_consent_revoke(number phone, channel text DEFAULT NULL,
                                     purpose text DEFAULT NULL,
                                     method text DEFAULT 'unspecified',
                                     evidence jsonb DEFAULT '{}',
                                     occurred_at timestamptz DEFAULT now(),
                                     recorded_by text DEFAULT NULL,
                                     seller text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ch    text := coalesce(channel, '*');
    pu    text := coalesce(purpose, '*');
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
         recorded_at, recorded_by, seller, recorded_role)
    VALUES (number, ch, pu, 'revoke', me, ev, at,
            now_, coalesce(by_, session_user), sel, session_user)
    RETURNING event_id INTO id;

    -- A confirmation confirms its pending consent; a revocation between
    -- the two leaves nothing to confirm.  A confirmation recorded before
    -- this revocation, dated after it, is outdone by a revocation of its
    -- channel and purpose at its own instant (a revocation wins a tie).
    FOR g IN SELECT c.event_id, c.channel, c.purpose, c.occurred_at
               FROM @extschema@.phone_consent c
               JOIN @extschema@.phone_consent pe ON pe.event_id = c.confirms
              WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'grant'
                AND (ch = '*' OR c.channel = ch) AND (pu = '*' OR c.purpose = pu)
                AND pe.occurred_at <= at AND at < c.occurred_at
                AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent v
                                 WHERE v.phone OPERATOR(@extschema@.=) number AND v.action = 'revoke'
                                   AND v.occurred_at = c.occurred_at
                                   AND v.channel IN (c.channel, '*') AND v.purpose IN (c.purpose, '*'))
              ORDER BY c.event_id
    LOOP
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by, seller, recorded_role)
        VALUES (number, g.channel, g.purpose, 'revoke', me,
                jsonb_build_object('revocation', id, 'revocation_occurred_at', at,
                                   'voids_confirmation', g.event_id),
                g.occurred_at, pg_catalog.clock_timestamp(), coalesce(by_, session_user), sel,
                session_user);
    END LOOP;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_mark_disconnected(number phone, disconnected_on date,
                                        source text DEFAULT NULL,
                                        recorded_by text DEFAULT NULL)
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
    PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, recorded_by);
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, occurred_at,
         recorded_at, recorded_by, disconnected_on, recorded_role)
    VALUES (number, '*', '*', 'invalidate', 'unspecified', source,
            disconnected_on::timestamp AT TIME ZONE 'UTC',
            pg_catalog.clock_timestamp(), coalesce(recorded_by, session_user), disconnected_on,
            session_user)
    RETURNING event_id INTO id;
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
CREATE FUNCTION phone_consent_apply_sms(number phone, body text,
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

REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_mark_disconnected(phone, date, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz, text) FROM PUBLIC;
-- only the writers (running as the owner) take this lock
REVOKE EXECUTE ON FUNCTION phone_consent_lock(phone) FROM PUBLIC;

COMMENT ON COLUMN phone_consent.recorded_by IS 'the agent or application that recorded the event, as the writer named it (by default session_user)';
COMMENT ON COLUMN phone_consent.seller IS 'the party the consent is given to (the seller), as the writer named it';
COMMENT ON COLUMN phone_consent.recorded_role IS 'session_user of the recording session (NULL for events recorded before version 1.1, whose recorded_by is that role)';
COMMENT ON FUNCTION phone_consent_check_label(text, text) IS 'raises an error for an invalid recorded_by or seller';
COMMENT ON FUNCTION phone_consent_check_evidence(text, text, jsonb) IS 'raises an error for evidence that is too large or lacks what its method needs';
COMMENT ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text, text, text) IS 'record consent (or a pending double opt-in); returns the event id';
COMMENT ON FUNCTION phone_consent_lock(phone) IS 'transaction lock serialising the writers of one number';
COMMENT ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text) IS 'turn a pending double opt-in into a grant; returns the event id';
COMMENT ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text) IS 'record a revocation (NULL channel or purpose: all; never refused); returns the event id';
COMMENT ON FUNCTION phone_mark_disconnected(phone, date, text, text) IS 'record that the number was disconnected: voids its consent history up to that day';
COMMENT ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz, text) IS 'record what an incoming SMS keyword means; returns its class and the consents it removed, restored or confirmed';

GRANT EXECUTE ON FUNCTION
    @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                    timestamptz, timestamptz, boolean, text, text, text),
    @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                      timestamptz, text, text),
    @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz,
                                     text, text),
    @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz, text),
    @extschema@.phone_mark_disconnected(@extschema@.phone, date, text, text)
    TO @extowner@ WITH GRANT OPTION;
