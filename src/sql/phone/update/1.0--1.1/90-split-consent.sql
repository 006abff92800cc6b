
-- 90-split-consent.sql: the consent layer is an extension of its own,
-- phone_consent (phone_consent.control), from version 1.1 on.  The last
-- part of the update: once the parts above have brought every object to
-- 1.1, the consent objects leave the extension phone.  They stay where
-- they are, with their rows, privileges and triggers, as objects of no
-- extension (DROP takes the tables off the list of those pg_dump dumps
-- the rows of) until
--
--     CREATE EXTENSION phone_consent VERSION 'unpackaged';
--     ALTER EXTENSION phone_consent UPDATE TO '1.1';
--
-- adopts them (phone_consent--unpackaged--1.1.sql; doc/operations.md,
-- "Upgrading from 1.0").  Indexes, triggers and the sequences' ownership
-- go with their tables; roles are no members of any extension.
ALTER EXTENSION phone DROP TABLE @extschema@.phone_consent_purpose;
ALTER EXTENSION phone DROP TABLE @extschema@.phone_contact_window;
ALTER EXTENSION phone DROP TABLE @extschema@.phone_consent_notice;
ALTER EXTENSION phone DROP TABLE @extschema@.phone_consent;
ALTER EXTENSION phone DROP TABLE @extschema@.phone_suppression;
ALTER EXTENSION phone DROP TABLE @extschema@.phone_erasure_log;
ALTER EXTENSION phone DROP TABLE @extschema@.phone_consent_permit;
ALTER EXTENSION phone DROP SEQUENCE @extschema@.phone_consent_event_id_seq;
ALTER EXTENSION phone DROP SEQUENCE @extschema@.phone_consent_notice_notice_id_seq;
ALTER EXTENSION phone DROP SEQUENCE @extschema@.phone_erasure_log_log_id_seq;
ALTER EXTENSION phone DROP VIEW @extschema@.phone_consent_current;
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_can_contact(@extschema@.phone, text, text, timestamptz, text[]);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_check_args(text, text, text, boolean);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_check_time(timestamptz);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_config_guard();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb, timestamptz, text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_guard();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_lock(@extschema@.phone, text, text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_notice_guard();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_notice_hash();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_purge(interval, boolean);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_purgeable(interval);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_purpose_referenced();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_reference_check();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_state(@extschema@.phone, text, text, timestamptz);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_status(@extschema@.phone, text, text, timestamptz);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_consent_suppression_check();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_contact_decision(@extschema@.phone, text, text, timestamptz, text[]);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_contact_hours(@extschema@.phone, text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_erase(@extschema@.phone, text, text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_erasure_log_guard();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_mark_disconnected(@extschema@.phone, date, text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_sms_keyword(text);
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_suppression_guard();
ALTER EXTENSION phone DROP FUNCTION @extschema@.phone_without_consent(regclass, name, text, text, timestamptz);
