
-- 85-camp.sql: contact decisions for a list of numbers at once
-- (phone_contact_decisions), as src/sql/phone_consent/consent.sql makes it.

-- The decisions for a list of numbers at once, equal row for row to
-- phone_contact_decision(number, channel, purpose, at, callee_tz,
-- 'infinity', program): one row per element of numbers, in their order (a
-- NULL element, or a NULL at or program, gives a row of NULLs).  The
-- statuses of the distinct numbers come from one pass over the ledger
-- (the rule of phone_consent_state, as
-- phone_consent_current applies it), and the calling hours, which depend
-- only on the zones, the window and the instant, are computed once for
-- each distinct set of zones and calling window.  The keyed hashes of the
-- numbers are computed only while there are tombstones.  The query is
-- planned for the list it is given (EXECUTE, with the distinct numbers as
-- an array, whose length the planner knows): a short list probes the
-- index, a long one reads the ledger once.  Without JIT: compiling the
-- query costs more than it saves (about 1.5 s for 100,000 numbers).
CREATE FUNCTION phone_contact_decisions(numbers phone[], channel text, purpose text,
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

COMMENT ON FUNCTION @extschema@.phone_contact_decisions(@extschema@.phone[], text, text, timestamptz, text[], text) IS 'phone_contact_decision for a list of numbers at once, in a program: one row per number, in order';
