/* 00-adopt.sql, the first part of phone_consent--unpackaged--1.1.sql: ALTER EXTENSION phone_consent
 * UPDATE TO '1.1' from 'unpackaged': adopt the consent objects that
 * ALTER EXTENSION phone UPDATE TO '1.1' detached from phone 1.0
 * (src/sql/update/1.0--1.1/90-split-consent.sql), rows and all, so that
 * the result is what CREATE EXTENSION phone_consent makes, plus the data
 * (make test-upgrade compares the two).  The list of objects
 * is the list of 90-split-consent.sql, with ADD for DROP. */

\echo Use "ALTER EXTENSION phone_consent UPDATE TO '1.1'" to load this file. \quit

-- The objects must be there, detached, in this extension's schema
DO $$
DECLARE
    phone_schema text;
    phone_version text;
BEGIN
    SELECT e.extnamespace::pg_catalog.regnamespace::pg_catalog.text, e.extversion
      INTO phone_schema, phone_version
      FROM pg_catalog.pg_extension e WHERE e.extname = 'phone';
    IF phone_version = '1.0' THEN
        RAISE EXCEPTION 'phone is at version 1.0, whose consent objects belong to phone'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run ALTER EXTENSION phone UPDATE TO ''1.1'' first.';
    END IF;
    IF phone_schema IS DISTINCT FROM '@extschema@'::pg_catalog.regnamespace::pg_catalog.text THEN
        RAISE EXCEPTION 'phone_consent must be installed in the schema of phone, %', phone_schema
            USING ERRCODE = 'invalid_schema_name',
                  DETAIL = pg_catalog.format('phone_consent is in schema %s.',
                                             '@extschema@'::pg_catalog.regnamespace),
                  HINT = pg_catalog.format('DROP EXTENSION phone_consent, then CREATE EXTENSION phone_consent VERSION ''unpackaged'' SCHEMA %s.', phone_schema);
    END IF;
    IF pg_catalog.to_regclass('@extschema@.phone_consent') IS NULL THEN
        RAISE EXCEPTION 'there is no consent ledger @extschema@.phone_consent to adopt'
            USING ERRCODE = 'undefined_table',
                  HINT = 'Without the objects of phone 1.0, install the extension afresh: DROP EXTENSION phone_consent; CREATE EXTENSION phone_consent;';
    END IF;
END
$$;

ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_consent_purpose;
ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_contact_window;
ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_consent_notice;
ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_consent;
ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_suppression;
ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_erasure_log;
ALTER EXTENSION phone_consent ADD TABLE @extschema@.phone_consent_permit;
ALTER EXTENSION phone_consent ADD SEQUENCE @extschema@.phone_consent_event_id_seq;
ALTER EXTENSION phone_consent ADD SEQUENCE @extschema@.phone_consent_notice_notice_id_seq;
ALTER EXTENSION phone_consent ADD SEQUENCE @extschema@.phone_erasure_log_log_id_seq;
ALTER EXTENSION phone_consent ADD VIEW @extschema@.phone_consent_current;
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_can_contact(@extschema@.phone, text, text, timestamptz, text[]);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_check_args(text, text, text, boolean);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_check_time(timestamptz);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_config_guard();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb, timestamptz, text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_guard();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_lock(@extschema@.phone, text, text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_notice_guard();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_notice_hash();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_purge(interval, boolean);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_purgeable(interval);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_purpose_referenced();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_reference_check();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_state(@extschema@.phone, text, text, timestamptz);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_status(@extschema@.phone, text, text, timestamptz);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_consent_suppression_check();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_contact_decision(@extschema@.phone, text, text, timestamptz, text[]);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_contact_hours(@extschema@.phone, text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_erase(@extschema@.phone, text, text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_erasure_log_guard();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_mark_disconnected(@extschema@.phone, date, text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_sms_keyword(text);
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_suppression_guard();
ALTER EXTENSION phone_consent ADD FUNCTION @extschema@.phone_without_consent(regclass, name, text, text, timestamptz);

-- pg_dump dumps the rows of the ledger, the notices, the tombstones, the
-- erasure log and the sequences, and the purposes and calling windows the
-- user added, as CREATE EXTENSION phone_consent marks them (in its order)
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice_notice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_purpose', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_contact_window', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_suppression', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_erasure_log_log_id_seq', '');
