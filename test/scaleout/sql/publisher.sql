--
-- publisher.sql: a table keyed by phone, published.  Logical replication
-- needs wal_level = logical on this server.
--
\set ON_ERROR_STOP 1
CREATE EXTENSION phone;
CREATE TABLE directory (phone phone PRIMARY KEY, id int NOT NULL, label text NOT NULL);
INSERT INTO directory
SELECT phone, n, 'initial' FROM (
    SELECT n, phone_try_parse('+' || pre || substr(translate(md5(n::text), 'abcdef', '012345'), 1, len)) phone
    FROM generate_series(0, 999) n,
         LATERAL (SELECT (ARRAY['1415', '447', '4930', '3906', '8190'])[n % 5 + 1] AS pre,
                         (ARRAY[7, 9, 8, 8, 8])[n % 5 + 1] AS len) c) s
WHERE phone IS NOT NULL;
-- values stored under the other validation levels
SET phone.validation = possible;
INSERT INTO directory VALUES ('+354 123 4567', 2001, 'possible'), ('+1 201 055 0123', 2002, 'possible');
SET phone.validation = 'any';
INSERT INTO directory VALUES ('+354 12345', 2003, 'any'), ('+44 12', 2004, 'any');
RESET phone.validation;
CREATE PUBLICATION directory_pub FOR TABLE directory;
