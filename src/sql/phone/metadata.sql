
-- src/sql/phone/metadata.sql: stored values and numbering-plan data versions

-- ---------------------------------------------------------------------
-- Looking up what a column holds.  A stored value stays what it is when
-- the numbering plans change; phone_parse with an explicit validation
-- level reads it back when today's data refuses it (doc/operations.md):
-- 'any' for a range withdrawn, 'stored' also for a calling code withdrawn.
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_parse(input text, region text, validation text) RETURNS phone
    AS 'MODULE_PATHNAME', 'phone_parse_level'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE COST 10;

COMMENT ON FUNCTION phone_parse(text, text, text) IS 'parse with an explicit validation level: valid, possible, any, or stored (any, and the E.164 form of a value whose calling code the plans no longer know)';

-- ---------------------------------------------------------------------
-- Data versions, tracked like collation versions (doc/operations.md).
-- The version of the numbering-plan data the database's indexes,
-- constraints, generated columns and materialized views were last built
-- or checked with is recorded in the comment of the extension itself
-- ("... (numbering-plan data checked against 9.0.40)"), not in a table:
-- the extension owns no table, needs no grant for its owner to record
-- it (the role that installs a trusted extension owns the extension, not
-- its members), and the record runs no code.  Reasons and what a dump
-- keeps: doc/metadata.md, "Where the checked version is recorded".
-- ---------------------------------------------------------------------

-- The version recorded, or NULL when the comment carries none
CREATE FUNCTION phone_metadata_checked() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
SELECT (pg_catalog.regexp_match(d.description,
            '\(numbering-plan data checked against ([^()[:space:]]+)\)$'))[1]
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_description d
    ON d.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.objoid = e.oid
       AND d.objsubid = 0
 WHERE e.extname = 'phone'
$$;

-- Record a version: the extension's comment, without the version it
-- recorded before, followed by the new one.  COMMENT ON EXTENSION needs
-- the rights of the extension's owner.
CREATE FUNCTION phone_metadata_record(version text) RETURNS text
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ext      oid;
    owner    oid;
    base     text;
BEGIN
    IF version !~ '^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$' THEN
        RAISE EXCEPTION 'invalid numbering-plan data version "%"', version
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A version is 1 to 64 letters, digits, ".", "+", "_" or "-", starting with a letter or digit.',
                  HINT = 'Record the version in use: SELECT phone_metadata_record(phone_metadata_version());';
    END IF;
    SELECT e.oid, e.extowner INTO ext, owner FROM pg_catalog.pg_extension e WHERE e.extname = 'phone';
    IF NOT pg_catalog.pg_has_role(owner, 'USAGE') THEN
        RAISE EXCEPTION 'permission denied to record the numbering-plan data version'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('The version is recorded in the comment of extension phone, which only its owner, %s, or a superuser may change.',
                                             owner::pg_catalog.regrole),
                  HINT = 'Run it as the owner of extension phone.';
    END IF;
    base := pg_catalog.regexp_replace(
                coalesce(pg_catalog.obj_description(ext, 'pg_extension'), ''),
                ' ?\(numbering-plan data checked against [^()]*\)$', '');
    EXECUTE pg_catalog.format('COMMENT ON EXTENSION phone IS %L',
                              pg_catalog.ltrim(base || ' (numbering-plan data checked against '
                                               || version || ')'));
    RETURN version;
END;
$$;

-- CREATE EXTENSION records the library's version
SELECT @extschema@.phone_metadata_record(@extschema@.phone_metadata_version());

