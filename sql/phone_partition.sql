--
-- phone_partition: hash partitioning by phone works and prunes, and the
-- partition of a number is fixed (hashing depends only on the digits).
--
CREATE TABLE phone_test.parted (p phone PRIMARY KEY, name text)
    PARTITION BY HASH (p);
CREATE TABLE phone_test.parted_0 PARTITION OF phone_test.parted FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE phone_test.parted_1 PARTITION OF phone_test.parted FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE phone_test.parted_2 PARTITION OF phone_test.parted FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE phone_test.parted_3 PARTITION OF phone_test.parted FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO phone_test.parted SELECT p, 'sample' FROM phone_test.samples;
INSERT INTO phone_test.parted SELECT DISTINCT ON (p) p, 'generated' FROM phone_test.gen ON CONFLICT DO NOTHING;

-- where the samples live: pinned, because a change would break every
-- existing hash-partitioned table
SELECT tableoid::regclass AS partition, p FROM phone_test.parted WHERE name = 'sample' ORDER BY p;
SELECT tableoid::regclass AS partition, count(*) > 500 AS spread
FROM phone_test.parted GROUP BY 1 ORDER BY 1;

-- equality prunes to one partition
EXPLAIN (COSTS OFF) SELECT * FROM phone_test.parted WHERE p = '+14155552671';
SELECT name FROM phone_test.parted WHERE p = '+14155552671';

-- the primary key holds across partitions
INSERT INTO phone_test.parted VALUES ('tel:+1-415-555-2671', 'again');

-- prefix search runs across partitions
SELECT count(*) FROM phone_test.parted WHERE p ^@ '+44';
