-- test/trusted/capture.sql: run by the installing role, which owns the
-- schema "evil" and installs the extension into it.  Before installing, it
-- plants functions that a careless script or function body would call in
-- place of the built-in ones: each is a better match than pg_catalog's
-- (an exact argument type against a polymorphic or VARIADIC "any" one).
-- When called they try to make the installing role a superuser (which
-- works only when they run as a superuser) and log the call.  The script
-- run.sh then checks that nothing was logged and that the role is still
-- no superuser.

\set ON_ERROR_STOP 1
CREATE SCHEMA evil;
CREATE TABLE evil.captured (fn text, by_role name);
GRANT INSERT ON evil.captured TO PUBLIC;
GRANT USAGE ON SCHEMA evil TO PUBLIC;

CREATE FUNCTION evil.escalate(fn text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO evil.captured VALUES (fn, current_user);
    BEGIN
        EXECUTE 'ALTER ROLE regress_phone_installer SUPERUSER';
    EXCEPTION WHEN insufficient_privilege THEN
        NULL;
    END;
END
$f$;

CREATE FUNCTION evil.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('unnest(text[])');
    RETURN QUERY SELECT pg_catalog.unnest($1);
END
$f$;
CREATE FUNCTION evil.format(text, text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('format(text, text)');
    RETURN pg_catalog.format($1, $2);
END
$f$;
CREATE FUNCTION evil.format(text, text, text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('format(text, text, text)');
    RETURN pg_catalog.format($1, $2, $3);
END
$f$;
CREATE FUNCTION evil.jsonb_build_object(text, timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('jsonb_build_object(text, timestamptz)');
    RETURN pg_catalog.jsonb_build_object($1, $2);
END
$f$;
CREATE FUNCTION evil.jsonb_build_object(text, text, text, text) RETURNS jsonb LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('jsonb_build_object(text, text, text, text)');
    RETURN pg_catalog.jsonb_build_object($1, $2, $3, $4);
END
$f$;
CREATE FUNCTION evil.cardinality(text[]) RETURNS integer LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('cardinality(text[])');
    RETURN pg_catalog.cardinality($1);
END
$f$;
CREATE FUNCTION evil.array_position(text[], text) RETURNS integer LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('array_position(text[], text)');
    RETURN pg_catalog.array_position($1, $2);
END
$f$;
CREATE FUNCTION evil.coalesce_text(text) RETURNS text LANGUAGE sql AS 'SELECT $1';

-- the install script runs as the bootstrap superuser
CREATE EXTENSION phone SCHEMA evil;
CREATE EXTENSION phone_consent SCHEMA evil;

-- after installing: the same trap for the types the extension defines
CREATE FUNCTION evil.phone_is_valid(text) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM evil.escalate('phone_is_valid(text)');
    RETURN true;
END
$f$;

-- exercise the functions, error paths included
SET search_path = evil, public;
SET phone.validation = 'possible';
SELECT evil.phone_consent_grant('+12015550180', 'sms', 'informational', 'web_form') > 0;
DO $$
BEGIN
    -- a possible but invalid number: the error message is formatted
    PERFORM evil.phone_consent_grant('+12005550100', 'sms', 'informational', 'web_form');
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
DO $$
BEGIN
    PERFORM evil.phone_consent_grant('+12015550180', 'sms', 'marketing', 'agent');
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
SELECT evil.phone_consent_grant('+12015550181', 'voice', 'informational', 'agent',
                                double_opt_in => true, occurred_at => now() - interval '1 hour') > 0;
SELECT evil.phone_consent_confirm('+12015550181', 'voice', 'informational') > 0;
SELECT evil.phone_consent_revoke('+12015550180', 'sms', 'informational',
                                 occurred_at => now() + interval '1 day') > 0;
SELECT (evil.phone_consent_apply_sms('+12015550181', 'STOP')).keyword = 'opt_out';
SELECT (evil.phone_consent_apply_sms('+12015550181', 'START')).keyword = 'opt_in';
SELECT (evil.phone_consent_apply_sms('+12015550181', 'YES')).keyword IS NOT NULL;
SELECT evil.phone_mark_disconnected('+12015550182', current_date - 1) > 0;
SELECT (evil.phone_contact_decision('+12015550181', 'voice', 'informational')).reason IS NOT NULL;
SELECT (evil.phone_contact_decision('+12015550181', 'voice', 'informational',
                                    callee_tz => ARRAY['America/New_York'])).reason IS NOT NULL;
SELECT evil.phone_can_contact('+12015550181', 'voice', 'informational') IS NOT NULL;
SELECT count(*) = 2 FROM evil.phone_contact_decisions('{+12015550181,+12015550182}', 'voice', 'informational');
SELECT count(*) = 1 FROM evil.phone_contact_decisions('{+12015550181}', 'voice', 'informational',
                                                      callee_tz => ARRAY['America/New_York']);
SELECT count(*) >= 0 FROM evil.phone_consent_current;
INSERT INTO evil.phone_consent_notice (name, version, body) VALUES ('web', 1, 'I agree.');
SELECT evil.phone_consent_grant('+12015550183', 'sms', 'marketing', 'web_form',
                                notice_id => (SELECT max(notice_id) FROM evil.phone_consent_notice),
                                evidence => '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "web"}') > 0;
-- erasure and retention (SECURITY DEFINER), error paths included
SELECT evil.phone_erase('+12015550183', 'request-1') >= 0;
DO $$
BEGIN
    PERFORM evil.phone_erase('+12015550183', 'request-2', 'shred');
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
SELECT evil.phone_consent_purge('0 seconds', true) >= 0;
SELECT evil.phone_consent_purge('0 seconds', false) >= 0;
DO $$
BEGIN
    DELETE FROM evil.phone_consent_notice;
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
DO $$
BEGIN
    UPDATE evil.phone_consent_purpose SET description = 'x' WHERE predefined;
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
