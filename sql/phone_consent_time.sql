--
-- Contact decisions: status, time zones and calling hours.  Every instant
-- is explicit so that the output is stable.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- time zones of numbers (libphonenumber's map)
SELECT n, phone_timezones(n::phone)
  FROM unnest(ARRAY['+12015550123', '+12085012345', '+12082345678', '+17097571234',
                    '+919876543210', '+61881234567', '+442071234567', '+33612345678']) AS n;
-- numbers not tied to a place get their country's zones; invalid ones none
SELECT cardinality(phone_timezones('+18005551234')) AS toll_free_zones;
SET phone.validation = 'possible';
SELECT phone_timezones('+12011550123') AS invalid_number;
SET phone.validation = 'valid';
-- every zone is one PostgreSQL knows
SELECT count(*) AS unknown_zones
  FROM (SELECT DISTINCT unnest(phone_timezones(phone_example(r.region, t))) AS z
          FROM phone_regions() AS r, unnest(enum_range(NULL::phone_number_type)) AS t
         WHERE phone_example(r.region, t) IS NOT NULL) AS s
 WHERE z <> 'Etc/Unknown' AND z NOT IN (SELECT name FROM pg_timezone_names);

SELECT phone_consent_grant(n::phone, 'sms', 'informational', 'web_form',
                           occurred_at => '2025-01-01Z') > 0 AS granted
  FROM unnest(ARRAY['+12015550150', '+12085012345', '+17097571234', '+919876543210',
                    '+13055550150', '+18005551234']) AS n;

-- New Jersey: 08:30 EDT is allowed; 07:30 EST is not, until 13:00Z
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-03-09 12:30Z');
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-11-02 12:30Z');
SELECT phone_can_contact('+12015550150', 'sms', 'informational', '2025-11-02 12:30Z') AS at_0730,
       phone_can_contact('+12015550150', 'sms', 'informational', '2025-11-02 13:00Z') AS at_0800;
-- the end of a window is exclusive: 21:00 EDT = 01:00Z
SELECT phone_can_contact('+12015550150', 'sms', 'informational', '2025-06-03 00:59:59Z') AS at_2059,
       phone_can_contact('+12015550150', 'sms', 'informational', '2025-06-03 01:00Z') AS at_2100;
SELECT next_allowed_at FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-03 01:00Z');

-- Idaho +1 208 5..: Mountain (Boise) and Pacific together
SELECT * FROM phone_contact_decision('+12085012345', 'sms', 'informational', '2025-06-02 14:30Z');
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12085012345', 'sms', 'informational', '2025-06-02 15:00Z');
-- 21:00 in Boise is 20:00 in Los Angeles: closed, until 08:00 in Los Angeles
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12085012345', 'sms', 'informational', '2025-06-03 03:00Z');
SELECT phone_can_contact('+12085012345', 'sms', 'informational', '2025-06-03 02:59Z') AS at_2059_boise;

-- half-hour zones: India (UTC+05:30) and Newfoundland (UTC-02:30 in summer)
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+919876543210', 'sms', 'informational', '2025-06-02 02:00Z');
SELECT phone_can_contact('+919876543210', 'sms', 'informational', '2025-06-02 02:30Z') AS at_0800_ist,
       phone_can_contact('+919876543210', 'sms', 'informational', '2025-06-02 15:29Z') AS at_2059_ist,
       phone_can_contact('+919876543210', 'sms', 'informational', '2025-06-02 15:30Z') AS at_2100_ist;
-- (+1 709 is Canada: on weekdays from 09:00, CRTC Telemarketing Rules)
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+17097571234', 'sms', 'informational', '2025-06-02 10:00Z');
SELECT phone_can_contact('+17097571234', 'sms', 'informational', '2025-06-02 11:29Z') AS at_0859_ndt,
       phone_can_contact('+17097571234', 'sms', 'informational', '2025-06-02 11:30Z') AS at_0900_ndt;

-- A mobile number whose zone in the map is only its country's default:
-- every zone of the country.  +61 4 is Sydney in the map, but the callee
-- may be in Perth, where 22:00 UTC in July is 06:00
SELECT phone_consent_grant(n::phone, 'sms', 'informational', 'web_form',
                           occurred_at => '2025-01-01Z') > 0 AS granted
  FROM unnest(ARRAY['+61412345670', '+79123456780', '+62812345670', '+61212345670']) AS n;
SELECT n, phone_timezones(n::phone) AS map, phone_possible_timezones(n::phone) AS possible
  FROM unnest(ARRAY['+61412345670', '+62812345670', '+61212345670', '+12015550150',
                    '+5511961234567']) AS n;
SELECT cardinality(phone_possible_timezones('+79123456780')) AS russia_zones;
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+61412345670', 'sms', 'informational', '2025-07-01 22:00Z');
SELECT phone_can_contact('+61412345670', 'sms', 'informational', '2025-07-02 00:00Z') AS at_0800_perth;
-- a fixed line in Sydney is in Sydney
SELECT allowed, reason, timezones
  FROM phone_contact_decision('+61212345670', 'sms', 'informational', '2025-07-01 22:00Z');
-- Russia: 12:00 in Moscow is 21:00 in Kamchatka; Indonesia: 08:00 in
-- Jakarta is 10:00 in Jayapura, and Pontianak shares Jakarta's time
SELECT allowed, reason, cardinality(timezones) AS zones, next_allowed_at
  FROM phone_contact_decision('+79123456780', 'sms', 'informational', '2025-07-01 09:00Z');
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+62812345670', 'sms', 'informational', '2025-07-01 13:30Z');

-- Florida: 08:00-20:00
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+13055550150', 'sms', 'informational', '2025-06-03 00:00Z');
SELECT phone_can_contact('+13055550150', 'sms', 'informational', '2025-06-02 23:59Z') AS at_1959_edt;

-- callee_tz adds to the number's zones, never replaces them
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 12:00Z',
                              ARRAY['Europe/Paris']);
