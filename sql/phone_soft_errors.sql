--
-- phone_soft_errors: on PostgreSQL 16 and later, input errors are soft, so
-- pg_input_is_valid and pg_input_error_info work without raising.  On 15
-- these functions do not exist and the test stops here
-- (expected/phone_soft_errors_1.out).
--
SELECT current_setting('server_version_num')::int < 160000 AS no_soft_errors \gset
\if :no_soft_errors
\quit
\endif
SELECT pg_input_is_valid('+1 415 555 2671', 'phone') AS good,
       pg_input_is_valid('+1 415 555', 'phone') AS too_short,
       pg_input_is_valid('banana', 'phone') AS letters;
\x on
SELECT * FROM pg_input_error_info('+354 555 123', 'phone');
SELECT * FROM pg_input_error_info('(415) 555-2671', 'phone');
\x off
