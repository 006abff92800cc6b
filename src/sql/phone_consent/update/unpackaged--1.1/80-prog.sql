/* 80-prog.sql, a part of phone_consent--unpackaged--1.1.sql: programs
 * (doc/consent.md, "Programs").  Consent and opt-outs belong to a program
 * (a sender, brand or short code); every existing event belongs to
 * 'default'.  The program enters the hash chain, which is formed anew
 * (the chain of 40-l3.sql had no program). */

-- ---------------------------------------------------------------------
-- The ledger's new column (at the end of the table, as in src/sql/)
-- ---------------------------------------------------------------------
-- Added without a default, which would stay in the catalog as the value
-- of the existing rows (a fresh install has none): they get 'default'
-- below, where the chain is formed anew, and the default and the checks
-- come after.
ALTER TABLE @extschema@.phone_consent ADD COLUMN program text;
COMMENT ON COLUMN @extschema@.phone_consent.program IS 'the program (sender, brand or short code) the event belongs to; * for a revocation of every program';

CREATE FUNCTION phone_consent_chain_digest(prev bytea, fields text[]) RETURNS bytea
    AS '$libdir/phone', 'phone_consent_chain_digest'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION phone_consent_chain_digest(bytea, text[]) IS 'hash chain: SHA-256 of the chain''s encoding of prev and the fields (doc/consent.md)';

-- ---------------------------------------------------------------------
-- The hash chain: the program is its last field
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_consent_event_hash(e phone_consent) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT @extschema@.phone_consent_chain_digest(e.prev_hash, ARRAY[
               e.event_id::pg_catalog.text,
               e.phone::pg_catalog.text,
               e.channel, e.purpose, e.action, e.method, e.source,
               e.notice_id::pg_catalog.text,
               e.evidence::pg_catalog.text,
               pg_catalog.trunc(EXTRACT(epoch FROM e.occurred_at) * 1000000)::pg_catalog.text,
               pg_catalog.trunc(EXTRACT(epoch FROM e.recorded_at) * 1000000)::pg_catalog.text,
               e.recorded_by,
               pg_catalog.trunc(EXTRACT(epoch FROM e.expires_at) * 1000000)::pg_catalog.text,
               pg_catalog.to_char(e.disconnected_on, 'YYYY-MM-DD'),
               e.confirms::pg_catalog.text,
               pg_catalog.encode(e.notice_sha256, 'hex'),
               e.seller, e.recorded_role, e.program])
$$;

-- The events of 1.0 belong to the program 'default' and form the chain
-- in event_id order (the guards are off for this)
DO $$
DECLARE
    e     @extschema@.phone_consent;
    prev  bytea := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
BEGIN
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    FOR e IN SELECT * FROM @extschema@.phone_consent ORDER BY event_id LOOP
        e.program := 'default';
        e.prev_hash := prev;
        prev := @extschema@.phone_consent_event_hash(e);
        UPDATE @extschema@.phone_consent c SET program = e.program, prev_hash = e.prev_hash, event_hash = prev
         WHERE c.event_id = e.event_id;
    END LOOP;
    PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
END
$$;
ALTER TABLE @extschema@.phone_consent
    ALTER COLUMN program SET DEFAULT 'default',
    ALTER COLUMN program SET NOT NULL,
    ADD CONSTRAINT phone_consent_program_check
        CHECK (program = '*' OR program ~ '^[a-z0-9][a-z0-9_.:-]{0,62}$'),
    ADD CONSTRAINT phone_consent_program_all_check
        CHECK (program <> '*' OR action IN ('revoke', 'invalidate'));
ALTER TABLE @extschema@.phone_consent
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN event_hash SET NOT NULL;

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

COMMENT ON FUNCTION phone_consent_event_hash(phone_consent) IS 'hash chain: SHA-256 of an event with its prev_hash (encoding in doc/consent.md)';
COMMENT ON FUNCTION phone_consent_verify() IS 'the first event id where the hash chain of the ledger breaks, or NULL';

-- ---------------------------------------------------------------------
-- Status in a program: the index of status lookups takes the program
-- before occurred_at (one descent per scope), and the status, the
-- decision and phone_can_contact take the program as their last argument
-- (default 'default'); the overloads without as_recorded_at answer for
-- 'default' and keep their signature
-- ---------------------------------------------------------------------
DROP INDEX @extschema@.phone_consent_phone_idx;
CREATE INDEX phone_consent_phone_idx ON phone_consent
    (phone, channel, purpose, program, occurred_at,
     (CASE action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END), event_id);
