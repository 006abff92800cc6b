-- test/trusted/exercise.sql: run by a superuser in a database where the
-- extension lives in schema "ext" among the overloads that
-- test/trusted/overloads.sql planted there.  Calls every report, writer
-- and decision function, and the guard triggers, error paths included.
-- The calls of this script are typed exactly, with every argument given,
-- and "ext" is not on search_path: whatever calls an overload is the
-- extension's own SQL.  Any error but the expected ones (an ambiguous
-- call: 42725, "function ... is not unique") stops the script.

\set ON_ERROR_STOP 1
SET search_path = pg_catalog, public;
SET TimeZone = 'UTC';
SET client_min_messages = warning;
SET phone.validation = 'possible';

CREATE TABLE public.contacts (id integer PRIMARY KEY, raw text, vc varchar(40), num ext.phone);
INSERT INTO public.contacts VALUES
    (1, '+1 201 555 0180', '+12015550180', '+12015550180'::text::ext.phone),
    (2, '(201) 555-0180', '201.555.0180', '+12015550180'::text::ext.phone),
    (3, '+1 201 555 0181', 'n/a', '+12015550181'::text::ext.phone),
    (4, 'not a number', NULL, NULL),
    (5, '+1 200 555 0100', '+1 200 555 0100', '+12005550100'::text::ext.phone);

-- writers
SELECT ext.phone_consent_grant('+12015550180'::text::ext.phone, 'sms'::text, 'informational'::text,
                               'web_form'::text, NULL::bigint, '{}'::jsonb,
                               now() - interval '2 hours', NULL::timestamptz, false, NULL::text, NULL::text, NULL::text, 'default'::text) > 0 AS granted;
