--
-- subscriber.sql: the same table, subscribed to the publication.  Run with
-- the psql variables host, publisher_port and mode (text or binary):
--   psql -v host=127.0.0.1 -v publisher_port=5432 -v mode=binary -f subscriber.sql
-- Default settings: the replication workers (initial copy and apply) read
-- back every value the publisher stored, whatever phone.validation says
-- here (phone_in for text, phone_recv for binary; doc/operations.md).  The
-- generated column is computed here from each value that arrives.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION phone;
CREATE TABLE directory (phone phone PRIMARY KEY, id int NOT NULL, label text NOT NULL,
                        intl text GENERATED ALWAYS AS (phone_format(phone, 'international')) STORED);
SELECT format('CREATE SUBSCRIPTION %I CONNECTION %L PUBLICATION directory_pub WITH (binary = %s)',
              'directory_' || :'mode',
              format('host=%s port=%s dbname=pub user=postgres', :'host', :'publisher_port'),
              CASE WHEN :'mode' = 'binary' THEN 'true' ELSE 'false' END) \gexec
