--
-- phone_plan: the numbering-plan functions.  Expected values follow
-- Google's libphonenumber (metadata version below).
--
SELECT phone_metadata_version();

-- phone_parse with a region: national forms, trunk prefixes, international
-- dialling prefixes, tel: URIs with phone-context, vanity numbers
SELECT input, region, phone_parse(input, region)
FROM (VALUES
    ('(415) 555-2671', 'US'),
    ('1 (415) 555-2671', 'US'),
    ('011 44 20 7031 3000', 'US'),
    ('07 52 62 61 65', 'FR'),
    ('00 49 30 901820', 'FR'),
    ('020 7031 3000', 'GB'),
    ('+44 (0)20 7031 3000', 'GB'),
    ('06 6988 3177', 'IT'),
    ('0011 61 2 9374 4000', 'AU'),
    ('(02) 9374 4000', 'AU'),
    ('03-3580-3311', 'JP'),
    ('001 81 3 3580 3311', 'KR'),
    ('011 15 2345-6789', 'AR'),
    ('tel:7031-3000;phone-context=+44-20', NULL),
    ('1-800-FLOWERS', 'US'),
    ('+1 415 555 2671', NULL),
    ('+1 415 555 2671', 'ZZ'),
    ('+1 415 555 2671', 'de')
) v(input, region);

-- errors: as the type input, whatever phone.validation says
SET phone.validation = 'any';
SELECT phone_parse('+1 415 055 2671', NULL);
RESET phone.validation;
SELECT phone_parse('(415) 555-2671', NULL);
SELECT phone_parse('(415) 555-2671', 'XX');
SELECT phone_parse('(415) 555-2671', 'UK');
SELECT phone_parse(NULL, 'US') IS NULL AS null_in_null_out;

-- phone_try_parse: NULL instead of an error
SELECT input, region, phone_try_parse(input, region)
FROM (VALUES ('(415) 555-2671', 'US'), ('(415) 555-2671', NULL), ('(415) 555-267', 'US'),
             ('banana', 'US'), ('+1 415 555 2671', 'XX'), ('+1 415 555 2671 x12', NULL)) v(input, region);

-- phone_split: number and extension apart
SELECT input, (phone_split(input, 'US')).*
FROM (VALUES ('+1 415 555 2671 ext. 123'), ('(415) 555-2671 x9'), ('tel:+1-415-555-2671;ext=77'),
             ('415 555 2671')) v(input);
SELECT * FROM phone_split('(415) 555-267 ext. 1', 'US');

-- phone_check: the verdict on an input
SELECT input, region, phone_check(input, region)
FROM (VALUES ('+1 415 555 2671', NULL), ('+1 415 055 2671', NULL), ('+999 123', NULL),
             ('(415) 555-2671', NULL), ('+1 415 555', NULL), ('+1 415 555 26711', NULL),
             ('+354 555 12345', NULL), ('banana', NULL), ('', NULL),
             ('+1 415 555 2671 ext. 5', NULL), ('020 7031 3000', 'GB'), ('+1 2', NULL),
             ('+1 415 555 2671 8888 8888 8888', NULL)) v(input, region);
SELECT phone_check('+1 415 555 2671', 'XX');

-- number information
SELECT p, phone_country_code(p), phone_national_number(p), phone_region(p),
       phone_type(p), phone_is_valid(p)
FROM (VALUES ('+1 415 555 2671'::phone), ('+1 416 555 0123'), ('+1 876 555 0123'),
             ('+1 800 555 0199'), ('+7 495 123 45 67'), ('+7 701 123 45 67'),
             ('+44 20 7031 3000'), ('+44 7400 123456'), ('+44 1481 256789'),
             ('+39 06 6988 3177'),
             ('+39 312 345 6789'), ('+800 1234 5678'), ('+882 13 123 45678'),
             ('+33 7 52 62 61 65'), ('+49 30 901820'), ('+44 900 123 4567')) v(p);
-- shared calling codes: the region is found from the number
SELECT r.region, r.country_code, t, phone_example(r.region, t) AS example,
       phone_region(phone_example(r.region, t)) AS found
