/* phone--1.1.sql: the phone extension, version 1.1.
 * Built by make from the files in src/sql/phone/; edit those. */

\echo Use "CREATE EXTENSION phone" to load this file. \quit


-- ---------------------------------------------------------------------
-- The extension's schema keeps its name.  The functions of phone and
-- phone_consent name their own objects @extschema@.name, and PL/pgSQL
-- bodies and generated queries look those names up when they run.  Were
-- the schema renamed, a schema created under the old name (by any role
-- with CREATE on the database, for instance the owner of the renamed
-- schema) would supply the functions that the SECURITY DEFINER writers,
-- the triggers and the reports call: its owner's code would run with the
-- rights of the bootstrap superuser or of whoever ran a report
-- (doc/security.md, "The schema keeps its name").  ALTER SCHEMA ...
-- RENAME of that schema is refused, whoever runs it.
-- ---------------------------------------------------------------------
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
