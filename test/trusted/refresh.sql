-- test/trusted/refresh.sql: run by the installing role, which owns the
-- extension in its database and the schema "own".  It plants a capture in
-- every kind of object that phone_metadata_refresh() rebuilds or checks:
-- a generated column, a CHECK constraint, a domain constraint, an index
-- expression, a materialized view, and a BEFORE UPDATE trigger (fired by
-- the UPDATE that recomputes a generated column).  Each logs the role it
-- runs as and tries to make the installing role a superuser (which works
-- only when it runs as a superuser).  own.probe gives another value when
-- it runs as another role, so that a refresh by another role would find the
-- generated column changed and fire the trigger.  run.sh then has a
-- superuser run phone_metadata_refresh(): nothing may run as the
-- superuser, and the version must not be recorded.

\set ON_ERROR_STOP 1
CREATE SCHEMA own;
CREATE TABLE own.captured (what text, by_role name);
GRANT INSERT ON own.captured TO PUBLIC;
GRANT USAGE ON SCHEMA own TO PUBLIC;

CREATE FUNCTION own.capture(what text) RETURNS void
    LANGUAGE plpgsql VOLATILE AS $f$
BEGIN
    INSERT INTO own.captured VALUES (what, current_user);
    BEGIN
        EXECUTE 'ALTER ROLE regress_phone_installer SUPERUSER';
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
END
$f$;
-- IMMUTABLE in name only: expressions of indexes and generated columns
-- accept it, and it calls the volatile capture
CREATE FUNCTION own.probe(what text, v boolean) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    PERFORM own.capture(what);
    RETURN v AND current_user = 'regress_phone_installer';
END
$f$;
CREATE FUNCTION own.on_update() RETURNS trigger
    LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM own.capture('trigger');
    RETURN NEW;
END
$f$;

CREATE DOMAIN own.checked_phone AS phone CHECK (own.probe('domain constraint', phone_is_valid(VALUE)));
CREATE TABLE own.numbers (
    p phone,
    dp own.checked_phone,
    g boolean GENERATED ALWAYS AS (own.probe('generated column', phone_is_valid(p))) STORED,
    CONSTRAINT numbers_check CHECK (own.probe('constraint', phone_is_valid(p))));
CREATE INDEX numbers_probe_idx ON own.numbers (own.probe('index', phone_is_valid(p)));
CREATE TRIGGER numbers_on_update BEFORE UPDATE ON own.numbers
    FOR EACH ROW EXECUTE FUNCTION own.on_update();
INSERT INTO own.numbers (p, dp) VALUES ('+12015550123', '+12015550124');
CREATE MATERIALIZED VIEW own.numbers_mv AS
    SELECT own.probe('materialized view', phone_is_valid(p)) AS valid FROM own.numbers;
-- what the set-up itself logged is not what is checked
TRUNCATE own.captured;
SELECT count(*) FROM phone_metadata_dependents() WHERE relation::text LIKE 'own.%'
    OR name LIKE 'own.%';
