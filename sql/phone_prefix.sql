--
-- phone_prefix: phone ^@ text, "the E.164 digits start with these digits",
-- and its index support.
--
SELECT p, pre, p ^@ pre AS starts_with
FROM (VALUES ('+14155552671'::phone), ('+442070313000'::phone)) v(p),
     (VALUES ('+1'), ('+1 415'), ('1415'), ('+1 (415) 555-2671'), ('+14155552672'),
             ('+44'), ('4'), ('+442070313000'), (U&'\FF0B\FF14\FF14')) w(pre)
ORDER BY 1, 2;

-- the same answers as LIKE on the text, over the generated values
SELECT pre,
       count(*) FILTER (WHERE p ^@ pre) AS n,
       count(*) FILTER (WHERE (p ^@ pre) <> (p::text LIKE '+' || pre || '%')) AS wrong
FROM phone_test.gen, (VALUES ('1'), ('14'), ('44'), ('7'), ('3'), ('35'), ('800'), ('8'), ('19')) w(pre)
GROUP BY pre ORDER BY pre;

-- malformed prefixes are errors
SELECT '+14155552671'::phone ^@ '';
SELECT '+14155552671'::phone ^@ '+';
SELECT '+14155552671'::phone ^@ '+1 415 x';
SELECT '+14155552671'::phone ^@ '12345678901234567890';
SELECT '+14155552671'::phone ^@ NULL;

-- with a btree index, a constant prefix becomes an index range scan
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts WHERE p ^@ '+1 415';
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts WHERE phone_starts_with(p, '44');
SELECT count(*) AS via_index FROM phone_test.contacts WHERE p ^@ '+44';
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT count(*) AS via_scan FROM phone_test.contacts WHERE p::text LIKE '+44%';

-- a prefix known only when the query runs still uses the index: its
-- bounds are computed when the scan starts
SELECT phone_test.explain($$SELECT p FROM phone_test.contacts c WHERE p ^@ (SELECT '44')$$)
    AS "QUERY PLAN";
SET plan_cache_mode = force_generic_plan;
PREPARE prefix_count(text) AS
    SELECT count(*) FROM phone_test.contacts WHERE p ^@ $1;
EXPLAIN (COSTS OFF) EXECUTE prefix_count('+44');
EXECUTE prefix_count('+44');
EXECUTE prefix_count('1 415');
EXECUTE prefix_count(NULL);
EXECUTE prefix_count('+44 x');
-- the same rows as the call itself finds
PREPARE prefix_rows(text) AS
    SELECT bool_and(phone_starts_with(p, $1)) AS all_match, count(*)
    FROM phone_test.contacts WHERE p ^@ $1;
EXPLAIN (COSTS OFF) EXECUTE prefix_rows('+44');
EXECUTE prefix_rows('+44');
SELECT count(*) FROM phone_test.contacts WHERE phone_starts_with(p, '+44');
DEALLOCATE prefix_rows;
DEALLOCATE prefix_count;
RESET plan_cache_mode;
-- a volatile prefix, or one read from the same row, is a filter
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts c
WHERE p ^@ (CASE WHEN random() < 2 THEN '44' END);
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts c WHERE p ^@ p::text;
-- the bounds themselves
SELECT phone_prefix_lower('+44'), phone_prefix_upper('+44'),
       phone_prefix_lower('+1 (415)'), phone_prefix_upper('1415'),
       phone_prefix_lower(NULL) IS NULL AS strict;
SELECT phone_prefix_lower('4x');
SELECT phone_prefix_upper('');

-- the planner never fails on a constant that is no prefix: the call is a
-- filter, and the error comes when it runs
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts WHERE p ^@ 'abc';
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts WHERE p ^@ '';
CREATE FUNCTION phone_test.scan_of(query text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        RETURN line;
    END LOOP;
END $$;
SELECT phone_test.scan_of($$SELECT p FROM phone_test.contacts WHERE p ^@ repeat('1', 2000)$$);
SELECT phone_test.scan_of($$SELECT p FROM phone_test.contacts WHERE p ^@ repeat('1', 20)$$);
SELECT phone_test.scan_of($$SELECT p FROM phone_test.contacts WHERE p ^@ repeat('4', 2)$$);
SELECT p FROM phone_test.contacts WHERE p ^@ 'abc';

-- and a BRIN index can use it too
CREATE TABLE phone_test.brin_only AS SELECT p FROM phone_test.gen;
CREATE INDEX ON phone_test.brin_only USING brin (p);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM phone_test.brin_only WHERE p ^@ '+44';
SELECT count(*) FROM phone_test.brin_only WHERE p ^@ '+44';
RESET enable_seqscan;
