-- demo/consent.sql: the consent chapter of the demo.  Expects the phone
-- extension in the current database, and installs phone_consent next to it.  Every instant is written out, so the
-- output is the same on every run.
SET TimeZone = 'UTC';
\pset footer off
\pset format wrapped
\pset columns 100
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS phone_consent;
RESET client_min_messages;

\echo
\echo '== Consent: a web form, a STOP by SMS, and who may be texted now =='
\echo

-- the wording the sign-up form showed, stored once and referenced by every consent
INSERT INTO phone_consent_notice (name, version, language, body, created_at, channel, purpose)
VALUES ('demo-signup-form', 1, 'en',
        'Yes, Example Co. may send me offers by text message. Msg & data rates may apply. Reply STOP to opt out.',
        '2025-03-01Z', 'sms', 'marketing');
SELECT notice_id AS notice FROM phone_consent_notice WHERE name = 'demo-signup-form' \gset

\echo 'Three people sign up on the web form on 10 March 2025 and tick the box:'
SELECT n AS number,
       phone_consent_grant(n::phone, 'sms', 'marketing', 'web_form', :notice,
                           jsonb_build_object('form_id', 'signup', 'ip', '192.0.2.' || i,
                                              'user_agent', 'Mozilla/5.0'),
                           timestamptz '2025-03-10 15:00Z' + i * interval '1 minute') > 0 AS recorded
  FROM unnest(ARRAY['+12015550101', '+13055550102', '+12085012103']) WITH ORDINALITY AS t(n, i);

\echo 'A fourth number was mistyped: it is not a valid number, so consent for it is refused.'
\echo 'phone_check says "possible": the length fits the US plan, but no number in use starts so.'
SELECT phone_check('+1 201 155 0104') AS verdict,
       phone_try_parse('+1 201 155 0104') IS NOT NULL AS accepted;

\echo 'On 2 June the first person texts "stop" (any case, spaces trimmed):'
SELECT phone_sms_keyword(' stop ') AS keyword,
       (phone_consent_apply_sms('+12015550101', ' stop ', '2025-06-02 09:00Z')).keyword AS recorded;

\echo 'The ledger keeps every event; nothing is ever updated or deleted:'
SELECT phone, channel, purpose, action, method, occurred_at
  FROM phone_consent
 WHERE phone IN ('+12015550101', '+13055550102', '+12085012103')
 ORDER BY occurred_at;

\echo 'Campaign at 2025-06-02 12:30 UTC: who may get a marketing text now?'
SELECT c.phone, d.allowed, d.reason, d.timezones,
       to_char(d.next_allowed_at, 'YYYY-MM-DD HH24:MI') AS next_allowed_at
  FROM (VALUES ('+12015550101'::phone), ('+13055550102'), ('+12085012103')) AS c(phone),
       LATERAL phone_contact_decision(c.phone, 'sms', 'marketing', '2025-06-02 12:30Z') AS d
 ORDER BY c.phone;

\echo 'The campaign query itself, run again at 15:00 UTC, when Idaho has opened too:'
SELECT c.phone
  FROM (VALUES ('+12015550101'::phone), ('+13055550102'), ('+12085012103')) AS c(phone)
 WHERE phone_can_contact(c.phone, 'sms', 'marketing', '2025-06-02 15:00Z')
 ORDER BY c.phone;
