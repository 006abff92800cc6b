--
-- coordinator_consent.sql: the campaign over the shards, and the same
-- campaign on this server alone.  Run after coordinator.sql and
-- shard_consent.sql.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS phone_consent;
SET TimeZone = 'UTC';

-- the selection, computed on the shards
CREATE TABLE campaign (id int NOT NULL, phone phone NOT NULL)
    PARTITION BY HASH (phone);
SELECT format($$
    CREATE FOREIGN TABLE campaign_%1$s PARTITION OF campaign
        FOR VALUES WITH (MODULUS 4, REMAINDER %1$s)
        SERVER %2$s OPTIONS (table_name 'campaign_%1$s');
$$, r, CASE WHEN r % 2 = 0 THEN 'shard1' ELSE 'shard2' END)
FROM generate_series(0, 3) r \gexec

-- the shards' ledgers: one table per node, partitions of modulus 2
CREATE TABLE consent_events (event_id bigint NOT NULL, phone phone NOT NULL,
                             channel text NOT NULL, purpose text NOT NULL,
                             action text NOT NULL)
    PARTITION BY HASH (phone);
CREATE FOREIGN TABLE consent_events_shard1 PARTITION OF consent_events
    FOR VALUES WITH (MODULUS 2, REMAINDER 0)
    SERVER shard1 OPTIONS (schema_name 'public', table_name 'phone_consent');
CREATE FOREIGN TABLE consent_events_shard2 PARTITION OF consent_events
    FOR VALUES WITH (MODULUS 2, REMAINDER 1)
    SERVER shard2 OPTIONS (schema_name 'public', table_name 'phone_consent');

-- the same consent in this server's own ledger, for the comparison
INSERT INTO phone_consent_notice (name, version, body, created_at)
VALUES ('campaign', 1, 'Yes, text me offers. Reply STOP to stop.', '2024-01-01Z');
SELECT count(phone_consent_grant(phone, 'sms', 'marketing', 'web_form',
                                 (SELECT notice_id FROM phone_consent_notice WHERE name = 'campaign'),
                                 '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => '2024-01-10 12:00+00'))
FROM (SELECT DISTINCT phone FROM contacts_local
      WHERE phone_country_code(phone) % 2 = 1 OR phone ^@ '44') c;
SELECT count(phone_consent_revoke(phone, 'sms', 'marketing', 'sms_keyword',
                                  occurred_at => '2024-03-01 12:00+00'))
FROM (SELECT DISTINCT phone FROM contacts_local WHERE phone ^@ '1212') c;
