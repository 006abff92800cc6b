-- 70-splitfin.sql: CREATE EXTENSION phone creates no table.  The
-- numbering-plan data version the database was checked against moves from
-- the table phone_metadata_checked to the comment of the extension
-- (src/sql/phone/metadata.sql; doc/metadata.md, "Where the checked version is
-- recorded"): phone_metadata_checked() reads it, phone_metadata_record()
-- writes it, phone_metadata_refresh() records through it.  The version
-- the table holds is kept.

-- The version recorded, or NULL when the comment carries none
CREATE FUNCTION @extschema@.phone_metadata_checked() RETURNS text
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

-- Record a version (the owner of the extension)
CREATE FUNCTION @extschema@.phone_metadata_record(version text) RETURNS text
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

-- The version the table holds, else the library's, moves to the comment
SELECT @extschema@.phone_metadata_record(
           coalesce((SELECT t.data_version FROM @extschema@.phone_metadata_checked t
                      WHERE t.data_version OPERATOR(pg_catalog.~) '^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$'
                      ORDER BY t.checked_at DESC LIMIT 1),
                    @extschema@.phone_metadata_version()));
DROP TABLE @extschema@.phone_metadata_checked;

-- Records through phone_metadata_record()
CREATE OR REPLACE FUNCTION @extschema@.phone_metadata_refresh(OUT kind text, OUT relation regclass,
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

COMMENT ON FUNCTION @extschema@.phone_metadata_checked() IS 'version of the numbering-plan data the database was last checked against (recorded in the comment of extension phone)';
COMMENT ON FUNCTION @extschema@.phone_metadata_record(text) IS 'record the numbering-plan data version the database was checked against (owner of extension phone)';
