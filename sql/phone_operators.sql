--
-- phone_operators: every operator agrees with the order of the E.164 text
-- (C collation) on a few thousand generated pairs, and hashing agrees with
-- equality.
--
-- Generated values: a calling code and 2 to 14 digits taken from md5, so
-- the data is the same on every server.  Structure-only validation lets
-- any digits in, but for a national prefix written twice after the
-- calling code ("+49 00...", "+1 11..."), which is refused: there the
-- first digit is replaced by 5.
SET phone.validation = 'any';
CREATE TABLE phone_test.gen AS
SELECT i, ('+' || cc || substr(d, 1, 2 + (i % 13)))::phone AS p
FROM (SELECT i, cc,
             CASE WHEN substr(d, 1, 2) = CASE cc WHEN '1' THEN '11' WHEN '7' THEN '88'
                                                 ELSE '00' END
                       AND cc IN ('1', '7', '44', '33', '49')
                  THEN '5' || substr(d, 2) ELSE d END AS d
      FROM (SELECT i,
                   (ARRAY['1', '44', '33', '49', '7', '39', '354', '800', '86', '1', '44', '1'])[1 + i % 12] AS cc,
                   translate(md5(i::text) || md5((i * 31)::text), 'abcdef', '012345') AS d
            FROM generate_series(1, 3000) i) g) s;
RESET phone.validation;

-- some values are prefixes of others, and there are duplicates
CREATE TABLE phone_test.pairs AS
SELECT a.p AS a, b.p AS b
FROM phone_test.gen a
JOIN phone_test.gen b ON b.i = 1 + (a.i * 7 + 3) % 3000
UNION ALL
SELECT a.p, b.p FROM phone_test.gen a JOIN phone_test.gen b
    ON b.i = a.i + 1 AND a.i % 10 = 0
UNION ALL
SELECT p, p FROM phone_test.gen WHERE i % 5 = 0
UNION ALL
-- each value against its own prefixes (same calling code, fewer digits)
SELECT a.p, b.p FROM phone_test.gen a JOIN phone_test.gen b
    ON a.i <> b.i AND b.p::text LIKE a.p::text || '%' AND a.i % 3 = 0;

SELECT count(*) >= 3000 AS enough_pairs,
       count(*) FILTER (WHERE a = b) > 0 AS has_equal,
       count(*) FILTER (WHERE b::text LIKE a::text || '_%') > 0 AS has_prefix
FROM phone_test.pairs;

SELECT
    count(*) FILTER (WHERE (a =  b) IS DISTINCT FROM (a::text COLLATE "C" =  b::text COLLATE "C")) AS eq_wrong,
    count(*) FILTER (WHERE (a <> b) IS DISTINCT FROM (a::text COLLATE "C" <> b::text COLLATE "C")) AS ne_wrong,
    count(*) FILTER (WHERE (a <  b) IS DISTINCT FROM (a::text COLLATE "C" <  b::text COLLATE "C")) AS lt_wrong,
    count(*) FILTER (WHERE (a <= b) IS DISTINCT FROM (a::text COLLATE "C" <= b::text COLLATE "C")) AS le_wrong,
    count(*) FILTER (WHERE (a >  b) IS DISTINCT FROM (a::text COLLATE "C" >  b::text COLLATE "C")) AS gt_wrong,
    count(*) FILTER (WHERE (a >= b) IS DISTINCT FROM (a::text COLLATE "C" >= b::text COLLATE "C")) AS ge_wrong,
    count(*) FILTER (WHERE phone_cmp(a, b) IS DISTINCT FROM
        CASE WHEN a::text COLLATE "C" < b::text COLLATE "C" THEN -1
             WHEN a::text = b::text THEN 0 ELSE 1 END) AS cmp_wrong,
    count(*) FILTER (WHERE a = b AND phone_hash(a) <> phone_hash(b)) AS hash_wrong,
    count(*) FILTER (WHERE a = b AND phone_hash_extended(a, 42) <> phone_hash_extended(b, 42)) AS xhash_wrong
FROM phone_test.pairs;

-- hash and extended hash spread values (no constant hash)
SELECT count(DISTINCT phone_hash(p)) > 2900 AS hash_spreads,
       count(DISTINCT phone_hash_extended(p, 0)) > 2900 AS xhash_spreads,
       bool_and((phone_hash_extended(p, 0) & 4294967295) = (phone_hash(p)::bigint & 4294967295)) AS seed0_matches_hash
FROM (SELECT DISTINCT p FROM phone_test.gen) s;

-- sorting: ORDER BY phone is ORDER BY E.164 text in C collation
SELECT (SELECT array_agg(p::text ORDER BY p) FROM phone_test.gen) =
       (SELECT array_agg(p::text ORDER BY p::text COLLATE "C") FROM phone_test.gen) AS sort_matches;

-- min and max
SELECT min(p) = (SELECT p FROM phone_test.gen ORDER BY p LIMIT 1) AS min_ok,
       max(p) = (SELECT p FROM phone_test.gen ORDER BY p DESC LIMIT 1) AS max_ok,
       min(p) AS min, max(p) AS max
FROM phone_test.gen;
SELECT min(p), max(p) FROM phone_test.gen WHERE false;

-- hash aggregation and merge join use the operators' HASHES and MERGES
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT p, count(*) FROM phone_test.gen GROUP BY p;
RESET enable_sort;
SELECT count(*) AS groups FROM (SELECT p FROM phone_test.gen GROUP BY p) s;
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM phone_test.gen a JOIN phone_test.gen b ON a.p = b.p;
SELECT count(*) FROM phone_test.gen a JOIN phone_test.gen b ON a.p = b.p;
RESET enable_hashjoin;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM phone_test.gen a JOIN phone_test.gen b ON a.p = b.p;
SELECT count(*) FROM phone_test.gen a JOIN phone_test.gen b ON a.p = b.p;
RESET enable_mergejoin;
RESET enable_nestloop;
