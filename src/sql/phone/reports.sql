
-- src/sql/phone/reports.sql: data-quality and consent reports over user tables

-- ---------------------------------------------------------------------
-- Reports (doc/reports.md).  phone_audit, phone_duplicates and
-- phone_without_consent (of the extension phone_consent,
-- src/sql/phone_consent/reports.sql) read a column of any table the caller may read:
-- they are SECURITY INVOKER (the caller needs SELECT on the table, and
-- phone_without_consent also on phone_consent and phone_consent_purpose),
-- read-only and STABLE.
-- Each reads the table in one scan, through one dynamic query whose
-- identifiers come from regclass::text (quoted and schema-qualified as
-- needed) and format('%I').  They are PARALLEL RESTRICTED: the scan counts
-- its rows for the progress NOTICE in one process (phone_report_progress),
-- so it must not be split among parallel workers.
-- ---------------------------------------------------------------------

-- Per-row helpers (src/pg/pg_phone_reports.c)
CREATE FUNCTION phone_report_number(input text, region text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_report_number'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10;
CREATE FUNCTION phone_report_progress(label text, every bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_report_progress'
    LANGUAGE C VOLATILE CALLED ON NULL INPUT PARALLEL RESTRICTED;

-- Checks the arguments of a report: the relation can be read with SELECT
-- and has the column, of a supported type.  Returns 'text' for text,
-- character varying and character (and domains over them), 'phone' for
-- phone; raises 22004, 42809, 42703 or 42804 otherwise.
CREATE FUNCTION phone_report_column(tbl regclass, col name, report text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind    "char";
    rel     name;
    typ     oid;
    base    oid;
    up      oid;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION '% needs a table and a column', report
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = format('The %s argument is NULL.', CASE WHEN tbl IS NULL THEN 'table' ELSE 'column' END);
    END IF;
    SELECT c.relkind, c.relname INTO kind, rel FROM pg_catalog.pg_class c WHERE c.oid = tbl;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'relation with OID % does not exist', tbl::oid
            USING ERRCODE = 'undefined_table';
    END IF;
    IF kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION '% cannot read "%"', report, rel
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'It is not a table, view, materialized view or foreign table.';
    END IF;
    SELECT a.atttypid INTO typ FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation "%" does not exist', col, rel
            USING ERRCODE = 'undefined_column';
    END IF;
    base := typ;
    LOOP
        -- a domain: look at the type it is over
        SELECT t.typbasetype INTO up FROM pg_catalog.pg_type t
         WHERE t.oid = base AND t.typtype = 'd';
        EXIT WHEN NOT FOUND;
        base := up;
    END LOOP;
    IF base IN ('pg_catalog.text'::regtype, 'pg_catalog.varchar'::regtype,
                'pg_catalog.bpchar'::regtype) THEN
        RETURN 'text';
    ELSIF base = '@extschema@.phone'::regtype THEN
        RETURN 'phone';
    END IF;
    RAISE EXCEPTION 'column "%" of relation "%" has type %, which % cannot read',
                    col, rel, pg_catalog.format_type(typ, NULL), report
        USING ERRCODE = 'datatype_mismatch',
              DETAIL = 'Supported types are text, character varying, character and phone, and domains over them.';
END;
$$;

-- The region that national-format text is read in: the argument, or
-- phone.default_region when it is NULL.  An unknown region raises 22023
-- (the error of phone_check).
CREATE FUNCTION phone_report_region(region text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text := coalesce(region, pg_catalog.current_setting('phone.default_region', true), '');
BEGIN
    PERFORM @extschema@.phone_check(''::pg_catalog.text, r);
    RETURN r;
END;
$$;

-- The per-row part of phone_audit and phone_duplicates: a query giving
-- (raw text, verdict text, n phone) for every row of the table, where
-- verdict is phone_check's ('null' for NULL) and n the number of a valid
-- or possible value.  $1 is the region.  OFFSET 0 keeps each level from
-- being merged into the next, so that every function runs once per row.
CREATE FUNCTION phone_report_rows(tbl regclass, col name, kind text, label text)
    RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT CASE kind
        WHEN 'text' THEN pg_catalog.format(
            'SELECT y.raw, CASE WHEN y.raw IS NULL THEN ''null'''
            ' WHEN y.n IS NULL THEN @extschema@.phone_check(y.raw, $1)'
            ' WHEN @extschema@.phone_is_valid(y.n) THEN ''valid'' ELSE ''possible'' END AS verdict, y.n'
            ' FROM (SELECT x.raw, @extschema@.phone_report_number(x.raw, $1) AS n'
            ' FROM (SELECT t.%I::pg_catalog.text AS raw FROM %s AS t'
            ' WHERE @extschema@.phone_report_progress(%L::pg_catalog.text, 250000::pg_catalog.int8) OFFSET 0) AS x OFFSET 0) AS y',
            col, tbl::text, label)
        ELSE pg_catalog.format(
            'SELECT y.n::pg_catalog.text AS raw, y.verdict,'
            ' CASE WHEN y.verdict IN (''valid'', ''possible'') THEN y.n END AS n'
            ' FROM (SELECT x.n, CASE WHEN x.n IS NULL THEN ''null'''
            ' WHEN @extschema@.phone_is_valid(x.n) THEN ''valid'''
            ' ELSE @extschema@.phone_check(x.n::pg_catalog.text, $1) END AS verdict'
            ' FROM (SELECT t.%I::@extschema@.phone AS n FROM %s AS t'
            ' WHERE @extschema@.phone_report_progress(%L::pg_catalog.text, 250000::pg_catalog.int8) OFFSET 0) AS x OFFSET 0) AS y',
            col, tbl::text, label)
        END;
END;

-- ---------------------------------------------------------------------
-- phone_audit: how clean is a column.  One row per (section, item):
--   rows        total, null, valid, possible, invalid, unparseable
--   invalid     invalid_country_code, too_short, too_long, invalid_length
--   duplicates  numbers (distinct numbers of valid or possible values),
--               duplicated_numbers (numbers that more than one row holds),
--               duplicated_values (rows holding such a number),
--               surplus_values (rows a deduplication would remove)
--   region      one item per region of the numbers (unknown: none), rows
--   type        one item per number type, rows
-- Fixed items always appear (count 0 included); region and type items
-- are ordered by count, most first, then by name.
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_audit(tbl regclass, col name, region text DEFAULT NULL)
    RETURNS TABLE (section text, item text, count bigint)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := @extschema@.phone_report_column(tbl, col, 'phone_audit'::pg_catalog.text);
    r    text := @extschema@.phone_report_region(region);
BEGIN
    RETURN QUERY EXECUTE
        'WITH g AS MATERIALIZED ('
        '  SELECT v.verdict, v.n, pg_catalog.count(*) AS cnt FROM ('
        || @extschema@.phone_report_rows(tbl, col, kind, 'phone_audit'::pg_catalog.text) ||
        '  ) AS v GROUP BY v.verdict, v.n),'
        ' a AS (SELECT'
        '  COALESCE(pg_catalog.sum(g.cnt), 0)::pg_catalog.int8 AS total,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''null''), 0)::pg_catalog.int8 AS nul,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''valid''), 0)::pg_catalog.int8 AS valid,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''possible''), 0)::pg_catalog.int8 AS possible,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict IN (''invalid_country_code'','
        '    ''too_short'', ''too_long'', ''invalid_length'')), 0)::pg_catalog.int8 AS invalid,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''not_a_number''), 0)::pg_catalog.int8 AS nan,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''invalid_country_code''), 0)::pg_catalog.int8 AS icc,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''too_short''), 0)::pg_catalog.int8 AS short,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''too_long''), 0)::pg_catalog.int8 AS long,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.verdict = ''invalid_length''), 0)::pg_catalog.int8 AS len,'
        '  pg_catalog.count(*) FILTER (WHERE g.n IS NOT NULL) AS numbers,'
        '  pg_catalog.count(*) FILTER (WHERE g.n IS NOT NULL AND g.cnt > 1) AS dupnum,'
        '  COALESCE(pg_catalog.sum(g.cnt) FILTER (WHERE g.n IS NOT NULL AND g.cnt > 1), 0)::pg_catalog.int8 AS dupval'
        '  FROM g),'
        ' rt AS MATERIALIZED (SELECT COALESCE(@extschema@.phone_region(g.n), ''unknown'') AS region,'
        '         @extschema@.phone_type(g.n)::pg_catalog.text AS type, pg_catalog.sum(g.cnt) AS cnt'
        '    FROM g WHERE g.n IS NOT NULL GROUP BY 1, 2)'
        ' SELECT s.section, s.item, s.count FROM ('
        '  SELECT 1 AS o, u.o AS o2, ''rows''::pg_catalog.text AS section, u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''total'', ''null'', ''valid'', ''possible'', ''invalid'', ''unparseable'']),'
        '                       pg_catalog.unnest(ARRAY[a.total, a.nul, a.valid, a.possible, a.invalid, a.nan]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 2, u.o, ''invalid'', u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''invalid_country_code'', ''too_short'', ''too_long'', ''invalid_length'']),'
        '                       pg_catalog.unnest(ARRAY[a.icc, a.short, a.long, a.len]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 3, u.o, ''duplicates'', u.item, u.count'
        '    FROM a, ROWS FROM (pg_catalog.unnest(ARRAY[''numbers'', ''duplicated_numbers'', ''duplicated_values'', ''surplus_values'']),'
        '                       pg_catalog.unnest(ARRAY[a.numbers, a.dupnum, a.dupval, a.dupval - a.dupnum]))'
        '         WITH ORDINALITY AS u(item, count, o)'
        '  UNION ALL'
        '  SELECT 4, pg_catalog.row_number() OVER (ORDER BY pg_catalog.sum(rt.cnt) DESC, rt.region COLLATE "C"),'
        '         ''region'', rt.region, pg_catalog.sum(rt.cnt)::pg_catalog.int8'
        '    FROM rt GROUP BY rt.region'
        '  UNION ALL'
        '  SELECT 5, pg_catalog.row_number() OVER (ORDER BY pg_catalog.sum(rt.cnt) DESC, rt.type COLLATE "C"),'
        '         ''type'', rt.type, pg_catalog.sum(rt.cnt)::pg_catalog.int8'
        '    FROM rt GROUP BY rt.type'
        ' ) AS s(o, o2, section, item, count)'
        ' ORDER BY s.o, s.o2'
        USING r;
END;
$$;

-- ---------------------------------------------------------------------
-- phone_duplicates: the deduplication worklist.  One row per number that
-- more than one row's value normalizes to (valid or possible values only),
-- with how many rows hold it and their distinct spellings (sorted
-- bytewise); most duplicated first, then by number.
-- ---------------------------------------------------------------------
CREATE FUNCTION phone_duplicates(tbl regclass, col name, region text DEFAULT NULL)
    RETURNS TABLE (number phone, count bigint, spellings text[])
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := @extschema@.phone_report_column(tbl, col, 'phone_duplicates'::pg_catalog.text);
    r    text := @extschema@.phone_report_region(region);
BEGIN
    RETURN QUERY EXECUTE
        'SELECT s.n, pg_catalog.sum(s.c)::pg_catalog.int8,'
        '       pg_catalog.array_agg(s.raw ORDER BY s.raw COLLATE "C")'
        '  FROM (SELECT v.n, v.raw, pg_catalog.count(*) AS c FROM ('
        || @extschema@.phone_report_rows(tbl, col, kind, 'phone_duplicates'::pg_catalog.text) ||
        '        ) AS v WHERE v.n IS NOT NULL GROUP BY v.n, v.raw) AS s'
        ' GROUP BY s.n HAVING pg_catalog.sum(s.c) > 1'
        ' ORDER BY 2 DESC, 1'
        USING r;
END;
$$;

COMMENT ON FUNCTION phone_report_number(text, text) IS 'number of a valid or possible input (extension dropped), else NULL: the normalization of the reports';
COMMENT ON FUNCTION phone_report_progress(text, bigint) IS 'counts the rows of a scan and raises a progress NOTICE every so many; always true';
COMMENT ON FUNCTION phone_report_column(regclass, name, text) IS 'checks the table and column a report reads; returns text or phone';
COMMENT ON FUNCTION phone_report_region(text) IS 'region of a report: the argument or phone.default_region, checked';
COMMENT ON FUNCTION phone_report_rows(regclass, name, text, text) IS 'the per-row query of phone_audit and phone_duplicates (raw, verdict, number)';
COMMENT ON FUNCTION phone_audit(regclass, name, text) IS 'data-quality report of a text or phone column: verdicts, duplicates, regions, types';
COMMENT ON FUNCTION phone_duplicates(regclass, name, text) IS 'deduplication worklist: numbers held by several rows, with their spellings';