-- 22:30 in New York is 19:30 in Los Angeles: still closed, until 08:00 in New York
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-03 02:30Z',
                              ARRAY['America/Los_Angeles']);
SELECT phone_can_contact('+12015550150', 'sms', 'informational', '2025-06-03 02:30Z',
                         ARRAY['America/Los_Angeles']) AS at_2230_new_york;
-- a zone given again, or no zone, adds nothing
SELECT allowed, reason, timezones
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                              ARRAY['America/New_York', 'America/New_York']);
SELECT allowed, reason, timezones
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z', '{}');
-- daylight saving time of the given zone: London changes on 2025-03-30,
-- New York had changed on 03-09; together 08:00 EDT (12:00Z) to 21:00 BST (20:00Z)
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-03-29 20:30Z',
                              ARRAY['Europe/London']);
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-03-30 20:30Z',
                              ARRAY['Europe/London']);
-- and in autumn: London back to GMT on 10-26, New York on 11-02
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-10-26 11:30Z',
                              ARRAY['Europe/London']);
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-11-02 12:30Z',
                              ARRAY['Europe/London']);
-- only names of the IANA database for a place: no abbreviation (EST has no
-- daylight saving time), no POSIX rule (UTC+5 is five hours west of UTC),
-- no fixed offset, no unknown name, no NULL
\set VERBOSITY default
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['UTC+5']);
\set VERBOSITY terse
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['EST']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['EST5EDT']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['Etc/GMT-5']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['UTC']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['Etc/Unknown']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['America/New_York', 'Europe/Atlantis']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['posix/America/New_York']);
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['America/New_York', NULL]);
SELECT phone_can_contact('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z', ARRAY['']);
-- the check comes before the consent: a number without consent is no way around it
SELECT * FROM phone_contact_decision('+12015550199', 'sms', 'informational', '2025-06-02 16:00Z',
                                     ARRAY['GMT']);

-- Fail closed: an instant that is no instant, or whose local time does not
-- exist in one of the zones (past the end of the range of timestamps)
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', 'infinity');
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'transactional', 'infinity');
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'transactional', '-infinity');
SELECT phone_can_contact('+12015550150', 'sms', 'informational', 'infinity') AS infinity,
       phone_can_contact('+12015550150', 'sms', 'account_security', 'infinity') AS infinity_any_hour;
