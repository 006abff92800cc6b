-- bench/bench.sql: the SQL half of the benchmark (run by bench/run.sh)
--
-- psql variables:
--   dir    directory the server can read, holding the files written by
--          run.sh: digits.txt (E.164 digits, for bigint), e164.txt
--          ("+" and digits), intl.txt (international written forms),
--          probes_digits.txt / probes_e164.txt (10,000 of the numbers),
--          prefixes.tsv (prefix digits, bigint range low and high)
--   runs   how many times each figure is measured (the median is kept)
--   out    file (client side) that receives the medians
--
-- Every measurement is one top-level statement (psql's \gexec), so each
-- commits on its own; kinds are interleaved within each round so that a
-- slow moment of the machine does not fall on one kind only.  Round 0 is
-- a warm-up (caches, hint bits) and is not counted.  Times are
-- the server's own: clock_timestamp() around the statement, or the
-- "Execution Time" of EXPLAIN (ANALYZE, TIMING OFF), which runs the query
-- to the end without sending rows to the client.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS phone;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
SET search_path = bench, public;

-- one row per measurement
CREATE TABLE result (
    section text,       -- copy, size, query, index, lookup
    item text,          -- what was measured
    kind text,          -- bigint, phone, text, text_check, phone_written
    run int,
    value float8,
    unit text
);

-- wall-clock milliseconds of one statement
CREATE FUNCTION time_ms(stmt text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
BEGIN
    t0 := clock_timestamp();
    EXECUTE stmt;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

-- execution time of a query, as EXPLAIN ANALYZE reports it
CREATE FUNCTION explain_ms(query text) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ' || query
        INTO plan;
    RETURN (plan -> 0 ->> 'Execution Time')::float8;
END $$;

-- the plan's top node types, for the record ("Sort <- Seq Scan")
CREATE FUNCTION plan_shape(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    node json;
    shape text := '';
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    node := plan -> 0 -> 'Plan';
    WHILE node IS NOT NULL LOOP
        shape := shape || CASE WHEN shape = '' THEN '' ELSE ' <- ' END
                 || (node ->> 'Node Type');
        node := node -> 'Plans' -> -1;
    END LOOP;
    RETURN shape;
END $$;

-- total milliseconds of one query per prefix (each planned with its
-- constant, as an application would send it), and the rows they counted
CREATE FUNCTION prefix_queries(kind text, OUT ms float8, OUT nrows bigint)
LANGUAGE plpgsql AS $$
DECLARE
    p record;
    n bigint;
    t0 timestamptz;
BEGIN
    nrows := 0;
    t0 := clock_timestamp();
    FOR p IN SELECT * FROM prefixes LOOP
        IF kind = 'phone' THEN
            EXECUTE format('SELECT count(*) FROM t_phone WHERE v ^@ %L',
                           '+' || p.digits) INTO n;
        ELSIF kind = 'text' THEN
            EXECUTE format('SELECT count(*) FROM t_text WHERE v LIKE %L',
                           '+' || p.digits || '%') INTO n;
        ELSE
            EXECUTE format('SELECT count(*) FROM t_bigint WHERE v BETWEEN %s AND %s',
                           p.lo, p.hi) INTO n;
        END IF;
        nrows := nrows + n;
    END LOOP;
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

CREATE TABLE t_bigint (v bigint);
CREATE TABLE t_phone (v phone);
CREATE TABLE t_text (v text COLLATE "C");
CREATE TABLE t_text_check (v text COLLATE "C"
                           CHECK (v ~ '^\+[1-9][0-9]{6,14}$'));
CREATE TABLE t_phone_written (v phone);

-- which table each kind of COPY loads, from which file, under which
-- phone.validation; phone_possible and phone_any show what the numbering-
-- plan checks cost
CREATE TABLE source (kind text, tbl text, file text, validation text, ord int);
INSERT INTO source VALUES
    ('bigint', 't_bigint', 'digits.txt', 'valid', 1),
    ('phone', 't_phone', 'e164.txt', 'valid', 2),
    ('text', 't_text', 'e164.txt', 'valid', 3),
    ('text_check', 't_text_check', 'e164.txt', 'valid', 4),
    ('phone_written', 't_phone_written', 'intl.txt', 'valid', 5),
    ('phone_possible', 't_phone_written', 'e164.txt', 'possible', 6),
    ('phone_any', 't_phone_written', 'e164.txt', 'any', 7);

-- the three kinds that are indexed and queried
CREATE TABLE qkind (kind text, ord int);
INSERT INTO qkind VALUES ('bigint', 1), ('phone', 2), ('text', 3);

-- ---------------------------------------------------------------------
-- 1. COPY
-- ---------------------------------------------------------------------
SELECT CASE WHEN s.ord = 1 THEN 'CHECKPOINT' END AS c,
       format('TRUNCATE %s', s.tbl) AS t,
       format('SET phone.validation = %L', s.validation) AS v,
       format($f$INSERT INTO result SELECT 'copy', 'COPY', %L, %s,
                 time_ms(%L), 'ms'$f$,
              s.kind, r, format('COPY %s FROM %L', s.tbl,
                                :'dir' || '/' || s.file)) AS m
FROM generate_series(0, :runs) r, source s
ORDER BY r, s.ord \gexec
RESET phone.validation;
TRUNCATE t_phone_written;
SELECT format('COPY t_phone_written FROM %L', :'dir' || '/intl.txt') \gexec

-- ---------------------------------------------------------------------
-- 2. Table size (after the last COPY), then visibility for index-only scans
-- ---------------------------------------------------------------------
SELECT format('VACUUM (FREEZE, ANALYZE) %s', tbl) FROM source
WHERE kind NOT IN ('phone_possible', 'phone_any') ORDER BY ord \gexec
INSERT INTO result
SELECT 'size', 'table size', kind, 1,
       pg_table_size(tbl::regclass) / 1048576.0, 'MB'
FROM source WHERE kind NOT IN ('phone_possible', 'phone_any');

-- ---------------------------------------------------------------------
-- 3. ORDER BY, GROUP BY (hash aggregate) and a self hash join, no index
-- ---------------------------------------------------------------------
SET work_mem = '512MB';
SET max_parallel_workers_per_gather = 0;
SET jit = off;

INSERT INTO result
SELECT 'plan', x.item, q.kind, 0, NULL, plan_shape(format(x.query, q.kind))
FROM qkind q, (VALUES
    ('ORDER BY', 'SELECT v FROM t_%s ORDER BY v'),
    ('GROUP BY', 'SELECT v, count(*) FROM t_%s GROUP BY v'),
    ('hash join', 'SELECT count(*) FROM t_%1$s a JOIN t_%1$s b ON a.v = b.v')) x(item, query);

SELECT format($f$INSERT INTO result SELECT 'query', 'ORDER BY', %L, %s,
                 explain_ms(%L), 'ms'$f$,
              q.kind, r, format('SELECT v FROM t_%s ORDER BY v', q.kind))
FROM generate_series(0, :runs) r, qkind q ORDER BY r, q.ord \gexec

SET enable_sort = off;
SELECT format($f$INSERT INTO result SELECT 'query', 'GROUP BY', %L, %s,
                 explain_ms(%L), 'ms'$f$,
              q.kind, r, format('SELECT v, count(*) FROM t_%s GROUP BY v', q.kind))
FROM generate_series(0, :runs) r, qkind q ORDER BY r, q.ord \gexec
RESET enable_sort;

SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT format($f$INSERT INTO result SELECT 'query', 'hash join', %L, %s,
                 explain_ms(%L), 'ms'$f$,
              q.kind, r, format('SELECT count(*) FROM t_%1$s a JOIN t_%1$s b ON a.v = b.v', q.kind))
FROM generate_series(0, :runs) r, qkind q ORDER BY r, q.ord \gexec
RESET enable_mergejoin;
RESET enable_nestloop;

-- ---------------------------------------------------------------------
-- 4. btree index build and size
-- ---------------------------------------------------------------------
SET maintenance_work_mem = '512MB';
SET max_parallel_maintenance_workers = 0;
SELECT format('DROP INDEX IF EXISTS i_%s', q.kind) AS d,
       format($f$INSERT INTO result SELECT 'index', 'CREATE INDEX', %L, %s,
                 time_ms(%L), 'ms'$f$,
              q.kind, r, format('CREATE INDEX i_%1$s ON t_%1$s (v)', q.kind)) AS m
FROM generate_series(0, :runs) r, qkind q ORDER BY r, q.ord \gexec
INSERT INTO result
SELECT 'size', 'index size', kind, 1,
       pg_relation_size(format('i_%s', kind)::regclass) / 1048576.0, 'MB'
FROM qkind;

-- ---------------------------------------------------------------------
-- 5. Lookups through the index: 10,000 equality probes (a nested loop of
--    index scans) and 1,000 prefix queries
-- ---------------------------------------------------------------------
CREATE TABLE p_bigint (v bigint);
CREATE TABLE p_phone (v phone);
CREATE TABLE p_text (v text COLLATE "C");
SELECT format('COPY p_bigint FROM %L', :'dir' || '/probes_digits.txt') \gexec
SELECT format('COPY p_phone FROM %L', :'dir' || '/probes_e164.txt') \gexec
SELECT format('COPY p_text FROM %L', :'dir' || '/probes_e164.txt') \gexec
CREATE TABLE prefixes (digits text, lo bigint, hi bigint);
SELECT format('COPY prefixes FROM %L', :'dir' || '/prefixes.tsv') \gexec
VACUUM ANALYZE p_bigint, p_phone, p_text, prefixes;

SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_seqscan = off;
INSERT INTO result
SELECT 'plan', 'equality lookup', q.kind, 0, NULL,
       plan_shape(format('SELECT count(*) FROM p_%1$s p JOIN t_%1$s t ON t.v = p.v', q.kind))
FROM qkind q;
SELECT format($f$INSERT INTO result SELECT 'lookup', 'equality lookup', %L, %s,
                 explain_ms(%L) * 1000 / (SELECT count(*) FROM p_%s), 'us'$f$,
              q.kind, r,
              format('SELECT count(*) FROM p_%1$s p JOIN t_%1$s t ON t.v = p.v', q.kind),
              q.kind)
FROM generate_series(0, :runs) r, qkind q ORDER BY r, q.ord \gexec
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_seqscan;

-- an index-only scan for every kind (the planner's row estimates differ by
-- type and would otherwise pick bitmap scans for some)
SET enable_bitmapscan = off;
INSERT INTO result
SELECT 'plan', 'prefix query', q.kind, 0, NULL, plan_shape(
    CASE q.kind
        WHEN 'phone' THEN format('SELECT count(*) FROM t_phone WHERE v ^@ %L', '+' || p.digits)
        WHEN 'text' THEN format('SELECT count(*) FROM t_text WHERE v LIKE %L', '+' || p.digits || '%')
        ELSE format('SELECT count(*) FROM t_bigint WHERE v BETWEEN %s AND %s', p.lo, p.hi)
    END)
FROM qkind q, (SELECT * FROM prefixes LIMIT 1) p;
INSERT INTO result
SELECT 'rows', 'prefix query', q.kind, 0, (prefix_queries(q.kind)).nrows, 'rows'
FROM qkind q;
SELECT format($f$INSERT INTO result SELECT 'lookup', 'prefix query', %L, %s,
                 (prefix_queries(%L)).ms * 1000 / (SELECT count(*) FROM prefixes), 'us'$f$,
              q.kind, r, q.kind)
FROM generate_series(0, :runs) r, qkind q ORDER BY r, q.ord \gexec
RESET enable_bitmapscan;

-- ---------------------------------------------------------------------
-- Medians
-- ---------------------------------------------------------------------
\o :out
COPY (SELECT section, item, kind,
             CASE WHEN section = 'plan' THEN NULL
                  ELSE percentile_cont(0.5) WITHIN GROUP (ORDER BY value) END,
             min(unit), count(*)
      FROM result WHERE run > 0 OR section IN ('size', 'plan', 'rows')
      GROUP BY section, item, kind
      ORDER BY section, item, kind) TO STDOUT;
\o
