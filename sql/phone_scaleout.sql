--
-- phone_scaleout: contact tables hash-partitioned by phone, as
-- doc/scaling.md lays them out.  Equality prunes to one partition, prefix
-- search and deduplication span the partitions and agree with an
-- unpartitioned copy, a unique constraint on the number holds across the
-- partitions, and two tables partitioned the same way join partition by
-- partition.
--
CREATE SCHEMA phone_scale;
SET search_path = phone_scale, public;

-- Deterministic data: 3000 import rows whose digits come from md5, in five
-- countries.  The digits are arbitrary, so numbers are read by structure
-- only in this test.  Row i carries number n = i % 2000: numbers 1..1000
-- occur twice.
SET phone.validation = 'any';
CREATE TABLE numbers AS
SELECT n, ('+' || pre || substr(translate(md5(n::text), 'abcdef', '012345'), 1, len))::phone AS phone
FROM generate_series(0, 1999) n,
     LATERAL (SELECT (ARRAY['1415', '447', '4930', '3906', '8190'])[n % 5 + 1] AS pre,
                     (ARRAY[7, 9, 8, 8, 8])[n % 5 + 1] AS len) c;
SELECT count(*) AS numbers, count(DISTINCT phone) AS distinct_numbers FROM numbers;

-- the raw imports: partitioned by the number, and an unpartitioned copy
CREATE TABLE imports (id int NOT NULL, phone phone NOT NULL, source text)
    PARTITION BY HASH (phone);
CREATE TABLE imports_0 PARTITION OF imports FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE imports_1 PARTITION OF imports FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE imports_2 PARTITION OF imports FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE imports_3 PARTITION OF imports FOR VALUES WITH (MODULUS 4, REMAINDER 3);
CREATE INDEX ON imports (phone);
INSERT INTO imports
SELECT i, phone, CASE WHEN i < 2000 THEN 'crm' ELSE 'web' END
FROM generate_series(1, 3000) i JOIN numbers ON n = i % 2000;
CREATE TABLE imports_flat AS SELECT * FROM imports;
CREATE INDEX ON imports_flat (phone);
ANALYZE imports, imports_flat;

-- every partition gets a share; the counts are fixed because the hash of a
-- number depends on its digits only
SELECT tableoid::regclass AS partition, count(*) AS rows, count(DISTINCT phone) AS numbers
FROM imports GROUP BY 1 ORDER BY 1;
-- each row is in the partition its hash names
SELECT count(*) AS misplaced FROM imports
WHERE tableoid <> ('phone_scale.imports_' ||
    (SELECT r FROM generate_series(0, 3) r
     WHERE satisfies_hash_partition('phone_scale.imports'::regclass, 4, r, phone)))::regclass;

-- equality prunes to one partition: with a constant at plan time, with a
-- parameter at run time, and an IN list to the partitions it names
EXPLAIN (COSTS OFF) SELECT id FROM imports WHERE phone = '+1 415 890 1234';
SELECT id, phone, tableoid::regclass FROM imports
WHERE phone = (SELECT phone FROM numbers WHERE n = 42) ORDER BY id;
SET plan_cache_mode = force_generic_plan;
PREPARE by_number(phone) AS SELECT id FROM imports WHERE phone = $1 ORDER BY id;
EXPLAIN (COSTS OFF) EXECUTE by_number('+1 415 890 1234');
EXECUTE by_number('+49 30 01302648');
DEALLOCATE by_number;
RESET plan_cache_mode;
-- (a sequential scan: the partition is the point, and which scan of it the
-- planner prefers differs between versions)
SET enable_indexscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM imports
WHERE phone IN ('+1 415 890 1234', '+1 415 890 1234', 'tel:+1-415-890-1234');
RESET enable_indexscan;
RESET enable_bitmapscan;

-- prefix search cannot prune (a hash says nothing about neighbouring
-- numbers): it searches every partition, each with its index, and finds
-- what the unpartitioned copy finds, row for row
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM imports WHERE phone ^@ '+1 415 5';
SELECT pre,
       (SELECT count(*) FROM imports WHERE phone ^@ pre) AS partitioned,
       (SELECT count(*) FROM imports_flat WHERE phone ^@ pre) AS flat,
       (SELECT count(*) FROM (SELECT id, phone FROM imports WHERE phone ^@ pre
                              EXCEPT ALL
                              SELECT id, phone FROM imports_flat WHERE phone ^@ pre) d) AS missing,
       (SELECT count(*) FROM (SELECT id, phone FROM imports_flat WHERE phone ^@ pre
                              EXCEPT ALL
                              SELECT id, phone FROM imports WHERE phone ^@ pre) d) AS extra
FROM (VALUES ('1'), ('+1 415'), ('+1 415 5'), ('44'), ('+44 7 1'), ('49 30'),
             ('3906'), ('81 90 1'), ('8'), ('33')) v(pre)