-- within three days of the ends of the range of timestamps some zone has
-- no local time (in Tokyo 294276-12-31 23:00Z is a day that cannot be
-- written), and no next opening can be: every decision there is refused
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '294276-12-31 23:00Z');
SELECT allowed, reason, timezones, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '294276-12-31 23:00Z',
                              ARRAY['Asia/Tokyo']);
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '294276-12-30 00:00Z');
-- before that, decisions as on any day: 18:00 EST is open, 05:00 is not
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '294276-12-29 23:00Z');
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '294276-12-29 10:00Z');
-- and at the start of the range (a purpose without consent whose hours apply)
INSERT INTO phone_consent_purpose (purpose, basis, hours_apply, description)
VALUES ('service_notice', 'opt_out', true, 'regression test: no consent needed, calling hours apply');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'service_notice', '4714-11-24 01:00:00+00 BC');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'service_notice', '4714-11-26 23:59:59+00 BC');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'service_notice', '4714-11-28 00:00:00+00 BC');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'service_notice', '-infinity');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'service_notice', '2025-06-02 16:00Z');
DELETE FROM phone_consent_purpose WHERE purpose = 'service_notice';
-- two zones: the windows overlap from 08:00 in New York to 21:00 in India
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                              ARRAY['Asia/Kolkata', 'America/New_York']);
-- zones seven or eight hours apart are never open together: no next_allowed_at
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 16:00Z',
                              ARRAY['Asia/Shanghai', 'Europe/London', 'America/Los_Angeles']);
-- across the change to daylight saving time: 01:00 EST, then 08:00 EDT
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-03-09 06:00Z');
-- hours that do not apply to a purpose: any hour
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'transactional', '2025-06-02 06:00Z');
-- a number spread over 42 zones is allowed only when all of them are open
-- (a toll-free one under every rule of +1: none is, within fourteen days)
SELECT allowed, reason, cardinality(timezones) AS zones, next_allowed_at
  FROM phone_contact_decision('+18005551234', 'sms', 'informational', '2025-06-02 18:00Z');
-- an invalid number has no known zone
SET phone.validation = 'possible';
SELECT phone_consent_revoke('+12011550123', 'sms', 'transactional', occurred_at => '2025-01-01Z') > 0 AS r;
SELECT allowed, reason, status, timezones
  FROM phone_contact_decision('+12011550123', 'sms', 'account_security', '2025-06-02 18:00Z');
SET phone.validation = 'valid';

-- consent reasons come before hours
SELECT phone_consent_grant('+12015550151', 'voice', 'marketing', 'paper_signed', n.notice_id,
                           '{"document_ref": "scan-151"}', occurred_at => '2025-01-01Z', double_opt_in => true) > 0 AS pending
  FROM (SELECT notice_id FROM phone_consent_notice ORDER BY notice_id LIMIT 1) AS n;
SELECT phone_consent_grant('+12015550152', 'voice', 'informational', 'agent',
                           occurred_at => '2025-01-01Z', expires_at => '2025-02-01Z') > 0 AS expiring;
SELECT phone_consent_revoke('+12015550153', occurred_at => '2025-01-01Z') > 0 AS revoked;
SELECT phone_mark_disconnected('+12015550154', '2025-01-01') > 0 AS disconnected;
SELECT n, d.*
  FROM unnest(ARRAY['+12015550151', '+12015550152', '+12015550153', '+12015550154',
                    '+12015550155']) AS n,
       LATERAL phone_contact_decision(n::phone, 'voice',
                                      CASE WHEN n = '+12015550151' THEN 'marketing' ELSE 'informational' END,
                                      '2025-06-02 16:00Z') AS d;
-- opt-out purposes: allowed without consent, at any hour, unless revoked or reassigned
SELECT n, d.allowed, d.reason, d.status, d.next_allowed_at
  FROM unnest(ARRAY['+12015550153', '+12015550154', '+12015550155']) AS n,
       LATERAL phone_contact_decision(n::phone, 'sms', 'account_security', '2025-06-02 06:00Z') AS d;

-- The confirmation of an opt-out (47 CFR 64.1200(a)(12)): one message on
-- the same channel within five minutes of the opt-out, at any hour
SELECT purpose, basis, written_required, hours_apply, predefined
  FROM phone_consent_purpose WHERE purpose = 'opt_out_confirmation';
SELECT phone_consent_grant('+12015550160', 'sms', 'informational', 'web_form',
                           occurred_at => '2025-01-01Z') > 0 AS granted;
