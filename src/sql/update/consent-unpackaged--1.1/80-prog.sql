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

-- ---------------------------------------------------------------------
-- The hash chain: the program is its last field
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION phone_consent_event_hash(e phone_consent) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to('phone_consent.chain.v1', 'UTF8') || '\x00'::bytea
                             || e.prev_hash
                             || pg_catalog.string_agg(
                                    CASE WHEN f.v IS NULL THEN '\xffffffff'::bytea
                                    ELSE pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(f.v, 'UTF8')))
                                         || pg_catalog.convert_to(f.v, 'UTF8') END,
                                    ''::bytea ORDER BY f.n))
      FROM pg_catalog.unnest(ARRAY[
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
               e.seller, e.recorded_role, e.program]) WITH ORDINALITY AS f(v, n)
$$;

-- The events belong to the program 'default'; chained by 40-l3.sql
-- without it, they are chained again in event_id order (the guards are
-- off for this, as there)
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
        CHECK (program = '*' OR program ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,62}$'),
    ADD CONSTRAINT phone_consent_program_all_check
        CHECK (program <> '*' OR action IN ('revoke', 'invalidate'));
