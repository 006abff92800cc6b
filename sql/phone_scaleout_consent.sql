--
-- phone_scaleout_consent: a consent campaign over a contacts table
-- hash-partitioned by phone (doc/scaling.md).  The decision reads the
-- consent ledger and the callee's calling hours for each number; over the
-- partitions it selects exactly what it selects over an unpartitioned
-- copy.  Only numbers of this test's own are looked at, so the ledger rows
-- of other tests do not matter.
--
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';
CREATE SCHEMA phone_scale_consent;
SET search_path = phone_scale_consent, public;

-- Leads: valid US numbers in San Francisco (415, Pacific time), New
-- York (212, Eastern) and Miami (305, Eastern, Florida's shorter hours),
-- md5-derived from 300 candidates, of which the invalid ones are dropped
CREATE TABLE leads (phone phone PRIMARY KEY, n int NOT NULL)
    PARTITION BY HASH (phone);
CREATE TABLE leads_0 PARTITION OF leads FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE leads_1 PARTITION OF leads FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE leads_2 PARTITION OF leads FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE leads_3 PARTITION OF leads FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO leads
SELECT DISTINCT ON (p) p, n
FROM generate_series(1, 300) n,
     LATERAL phone_try_parse('+1' || (ARRAY['415', '212', '305'])[n % 3 + 1]
                             || substr(translate(md5('lead' || n), 'abcdef', '234567'), 1, 7)) p
WHERE p IS NOT NULL
ORDER BY p, n;
CREATE TABLE leads_flat AS SELECT * FROM leads;
SELECT substr(phone::text, 1, 5) AS area, count(*) AS leads,
       count(DISTINCT tableoid) AS partitions
FROM leads GROUP BY 1 ORDER BY 1;

-- consent: every second lead agreed to marketing texts in writing; every
-- sixth of those revoked later; every fifth lead agreed to informational
-- calls, which says nothing about marketing texts
INSERT INTO phone_consent_notice (name, version, body, created_at)
VALUES ('phone_scale_consent campaign', 1, 'Yes, text me offers. Reply STOP to stop.', '2024-01-01Z')
RETURNING notice_id AS notice \gset
SELECT count(phone_consent_grant(phone, 'sms', 'marketing', 'web_form', :notice,
                                 '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => '2024-01-10 12:00+00')) AS granted
FROM leads WHERE n % 2 = 0;
SELECT count(phone_consent_revoke(phone, 'sms', 'marketing', 'sms_keyword',
                                  occurred_at => '2024-03-01 12:00+00')) AS revoked
FROM leads WHERE n % 12 = 0;
SELECT count(phone_consent_grant(phone, 'voice', 'informational', 'verbal_recorded',
                                 occurred_at => '2024-01-10 12:00+00')) AS informational
FROM leads WHERE n % 5 = 0;

-- the campaign: who may get a marketing text at 12:30 UTC on 2024-06-03,
-- a Monday (08:30 in New York and Miami, 05:30 in San Francisco), and at
-- 23:30 UTC (19:30 in the East: still before Florida's 20:00)
EXPLAIN (COSTS OFF)
SELECT phone FROM leads
WHERE phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 12:30+00');
SELECT t AS at, substr(phone::text, 1, 5) AS area, count(*) AS may_text
FROM leads, (VALUES (timestamptz '2024-06-03 12:30+00'), ('2024-06-03 23:30+00'),
                    ('2024-06-04 00:30+00'), ('2024-06-04 04:30+00')) v(t)
WHERE phone_can_contact(phone, 'sms', 'marketing', t)
GROUP BY 1, 2 ORDER BY 1, 2;

-- over the partitions it selects what it selects over the unpartitioned copy
SELECT count(*) AS differences FROM (
    (SELECT phone FROM leads
     WHERE phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 12:30+00')
     EXCEPT
     SELECT phone FROM leads_flat
     WHERE phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 12:30+00'))
    UNION ALL
    (SELECT phone FROM leads_flat
     WHERE phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 12:30+00')
     EXCEPT
     SELECT phone FROM leads
     WHERE phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 12:30+00'))) d;

-- and it is the consent that decides: granted and not revoked
SELECT (n % 2 = 0 AND n % 12 <> 0) AS consented,
       phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 23:30+00') AS may_text,
       count(*)
FROM leads GROUP BY 1, 2 ORDER BY 1, 2;

-- the reasons, per partition: the decision for one number reads only the
-- ledger rows of that number
SELECT tableoid::regclass AS partition, d.reason, count(*)
FROM leads, phone_contact_decision(phone, 'sms', 'marketing', '2024-06-03 12:30+00') d
GROUP BY 1, 2 ORDER BY 1, 2;

-- an equality lookup still prunes to one partition with the decision on top
EXPLAIN (COSTS OFF)
SELECT phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 12:30+00')
FROM leads WHERE phone = '+1 212 555 0100';

RESET search_path;
RESET phone.validation;
RESET DateStyle;
RESET TimeZone;
