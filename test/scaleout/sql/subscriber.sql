--
-- subscriber.sql: the same table, subscribed to the publication.  Run with
-- the psql variables host, publisher_port and mode (text or binary):
--   psql -v host=127.0.0.1 -v publisher_port=5432 -v mode=binary -f subscriber.sql
-- In both modes the subscriber checks each number as its input functions
-- do (phone_in for text, phone_recv for binary) under its own settings.
--
\set ON_ERROR_STOP 1
-- accept what the publisher accepts: its numbers are checked under the
-- settings of this database (the apply workers run with them)
SELECT format('ALTER DATABASE %I SET phone.validation = %L', current_database(), 'any') \gexec
CREATE EXTENSION phone;
CREATE TABLE directory (phone phone PRIMARY KEY, id int NOT NULL, label text NOT NULL);
SELECT format('CREATE SUBSCRIPTION %I CONNECTION %L PUBLICATION directory_pub WITH (binary = %s)',
              'directory_' || :'mode',
              format('host=%s port=%s dbname=pub user=postgres', :'host', :'publisher_port'),
              CASE WHEN :'mode' = 'binary' THEN 'true' ELSE 'false' END) \gexec