ORDER BY pre COLLATE "C";
RESET enable_seqscan;
-- in order across the partitions (a merge of the partitions' index scans)
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT phone FROM imports WHERE phone ^@ '+49' ORDER BY phone LIMIT 3;
RESET enable_sort;
SELECT (SELECT array_agg(phone) FROM (SELECT phone FROM imports WHERE phone ^@ '+49'
                                      ORDER BY phone, id LIMIT 5) a)
     = (SELECT array_agg(phone) FROM (SELECT phone FROM imports_flat WHERE phone ^@ '+49'
                                      ORDER BY phone, id LIMIT 5) b) AS same_first_five;

-- deduplication: GROUP BY phone over the partitions.  Since the grouping
-- key is the partition key, each partition can be grouped on its own.
SET enable_partitionwise_aggregate = on;
EXPLAIN (COSTS OFF)
SELECT phone, count(*) FROM imports GROUP BY phone HAVING count(*) > 1;
SELECT count(*) AS duplicated_numbers, sum(c) AS rows_involved
FROM (SELECT phone, count(*) AS c FROM imports GROUP BY phone HAVING count(*) > 1) d;
-- the same groups as on the unpartitioned copy, both ways
SELECT count(*) AS differences FROM (
    (SELECT phone, count(*), min(id), max(id) FROM imports GROUP BY phone
     EXCEPT
     SELECT phone, count(*), min(id), max(id) FROM imports_flat GROUP BY phone)
    UNION ALL
    (SELECT phone, count(*), min(id), max(id) FROM imports_flat GROUP BY phone
     EXCEPT
     SELECT phone, count(*), min(id), max(id) FROM imports GROUP BY phone)) d;
SELECT (SELECT count(DISTINCT phone) FROM imports) AS partitioned,
       (SELECT count(DISTINCT phone) FROM imports_flat) AS flat;
RESET enable_partitionwise_aggregate;

-- the deduplicated contacts: one row per number, enforced across the
-- partitions by a primary key on the partition key
CREATE TABLE contacts (phone phone PRIMARY KEY, first_id int NOT NULL, sources text[])
    PARTITION BY HASH (phone);
CREATE TABLE contacts_0 PARTITION OF contacts FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE contacts_1 PARTITION OF contacts FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE contacts_2 PARTITION OF contacts FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE contacts_3 PARTITION OF contacts FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO contacts
SELECT phone, min(id), array_agg(DISTINCT source ORDER BY source) FROM imports GROUP BY phone;
SELECT count(*) AS contacts FROM contacts;
-- a unique constraint that does not include the partition key is refused
CREATE TABLE contacts_by_id (id int PRIMARY KEY, phone phone) PARTITION BY HASH (phone);
-- the same number again, in any spelling, is a duplicate: in the same
-- statement, in a later one, and when an update moves a row to the
-- partition of a number that is taken
\set VERBOSITY terse
INSERT INTO contacts SELECT phone, 0, '{}' FROM numbers WHERE n = 42;
INSERT INTO contacts VALUES ('+1 (415) 000-0001', 1, '{}'), ('tel:+1-415-000-0001', 2, '{}');
INSERT INTO contacts VALUES ('+1 (415) 000-0001', 1, '{}');
UPDATE contacts SET phone = (SELECT phone FROM numbers WHERE n = 43)
WHERE phone = '+1 (415) 000-0001';
\set VERBOSITY default
SELECT tableoid::regclass, * FROM contacts WHERE phone = 'tel:+1-415-000-0001';
-- an update that moves a row to a free number moves it to that partition
UPDATE contacts SET phone = '+1 415 000 0002' WHERE phone = '+1 (415) 000-0001';
SELECT tableoid::regclass, * FROM contacts WHERE phone ^@ '+1 415 000 000';
-- upsert finds the existing row in its partition
INSERT INTO contacts VALUES ('+1 415 000 0002', 7, '{manual}')
ON CONFLICT (phone) DO UPDATE SET sources = contacts.sources || excluded.sources;
SELECT tableoid::regclass, * FROM contacts WHERE phone = '+1 415 000 0002';
SELECT count(*) AS contacts, count(DISTINCT phone) AS numbers FROM contacts;

-- two tables partitioned the same way (same modulus, the phone hash) join
-- partition by partition: what lives next to a number's contact row, such
-- as its consent records, is found in the same partition
SET enable_partitionwise_join = on;
EXPLAIN (COSTS OFF)
SELECT c.phone, count(*) FROM contacts c JOIN imports i ON i.phone = c.phone
WHERE c.phone ^@ '+39' GROUP BY c.phone;
SELECT count(*) AS joined, count(DISTINCT c.phone) AS numbers
FROM contacts c JOIN imports i ON i.phone = c.phone;
RESET enable_partitionwise_join;

-- a partition can be detached and attached again; its rows are checked
-- against the partition bound
ALTER TABLE contacts DETACH PARTITION contacts_2;
SELECT count(*) AS without_2 FROM contacts;
ALTER TABLE contacts ATTACH PARTITION contacts_2 FOR VALUES WITH (MODULUS 4, REMAINDER 2);
ALTER TABLE contacts DETACH PARTITION contacts_1;
ALTER TABLE contacts DETACH PARTITION contacts_3;
ALTER TABLE contacts ATTACH PARTITION contacts_3 FOR VALUES WITH (MODULUS 4, REMAINDER 1);
ALTER TABLE contacts ATTACH PARTITION contacts_1 FOR VALUES WITH (MODULUS 4, REMAINDER 1);
ALTER TABLE contacts ATTACH PARTITION contacts_3 FOR VALUES WITH (MODULUS 4, REMAINDER 3);
SELECT count(*) AS contacts FROM contacts;

RESET search_path;
RESET phone.validation;