DO $$
BEGIN
    -- not a valid number: the message calls phone_check
    PERFORM ext.phone_consent_grant('+12005550100'::text::ext.phone, 'sms'::text, 'informational'::text,
                                    'web_form'::text, NULL::bigint, '{}'::jsonb, now(),
                                    NULL::timestamptz, false, NULL::text, NULL::text, NULL::text, 'default'::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
DO $$
BEGIN
    -- written consent needs a notice
    PERFORM ext.phone_consent_grant('+12015550180'::text::ext.phone, 'sms'::text, 'marketing'::text,
                                    'agent'::text, NULL::bigint, '{}'::jsonb, now(),
                                    NULL::timestamptz, false, NULL::text, NULL::text, NULL::text, 'default'::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
INSERT INTO ext.phone_consent_notice (name, version, body, created_at) VALUES ('web', 1::integer, 'I agree.'::text, '2024-01-01Z'::timestamptz);
SELECT ext.phone_consent_grant('+12015550183'::text::ext.phone, 'sms'::text, 'marketing'::text,
                               'web_form'::text, (SELECT max(notice_id) FROM ext.phone_consent_notice),
                               '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "web"}'::jsonb, now() - interval '2 hours', NULL::timestamptz, false,
                               NULL::text, NULL::text, NULL::text, 'default'::text) > 0 AS granted_with_notice;
SELECT ext.phone_consent_grant('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                               'agent'::text, NULL::bigint, '{}'::jsonb, now() - interval '1 hour',
                               NULL::timestamptz, true, NULL::text, NULL::text, NULL::text, 'default'::text) > 0 AS pending;
SELECT ext.phone_consent_confirm('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                                 'sms_reply'::text, '{}'::jsonb, now(), NULL::text, NULL::text, 'default'::text) > 0 AS confirmed;
DO $$
BEGIN
    -- nothing pending any more
    PERFORM ext.phone_consent_confirm('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                                      'sms_reply'::text, '{}'::jsonb, now(), NULL::text, NULL::text, 'default'::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    NULL;
END
$$;
SELECT ext.phone_consent_revoke('+12015550180'::text::ext.phone, 'sms'::text, 'informational'::text,
                                'agent'::text, '{}'::jsonb, now() + interval '1 day', NULL::text, NULL::text, 'default'::text) > 0 AS revoked_future;
SELECT ext.phone_consent_revoke('+12015550180'::text::ext.phone, NULL::text, NULL::text,
                                'unspecified'::text, '[1]'::jsonb, now(), NULL::text, NULL::text, NULL::text) > 0 AS revoked_all;
-- SMS keywords: STOP, START, YES (a pending consent, then nothing pending), HELP, other
SELECT ext.phone_consent_grant('+12015550182'::text::ext.phone, 'sms'::text, 'informational'::text,
                               'web_form'::text, NULL::bigint, '{}'::jsonb, now() - interval '3 hours',
                               NULL::timestamptz, false, NULL::text, NULL::text, NULL::text, 'default'::text) > 0 AS granted;
SELECT (ext.phone_consent_apply_sms('+12015550182'::text::ext.phone, 'STOP'::text, now() - interval '2 hours', NULL::text, 'default'::text)).keyword;
SELECT (ext.phone_consent_apply_sms('+12015550182'::text::ext.phone, 'START'::text, now() - interval '1 hour', NULL::text, 'default'::text)).keyword;
SELECT ext.phone_consent_grant('+12015550182'::text::ext.phone, 'mms'::text, 'informational'::text,
                               'web_form'::text, NULL::bigint, '{"form_id": "web"}'::jsonb, now() - interval '30 minutes',
                               NULL::timestamptz, true, NULL::text, NULL::text, NULL::text, 'default'::text) > 0 AS pending;
SELECT (ext.phone_consent_apply_sms('+12015550182'::text::ext.phone, 'YES'::text, now() - interval '10 minutes', NULL::text, 'default'::text)).keyword;
SELECT (ext.phone_consent_apply_sms('+12015550182'::text::ext.phone, 'YES'::text, now(), NULL::text, 'default'::text)).keyword;
SELECT (ext.phone_consent_apply_sms('+12015550182'::text::ext.phone, 'HELP'::text, now(), NULL::text, 'default'::text)).keyword;
SELECT (ext.phone_consent_apply_sms('+12015550182'::text::ext.phone, 'hello'::text, now(), NULL::text, 'default'::text)).keyword IS NULL AS no_keyword;
SELECT ext.phone_mark_disconnected('+12015550184'::text::ext.phone, current_date - 1, NULL::text, NULL::text) > 0 AS disconnected;

-- decisions
SELECT (ext.phone_contact_decision('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                                   now(), NULL::text[])).reason IS NOT NULL AS decided;
SELECT (ext.phone_contact_decision('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                                   now(), ARRAY['America/New_York']::text[])).reason IS NOT NULL AS decided_tz;
SELECT (ext.phone_contact_decision('+12015550181'::text::ext.phone, 'sms'::text, 'account_security'::text,
                                   now(), NULL::text[])).reason IS NOT NULL AS decided_opt_out;
SELECT count(*) = 2 AS decided_list
  FROM ext.phone_contact_decisions(ARRAY['+12015550181', '+12015550184']::text[]::ext.phone[],
                                   'voice'::text, 'informational'::text, now(), NULL::text[],
                                   'default'::text);
SELECT count(*) = 1 AS decided_list_tz
  FROM ext.phone_contact_decisions(ARRAY['+12015550181']::text[]::ext.phone[], 'voice'::text,
                                   'informational'::text, now(), ARRAY['America/New_York']::text[],
                                   'default'::text);
SELECT count(*) = 1 AS decided_list_program
  FROM ext.phone_contact_decisions(ARRAY['+12015550181']::text[]::ext.phone[], 'voice'::text,
                                   'informational'::text, now(), NULL::text[], 'brand_a'::text);
SELECT ext.phone_can_contact('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                             now(), NULL::text[], 'default'::text) IS NOT NULL AS can_contact;
SELECT (ext.phone_contact_decision('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text,
                                   now(), NULL::text[], 'infinity'::timestamptz, 'brand_a'::text)).reason
       IS NOT NULL AS decided_program;
SELECT ext.phone_consent_status('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text, now(),
                                'infinity'::timestamptz, 'brand_a'::text) IS NOT NULL AS status_program;
SELECT (ext.phone_consent_state('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text, now(),
                                'infinity'::timestamptz, 'brand_a'::text)).status IS NOT NULL AS state_program;
SELECT ext.phone_consent_status('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text, now())
       IS NOT NULL AS status;
SELECT (ext.phone_consent_state('+12015550181'::text::ext.phone, 'voice'::text, 'informational'::text, now())).status
       IS NOT NULL AS state;
SELECT (ext.phone_contact_hours('+13055550100'::text::ext.phone, 'marketing'::text)).opens IS NOT NULL AS hours;
SELECT count(*) >= 0 AS current_view FROM ext.phone_consent_current;
SELECT (ext.phone_version()).extension IS NOT NULL AS version;

-- reports: text, varchar and phone columns, with and without a region
SELECT count(*) > 0 AS audit FROM ext.phone_audit('public.contacts'::regclass, 'raw'::name, NULL::text);
SELECT count(*) > 0 AS audit FROM ext.phone_audit('public.contacts'::regclass, 'vc'::name, 'US'::text);
SELECT count(*) > 0 AS audit FROM ext.phone_audit('public.contacts'::regclass, 'num'::name, NULL::text);
SELECT count(*) >= 0 AS dup FROM ext.phone_duplicates('public.contacts'::regclass, 'raw'::name, 'US'::text);
SELECT count(*) >= 0 AS dup FROM ext.phone_duplicates('public.contacts'::regclass, 'num'::name, NULL::text);
SELECT count(*) >= 0 AS without FROM ext.phone_without_consent('public.contacts'::regclass, 'raw'::name,
                                                               'sms'::text, 'informational'::text, now());
SELECT count(*) >= 0 AS without FROM ext.phone_without_consent('public.contacts'::regclass, 'num'::name,
                                                               'voice'::text, 'account_security'::text, now());
DO $$
BEGIN
    PERFORM ext.phone_audit('public.contacts'::regclass, 'nope'::name, NULL::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN undefined_column THEN
    NULL;
END
$$;
DO $$
BEGIN
    PERFORM ext.phone_audit('public.contacts'::regclass, 'id'::name, NULL::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN datatype_mismatch THEN
    NULL;
END
$$;
DO $$
BEGIN
    PERFORM ext.phone_duplicates('public.contacts'::regclass, 'raw'::name, 'XX'::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
DO $$
BEGIN
    PERFORM ext.phone_without_consent('public.contacts'::regclass, 'raw'::name, 'fax'::text,
                                      'informational'::text, now());
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;

-- guards
DO $$
BEGIN
    DELETE FROM ext.phone_consent;
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
DO $$
BEGIN
    UPDATE ext.phone_consent_notice SET body = 'changed'::text;
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
DO $$
BEGIN
    UPDATE ext.phone_consent_purpose SET description = 'x'::text WHERE predefined;
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;

-- erasure and retention
SELECT ext.phone_erase('+12015550183'::text::ext.phone, 'request-1'::text, 'suppress'::text) >= 0 AS erased;
DO $$
BEGIN
    -- suppressed: consent from before the erasure is refused
    PERFORM ext.phone_consent_grant('+12015550183'::text::ext.phone, 'sms'::text, 'informational'::text,
                                    'import'::text, NULL::bigint, '{}'::jsonb, now() - interval '1 day',
                                    NULL::timestamptz, false, NULL::text, NULL::text, NULL::text, 'default'::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    NULL;
END
$$;
DO $$
BEGIN
    PERFORM ext.phone_erase('+12015550183'::text::ext.phone, 'request-2'::text, 'shred'::text);
    RAISE EXCEPTION 'no error';
EXCEPTION WHEN invalid_parameter_value THEN
    NULL;
END
$$;
SELECT ext.phone_erase('+12015550183'::text::ext.phone, 'request-3'::text, 'forget'::text) >= 0 AS forgotten;
SELECT count(*) >= 0 AS purgeable FROM ext.phone_consent_purgeable('0 seconds'::interval);
SELECT ext.phone_consent_purge('0 seconds'::interval, true) >= 0 AS purge_dry;
SELECT ext.phone_consent_purge('0 seconds'::interval, false) >= 0 AS purged;
SELECT 'exercised' AS done;