FROM phone_regions() r, (VALUES ('fixed_line'::phone_number_type), ('mobile')) w(t)
WHERE r.region IN ('US', 'CA', 'JM', 'PR', 'RU', 'KZ', 'GB', 'GG', 'JE', 'IM', 'RE', 'YT', 'FI', 'AX')
ORDER BY 2, 1, 3;
-- regions whose example numbers libphonenumber itself attributes to another
-- region of the same calling code (the examples are shared)
SELECT region, example, phone_region(example) AS found
FROM phone_regions() WHERE phone_region(example) IS DISTINCT FROM region ORDER BY 1;

-- information is computed on any stored value, valid or not
SET phone.validation = 'any';
SELECT p, phone_region(p), phone_type(p), phone_is_valid(p)
FROM (VALUES ('+1 999 555 0000'::phone), ('+44 99'::phone)) v(p);
RESET phone.validation;

-- formatting, as libphonenumber writes each style
SELECT p, phone_format(p, 'e164') AS e164, phone_format(p, 'international') AS international,
       phone_format(p, 'national') AS national, phone_format(p, 'rfc3966') AS rfc3966
FROM (VALUES ('+1 415 555 2671'::phone), ('+44 20 7031 3000'), ('+39 06 6988 3177'),
             ('+33 7 52 62 61 65'), ('+49 30 901820'), ('+81 3-3580-3311'),
             ('+800 1234 5678'), ('+7 495 123 45 67'), ('+54 9 11 2345 6789'),
             ('+52 55 1234 5678'), ('+61 2 9374 4000')) v(p);
SELECT phone_format('+14155552671', 'INTERNATIONAL');
SELECT phone_format('+14155552671', 'fancy');

-- dialling from another region
SELECT p, f, phone_format_out_of_country(p, f)
FROM (VALUES ('+1 415 555 2671'::phone), ('+44 20 7031 3000')) v(p),
     (VALUES ('US'), ('CA'), ('GB'), ('DE'), ('AU'), ('JP')) w(f)
ORDER BY 1, 2;
SELECT phone_format_out_of_country('+14155552671', 'XX');

-- matching raw text against a stored number
SELECT t, phone_match('+33 7 52 62 61 65'::phone, t)
FROM (VALUES ('+33 7 52 62 61 65'), ('07 52 62 61 65'), ('752626165'), ('0033752626165'),
             ('+44 7 52 62 61 65'), ('62 61 65'), ('banana'), ('+33 7 52 62 61 66')) v(t);

-- regions for a drop-down, and example numbers
SELECT count(*) AS regions, count(DISTINCT country_code) AS calling_codes,
       count(*) FILTER (WHERE example IS NULL) AS without_example,
       count(*) FILTER (WHERE phone_region(example) = region) AS examples_in_their_region
FROM phone_regions();
SELECT * FROM phone_regions() WHERE region IN ('US', 'GB', 'FR', 'IT', 'JP', 'IS') ORDER BY region;
SELECT phone_example('GB'), phone_example('GB', 'fixed_line'), phone_example('US', 'toll_free'),
       phone_example('gb', 'pager'), phone_example('US', 'pager') IS NULL AS us_has_no_pager;
SELECT phone_example('XX');
-- an example of each type is of that type, except where the fixed-line and
-- mobile ranges overlap (then both are fixed_line_or_mobile, as in
-- libphonenumber)
SELECT t, count(*) AS examples,
       count(*) FILTER (WHERE phone_type(phone_example(region, t)) = t) AS of_that_type,
       count(*) FILTER (WHERE phone_type(phone_example(region, t)) = 'fixed_line_or_mobile') AS overlapping
FROM phone_regions(), unnest(enum_range(NULL::phone_number_type)) t
WHERE phone_example(region, t) IS NOT NULL
GROUP BY 1 ORDER BY 1;

-- functions with a region argument can be used in generated columns and
-- expression indexes (they read no setting)
CREATE TABLE phone_test.imports (raw text, country text,
    p phone GENERATED ALWAYS AS (phone_try_parse(raw, country)) STORED);
INSERT INTO phone_test.imports VALUES ('(415) 555-2671', 'US'), ('020 7031 3000', 'GB'), ('nope', 'US');
SELECT * FROM phone_test.imports;
CREATE INDEX ON phone_test.imports (phone_region(p));
