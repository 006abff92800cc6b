--
-- shard.sql: what each shard holds.  Run on every shard with the psql
-- variables r1 and r2, the two hash remainders (of modulus 4) it owns:
--   psql -v r1=0 -v r2=2 -f shard.sql
-- Each remainder gets its own tables, so that a remainder can later move to
-- another node on its own.  The tables carry the constraints that the
-- coordinator cannot: a partitioned table with foreign partitions has no
-- unique index, but since a number always hashes to the same remainder, a
-- unique constraint in each shard table is unique over the whole table.
-- The opt-outs of a number live next to its contacts, so a campaign's
-- selection (reachable_N: contacts without an sms opt-out) is computed on
-- the shard, whatever it needs: the coordinator reads the views.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION phone;

SELECT format($$
    CREATE TABLE contacts_%1$s (id int PRIMARY KEY, phone phone NOT NULL, source text);
    CREATE INDEX ON contacts_%1$s (phone);
    CREATE TABLE numbers_%1$s (phone phone PRIMARY KEY, first_id int NOT NULL);
    CREATE TABLE opt_outs_%1$s (phone phone NOT NULL, channel text NOT NULL,
                               PRIMARY KEY (phone, channel));
    CREATE VIEW reachable_%1$s AS
        SELECT c.id, c.phone FROM contacts_%1$s c
        WHERE NOT EXISTS (SELECT FROM opt_outs_%1$s o
                          WHERE o.phone = c.phone AND o.channel = 'sms');
$$, r)
FROM unnest(ARRAY[:r1, :r2]) r \gexec

-- A table that exists once per node, as a table that an extension creates
-- does (the consent ledger): it holds the rows of every remainder the node
-- owns.  Since the node owns the remainders r with r % 2 equal to its own
-- number's, the coordinator sees it as the partition of modulus 2 for that
-- remainder, and its rows are next to the contacts of the same numbers.
CREATE TABLE ledger (event_id bigint PRIMARY KEY, phone phone NOT NULL,
                     channel text NOT NULL, action text NOT NULL);
CREATE INDEX ON ledger (phone);