-- no opt-out: no confirmation
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015550160', 'sms', 'opt_out_confirmation', '2025-06-03 03:00Z');
SELECT (phone_consent_apply_sms('+12015550160', 'STOP', '2025-06-03 03:00Z')).keyword AS stop;
-- at 23:00 in New York, a minute and 4:59 later: allowed; 5:00 later: not
SELECT t, d.allowed, d.reason, d.status, d.next_allowed_at
  FROM unnest(ARRAY['2025-06-03 03:00Z', '2025-06-03 03:01Z', '2025-06-03 03:04:59Z',
                    '2025-06-03 03:05Z', '2025-06-04 03:00Z']::timestamptz[]) AS t,
       LATERAL phone_contact_decision('+12015550160', 'sms', 'opt_out_confirmation', t) AS d;
-- the STOP came by sms: no confirmation on another channel
SELECT allowed, reason
  FROM phone_contact_decision('+12015550160', 'voice', 'opt_out_confirmation', '2025-06-03 03:01Z');
-- nothing else is allowed meanwhile
SELECT allowed, reason
  FROM phone_contact_decision('+12015550160', 'sms', 'informational', '2025-06-03 03:01Z');
-- once sent, it is recorded; a second one is refused
SELECT phone_consent_revoke('+12015550160', 'sms', 'opt_out_confirmation', 'unspecified',
                            '{"confirmation_sent": true}', '2025-06-03 03:01Z') > 0 AS sent;
SELECT t, d.allowed, d.reason
  FROM unnest(ARRAY['2025-06-03 03:00:30Z', '2025-06-03 03:01Z', '2025-06-03 03:02Z']::timestamptz[]) AS t,
       LATERAL phone_contact_decision('+12015550160', 'sms', 'opt_out_confirmation', t) AS d;
-- an opt-out of one channel allows a confirmation on that channel only
SELECT phone_consent_revoke('+12015550161', 'whatsapp', 'informational',
                            occurred_at => '2025-06-03 12:00Z') > 0 AS revoked;
SELECT c, d.allowed, d.reason
  FROM unnest(ARRAY['whatsapp', 'sms']) AS c,
       LATERAL phone_contact_decision('+12015550161', c, 'opt_out_confirmation', '2025-06-03 12:02Z') AS d;
-- and a later opt-out allows a new one
SELECT (phone_consent_apply_sms('+12015550160', 'stop texting me', '2025-06-10 12:00Z')).keyword AS stop_again;
SELECT allowed, reason
  FROM phone_contact_decision('+12015550160', 'sms', 'opt_out_confirmation', '2025-06-10 12:03Z');
-- an opt-out of every channel recorded otherwise allows it on any one
SELECT phone_consent_revoke('+12015550162', occurred_at => '2025-06-03 12:00Z') > 0 AS revoked;
SELECT c, d.allowed, d.reason
  FROM unnest(ARRAY['voice', 'sms']) AS c,
       LATERAL phone_contact_decision('+12015550162', c, 'opt_out_confirmation', '2025-06-03 12:02Z') AS d;
-- a reassigned number gets none, nor does an instant that is none
SELECT phone_mark_disconnected('+12015550162', '2025-06-03') > 0 AS disconnected;
SELECT allowed, reason
  FROM phone_contact_decision('+12015550162', 'voice', 'opt_out_confirmation', '2025-06-03 12:02Z');
SELECT allowed, reason
  FROM phone_contact_decision('+12015550160', 'sms', 'opt_out_confirmation', 'infinity');

-- a window of one's own: a longer prefix or one purpose takes precedence
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, note)
VALUES ('1201', 'informational', '09:00', '17:00', 'regression test');
SELECT * FROM phone_contact_hours('+12015550150', 'informational');
SELECT * FROM phone_contact_hours('+12015550150', 'marketing');
SELECT * FROM phone_contact_hours('+13055550150', 'informational');
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 12:30Z');
DELETE FROM phone_contact_window WHERE note = 'regression test';

-- bad arguments
SELECT * FROM phone_contact_decision('+12015550150', 'fax', 'informational', '2025-06-02 12:30Z');
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'lottery', '2025-06-02 12:30Z');
SELECT * FROM phone_contact_decision('+12015550150', 'sms', 'informational', '2025-06-02 12:30Z',
                                     ARRAY['Mars/Olympus_Mons']);
SELECT * FROM phone_contact_decision(NULL, 'sms', 'informational', '2025-06-02 12:30Z');
SELECT phone_can_contact(NULL, 'sms', 'informational', '2025-06-02 12:30Z');
