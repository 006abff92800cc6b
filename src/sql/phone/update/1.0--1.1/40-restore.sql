
-- 40-restore.sql: restore, replication and numbering-plan versions
-- (src/sql/phone/metadata.sql, and the versions in src/sql/phone/type.sql)

-- The versions change when the library is replaced
ALTER FUNCTION @extschema@.phone_metadata_version() STABLE;
ALTER FUNCTION @extschema@.phone_version() STABLE;
-- ---------------------------------------------------------------------
-- Looking up what a column holds.  A stored value stays what it is when
-- the numbering plans change; phone_parse with an explicit validation
-- level reads it back when today's data refuses it (doc/operations.md):
-- 'any' for a range withdrawn, 'stored' also for a calling code withdrawn.
-- ---------------------------------------------------------------------

CREATE FUNCTION @extschema@.phone_parse(input text, region text, validation text) RETURNS @extschema@.phone
    AS 'MODULE_PATHNAME', 'phone_parse_level'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.phone_parse(text, text, text) IS 'parse with an explicit validation level: valid, possible, any, or stored (any, and the E.164 form of a value whose calling code the plans no longer know)';

-- ---------------------------------------------------------------------
-- Data versions, tracked like collation versions (doc/operations.md).
-- The version of the numbering-plan data the database's indexes,
-- constraints, generated columns and materialized views were last built
-- or checked with.  Not dumped: a restore rebuilds all of them with the
-- library of the restoring server, which CREATE EXTENSION records.
-- ---------------------------------------------------------------------

CREATE TABLE @extschema@.phone_metadata_checked (
    data_version  text NOT NULL,
    checked_at    timestamptz NOT NULL DEFAULT now(),
    one_row       boolean PRIMARY KEY DEFAULT true CHECK (one_row)
);
INSERT INTO @extschema@.phone_metadata_checked (data_version)
    VALUES (@extschema@.phone_metadata_version());
REVOKE ALL ON @extschema@.phone_metadata_checked FROM PUBLIC;
GRANT SELECT ON @extschema@.phone_metadata_checked TO PUBLIC;
-- phone_metadata_refresh() records the version as the extension's owner
GRANT UPDATE ON @extschema@.phone_metadata_checked TO @extowner@;

-- The objects whose expressions call a function of the extension that
-- reads the numbering plans (directly, or through SQL functions with a
-- standard body): every function of the extension written in C but those
-- that depend on the digits alone (comparison, hashing, output, prefix
-- search, casts to text and bigint, pseudonyms).
CREATE FUNCTION @extschema@.phone_metadata_dependents(OUT kind text, OUT relation regclass,
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
                            'phone_pseudonym_sql', 'phone_report_progress')
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
-- are listed for review only.  Run it as the owner of the tables (REINDEX,
-- UPDATE, REFRESH) and of the extension.
CREATE FUNCTION @extschema@.phone_metadata_refresh(OUT kind text, OUT relation regclass,
                                       OUT name text, OUT action text)
    RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d       record;
    col     record;
    n       bigint;
    failed  boolean := false;
    old     text;
    cfb     text := pg_catalog.current_setting('check_function_bodies');
BEGIN
    FOR d IN SELECT * FROM @extschema@.phone_metadata_dependents() x
             ORDER BY CASE x.kind WHEN 'generated column' THEN 1 WHEN 'materialized view' THEN 2
                                  WHEN 'index' THEN 3 ELSE 4 END, x.relation::text, x.name
    LOOP
        kind := d.kind; relation := d.relation; name := d.name;
        PERFORM pg_catalog.set_config('check_function_bodies',
            CASE WHEN d.kind IN ('constraint', 'domain constraint') THEN cfb ELSE 'off' END, true);
        BEGIN
            CASE d.kind
            WHEN 'generated column' THEN
                EXECUTE format('UPDATE %s SET %I = DEFAULT WHERE %I::text IS DISTINCT FROM (%s)::text',
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
                    EXECUTE format('SELECT count(*) FROM %s WHERE NOT (%s)', d.relation,
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
                           t.typbasetype::regtype AS base
                      FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid
                      JOIN pg_attribute a ON a.atttypid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
                      JOIN pg_class r ON r.oid = a.attrelid AND r.relkind IN ('r', 'm')
                     WHERE c.contypid <> 0 AND t.oid::regtype || '.' || c.conname = d.name
                LOOP
                    BEGIN
                        EXECUTE format('SELECT count(CAST(CAST(%I AS %s) AS %s)) FROM %s',
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
    SELECT data_version INTO old FROM @extschema@.phone_metadata_checked;
    IF failed THEN
        action := format('not recorded: the database stays checked against %s', old);
        RAISE WARNING 'numbering-plan data version not recorded'
            USING DETAIL = format('The database stays checked against %s, not %s: a dependent failed to rebuild or is violated by rows (see the action of each).',
                                  old, @extschema@.phone_metadata_version()),
                  HINT = 'Correct those rows or objects, then run phone_metadata_refresh() again.';
    ELSE
        UPDATE @extschema@.phone_metadata_checked
           SET data_version = @extschema@.phone_metadata_version(), checked_at = now();
        action := format('recorded %s (was %s)', @extschema@.phone_metadata_version(), old);
    END IF;
    RETURN NEXT;
END;
$$;

COMMENT ON TABLE @extschema@.phone_metadata_checked IS 'version of the numbering-plan data the database was last checked against';
COMMENT ON FUNCTION @extschema@.phone_metadata_dependents() IS 'indexes, constraints, generated columns, materialized views and partition keys whose expressions read the numbering plans';
COMMENT ON FUNCTION @extschema@.phone_metadata_refresh() IS 'rebuild or revalidate what reads the numbering plans and record the data version in use';
