
-- 41-consent-references.sql: references between the consent tables are
-- checked by triggers instead of foreign keys, so that pg_restore -j can
-- load them in parallel (src/sql/phone_consent/consent.sql)
ALTER TABLE @extschema@.phone_consent DROP CONSTRAINT phone_consent_notice_id_fkey;
ALTER TABLE @extschema@.phone_contact_window DROP CONSTRAINT phone_contact_window_purpose_fkey;
-- References between the extension's tables are checked by triggers, not
-- foreign keys.  pg_restore -j loads the data of the ledger, the notices,
-- the purposes and the calling windows in parallel sessions, in no order
-- it keeps to, and a foreign key (made by CREATE EXTENSION, before any
-- data) refuses a ledger row whose notice another session has not loaded
-- yet.  A restore session (check_function_bodies off: pg_dump writes it at
-- the top of every dump and pg_restore sets it in each of its sessions)
-- loads rows that were consistent when they were dumped, so the check lets
-- them through there; everywhere else it refuses what a foreign key
-- would, and locks the referenced row as one does.  Deleting or renaming a
-- referenced row is refused by phone_consent_notice_guard and
-- phone_consent_purpose_referenced.
CREATE FUNCTION @extschema@.phone_consent_reference_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
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

-- A purpose that calling windows name cannot be deleted or renamed
CREATE FUNCTION @extschema@.phone_consent_purpose_referenced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.purpose IS DISTINCT FROM OLD.purpose)
       AND EXISTS (SELECT 1 FROM @extschema@.phone_contact_window w WHERE w.purpose = OLD.purpose) THEN
        RAISE EXCEPTION 'update or delete on table "phone_consent_purpose" violates the reference from "phone_contact_window"'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is still referenced from table "phone_contact_window".', OLD.purpose);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER phone_consent_references
    AFTER INSERT OR UPDATE ON @extschema@.phone_consent
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_consent_reference_check();
CREATE TRIGGER phone_contact_window_references
    AFTER INSERT OR UPDATE OF purpose ON @extschema@.phone_contact_window
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_consent_reference_check();
CREATE TRIGGER phone_consent_purpose_referenced
    AFTER UPDATE OR DELETE ON @extschema@.phone_consent_purpose
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_consent_purpose_referenced();
COMMENT ON FUNCTION @extschema@.phone_consent_reference_check() IS 'trigger: the notice of a ledger event and the purpose of a calling window exist (not checked while a dump is restored)';
COMMENT ON FUNCTION @extschema@.phone_consent_purpose_referenced() IS 'trigger: refuses deleting or renaming a purpose that calling windows name';
COMMENT ON TRIGGER phone_consent_references ON @extschema@.phone_consent IS 'the notice an event cites exists (as a foreign key would check)';
COMMENT ON TRIGGER phone_contact_window_references ON @extschema@.phone_contact_window IS 'the purpose a window names exists (as a foreign key would check)';
COMMENT ON TRIGGER phone_consent_purpose_referenced ON @extschema@.phone_consent_purpose IS 'refuses deleting or renaming a purpose that calling windows name';
