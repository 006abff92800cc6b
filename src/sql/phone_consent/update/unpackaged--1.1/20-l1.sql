
/* 20-l1.sql, a part of phone_consent--unpackaged--1.1.sql: the writers of
 * the ledger in version 1.1.  Late consent does not override an opt-out
 * recorded before it; a revocation is never refused; writers of one number
 * take a lock in turn, so that a revocation between a pending consent and
 * its confirmation wins; STOP keeps what an earlier STOP removed, and START
 * restores it and says what it restored; evidence is checked per method
 * and capped; events name the agent or application (recorded_by), the
 * role (recorded_role) and the seller.  The functions whose arguments
 * changed are dropped and created again (src/sql/phone_consent/consent.sql has them);
 * grant, confirm, revoke and apply_sms, which take the program too, by
 * 80-prog.sql. */

-- Events recorded before 1.1 keep recorded_by (their role); the new
-- columns are NULL for them
ALTER TABLE @extschema@.phone_consent ADD COLUMN seller text;
ALTER TABLE @extschema@.phone_consent ADD COLUMN recorded_role text;

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

REVOKE EXECUTE ON FUNCTION phone_mark_disconnected(phone, date, text, text) FROM PUBLIC;
-- only the writers (running as the owner) take this lock
REVOKE EXECUTE ON FUNCTION phone_consent_lock(phone) FROM PUBLIC;

COMMENT ON COLUMN phone_consent.recorded_by IS 'the agent or application that recorded the event, as the writer named it (by default session_user)';
COMMENT ON COLUMN phone_consent.seller IS 'the party the consent is given to (the seller), as the writer named it';
COMMENT ON COLUMN phone_consent.recorded_role IS 'session_user of the recording session (NULL for events recorded before version 1.1, whose recorded_by is that role)';
COMMENT ON FUNCTION phone_consent_check_label(text, text) IS 'raises an error for an invalid recorded_by or seller';
COMMENT ON FUNCTION phone_consent_check_evidence(text, text, jsonb) IS 'raises an error for evidence that is too large or lacks what its method needs';
COMMENT ON FUNCTION phone_consent_lock(phone) IS 'transaction lock serialising the writers of one number';
COMMENT ON FUNCTION phone_mark_disconnected(phone, date, text, text) IS 'record that the number was disconnected: voids its consent history up to that day';

GRANT EXECUTE ON FUNCTION
    @extschema@.phone_mark_disconnected(@extschema@.phone, date, text, text)
    TO @extowner@ WITH GRANT OPTION;
