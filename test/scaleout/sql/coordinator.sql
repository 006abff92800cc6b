--
-- coordinator.sql: the coordinator's view of the sharded tables.  Run with
-- the psql variables host, shard1_port and shard2_port:
--   psql -v host=127.0.0.1 -v shard1_port=5433 -v shard2_port=5434 -f coordinator.sql
-- Shard 1 owns the hash remainders 0 and 2, shard 2 owns 1 and 3.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION phone;
CREATE EXTENSION postgres_fdw;

-- extensions 'phone': the phone operators and functions may be evaluated on
-- the shards (they are installed there, in the same version)
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'host', port :'shard1_port', dbname 'postgres',
             extensions 'phone', batch_size '100');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'host', port :'shard2_port', dbname 'postgres',
             extensions 'phone', batch_size '100');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user 'postgres');

CREATE TABLE contacts (id int NOT NULL, phone phone NOT NULL, source text)
    PARTITION BY HASH (phone);
CREATE TABLE numbers (phone phone NOT NULL, first_id int NOT NULL)
    PARTITION BY HASH (phone);
CREATE TABLE opt_outs (phone phone NOT NULL, channel text NOT NULL)
    PARTITION BY HASH (phone);
-- read-only: views on the shards
CREATE TABLE reachable (id int NOT NULL, phone phone NOT NULL)
    PARTITION BY HASH (phone);

SELECT format($$
    CREATE FOREIGN TABLE %1$s_%2$s PARTITION OF %1$s
        FOR VALUES WITH (MODULUS 4, REMAINDER %2$s)
        SERVER %3$s OPTIONS (table_name '%1$s_%2$s');
$$, t, r, CASE WHEN r % 2 = 0 THEN 'shard1' ELSE 'shard2' END)
FROM unnest(ARRAY['contacts', 'numbers', 'opt_outs', 'reachable']) t, generate_series(0, 3) r
\gexec

-- one table per node (shard.sql): partitions of modulus 2, since shard 1
-- owns the remainders of modulus 4 that are 0 modulo 2, shard 2 the others
CREATE TABLE ledger (event_id bigint NOT NULL, phone phone NOT NULL,
                     channel text NOT NULL, action text NOT NULL)
    PARTITION BY HASH (phone);
CREATE FOREIGN TABLE ledger_shard1 PARTITION OF ledger
    FOR VALUES WITH (MODULUS 2, REMAINDER 0) SERVER shard1 OPTIONS (table_name 'ledger');
CREATE FOREIGN TABLE ledger_shard2 PARTITION OF ledger
    FOR VALUES WITH (MODULUS 2, REMAINDER 1) SERVER shard2 OPTIONS (table_name 'ledger');

-- the same data, unpartitioned, on this server alone: what every query on
-- the sharded tables must agree with
CREATE TABLE contacts_local (id int NOT NULL, phone phone NOT NULL, source text);
CREATE TABLE opt_outs_local (phone phone NOT NULL, channel text NOT NULL);

-- deterministic numbers: md5-derived digits in several countries, kept
-- where they are valid numbers (so every node accepts them under the
-- default settings)
CREATE TABLE gen AS
SELECT n, p AS phone
FROM generate_series(0, 1499) n,
     LATERAL (SELECT (ARRAY['1415', '1212', '447', '4420', '4915', '4930',
                            '3906', '3933', '8190', '331'])[n % 10 + 1] AS pre,
                     (ARRAY[7, 7, 9, 8, 9, 8, 8, 8, 8, 8])[n % 10 + 1] AS len) c,
     LATERAL phone_try_parse('+' || pre || substr(translate(md5(n::text), 'abcdef', '012345'), 1, len)) p
WHERE p IS NOT NULL;

-- two contacts for every number (ids n and n + 1500, or 1500 and 3000 for n = 0); every 7th number
-- opted out of sms
INSERT INTO contacts_local
SELECT i, phone, (ARRAY['crm', 'web', 'shop'])[i % 3 + 1]
FROM generate_series(1, 3000) i JOIN gen ON n = i % 1500;
INSERT INTO opt_outs_local
SELECT phone, 'sms' FROM gen WHERE n % 7 = 0;

-- load the sharded tables through their parents: rows go to their shard
INSERT INTO contacts SELECT * FROM contacts_local;
INSERT INTO opt_outs SELECT * FROM opt_outs_local;
INSERT INTO numbers SELECT phone, min(id) FROM contacts_local GROUP BY phone;
-- an event for every third number, two for every ninth
INSERT INTO ledger
SELECT row_number() OVER (ORDER BY n, k), phone, 'sms', CASE k WHEN 1 THEN 'grant' ELSE 'revoke' END
FROM gen, generate_series(1, 2) k
WHERE n % 3 = 0 AND (k = 1 OR n % 9 = 0);
ANALYZE contacts_local, opt_outs_local;
