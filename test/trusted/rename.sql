-- test/trusted/rename.sql: run by the installing role, which owns the
-- schema "mine" and installs both extensions into it.  It then renames
-- the schema and creates another under the old name, holding its own
-- phone_is_valid(phone) and what a writer's body names before calling it.
-- Were the rename allowed, phone_consent_grant (SECURITY DEFINER, owned by
-- the bootstrap superuser, whose body names mine.phone_is_valid) would run
-- the planted function as that superuser.  run.sh checks that the rename
-- was refused, that nothing was captured, and that the role is still no
-- superuser (the planted function also says as whom it ran in a WARNING,
-- which outlives a rollback of the writer).  Statements after the refused
-- rename run on, as an attacker's would (ON_ERROR_STOP is off).

CREATE SCHEMA mine;
CREATE EXTENSION phone SCHEMA mine;
CREATE EXTENSION phone_consent SCHEMA mine;
CREATE SCHEMA spy;
CREATE TABLE spy.captured (fn text, by_role name);
GRANT USAGE ON SCHEMA spy TO PUBLIC;
GRANT INSERT ON spy.captured TO PUBLIC;
SET phone.validation = 'possible';

ALTER SCHEMA mine RENAME TO mine_old;
CREATE SCHEMA mine;
CREATE TABLE mine.phone_consent (LIKE mine_old.phone_consent);
CREATE TABLE mine.phone_consent_purpose (LIKE mine_old.phone_consent_purpose);
CREATE FUNCTION mine.phone_is_valid(mine_old.phone) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO spy.captured VALUES ('phone_is_valid(phone)', current_user);
    RAISE WARNING 'captured: phone_is_valid(phone) ran as %', current_user;
    BEGIN
        EXECUTE 'ALTER ROLE regress_phone_installer SUPERUSER';
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
    RETURN true;
END
$f$;
SELECT mine_old.phone_consent_grant('+12015550180', 'sms', 'informational', 'web_form');
SELECT mine.phone_consent_grant('+12015550180', 'sms', 'informational', 'web_form');
