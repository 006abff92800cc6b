/* 30-l2.sql: retention that keeps what defends a past contact, statuses
 * as known at a recording time (as_recorded_at), the do-not-contact view,
 * and status lookups, the current view and purges that scale
 * (src/sql/consent.sql, src/sql/erasure.sql).  phone_consent_state,
 * phone_consent_status and phone_contact_decision get an overload with
 * as_recorded_at; the functions of 1.0 keep their signature (and what is
 * bound to them) and call it. */

-- Indexes: the latest events of one number in one scope, in the order of
-- the status rule, and its invalidations
DROP INDEX @extschema@.phone_consent_phone_idx;
CREATE INDEX phone_consent_phone_idx ON @extschema@.phone_consent
    (phone, channel, purpose, occurred_at,
     (CASE action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END), event_id);
CREATE INDEX phone_consent_invalidate_idx ON @extschema@.phone_consent (phone, occurred_at)
    WHERE action = 'invalidate';

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
      FROM @extschema@.phone_suppression t
     WHERE t.phone_hash = @extschema@.phone_consent_number_hash(number);

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

CREATE OR REPLACE FUNCTION phone_consent_state(number phone, channel text, purpose text,
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

CREATE OR REPLACE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at,
                                            'infinity'::pg_catalog.timestamptz)).status;

CREATE OR REPLACE VIEW phone_consent_current AS
WITH inval AS NOT MATERIALIZED (
    SELECT e.phone,
           max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')) AS void_before,
           max(e.occurred_at) AS inval_at
      FROM @extschema@.phone_consent e
     WHERE e.action = 'invalidate' AND e.occurred_at <= now()
     GROUP BY e.phone
), top AS (
    SELECT DISTINCT ON (e.phone, e.channel, e.purpose)
           e.phone, e.channel, e.purpose, e.event_id, e.action, e.occurred_at, e.expires_at,
           CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END AS rank,
           (e.action IN ('grant', 'pending') AND e.method <> 'import'
            AND (e.notice_id IS NOT NULL OR e.evidence <> '{}' OR e.confirms IS NOT NULL)) AS lifts
      FROM @extschema@.phone_consent e
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) e.phone
     WHERE e.action <> 'invalidate' AND e.occurred_at <= now()
       AND (i.void_before IS NULL OR e.occurred_at >= i.void_before)
     ORDER BY e.phone, e.channel, e.purpose, e.occurred_at DESC,
              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
              e.event_id DESC
), keys AS (
    SELECT DISTINCT e.phone, e.channel, e.purpose FROM @extschema@.phone_consent e
), win AS (
    SELECT DISTINCT ON (k.phone, k.channel, k.purpose)
           k.phone, k.channel, k.purpose, t.event_id, t.action, t.occurred_at, t.expires_at,
           t.lifts
      FROM keys k
      LEFT JOIN top t ON t.phone OPERATOR(@extschema@.=) k.phone
                     AND t.channel IN (k.channel, '*') AND t.purpose IN (k.purpose, '*')
     ORDER BY k.phone, k.channel, k.purpose, t.occurred_at DESC NULLS LAST, t.rank DESC,
              t.event_id DESC
), st AS (
    SELECT w.phone, w.channel, w.purpose, w.event_id, w.action, w.occurred_at, w.expires_at,
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
           AS event_id
  FROM st;

CREATE VIEW phone_do_not_contact AS
SELECT c.phone, 'revoked'::text AS reason, c.since, c.event_id
  FROM (SELECT cur.phone, cur.channel, cur.purpose, cur.status, cur.since, cur.event_id,
               bool_and(cur.status = 'revoked') OVER (PARTITION BY cur.phone) AS all_revoked
          FROM @extschema@.phone_consent_current cur) AS c
 WHERE c.channel = '*' AND c.purpose = '*' AND c.status = 'revoked' AND c.all_revoked;

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
                                              'infinity'::pg_catalog.timestamptz) AS d;
END;

CREATE OR REPLACE FUNCTION phone_consent_purgeable(older_than interval)
    RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH ev AS MATERIALIZED (
        SELECT e.event_id, e.phone, e.channel, e.purpose, e.action, e.occurred_at,
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
        -- per (number, channel, purpose), the settled event first in the
        -- status order
        SELECT DISTINCT ON (t.phone, t.channel, t.purpose)
               t.phone, t.channel, t.purpose, t.occurred_at, t.rank, t.event_id
          FROM ev t
         WHERE t.action <> 'invalidate' AND t.settled
         ORDER BY t.phone, t.channel, t.purpose, t.occurred_at DESC, t.rank DESC, t.event_id DESC
    ), beaten AS MATERIALIZED (
        -- events that the top of a scope covering theirs beats: a hash
        -- join on each of the four covering scopes
        SELECT e.event_id
          FROM ev e
          CROSS JOIN LATERAL (VALUES (e.channel, e.purpose), (e.channel, '*'),
                                     ('*', e.purpose), ('*', '*')) AS s(channel, purpose)
          JOIN top t ON t.phone OPERATOR(@extschema@.=) e.phone
                    AND t.channel = s.channel AND t.purpose = s.purpose
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

GRANT SELECT ON TABLE @extschema@.phone_do_not_contact TO @extowner@ WITH GRANT OPTION;

COMMENT ON VIEW @extschema@.phone_consent_current IS 'current consent status of every (phone, channel, purpose) in the ledger, scopes with * included';
COMMENT ON VIEW @extschema@.phone_do_not_contact IS 'numbers that may not be contacted at all: every status revoked after a blanket revocation (erased numbers: phone_is_suppressed)';
COMMENT ON FUNCTION @extschema@.phone_consent_state(@extschema@.phone, text, text, timestamptz, timestamptz) IS 'consent status at an instant as recorded by a time, with since when and the deciding event';
COMMENT ON FUNCTION @extschema@.phone_consent_status(@extschema@.phone, text, text, timestamptz, timestamptz) IS 'consent status as recorded by a time: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION @extschema@.phone_contact_decision(@extschema@.phone, text, text, timestamptz, text[], timestamptz) IS 'may we contact this number, as the ledger held it at a time, and if not why and when';
COMMENT ON FUNCTION phone_consent_purge(interval, boolean) IS 'delete (dry_run: count) ledger events that stopped deciding any status longer ago than the interval; returns how many';
COMMENT ON INDEX @extschema@.phone_consent_phone_idx IS 'status lookups: the latest events of one number in one scope';
COMMENT ON INDEX @extschema@.phone_consent_invalidate_idx IS 'status lookups: the invalidations of one number';
