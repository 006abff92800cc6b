--
-- phone_casts: text <-> phone, bigint <-> phone.
--
-- text to phone is explicit
SELECT '+1 415 555 2671'::text::phone, CAST('tel:+44-20-7031-3000' AS phone);
CREATE TABLE phone_test.cast_target (p phone, t text);
INSERT INTO phone_test.cast_target (p) SELECT '+1 415 555 2671'::text;
-- phone to text is an assignment cast
INSERT INTO phone_test.cast_target (t) SELECT '+1 415 555 2671'::phone;
SELECT t FROM phone_test.cast_target;
-- no implicit cast: text functions do not take phone silently
SELECT length('+14155552671'::phone);
SELECT length('+14155552671'::phone::text);
SELECT '+1 415 555 2671'::phone || ' (mobile)';

-- bigint: the E.164 digits as an integer
SELECT '+1 415 555 2671'::phone::bigint, '+39 06 6988 3177'::phone::bigint;
SELECT 14155552671::phone, 390669883177::bigint::phone;
-- the Italian leading zero is inside the integer, so it survives
SELECT 390669883177::phone::bigint = 390669883177 AS round_trips;
-- out of range both ways
SELECT 0::bigint::phone;
SELECT (-14155552671)::bigint::phone;
SET phone.validation = 'any';
SELECT '+95 99999999999999999'::phone;
SELECT '+95 99999999999999999'::phone::bigint;
-- the whole range of bigint is covered, up to its largest value
SELECT '+9223372036854775807'::phone::bigint;
SELECT 9223372036854775807::phone;
SELECT 9223372036854775807::phone::bigint = 9223372036854775807 AS round_trips;
SELECT '+9223372036854775806'::phone::bigint;
SELECT '+9223372036854775808'::phone::bigint;
RESET phone.validation;
-- checked like text input, and must be canonical
SELECT 19995550000::phone;
SELECT 4402070313000::phone;
SELECT 999123456::bigint::phone;