COMMENT ON INDEX phone_consent_phone_idx IS 'status lookups: the latest events of one number in one scope (channel, purpose, program)';

CREATE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz, as_recorded_at timestamptz,
                                    program text DEFAULT 'default',
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
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    SELECT t.erased_at INTO erased
      FROM @extschema@.phone_suppression t
     WHERE t.phone_hash = @extschema@.phone_consent_number_hash(number);

    -- (phone_consent_invalidate_idx)
    SELECT max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')),
           max(e.occurred_at)
      INTO void_before, inval_at
      FROM @extschema@.phone_consent e
     WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'invalidate'
       AND e.occurred_at <= at AND e.recorded_at <= as_recorded_at;

    -- the latest event of each of the eight scopes that cover the channel,
    -- purpose and program (a backward scan of phone_consent_phone_idx, in
    -- the order of the status rule, that stops at the first event), then
    -- the latest of those
    SELECT x.event_id, x.action, x.occurred_at, x.expires_at, x.method, x.notice_id,
           x.evidence, x.confirms
      INTO ev
      FROM (VALUES (phone_consent_state.channel, phone_consent_state.purpose),
                   (phone_consent_state.channel, '*'),
                   ('*', phone_consent_state.purpose),
                   ('*', '*')) AS s(channel, purpose),
           (VALUES (phone_consent_state.program), ('*')) AS g(program),
           LATERAL (SELECT e.event_id, e.action, e.occurred_at, e.expires_at, e.method,
                           e.notice_id, e.evidence, e.confirms,
                           CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END AS rank
                      FROM @extschema@.phone_consent e
                     WHERE e.phone OPERATOR(@extschema@.=) number
                       AND e.channel = s.channel AND e.purpose = s.purpose
                       AND e.program = g.program
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

CREATE OR REPLACE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz DEFAULT now(),
                                    OUT status text, OUT since timestamptz,
                                    OUT event_id bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.status, s.since, s.event_id
      FROM @extschema@.phone_consent_state(number, channel, purpose, at,
                                           'infinity'::pg_catalog.timestamptz,
                                           'default'::pg_catalog.text) AS s;
END;

CREATE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz, as_recorded_at timestamptz,
                                     program text DEFAULT 'default')
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at, as_recorded_at,
                                            program)).status;

CREATE OR REPLACE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at,
                                            'infinity'::pg_catalog.timestamptz,
                                            'default'::pg_catalog.text)).status;


CREATE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
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

CREATE OR REPLACE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
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
                                              'infinity'::pg_catalog.timestamptz,
                                              'default'::pg_catalog.text) AS d;
END;

-- phone_can_contact in a program takes every argument (no defaults, so
-- that a call with three to five arguments means the signature of 1.0,
-- which answers for 'default' and which views may use)
CREATE OR REPLACE FUNCTION phone_can_contact(number phone, channel text, purpose text,
                                  at timestamptz DEFAULT now(),
                                  callee_tz text[] DEFAULT NULL)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce((@extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz,
                                                        'infinity'::pg_catalog.timestamptz,
                                                        'default'::pg_catalog.text)).allowed,
                    false);

CREATE FUNCTION phone_can_contact(number phone, channel text, purpose text,
                                  at timestamptz, callee_tz text[], program text)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce((@extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz,
                                                        'infinity'::pg_catalog.timestamptz,
                                                        program)).allowed,
                    false);

COMMENT ON FUNCTION phone_consent_state(phone, text, text, timestamptz, timestamptz, text) IS 'consent status in a program at an instant as recorded by a time, with since when and the deciding event';
COMMENT ON FUNCTION phone_consent_status(phone, text, text, timestamptz, timestamptz, text) IS 'consent status in a program as recorded by a time: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION phone_contact_decision(phone, text, text, timestamptz, text[], timestamptz, text) IS 'may we contact this number for a program, as the ledger held it at a time, and if not why and when';
COMMENT ON FUNCTION phone_can_contact(phone, text, text, timestamptz, text[]) IS 'true when phone_contact_decision allows contact in the program default';
COMMENT ON FUNCTION phone_can_contact(phone, text, text, timestamptz, text[], text) IS 'true when phone_contact_decision allows contact';

-- ---------------------------------------------------------------------
-- Retention and the views, by program
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION phone_consent_purgeable(older_than interval)
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

CREATE OR REPLACE VIEW phone_consent_current AS
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

CREATE OR REPLACE VIEW phone_do_not_contact AS
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

