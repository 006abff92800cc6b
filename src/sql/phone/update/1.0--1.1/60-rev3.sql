
-- 60-rev3.sql: the extension's schema keeps its name (src/sql/phone/header.sql)
CREATE FUNCTION phone_schema_guard() RETURNS event_trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension e
                    WHERE e.extname = 'phone'
                      AND e.extnamespace = pg_catalog.to_regnamespace('@extschema@'::pg_catalog.text)) THEN
        RAISE EXCEPTION 'cannot rename schema @extschema@, the schema of extension phone'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'The functions of phone and phone_consent name their objects by this schema''s name; a schema created under it would supply them.',
                  HINT = 'To move the data elsewhere, dump it and restore it into a database where the extension is installed in the schema you want.';
    END IF;
END;
$$;

CREATE EVENT TRIGGER phone_schema_guard ON ddl_command_end
    WHEN TAG IN ('ALTER SCHEMA')
    EXECUTE FUNCTION @extschema@.phone_schema_guard();

COMMENT ON FUNCTION phone_schema_guard() IS 'event trigger: refuses to rename the schema of the extension';
COMMENT ON EVENT TRIGGER phone_schema_guard IS 'refuses ALTER SCHEMA ... RENAME of the schema of the extension';

-- 90-split-consent.sql detaches the consent objects; until
-- phone_consent adopts them (phone_consent--unpackaged--1.1.sql), they
-- are objects of no extension, which the owner of the schema may drop and
-- create anew.  The writers, the erasure, the purge and the ledger's
-- checking triggers name the other consent functions by name: were they
-- SECURITY DEFINER meanwhile, a function put in a dropped one's place would
-- run with the rights of their owner, a superuser.  Detached, they run as
-- their caller (who may not write the ledger unless it is a superuser);
-- the adoption makes them SECURITY DEFINER again once it has checked that
-- a superuser owns every object it adopts.
ALTER FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb, timestamptz, text) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_mark_disconnected(@extschema@.phone, date, text) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_erase(@extschema@.phone, text, text) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_purge(interval, boolean) SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_reference_check() SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_purpose_referenced() SECURITY INVOKER;
ALTER FUNCTION @extschema@.phone_consent_suppression_check() SECURITY INVOKER;
