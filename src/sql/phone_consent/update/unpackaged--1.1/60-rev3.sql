-- Detached, the functions that run as their owner were made to run as
-- their caller (src/sql/phone/update/1.0--1.1/60-rev3.sql); adopted, they are
-- SECURITY DEFINER again, as CREATE EXTENSION phone_consent makes them
-- (the writers are created anew in 20-l1.sql).
ALTER FUNCTION @extschema@.phone_erase(@extschema@.phone, text, text) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_purge(interval, boolean) SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_reference_check() SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_purpose_referenced() SECURITY DEFINER;
ALTER FUNCTION @extschema@.phone_consent_suppression_check() SECURITY DEFINER;

