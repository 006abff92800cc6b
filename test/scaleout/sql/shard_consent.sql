--
-- shard_consent.sql: consent next to the contacts.  Run on every shard with
-- the psql variables r1 and r2 (as shard.sql).  The extension's ledger
-- (phone_consent) exists once per node; consent is recorded on the node
-- that holds the number, here for the contacts the shard holds.  The
-- campaign's selection is a view per remainder, computed here against this
-- node's ledger, which the coordinator reads through foreign partitions.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS phone_consent;
SET TimeZone = 'UTC';
INSERT INTO phone_consent_notice (name, version, body, created_at)
VALUES ('campaign', 1, 'Yes, text me offers. Reply STOP to stop.', '2024-01-01Z');

SELECT format($$
    SELECT count(phone_consent_grant(phone, 'sms', 'marketing', 'web_form',
                                     (SELECT notice_id FROM phone_consent_notice WHERE name = 'campaign'),
                                     '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => '2024-01-10 12:00+00'))
    FROM (SELECT DISTINCT phone FROM contacts_%1$s
          WHERE phone_country_code(phone) %% 2 = 1 OR phone ^@ '44') c;
    SELECT count(phone_consent_revoke(phone, 'sms', 'marketing', 'sms_keyword',
                                      occurred_at => '2024-03-01 12:00+00'))
    FROM (SELECT DISTINCT phone FROM contacts_%1$s WHERE phone ^@ '1212') c;
    CREATE VIEW campaign_%1$s AS
        SELECT c.id, c.phone FROM contacts_%1$s c
        WHERE phone_can_contact(c.phone, 'sms', 'marketing', '2024-06-03 23:30+00');
$$, r)
FROM unnest(ARRAY[:r1, :r2]) r \gexec
