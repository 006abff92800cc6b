-- test/trusted/adopt.sql: run by the installing role, which owns the
-- schema "legacy" and installs phone 1.0 there (its consent objects belong
-- to phone), then updates phone to 1.1, which detaches them.  As owner of
-- the schema it may drop objects of that schema that belong to no
-- extension: it replaces phone_consent_check_args, which the writers
-- call by name, with a function of its own, and calls a writer.  Then it
-- runs the adoption itself (CREATE EXTENSION phone_consent VERSION
-- 'unpackaged'; ALTER EXTENSION phone_consent UPDATE).  run.sh checks that
-- the planted function never ran as another role, that the adoption was
-- refused, and that the role is still no superuser.  Statements run on
-- after errors (ON_ERROR_STOP is off).

CREATE SCHEMA legacy;
CREATE EXTENSION phone VERSION '1.0' SCHEMA legacy;
ALTER EXTENSION phone UPDATE TO '1.1';
CREATE SCHEMA spy;
CREATE TABLE spy.captured (fn text, by_role name);
GRANT USAGE ON SCHEMA spy TO PUBLIC;
GRANT INSERT ON spy.captured TO PUBLIC;
SET phone.validation = 'possible';

DROP FUNCTION legacy.phone_consent_check_args(text, text, text, boolean);
CREATE FUNCTION legacy.phone_consent_check_args(channel text, purpose text, method text,
                                                allow_all boolean) RETURNS void
    LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO spy.captured VALUES ('phone_consent_check_args', current_user);
    BEGIN
        EXECUTE 'ALTER ROLE regress_phone_installer SUPERUSER';
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
END
$f$;
SELECT legacy.phone_consent_grant('+12015550180', 'sms', 'informational', 'web_form');

CREATE EXTENSION phone_consent VERSION 'unpackaged' SCHEMA legacy;
ALTER EXTENSION phone_consent UPDATE TO '1.1';
SELECT legacy.phone_consent_grant('+12015550180', 'sms', 'informational', 'web_form');
