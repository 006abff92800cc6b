--
-- phone_output: text output is canonical E.164 whatever the settings, and
-- always reads back as the same value.
--
SET phone.validation = 'valid';

CREATE TABLE phone_test.samples (p phone);
INSERT INTO phone_test.samples VALUES
    ('+1 415 555 2671'), ('+44 20 7031 3000'), ('+39 06 6988 3177'),
    ('+33 7 52 62 61 65'), ('+49 30 901820'), ('+81 3-3580-3311'),
    ('+800 1234 5678'), ('+354 551 1234');

-- the Italian leading zero is part of the number and survives
SELECT p, p::text AS text, length(p::text) FROM phone_test.samples ORDER BY 1;

-- output does not depend on settings
SET phone.default_region = 'FR';
SET phone.validation = 'any';
SELECT string_agg(p::text, ' ' ORDER BY p) FROM phone_test.samples;
RESET phone.default_region;
RESET phone.validation;

-- output reads back as the same value under every setting
SELECT s.setting, r.region,
       bool_and(set_config('phone.validation', s.setting, true) IS NOT NULL
                AND set_config('phone.default_region', r.region, true) IS NOT NULL
                AND p::text::phone = p) AS round_trips
FROM phone_test.samples,
     (VALUES ('valid'), ('possible'), ('any')) s(setting),
     (VALUES (''), ('US'), ('IT')) r(region)
GROUP BY 1, 2 ORDER BY 1, 2;

-- values stored under 'any' print and read back under 'any'
SET phone.validation = 'any';
SELECT p, p::text::phone = p AS round_trips
FROM (VALUES ('+1 999 555 0000'::phone), ('+44 99'::phone)) v(p);
RESET phone.validation;
