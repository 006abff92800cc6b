/* 30-l2.sql: retention that keeps what defends a past contact, statuses
 * as known at a recording time (as_recorded_at), the do-not-contact view,
 * and status lookups, the current view and purges that scale
 * (src/sql/phone_consent/consent.sql, src/sql/phone_consent/erasure.sql).  The overloads of
 * phone_consent_state, phone_consent_status and phone_contact_decision
 * with as_recorded_at, which take the program too, and
 * phone_consent_purgeable are left to 80-prog.sql. */

-- Indexes: the latest events of one number in one scope, in the order of
-- the status rule, and its invalidations
DROP INDEX @extschema@.phone_consent_phone_idx;
CREATE INDEX phone_consent_phone_idx ON @extschema@.phone_consent
    (phone, channel, purpose, occurred_at,
     (CASE action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END), event_id);
CREATE INDEX phone_consent_invalidate_idx ON @extschema@.phone_consent (phone, occurred_at)
    WHERE action = 'invalidate';

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

GRANT SELECT ON TABLE @extschema@.phone_do_not_contact TO @extowner@ WITH GRANT OPTION;

COMMENT ON VIEW @extschema@.phone_consent_current IS 'current consent status of every (phone, channel, purpose) in the ledger, scopes with * included';
COMMENT ON VIEW @extschema@.phone_do_not_contact IS 'numbers that may not be contacted at all: every status revoked after a blanket revocation (erased numbers: phone_is_suppressed)';
COMMENT ON FUNCTION phone_consent_purge(interval, boolean) IS 'delete (dry_run: count) ledger events that stopped deciding any status longer ago than the interval; returns how many';
COMMENT ON INDEX @extschema@.phone_consent_phone_idx IS 'status lookups: the latest events of one number in one scope';
COMMENT ON INDEX @extschema@.phone_consent_invalidate_idx IS 'status lookups: the invalidations of one number';