COMMENT ON VIEW phone_consent_current IS 'current consent status of every (phone, channel, purpose, program) in the ledger, scopes with * included';
COMMENT ON VIEW phone_do_not_contact IS 'numbers that may not be contacted at all in a program (* : in any but those of resumed_in): every status revoked after a blanket revocation (erased numbers: phone_is_suppressed)';
COMMENT ON COLUMN phone_do_not_contact.resumed_in IS 'for program *: the programs in which consent given after the revocation of every program lifts it (a dialer for program P skips the number when program = P, or program = * and P <> ALL (resumed_in)); empty for a program of its own';

-- ---------------------------------------------------------------------
-- The writers take the program as their last argument ('default'
-- unless told; a revocation or a STOP with a NULL program is of every
-- program, '*'); an invalidation voids every program whatever its own
-- ---------------------------------------------------------------------
DROP FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                             timestamptz, timestamptz, boolean, text);
DROP FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                               timestamptz, text);
DROP FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz);
DROP FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz);

CREATE FUNCTION phone_consent_check_program(program text, allow_all boolean)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF program IS NULL OR NOT (program ~ '^[a-z0-9][a-z0-9_.:-]{0,62}$'
                               OR (allow_all AND program = '*')) THEN
        RAISE EXCEPTION 'invalid consent program: %',
                        coalesce(pg_catalog.quote_literal(pg_catalog.left(pg_catalog.regexp_replace(program, '[[:cntrl:]]', '?', 'g'), 40)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN program = '*' THEN 'Consent is given in one program; "*" is only for revocations.'
                           ELSE 'A program is a name of 1 to 63 letters, digits and _ . : - that begins with a letter or digit.' END,
                  HINT = 'Leave program out for the program ''default''.';
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
                                    seller text DEFAULT NULL,
                                    program text DEFAULT 'default')
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
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
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
       AND r.program IN (phone_consent_grant.program, '*')
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
         seller, recorded_role, program)
    VALUES (number, channel, purpose,
            CASE WHEN coalesce(double_opt_in, false) THEN 'pending' ELSE 'grant' END,
            method, source, notice_id, evidence, occurred_at,
            pg_catalog.clock_timestamp(), coalesce(recorded_by, session_user), expires_at, sha,
            seller, session_user, program)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_consent_confirm(number phone, channel text, purpose text,
                                      method text DEFAULT 'sms_reply',
                                      evidence jsonb DEFAULT '{}',
                                      occurred_at timestamptz DEFAULT now(),
                                      source text DEFAULT NULL,
                                      recorded_by text DEFAULT NULL,
                                      program text DEFAULT 'default')
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
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
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
    -- the pending event of this program (a confirmation is for it)
    st := @extschema@.phone_consent_state(number, channel, purpose, occurred_at,
                                          'infinity'::pg_catalog.timestamptz, program);
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
                 seller, recorded_role, program)
            VALUES (number, channel, purpose, 'grant', method, coalesce(source, pend.source),
                    pend.notice_id, evidence, occurred_at, pg_catalog.clock_timestamp(),
                    coalesce(recorded_by, session_user), pend.expires_at, pend.event_id,
                    pend.notice_sha256, pend.seller, session_user, pend.program)
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

CREATE FUNCTION phone_consent_revoke(number phone, channel text DEFAULT NULL,
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

CREATE FUNCTION phone_consent_apply_sms(number phone, body text,
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

REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz, text, text) FROM PUBLIC;
COMMENT ON FUNCTION phone_consent_check_program(text, boolean) IS 'raises an error for an invalid program';
COMMENT ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text, text, text, text) IS 'record consent (or a pending double opt-in); returns the event id';
COMMENT ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text) IS 'turn a pending double opt-in into a grant; returns the event id';
COMMENT ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text) IS 'record a revocation (NULL channel, purpose or program: all; never refused); returns the event id';
COMMENT ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz, text, text) IS 'record what an incoming SMS keyword means (NULL program: a STOP of all, the other keywords in default); returns its class and the consents it removed, restored or confirmed';

GRANT EXECUTE ON FUNCTION
    @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                    timestamptz, timestamptz, boolean, text, text, text, text),
    @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                      timestamptz, text, text, text),
    @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz,
                                     text, text, text),
    @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz, text, text)
    TO @extowner@ WITH GRANT OPTION;

-- ---------------------------------------------------------------------
-- Statistics of the rewritten ledger: on a ledger never analysed the
-- planner picks a nested loop for phone_contact_decisions, hundreds of
-- times slower (doc/operations.md, "Upgrading from 1.0")
-- ---------------------------------------------------------------------
ANALYZE @extschema@.phone_consent;
