--
-- phone_mask: the masked form for display.  The calling code stays; the
-- national significant number is starred but for its last `visible` digits
-- (default 4), and never more than half of them (rounded down) are shown.
--

-- the examples of the documentation
SELECT phone_mask('+1 415 555 0123') AS us_default,
       phone_mask('+44 7400 123456', 2) AS gb_two,
       phone_mask('+44 7400 123456') AS gb_default;

-- every visible from 0 to 7 on a 10-digit national number: at most 5 shown
SELECT v, phone_mask('+44 20 7031 3000', v)
FROM generate_series(0, 7) AS v
ORDER BY v;

-- national numbers of other lengths and calling codes of 1 to 3 digits
SELECT n, phone_mask(n::phone) AS default_mask, phone_mask(n::phone, 100) AS widest
FROM (VALUES ('+39 06 1234 5678'), ('+354 555 1234'), ('+683 4002'),
             ('+49 30 123456'), ('+81 3-1234-5678'), ('+62 812 3456 7890'),
             ('+7 495 123 45 67')) AS t(n)
ORDER BY n::phone;

-- the largest visible there is
SELECT phone_mask('+1 415 555 0123', 2147483647);

-- a negative count is an error
SELECT phone_mask('+1 415 555 0123', -1);
SELECT phone_mask('+1 415 555 0123', -2147483648);

SELECT (phone_test.statement_error($$SELECT phone_mask('+1 415 555 0123', -1)$$)).code AS sqlstate;

-- STRICT: NULL in, NULL out
SELECT phone_mask(NULL::phone) IS NULL AS null_number,
       phone_mask('+1 415 555 0123', NULL) IS NULL AS null_visible;

-- named arguments
SELECT phone_mask(number => '+1 415 555 0123', visible => 3);

-- the mask never holds more digits of the national number than it hides,
-- over a table of numbers and counts
CREATE TABLE phone_test.mask_numbers (n phone);
INSERT INTO phone_test.mask_numbers VALUES
    ('+14155552671'), ('+442070313000'), ('+390612345678'), ('+3545551234'),
    ('+6834002'), ('+819012345678'), ('+4930123456'), ('+61491570156');
SELECT count(*) AS checked,
       count(*) FILTER (WHERE
           2 * length(regexp_replace(substr(m, length(phone_country_code(n)::text) + 3), '\*', '', 'g'))
               > length(phone_national_number(n))
           OR length(m) <> length(n::text) + 1
           OR NOT starts_with(m, '+' || phone_country_code(n) || ' ')
           OR NOT starts_with(reverse(n::text),
                              reverse(regexp_replace(m, '^.* \**', '')))) AS wrong
FROM phone_test.mask_numbers, generate_series(0, 20) AS v,
     LATERAL phone_mask(n, v) AS m;

-- IMMUTABLE: usable in an index and a generated column
CREATE INDEX ON phone_test.mask_numbers (phone_mask(n));
ALTER TABLE phone_test.mask_numbers
    ADD COLUMN masked text GENERATED ALWAYS AS (phone_mask(n, 2)) STORED;
SELECT n, masked FROM phone_test.mask_numbers ORDER BY n LIMIT 3;
DROP TABLE phone_test.mask_numbers;

-- catalog entry
SELECT p.oid::regprocedure, p.provolatile, p.proisstrict, p.proparallel,
       pg_get_function_arguments(p.oid) AS arguments,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
FROM pg_proc p
WHERE p.proname = 'phone_mask';
