
-- src/sql/phone_consent/reports.sql: the report of the consent ledger over user
-- tables (the per-row helpers are the phone extension's, src/sql/phone/reports.sql)

-- ---------------------------------------------------------------------
-- phone_without_consent: the numbers of a table that may not be contacted
-- on a channel for a purpose at an instant, for want of consent.  The
-- verdict is the consent part of phone_contact_decision: granted allows;
-- pending, expired and none allow only for an opt_out purpose; every
-- other status (revoked, invalidated, and any other) refuses.  Calling
-- hours are not considered: quiet hours delay a contact, they do not make
-- a number lack consent.
--
-- Text values are read in phone.default_region, as phone_try_parse reads
-- them, except that an extension is dropped (the number itself can be
-- called); the non-NULL values that are not a valid number come back as
-- one row with a NULL number and status 'unparseable' (they cannot be
-- contacted either).  Values of a phone column are taken as they are.
-- NULL values are skipped.
--
-- Only numbers with events in the ledger (or on the suppression list,
-- phone_is_suppressed) can have a status other than 'none': the
-- status function is called for those alone, and every other number has
-- status 'none'.  Rows come ordered by number, the unparseable row last.
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_without_consent(tbl regclass, col name, channel text, purpose text,
                                      at timestamptz DEFAULT now())
    RETURNS TABLE (number phone, row_count bigint, status text)
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
    -- a suppressed number is known by its keyed hash only (hashed only
    -- when there are tombstones)
    known := known || ' UNION SELECT u.n FROM (SELECT DISTINCT c0.n FROM c AS c0'
             ' WHERE EXISTS (SELECT FROM @extschema@.phone_suppression)) AS u'
             ' WHERE @extschema@.phone_is_suppressed(u.n)';
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

COMMENT ON FUNCTION phone_without_consent(regclass, name, text, text, timestamptz) IS 'numbers of a table that may not be contacted for want of consent, with row counts and status';
