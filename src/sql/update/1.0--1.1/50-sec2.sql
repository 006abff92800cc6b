
-- 50-sec2.sql: what the extension runs cannot be turned against the role
-- that runs it (doc/security.md, "SECURITY DEFINER triggers")
--
--  * the SECURITY DEFINER trigger functions lose PUBLIC EXECUTE (no role
--    can attach them to a table of its own) and refuse to fire for any
--    table but the extension's own.

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
