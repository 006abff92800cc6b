--
-- phone_soft_errors: input errors are soft, so pg_input_is_valid and
-- pg_input_error_info work without raising.  These functions exist from
-- PostgreSQL 16 on, and the Makefile runs this test there only.
--
SELECT pg_input_is_valid('+1 415 555 2671', 'phone') AS good,
       pg_input_is_valid('+1 415 555', 'phone') AS too_short,
       pg_input_is_valid('banana', 'phone') AS letters,
       pg_input_is_valid(repeat('1', 2000), 'phone') AS too_long;
\x on
SELECT * FROM pg_input_error_info('+354 555 123', 'phone');
SELECT * FROM pg_input_error_info('(415) 555-2671', 'phone');
\x off
