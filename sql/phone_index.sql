--
-- phone_index: btree, hash and BRIN indexes on phone are used for the
-- queries they serve and give the same answers as a sequential scan.
--
CREATE TABLE phone_test.contacts AS SELECT i, p FROM phone_test.gen;
CREATE INDEX contacts_btree ON phone_test.contacts (p);
ANALYZE phone_test.contacts;

-- EXPLAIN (COSTS OFF) of a query, with its InitPlans written as PostgreSQL
-- 17 writes them on every version: up to 16 a plan shows "InitPlan 1
-- (returns $0)" and its value as $0, from 17 on "InitPlan 1" and
-- "(InitPlan 1).col1".  Nothing else of the plan is changed.
CREATE FUNCTION phone_test.explain(q text) RETURNS SETOF text
    LANGUAGE plpgsql AS $$
DECLARE
    plan text := '';
    line text;
    init text[];
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        plan := plan || line || E'\n';
    END LOOP;
    FOR init IN SELECT regexp_matches(plan, 'InitPlan (\d+) \(returns \$(\d+)\)', 'g') LOOP
        plan := replace(plan, format('InitPlan %s (returns $%s)', init[1], init[2]),
                        'InitPlan ' || init[1]);
        plan := regexp_replace(plan, '\$' || init[2] || '(?!\d)',
                               format('(InitPlan %s).col1', init[1]), 'g');
    END LOOP;
    RETURN QUERY SELECT l FROM regexp_split_to_table(rtrim(plan, E'\n'), E'\n') l;
END $$;

-- btree: equality, ranges in order, min and max
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT i FROM phone_test.contacts WHERE p = '+14155552671';
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts WHERE p > '+44 20 7031 3000' ORDER BY p LIMIT 3;
SELECT p FROM phone_test.contacts WHERE p > '+44 20 7031 3000' ORDER BY p LIMIT 3;
SELECT phone_test.explain('SELECT min(p), max(p) FROM phone_test.contacts') AS "QUERY PLAN";

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
