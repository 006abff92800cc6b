
-- 50-sec2.sql: what the extension runs cannot be turned against the role
-- that runs it (doc/security.md, "Maintenance run by a privileged role"
-- and "SECURITY DEFINER triggers")
--
--  * phone_metadata_refresh() runs the expressions, constraints and
--    triggers that would run with the caller's rights (the UPDATE of a
--    generated column, the check of a CHECK or domain constraint) only for
--    relations and domains the current user owns; REINDEX and REFRESH
--    MATERIALIZED VIEW run them as the owner.  What it skips is reported
--    with its owner, and the data version is not recorded meanwhile;
--  * the SECURITY DEFINER trigger functions lose PUBLIC EXECUTE (no role
--    can attach them to a table of its own) and refuse to fire for any
--    table but the extension's own.

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
    SELECT data_version INTO old FROM @extschema@.phone_metadata_checked;
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
    ELSIF NOT pg_catalog.has_table_privilege('@extschema@.phone_metadata_checked', 'UPDATE') THEN
        action := format('not recorded: the database stays checked against %s', old);
        RAISE WARNING 'numbering-plan data version not recorded'
            USING DETAIL = format('Every dependent was rebuilt or revalidated, but %s may not update phone_metadata_checked.',
                                  CURRENT_USER),
                  HINT = 'Run phone_metadata_refresh() as the owner of the extension, or have a superuser grant UPDATE on phone_metadata_checked to this role.';
    ELSE
        UPDATE @extschema@.phone_metadata_checked
           SET data_version = @extschema@.phone_metadata_version(), checked_at = now();
        action := format('recorded %s (was %s)', @extschema@.phone_metadata_version(), old);
    END IF;
    RETURN NEXT;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_reference_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- SECURITY DEFINER: it must not answer for any other table
    -- (doc/security.md, "SECURITY DEFINER triggers")
    IF TG_RELID NOT IN ('@extschema@.phone_consent'::pg_catalog.regclass,
                        '@extschema@.phone_contact_window'::pg_catalog.regclass) THEN
        RAISE EXCEPTION 'phone_consent_reference_check() fires only for phone_consent and phone_contact_window'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF pg_catalog.current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'phone_consent' THEN
        IF NEW.notice_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_notice n
                            WHERE n.notice_id = NEW.notice_id FOR KEY SHARE) THEN
            RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_notice"', TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (notice_id)=(%s) is not present in table "phone_consent_notice".', NEW.notice_id);
        END IF;
    ELSIF NEW.purpose IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                           WHERE p.purpose = NEW.purpose FOR KEY SHARE) THEN
        RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_purpose"', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is not present in table "phone_consent_purpose".', NEW.purpose);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_purpose_referenced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@extschema@.phone_consent_purpose'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_purpose_referenced() fires only for phone_consent_purpose'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.purpose IS DISTINCT FROM OLD.purpose)
       AND EXISTS (SELECT 1 FROM @extschema@.phone_contact_window w WHERE w.purpose = OLD.purpose) THEN
        RAISE EXCEPTION 'update or delete on table "phone_consent_purpose" violates the reference from "phone_contact_window"'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is still referenced from table "phone_contact_window".', OLD.purpose);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION @extschema@.phone_consent_suppression_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t @extschema@.phone_suppression;
BEGIN
    -- SECURITY DEFINER: it must not answer for any other table
    IF TG_RELID <> '@extschema@.phone_consent'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_suppression_check() fires only for phone_consent'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF NEW.action NOT IN ('grant', 'pending') THEN
        RETURN NEW;
    END IF;
    SELECT * INTO t FROM @extschema@.phone_suppression s WHERE s.phone OPERATOR(@extschema@.=) NEW.phone;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF NEW.occurred_at <= t.erased_at OR NEW.method = 'import'
       OR (NEW.notice_id IS NULL AND NEW.evidence = '{}' AND NEW.confirms IS NULL) THEN
        IF NOT (pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
                AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT')) THEN
            RAISE EXCEPTION 'cannot record consent for %', NEW.phone
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent for %: the number was erased and is suppressed', NEW.phone
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                                  to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN NEW.occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                                       WHEN NEW.method = 'import' THEN 'an import is no new consent'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'Record consent the person gave after the erasure, with its evidence (a notice or an evidence object); revocations are always accepted.';
    END IF;
    RETURN NEW;
END;
$$;

-- CREATE TRIGGER needs EXECUTE on the function; the triggers fire without it
REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_reference_check() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_purpose_referenced() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION @extschema@.phone_consent_suppression_check() FROM PUBLIC;
