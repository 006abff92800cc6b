
-- 70-rev4.sql: the installing role reads the sequences dumped with the
-- ledger and the erasure log, so that it can dump the database.  (The
-- functions this review changed, phone_consent_apply_sms, grant, confirm,
-- phone_erase and the log and suppression guards, are defined once in the
-- parts above, as the install script defines them.)
GRANT SELECT ON SEQUENCE @extschema@.phone_consent_event_id_seq,
    @extschema@.phone_erasure_log_log_id_seq TO @extowner@;
