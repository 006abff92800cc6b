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

-- a prefix that is not a constant is a filter
EXPLAIN (COSTS OFF) SELECT p FROM phone_test.contacts c WHERE p ^@ (SELECT '44');

-- and a BRIN index can use it too
CREATE TABLE phone_test.brin_only AS SELECT p FROM phone_test.gen;
CREATE INDEX ON phone_test.brin_only USING brin (p);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM phone_test.brin_only WHERE p ^@ '+44';
SELECT count(*) FROM phone_test.brin_only WHERE p ^@ '+44';
RESET enable_seqscan;