-- The objects whose expressions call a function of the extension that
-- reads the numbering plans (directly, or through SQL functions with a
-- standard body): every function of the extension written in C but those
-- that depend on the digits alone (comparison, hashing, output, prefix
-- search, casts to text and bigint, pseudonyms).
CREATE FUNCTION phone_metadata_dependents(OUT kind text, OUT relation regclass,
                                          OUT name text, OUT expression text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
WITH RECURSIVE readers(fn) AS (
    SELECT p.oid
      FROM pg_proc p
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'phone'
     WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
       AND p.prosrc NOT IN ('phone_out', 'phone_send', 'phone_eq', 'phone_ne', 'phone_lt',
                            'phone_le', 'phone_gt', 'phone_ge', 'phone_cmp',
                            'phone_sortsupport', 'phone_hash', 'phone_hash_extended',
                            'phone_smaller', 'phone_larger', 'phone_starts_with',
                            'phone_starts_with_support', 'phone_to_text', 'phone_to_int8',
                            'phone_pseudonym_sql', 'phone_report_progress',
                            'phone_sms_words_sql', 'phone_timezone_known')
    UNION
    SELECT d.objid
      FROM pg_depend d JOIN readers r ON d.refclassid = 'pg_proc'::regclass AND d.refobjid = r.fn
     WHERE d.classid = 'pg_proc'::regclass
),
uses AS (
    SELECT DISTINCT d.classid, d.objid
      FROM pg_depend d JOIN readers r ON d.refclassid = 'pg_proc'::regclass AND d.refobjid = r.fn
     WHERE d.deptype = 'n'
)
SELECT 'generated column', a.adrelid::regclass, att.attname::text, pg_get_expr(a.adbin, a.adrelid)
  FROM uses u
  JOIN pg_attrdef a ON u.classid = 'pg_attrdef'::regclass AND u.objid = a.oid
  JOIN pg_attribute att ON att.attrelid = a.adrelid AND att.attnum = a.adnum
 WHERE att.attgenerated = 's'
UNION ALL
SELECT 'materialized view', c.oid::regclass, NULL, pg_get_viewdef(c.oid)
  FROM uses u
  JOIN pg_rewrite r ON u.classid = 'pg_rewrite'::regclass AND u.objid = r.oid
  JOIN pg_class c ON c.oid = r.ev_class AND c.relkind = 'm'
UNION ALL
SELECT 'index', i.indrelid::regclass, c.relname::text, pg_get_indexdef(i.indexrelid)
  FROM uses u
  JOIN pg_index i ON u.classid = 'pg_class'::regclass AND u.objid = i.indexrelid
  JOIN pg_class c ON c.oid = i.indexrelid
UNION ALL
SELECT CASE WHEN c.contypid <> 0 THEN 'domain constraint' ELSE 'constraint' END,
       nullif(c.conrelid, 0)::regclass,
       CASE WHEN c.contypid <> 0 THEN c.contypid::regtype || '.' || c.conname ELSE c.conname::text END,
       pg_get_constraintdef(c.oid)
  FROM uses u
  JOIN pg_constraint c ON u.classid = 'pg_constraint'::regclass AND u.objid = c.oid
UNION ALL
SELECT 'partition key', c.oid::regclass, NULL, pg_get_partkeydef(c.oid)
  FROM uses u
  JOIN pg_class c ON u.classid = 'pg_class'::regclass AND u.objid = c.oid AND c.relkind = 'p'
ORDER BY 1, 2, 3
$$;

-- Rebuild or revalidate every dependent with the numbering plans in use,
-- then record their version.  Generated columns first (their rows are
-- recomputed where the expression now gives another value), then
-- materialized views and indexes: all three as a restore would build them
-- (in a restore session, where phone_parse reads a stored number that is no
-- longer valid by its structure).  Then constraints, checked strictly.  A constraint that rows now
-- violate, or a dependent that fails to rebuild, is reported and the
-- version is not recorded: fix the rows and run it again.  Partition keys
-- are listed for review only.
--
-- Whose rights (doc/security.md, "Maintenance run by a privileged role"):
-- the UPDATE that recomputes a generated column (with the table's
-- triggers) and the queries that check a CHECK or domain constraint run
-- the owner's expressions with the rights of the caller, so they are run
-- only for relations (and domains) that the current user owns itself;
-- REINDEX and REFRESH MATERIALIZED VIEW run them as the owner, in a
-- security-restricted operation, so they are run whenever PostgreSQL lets
-- the caller.  What is skipped is reported with its owner, and the
-- version is not recorded while anything is skipped.
CREATE FUNCTION phone_metadata_refresh(OUT kind text, OUT relation regclass,
                                       OUT name text, OUT action text)
    RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d        record;
    col      record;
    n        bigint;
    owner    oid;
    failed   boolean := false;
    skipped  boolean := false;
    owners   text[] := '{}';
    old      text;
    cfb      text := pg_catalog.current_setting('check_function_bodies');
BEGIN
    FOR d IN SELECT * FROM @extschema@.phone_metadata_dependents() x
             ORDER BY CASE x.kind WHEN 'generated column' THEN 1 WHEN 'materialized view' THEN 2
                                  WHEN 'index' THEN 3 ELSE 4 END, x.relation::text, x.name
    LOOP
        kind := d.kind; relation := d.relation; name := d.name;
        IF d.kind = 'domain constraint' THEN
            SELECT t.typowner INTO owner
              FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid
             WHERE c.contypid <> 0 AND t.oid::regtype || '.' || c.conname = d.name;
        ELSE
            SELECT c.relowner INTO owner FROM pg_class c WHERE c.oid = d.relation;
        END IF;
        -- Only PostgreSQL can switch to the owner safely (SET ROLE could be
        -- undone by the owner's code): what would run with the caller's
        -- rights runs only for the caller's own objects.
        IF pg_catalog.pg_get_userbyid(owner) <> CURRENT_USER
           AND (d.kind IN ('generated column', 'domain constraint')
                OR (d.kind = 'constraint'
                    AND (SELECT c.contype FROM pg_constraint c
                          WHERE c.conrelid = d.relation AND c.conname = d.name) = 'c')
                OR (d.kind IN ('materialized view', 'index')
                    AND NOT pg_catalog.pg_has_role(owner, 'USAGE'))) THEN
            skipped := true;
            owners := owners || owner::regrole::text;
            action := format('skipped: owned by %s', owner::regrole);
            RETURN NEXT;
            CONTINUE;
        END IF;
        PERFORM pg_catalog.set_config('check_function_bodies',
            CASE WHEN d.kind IN ('constraint', 'domain constraint') THEN cfb ELSE 'off' END, true);
        BEGIN
            CASE d.kind
            WHEN 'generated column' THEN
                EXECUTE format('UPDATE ONLY %s SET %I = DEFAULT WHERE %I::text IS DISTINCT FROM (%s)::text',
                               d.relation, d.name, d.name, d.expression);
                GET DIAGNOSTICS n = ROW_COUNT;
                action := format('recomputed, %s rows changed', n);
            WHEN 'materialized view' THEN
                IF (SELECT relispopulated FROM pg_class WHERE oid = d.relation) THEN
                    EXECUTE format('REFRESH MATERIALIZED VIEW %s', d.relation);
                    action := 'refreshed';
                ELSE
                    action := 'not populated, nothing to refresh';
                END IF;
            WHEN 'index' THEN
                EXECUTE format('REINDEX INDEX %s',
                               (SELECT i.indexrelid::regclass FROM pg_index i
                                  JOIN pg_class c ON c.oid = i.indexrelid
                                 WHERE i.indrelid = d.relation AND c.relname = d.name));
                action := 'rebuilt';
            WHEN 'constraint' THEN
                IF (SELECT c.contype FROM pg_constraint c
                     WHERE c.conrelid = d.relation AND c.conname = d.name) = 'c' THEN
                    EXECUTE format('SELECT count(*) FROM ONLY %s WHERE NOT (%s)', d.relation,
                                   (SELECT pg_get_expr(c.conbin, c.conrelid) FROM pg_constraint c
                                     WHERE c.conrelid = d.relation AND c.conname = d.name))
                        INTO n;
                    IF n > 0 THEN
                        failed := true;
                        action := format('violated by %s rows', n);
                    ELSE
                        action := 'revalidated';
                    END IF;
                ELSE
                    action := 'checked by its index';
                END IF;
            WHEN 'domain constraint' THEN
                action := 'revalidated';
                FOR col IN
                    SELECT a.attrelid::regclass AS rel, a.attname, t.oid::regtype AS dom,
                           t.typbasetype::regtype AS base, r.relowner
                      FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid
                      JOIN pg_attribute a ON a.atttypid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                      JOIN pg_class r ON r.oid = a.attrelid AND r.relkind IN ('r', 'm')
                     WHERE c.contypid <> 0 AND t.oid::regtype || '.' || c.conname = d.name
                     ORDER BY 1, 2
                LOOP
                    IF pg_catalog.pg_get_userbyid(col.relowner) <> CURRENT_USER THEN
                        skipped := true;
                        owners := owners || col.relowner::regrole::text;
                        IF action NOT LIKE 'violated%' THEN
                            action := format('skipped in %s.%I: owned by %s', col.rel, col.attname,
                                             col.relowner::regrole);
                        END IF;
                        CONTINUE;
                    END IF;
                    BEGIN
                        EXECUTE format('SELECT count(CAST(CAST(%I AS %s) AS %s)) FROM ONLY %s',
                                       col.attname, col.base, col.dom, col.rel);
                    EXCEPTION WHEN check_violation THEN
                        failed := true;
                        action := format('violated in %s.%I', col.rel, col.attname);
                    END;
                END LOOP;
            ELSE
                action := 'review by hand: the numbering plans decide where rows go';
            END CASE;
        EXCEPTION WHEN OTHERS THEN
            failed := true;
            action := 'failed: ' || SQLERRM;
        END;
        RETURN NEXT;
    END LOOP;
    PERFORM pg_catalog.set_config('check_function_bodies', cfb, true);

    kind := 'data version'; relation := NULL; name := NULL;
    old := @extschema@.phone_metadata_checked();
    IF failed OR skipped THEN
        action := format('not recorded: the database stays checked against %s', old);
        RAISE WARNING 'numbering-plan data version not recorded'
            USING DETAIL = format('The database stays checked against %s, not %s: %s',
                                  old, @extschema@.phone_metadata_version(),
                                  CASE WHEN failed AND skipped THEN
                                      'a dependent failed to rebuild or is violated by rows, and dependents owned by other roles were skipped (see the action of each).'
                                  WHEN failed THEN
                                      'a dependent failed to rebuild or is violated by rows (see the action of each).'
                                  ELSE
                                      format('dependents owned by %s were skipped: their expressions and triggers would run with the rights of %s.',
                                             pg_catalog.array_to_string(ARRAY(SELECT DISTINCT o FROM pg_catalog.unnest(owners) o ORDER BY 1), ', '),
                                             CURRENT_USER)
                                  END),
                  HINT = CASE WHEN skipped THEN
                             'Correct any failed object, have each owner run phone_metadata_refresh() for its own objects, then run it as the role that owns them all, or record the version as doc/operations.md says.'
                         ELSE 'Correct those rows or objects, then run phone_metadata_refresh() again.' END;
    ELSIF NOT pg_catalog.pg_has_role((SELECT e.extowner FROM pg_extension e WHERE e.extname = 'phone'),
                                     'USAGE') THEN
        action := format('not recorded: the database stays checked against %s', old);
        RAISE WARNING 'numbering-plan data version not recorded'
            USING DETAIL = format('Every dependent was rebuilt or revalidated, but %s does not own extension phone, whose comment records the version.',
                                  CURRENT_USER),
                  HINT = 'Run phone_metadata_refresh() as the owner of the extension, or have it run SELECT phone_metadata_record(phone_metadata_version()).';
    ELSE
        PERFORM @extschema@.phone_metadata_record(@extschema@.phone_metadata_version());
        action := format('recorded %s (was %s)', @extschema@.phone_metadata_version(), old);
    END IF;
    RETURN NEXT;
END;
$$;

COMMENT ON FUNCTION phone_metadata_checked() IS 'version of the numbering-plan data the database was last checked against (recorded in the comment of extension phone)';
COMMENT ON FUNCTION phone_metadata_record(text) IS 'record the numbering-plan data version the database was checked against (owner of extension phone)';
COMMENT ON FUNCTION phone_metadata_dependents() IS 'indexes, constraints, generated columns, materialized views and partition keys whose expressions read the numbering plans';
COMMENT ON FUNCTION phone_metadata_refresh() IS 'rebuild or revalidate what reads the numbering plans and record the data version in use';
