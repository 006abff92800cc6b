
-- src/sql/phone_consent/grants.sql: what the role that installs the extension may do

-- ---------------------------------------------------------------------
-- The extension is trusted (phone.control): a role with CREATE on the
-- database may install it.  The script then runs as the bootstrap
-- superuser, which owns every object below; @extowner@ is the role that
-- ran CREATE EXTENSION.  That role gets what running the consent ledger
-- needs, WITH GRANT OPTION so that it can hand each right on to the
-- application's roles (doc/security.md):
--
--   * EXECUTE on the writing functions, whose EXECUTE is revoked from
--     PUBLIC (they are SECURITY DEFINER and are the only way to add events);
--   * SELECT on the ledger, its view and the suppression list (status and
--     decisions read them), and SELECT, INSERT, UPDATE, DELETE on the
--     configuration tables and the notices (their triggers keep
--     predefined rows and notices the ledger references read-only);
--   * EXECUTE on the erasure and retention functions and SELECT on the
--     erasure log: where no superuser is at hand (a managed service), the
--     role that owns the data must be able to honour an erasure request,
--     and these functions are the audited way to delete events.
--
-- It gets no UPDATE, DELETE, TRUNCATE, INSERT or TRIGGER on the ledger or
-- the erasure log, nothing on phone_consent_permit, no REFERENCES, no
-- ownership of anything (so it can neither disable the guard triggers nor
-- replace a function), and nothing that uses or reads the pseudonym key:
-- EXECUTE on phone_pseudonym stays revoked (whoever may call it can
-- reverse pseudonyms by trying every number), and the key settings stay
-- superuser-only.  When a superuser
-- installs the extension, @extowner@ is that superuser and these grants
-- change nothing.
-- ---------------------------------------------------------------------

GRANT EXECUTE ON FUNCTION
    @extschema@.phone_consent_grant(@extschema@.phone, text, text, text, bigint, jsonb,
                                    timestamptz, timestamptz, boolean, text, text, text, text),
    @extschema@.phone_consent_confirm(@extschema@.phone, text, text, text, jsonb,
                                      timestamptz, text, text, text),
    @extschema@.phone_consent_revoke(@extschema@.phone, text, text, text, jsonb, timestamptz,
                                     text, text, text),
    @extschema@.phone_consent_apply_sms(@extschema@.phone, text, timestamptz, text, text),
    @extschema@.phone_mark_disconnected(@extschema@.phone, date, text, text)
    TO @extowner@ WITH GRANT OPTION;

GRANT EXECUTE ON FUNCTION
    @extschema@.phone_erase(@extschema@.phone, text, text),
    @extschema@.phone_consent_purge(interval, boolean),
    @extschema@.phone_consent_purgeable(interval)
    TO @extowner@ WITH GRANT OPTION;

GRANT SELECT ON TABLE
    @extschema@.phone_consent,
    @extschema@.phone_consent_current,
    @extschema@.phone_do_not_contact,
    @extschema@.phone_suppression,
    @extschema@.phone_erasure_log,
    @extschema@.phone_consent_removed
    TO @extowner@ WITH GRANT OPTION;

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE
    @extschema@.phone_consent_purpose,
    @extschema@.phone_contact_window,
    @extschema@.phone_public_holiday,
    @extschema@.phone_consent_notice,
    @extschema@.phone_sms_keywords
    TO @extowner@ WITH GRANT OPTION;

-- The key of the number hashes: read only, and not to be handed on, so
-- that a dump the role makes carries it (a restore without it would lose
-- every tombstone); the role can test numbers with phone_is_suppressed()
-- anyway (doc/privacy.md, "Erasure keeps no number")
GRANT SELECT ON TABLE @extschema@.phone_consent_key TO @extowner@;
-- ... and the sequences dumped with the ledger and the erasure log, whose
-- values a dump reads (SELECT does not allow nextval)
GRANT SELECT ON SEQUENCE @extschema@.phone_consent_event_id_seq,
    @extschema@.phone_erasure_log_log_id_seq TO @extowner@;
-- what a message means is no secret: phone_sms_keyword reads it for anyone
GRANT SELECT ON TABLE @extschema@.phone_sms_keywords TO PUBLIC;
-- the holidays are no secret, and every decision reads them
GRANT SELECT ON TABLE @extschema@.phone_public_holiday TO PUBLIC;

-- notice_id is a bigserial: inserting a notice takes a value from it
GRANT USAGE, SELECT ON SEQUENCE @extschema@.phone_consent_notice_notice_id_seq
    TO @extowner@ WITH GRANT OPTION;

-- pg_dump keeps the SMS keywords added after installation (the predefined
-- ones come back with CREATE EXTENSION).  Marked here, after the tables of
-- src/sql/phone_consent/erasure.sql, in the order an update from 1.0 marks them.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_sms_keywords', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_public_holiday', 'WHERE NOT predefined');
