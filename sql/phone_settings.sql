--
-- phone_settings: phone.default_region and phone.validation, and the
-- volatility that follows from them.
--
-- no region: national numbers are refused with a hint
SET phone.default_region = '';
SELECT '(415) 555-2671'::phone;
-- with a region they parse; international input ignores the region
SET phone.default_region = 'US';
SELECT '(415) 555-2671'::phone, '415.555.2671'::phone, '1 415 555 2671'::phone,
       '+44 20 7031 3000'::phone;
SET phone.default_region = 'fr';
SHOW phone.default_region;
SELECT '07 52 62 61 65'::phone, '0752626165'::phone, '00 1 415 555 2671'::phone;
SET phone.default_region = 'GB';
SELECT '020 7031 3000'::phone, '00 33 7 52 62 61 65'::phone;
-- an unknown region is refused when set
SET phone.default_region = 'XX';
SET phone.default_region = 'UK';
SET phone.default_region = '001';
RESET phone.default_region;

-- validation levels
SET phone.validation = 'valid';
SELECT '+1 415 055 2671'::phone;
SET phone.validation = 'possible';
SELECT '+1 415 055 2671'::phone;
SELECT '+1 415 555 26711'::phone;
SET phone.validation = 'any';
SELECT '+1 415 555 26711'::phone;
SELECT '+1 9'::phone;
SELECT '+999 123 456'::phone;
SET phone.validation = 'strict';
RESET phone.validation;
SHOW phone.validation;

-- input reads settings, so it is STABLE, and cannot be used where an
-- IMMUTABLE function is required
CREATE TABLE phone_test.raw_text (t text);
CREATE INDEX ON phone_test.raw_text ((t::phone));
SELECT p.proname, p.provolatile
FROM pg_proc p
WHERE p.oid IN ('phone_in'::regproc, 'phone_recv'::regproc, 'phone_out'::regproc,
                'phone_send'::regproc, 'phone(text)'::regprocedure, 'text(phone)'::regprocedure)
ORDER BY 1, 2;
