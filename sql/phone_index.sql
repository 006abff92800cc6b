--
-- phone_index: btree, hash and BRIN indexes on phone are used for the
-- queries they serve and give the same answers as a sequential scan.
--
CREATE TABLE phone_test.contacts AS SELECT i, p FROM phone_test.gen;
CREATE INDEX contacts_btree ON phone_test.contacts (p);
ANALYZE phone_test.contacts;

-- btree: equality, ranges in order, min and max
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT i FROM phone_test.contacts WHERE p = '+14155552671';
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts WHERE p > '+44 20 7031 3000' ORDER BY p LIMIT 3;
SELECT p FROM phone_test.contacts WHERE p > '+44 20 7031 3000' ORDER BY p LIMIT 3;
EXPLAIN (COSTS OFF) SELECT min(p), max(p) FROM phone_test.contacts;

-- hash: equality
DROP INDEX phone_test.contacts_btree;
CREATE INDEX contacts_hash ON phone_test.contacts USING hash (p);
EXPLAIN (COSTS OFF) SELECT i FROM phone_test.contacts WHERE p = '+14155552671';
SELECT count(*) FROM phone_test.contacts WHERE p = (SELECT p FROM phone_test.gen WHERE i = 77);

-- BRIN: ranges
DROP INDEX phone_test.contacts_hash;
CREATE INDEX contacts_brin ON phone_test.contacts USING brin (p);
RESET enable_bitmapscan;
EXPLAIN (COSTS OFF) SELECT count(*) FROM phone_test.contacts
    WHERE p BETWEEN '+44 20 7031 3000' AND '+49 30 901820';
SELECT count(*) FROM phone_test.contacts WHERE p BETWEEN '+44 20 7031 3000' AND '+49 30 901820';
RESET enable_seqscan;
SELECT count(*) FROM phone_test.contacts WHERE p BETWEEN '+44 20 7031 3000' AND '+49 30 901820';
DROP INDEX phone_test.contacts_brin;

-- every lookup through an index finds exactly what a scan finds
CREATE INDEX contacts_btree ON phone_test.contacts (p);
CREATE FUNCTION phone_test.count_eq(v phone) RETURNS bigint LANGUAGE sql
    AS $$ SELECT count(*) FROM phone_test.contacts WHERE p = v $$;
SET enable_seqscan = off;
CREATE TABLE phone_test.by_index AS
    SELECT p, phone_test.count_eq(p) AS n FROM phone_test.gen WHERE i % 7 = 0;
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET enable_indexonlyscan = off;
SELECT count(*) AS mismatches FROM phone_test.by_index WHERE n <> phone_test.count_eq(p);
RESET enable_indexscan;
RESET enable_bitmapscan;
RESET enable_indexonlyscan;

-- a unique index refuses the same number written differently
CREATE TABLE phone_test.uniq (p phone UNIQUE);
INSERT INTO phone_test.uniq VALUES ('+1 415 555 2671');
INSERT INTO phone_test.uniq VALUES ('tel:+1-415-555-2671');
