--
-- test/complexity/complexity.sql: the SQL side of make test-complexity
-- (see test/complexity/run.sh).  Creates the schema complexity with the
-- shapes, the entry points and the timing function, then prints one line
-- per entry point and shape:
--     entry|shape|ms for 8 KB inputs|ms for 64 KB inputs|ratio
-- Both sizes are timed over the same total of bytes (8 times as many 8 KB
-- inputs), so that a linear entry point has a ratio near 1 and a
-- quadratic one near 8.
--
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS phone;
CREATE EXTENSION IF NOT EXISTS phone_consent;
DROP SCHEMA IF EXISTS complexity CASCADE;
CREATE SCHEMA complexity;
SET search_path = complexity, public;

-- The pathological shapes: the text of n bytes (about) of each
CREATE TABLE shape (name text PRIMARY KEY, expr text NOT NULL);
INSERT INTO shape VALUES
    ('commas', $$'1' || repeat(',', n)$$),
    ('digits', $$repeat('1', n)$$),
    ('spaced digits', $$'+' || repeat('1 ', n / 2)$$),
    ('leading spaces', $$repeat(' ', n - 15) || '+1 650 253 0000'$$),
    ('parentheses', $$repeat('(', n - 15) || '+1 650 253 0000'$$),
    ('plus signs', $$repeat('+', n)$$),
    ('tildes', $$'+1 650 253 0000 ' || repeat('~', n)$$),
    ('semicolons', $$'1' || repeat(';', n)$$),
    ('extensions', $$'+1 650 253 0000' || repeat(' ext 1', n / 6)$$),
    ('tel parameters', $$'tel:+1-650-253-0000' || repeat(';a=b', n / 4)$$),
    ('letters', $$repeat('a1', n / 2)$$),
    ('zero-width spaces', $$repeat(U&'\200B', n / 3) || '+16502530000'$$),
    ('full-width digits', $$repeat(U&'\FF11', n / 3)$$),
    ('arabic digits', $$U&'+\0661' || repeat(U&'\0662 ', n / 3)$$),
    ('bidi marks', $$repeat(U&'\200F1', n / 4)$$);

-- The entry points: an expression over the text $1 (row), or a query over
-- the table input(v text) (table); COPY reads each input from a file
CREATE TABLE entry (name text PRIMARY KEY, kind text NOT NULL, expr text NOT NULL);
INSERT INTO entry VALUES
    ('type input', 'row', $$phone_in($1::cstring)$$),
    ('cast', 'row', $$$1::phone$$),
    ('phone_parse', 'row', $$phone_parse($1)$$),
    ('phone_parse region', 'row', $$phone_parse($1, 'US')$$),
    ('phone_parse region arg', 'row', $$phone_parse('6502530000', $1)$$),
    ('phone_try_parse', 'row', $$phone_try_parse($1, 'US')$$),
    ('phone_split', 'row', $$phone_split($1, 'US')$$),
    ('phone_check', 'row', $$phone_check($1, 'US')$$),
    ('phone_match', 'row', $$phone_match('+16502530000', $1)$$),
    ('^@', 'row', $$'+16502530000'::phone ^@ $1$$),
    ('phone_prefix_lower', 'row', $$phone_prefix_lower($1)$$),
    ('phone_format style', 'row', $$phone_format('+16502530000', $1)$$),
    ('phone_format_out_of_country', 'row', $$phone_format_out_of_country('+16502530000', $1)$$),
    ('phone_example', 'row', $$phone_example($1, 'mobile')$$),
    ('phone_report_number', 'row', $$phone_report_number($1, 'US')$$),
    ('phone_sms_keyword', 'row', $$phone_sms_keyword($1)$$),
    ('COPY', 'copy', ''),
    ('phone_audit', 'table', $$SELECT count(*) FROM phone_audit('pg_temp.input', 'v', 'US')$$),
    ('phone_duplicates', 'table', $$SELECT count(*) FROM phone_duplicates('pg_temp.input', 'v', 'US')$$),
    ('count(phone_check)', 'table', $$SELECT count(phone_check(v, 'US')) FROM pg_temp.input$$);

-- The inputs are in the temporary table pg_temp.input(v text) of each
-- session (made by best_ms), so that sessions never wait for each other

-- Milliseconds to run an entry point over every row of input.  Errors
-- about the data are expected (most inputs are refused) and each is caught
-- alone; any other error (a mistake in this file) stops the test.
CREATE FUNCTION run_ms(e entry) RETURNS float8 LANGUAGE plpgsql AS $f$
DECLARE
    t0 timestamptz;
    v text;
    file text := format('%s/phone-complexity-%s.txt',
                        current_setting('data_directory'), pg_backend_pid());
BEGIN
    t0 := clock_timestamp();
    IF e.kind = 'table' THEN
        BEGIN
            EXECUTE e.expr;
        EXCEPTION WHEN data_exception THEN NULL;
        END;
    ELSE
        FOR v IN SELECT i.v FROM pg_temp.input i LOOP
            BEGIN
                IF e.kind = 'copy' THEN
                    EXECUTE format('COPY (SELECT %L) TO %L', v, file);
                    EXECUTE format('COPY pg_temp.copied FROM %L', file);
                ELSE
                    EXECUTE 'SELECT (' || e.expr || ')::text' USING v;
                END IF;
            EXCEPTION WHEN data_exception THEN NULL;
            END;
        END LOOP;
    END IF;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $f$;

-- The best of three runs of an entry point over shape at size bytes,
-- count inputs of them
CREATE FUNCTION best_ms(e entry, sh shape, size int, count int) RETURNS float8
    LANGUAGE plpgsql AS $f$
DECLARE
    best float8;
    t float8;
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS input (v text);
    CREATE TEMP TABLE IF NOT EXISTS copied (p phone);
    TRUNCATE pg_temp.input;
    EXECUTE format('INSERT INTO pg_temp.input SELECT %s FROM generate_series(1, $2), (SELECT $1 AS n) s',
                   sh.expr) USING size, count;
    FOR i IN 1..3 LOOP
        t := complexity.run_ms(e);
        best := least(best, t);
    END LOOP;
    RETURN best;
END $f$;
