--
-- phone_cost: the functions that parse, look a number up or format cost
-- more than `=` (COST, src/sql/phone/type.sql), so the planner evaluates the
-- cheap conditions of a filter first, whatever order they are written in.
--

-- every function of the extension with a cost other than the default of
-- a C function.  Not listed, deliberately at 1 (cheap): phone_out,
-- text(phone) and int8(phone) only unrank the stored value into its E.164
-- digits (phone_unrank), phone_send only writes its rank: arithmetic with
-- no parse, no lookup in the numbering plans and no pattern, as cheap as
-- `=`.
SELECT p.oid::regprocedure AS function, p.procost
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
JOIN pg_catalog.pg_extension e ON d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = e.oid
WHERE e.extname = 'phone' AND p.prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'c')
  AND p.procost <> 1
ORDER BY p.procost, p.oid::regprocedure::text;

CREATE TABLE phone_cost_t (id int, p phone, note text);

-- written expensive first: the comparison runs first, then the lookups,
-- then the formatting
EXPLAIN (COSTS OFF)
SELECT id FROM phone_cost_t
WHERE phone_format(p, 'national') = '(415) 555-0100'
  AND phone_is_valid(p)
  AND phone_region(p) = 'US'
  AND p < '+44 20 7031 3000';

-- a parse of a text column comes after a condition on an integer, and a
-- pseudonym after the parse
EXPLAIN (COSTS OFF)
SELECT id FROM phone_cost_t
WHERE phone_pseudonym(p) IS NOT NULL
  AND phone_try_parse(note) = p
  AND id > 10;

DROP TABLE phone_cost_t;
