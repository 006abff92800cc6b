--
-- Calling windows: rules of days, intervals and holidays that intersect,
-- the predefined ones (US federal and state rules, Canada, France), rows
-- of one's own that can only narrow them, daylight-saving changes, numbers
-- in several zones, and the search for the next opening.  Every instant
-- is explicit so that the output is stable.
--
\set VERBOSITY terse
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET phone.validation = 'valid';

-- the function: STABLE, PARALLEL SAFE, running as its caller
SELECT p.oid::regprocedure AS fn, p.provolatile, p.proparallel, p.prosecdef
  FROM pg_proc p WHERE p.proname = 'phone_contact_window_check';

-- Every predefined row cites its source; the rules and their calendars
SELECT count(*) FILTER (WHERE note IS NULL OR note !~ '[0-9]') AS without_source,
       count(*) FILTER (WHERE calendar IS NOT NULL
                          AND calendar NOT IN (SELECT calendar FROM phone_public_holiday)) AS unknown_calendar
  FROM phone_contact_window WHERE predefined;
SELECT rule, min(note) AS source FROM phone_contact_window WHERE predefined GROUP BY rule ORDER BY rule;
-- the Canadian rule covers exactly the area codes the metadata gives Canada,
-- and every US state's area codes are US ones
SET phone.validation = 'possible';
SELECT (SELECT array_agg(DISTINCT substr(prefix, 2) ORDER BY substr(prefix, 2))
          FROM phone_contact_window WHERE rule = 'CA')
       = (SELECT array_agg(ac::text ORDER BY ac) FROM generate_series(200, 999) AS ac
           WHERE phone_region(('+1' || ac || '2345678')::phone) = 'CA') AS canada_exact;
SELECT rule, prefix FROM phone_contact_window
 WHERE rule LIKE 'US-%' AND phone_region(('+' || prefix || '2345678')::phone) IS DISTINCT FROM 'US';
SET phone.validation = 'valid';
-- each prefix belongs to one state
SELECT prefix, array_agg(DISTINCT rule) FROM phone_contact_window
 WHERE rule LIKE '%-%' GROUP BY prefix HAVING count(DISTINCT rule) > 1;

-- What a number's rules allow at an instant, and the next opening
CREATE FUNCTION pg_temp.w(n text, t timestamptz, p text DEFAULT 'marketing')
    RETURNS TABLE (at timestamptz, open boolean, next_allowed_at timestamptz, local_next text)
    LANGUAGE sql AS $$
    SELECT t, c.open, c.next_allowed_at,
           to_char(c.next_allowed_at AT TIME ZONE z[1], 'Dy YYYY-MM-DD HH24:MI')
      FROM (SELECT phone_possible_timezones(n::phone) AS z) AS s,
           phone_contact_window_check(ltrim(n, '+'), p, s.z, t) AS c
$$;

-- France (Code de la consommation, D. 223-8): weekdays 10:00-13:00 and
-- 14:00-20:00 in Paris, never on weekends or public holidays
SELECT phone_possible_timezones('+33699887766') AS zones;
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-06-03 07:59:59Z', '2025-06-03 08:00Z', '2025-06-03 10:59:59Z',
                    '2025-06-03 11:00Z', '2025-06-03 11:59Z', '2025-06-03 12:00Z',
                    '2025-06-03 17:59:59Z', '2025-06-03 18:00Z']::timestamptz[]) AS t,
       pg_temp.w('+33699887766', t) AS w;
-- a long weekend: Friday evening, then Saturday, Sunday and Whit Monday
-- (Lundi de Pentecote): next Tuesday at 10:00
SELECT w.open, w.local_next FROM pg_temp.w('+33699887766', '2025-06-06 18:00Z') AS w;
SELECT day, name FROM phone_public_holiday WHERE calendar = 'FR' AND day BETWEEN '2025-05-01' AND '2025-06-30';
-- Ascension Thursday closed, the Friday after it open; Christmas on a
-- Thursday, then Friday
SELECT w.open, w.local_next FROM pg_temp.w('+33699887766', '2025-05-29 09:00Z') AS w;
SELECT w.open, w.local_next FROM pg_temp.w('+33699887766', '2025-05-30 09:00Z') AS w;
SELECT w.open, w.local_next FROM pg_temp.w('+33699887766', '2025-12-24 19:00Z') AS w;
-- the change to summer time (Sunday 2025-03-30): Friday 20:00 CET is
-- 19:00Z, Monday 10:00 CEST is 08:00Z; and back (Sunday 2025-10-26)
SELECT w.at, w.open, w.next_allowed_at, w.local_next FROM pg_temp.w('+33699887766', '2025-03-28 19:00Z') AS w;
SELECT w.at, w.open, w.next_allowed_at, w.local_next FROM pg_temp.w('+33699887766', '2025-10-24 18:00Z') AS w;
SELECT phone_contact_window_check('33699887766', 'marketing', '{Europe/Paris}', t) AS c, t
  FROM unnest(ARRAY['2025-03-31 07:59:59Z', '2025-03-31 08:00Z', '2025-10-27 08:59:59Z',
                    '2025-10-27 09:00Z']::timestamptz[]) AS t;

-- Texas (Tex. Bus. & Com. Code 301.051): 09:00-21:00, on Sunday from noon
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-05-31 13:59Z', '2025-05-31 14:00Z', '2025-06-01 14:00Z',
                    '2025-06-01 16:59:59Z', '2025-06-01 17:00Z', '2025-06-02 01:59Z',
                    '2025-06-02 02:00Z']::timestamptz[]) AS t,
       pg_temp.w('+12145551234', t) AS w;
-- Utah (Utah Code 13-25a-103(3)): not on Sunday, nor on Pioneer Day
-- (Thursday 2025-07-24)
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-07-20 16:00Z', '2025-07-23 16:00Z', '2025-07-24 16:00Z',
                    '2025-07-26 02:59Z', '2025-07-26 03:00Z']::timestamptz[]) AS t,
       pg_temp.w('+18015551234', t) AS w;
-- Rhode Island (R.I. Gen. Laws 5-61-2): weekdays 09:00-18:00 except
-- holidays, Saturday 10:00-17:00 even on a holiday, never on Sunday;
-- Independence Day 2026 is a Saturday, observed on Friday 07-03
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-08-11 14:00Z', '2026-07-03 14:00Z', '2026-07-04 14:00Z',
                    '2026-07-04 21:00Z', '2026-07-05 14:00Z']::timestamptz[]) AS t,
       pg_temp.w('+14015551234', t) AS w;
SELECT day, name FROM phone_public_holiday WHERE calendar = 'US-RI' AND day BETWEEN '2026-07-01' AND '2026-07-31';
-- Louisiana: not on Mardi Gras (2025-03-04) or a Sunday; 08:00-20:00
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-03-04 15:00Z', '2025-03-05 15:00Z', '2025-03-06 01:00Z',
                    '2025-03-09 15:00Z']::timestamptz[]) AS t,
       pg_temp.w('+15045551234', t) AS w;
-- Pennsylvania: federal hours, but not on a legal holiday (Flag Day, a
-- Saturday in 2025); Mississippi: not on a Sunday
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-06-14 14:00Z', '2025-06-15 14:00Z']::timestamptz[]) AS t,
       pg_temp.w('+12155551234', t) AS w;
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-06-14 14:00Z', '2025-06-15 14:00Z']::timestamptz[]) AS t,
       pg_temp.w('+16015551234', t) AS w;
-- Florida, Oklahoma, Maryland, Washington: 08:00-20:00
SELECT n, w.open, w.local_next
  FROM unnest(ARRAY['+13055551234', '+14055551234', '+14105551234', '+12065551234',
                    '+12015551234']) AS n,
       pg_temp.w(n, CASE WHEN n LIKE '+1206%' THEN '2025-06-03 03:30Z' WHEN n LIKE '+1405%' THEN '2025-06-03 01:30Z'
                         ELSE '2025-06-03 00:30Z' END::timestamptz) AS w;
-- Canada (CRTC Telemarketing Rules): weekdays 09:00-21:30, weekends
-- 10:00-18:00; the 21:00 of the rule everywhere applies too, so a weekday
-- call ends at 21:00
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-06-02 12:59Z', '2025-06-02 13:00Z', '2025-06-03 00:59Z',
                    '2025-06-03 01:00Z', '2025-06-07 13:59Z', '2025-06-07 14:00Z',
                    '2025-06-07 22:00Z']::timestamptz[]) AS t,
       pg_temp.w('+14165551234', t) AS w;

-- phone_contact_hours: the latest opening and the earliest closing of the
-- rules that match (days, holidays and lunch breaks close more)
SELECT n, h.*
  FROM unnest(ARRAY['+33699887766', '+12145551234', '+14165551234', '+14015551234',
                    '+12015551234', '+442071234567']) AS n,
       phone_contact_hours(n::phone, 'marketing') AS h;

-- Rows of one's own can only narrow.  A 1.0-style row (no days, no
-- rule) applies every day; 00:00-23:59 for everyone changes nothing
CREATE TEMP TABLE before AS
SELECT n, t, c.*
  FROM unnest(ARRAY['+33699887766', '+12145551234', '+13055551234', '+14165551234',
                    '+18015551234', '+61412345678']) AS n,
       (SELECT timestamptz '2025-06-01 00:00Z' + g * interval '97 minutes' AS t
          FROM generate_series(0, 150) AS g) AS s,
       phone_contact_window_check(ltrim(n, '+'), 'marketing', phone_possible_timezones(n::phone), t) AS c;
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, note)
VALUES ('', 'marketing', '00:00', '23:59', 'test: all day');
SELECT prefix, purpose, days, calendar, rule, predefined FROM phone_contact_window WHERE note = 'test: all day';
SELECT count(*) AS changed
  FROM before b, phone_contact_window_check(ltrim(b.n, '+'), 'marketing', phone_possible_timezones(b.n::phone), b.t) AS c
 WHERE (c.open, c.next_allowed_at) IS DISTINCT FROM (b.open, b.next_allowed_at);
SELECT count(*) FILTER (WHERE open) AS open, count(*) FILTER (WHERE NOT open) AS closed,
       count(*) FILTER (WHERE next_allowed_at IS NULL) AS never FROM before;
-- a row named as a predefined rule is a rule of its own all the same:
-- weekends for France open nothing, and close the weekdays
INSERT INTO phone_contact_window (prefix, purpose, days, opens, closes, rule, note)
VALUES ('33', NULL, '{6,7,8}', '08:00', '22:00', 'FR', 'test: French weekends');
SELECT count(*) FILTER (WHERE c.open AND NOT b.open) AS opened,
       count(*) FILTER (WHERE b.open AND NOT c.open) AS closed,
       count(*) FILTER (WHERE c.next_allowed_at IS NULL) AS never
  FROM before b, phone_contact_window_check(ltrim(b.n, '+'), 'marketing', phone_possible_timezones(b.n::phone), b.t) AS c
 WHERE b.n = '+33699887766';
DELETE FROM phone_contact_window WHERE note = 'test: French weekends';
-- 09:00-17:00 for everyone narrows Florida (08:00-20:00), and France's
-- afternoon
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, note)
VALUES ('', NULL, '09:00', '17:00', 'test: office hours');
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-06-03 12:30Z', '2025-06-03 13:00Z', '2025-06-03 20:59Z',
                    '2025-06-03 21:00Z']::timestamptz[]) AS t,
       pg_temp.w('+13055551234', t) AS w;
SELECT w.open, w.local_next FROM pg_temp.w('+33699887766', '2025-06-03 15:00Z') AS w;
SELECT * FROM phone_contact_hours('+13055551234', 'informational');
-- New York across the changes of 2025: Sunday 03-09 08:59 EDT is closed,
-- 09:00 EDT (13:00Z) open; Sunday 11-02 16:59 EST open, 17:00 EST
-- (22:00Z) closed until Monday 09:00 EST (14:00Z)
SELECT t, w.open, w.next_allowed_at, w.local_next
  FROM unnest(ARRAY['2025-03-09 06:30Z', '2025-03-09 12:59Z', '2025-03-09 13:00Z',
                    '2025-03-08 13:59Z', '2025-11-02 05:30Z', '2025-11-02 13:30Z',
                    '2025-11-02 21:59Z', '2025-11-02 22:00Z']::timestamptz[]) AS t,
       pg_temp.w('+12015551234', t) AS w;
-- an Australian mobile may be anywhere from Perth to Sydney and Lord Howe
-- Island (UTC+10:30, and half an hour of summer time): with 09:00-17:00
-- everywhere, open from 09:00 in Perth (01:00Z) to 17:00 on Lord Howe
-- (06:30Z); from Sunday 2025-10-05, summer time, 17:00 in Sydney (06:00Z)
SELECT cardinality(phone_possible_timezones('+61412345678')) AS zones;
SELECT t, w.open, w.next_allowed_at
  FROM unnest(ARRAY['2025-10-03 23:00Z', '2025-10-04 01:00Z', '2025-10-04 06:59Z',
                    '2025-10-04 07:00Z', '2025-10-05 01:00Z']::timestamptz[]) AS t,
       pg_temp.w('+61412345678', t) AS w;
DELETE FROM phone_contact_window WHERE note LIKE 'test: %';

-- No opening within the fourteen days searched: closed, no next instant.
-- A rule allowing only Pennsylvania's holidays, for one purpose
INSERT INTO phone_consent_purpose (purpose, basis, hours_apply, description)
VALUES ('holiday_greetings', 'opt_out', true, 'regression test: only on holidays');
INSERT INTO phone_contact_window (prefix, purpose, days, opens, closes, calendar, note)
VALUES ('1201', 'holiday_greetings', '{8}', '10:00', '12:00', 'US-PA', 'test: holidays only');
SELECT t, w.open, w.local_next
  FROM unnest(ARRAY['2025-03-01 15:00Z', '2025-05-13 15:00Z', '2025-05-26 14:00Z',
                    '2025-05-26 16:00Z']::timestamptz[]) AS t,
       pg_temp.w('+12015551234', t, 'holiday_greetings') AS w;
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015551234', 'sms', 'holiday_greetings', '2025-03-01 15:00Z');
SELECT allowed, reason, status, next_allowed_at
  FROM phone_contact_decision('+12015551234', 'sms', 'holiday_greetings', '2025-05-13 15:00Z');
SELECT number, allowed, reason, next_allowed_at
  FROM phone_contact_decisions('{+12015551234,+33699887766}', 'sms', 'holiday_greetings', '2025-05-13 15:00Z');
-- a holiday of one's own closes more: the Monday after Memorial Day
INSERT INTO phone_public_holiday (calendar, day, name) VALUES ('US-UT', '2025-05-27', 'test holiday');
SELECT w.open, w.local_next FROM pg_temp.w('+18015551234', '2025-05-27 15:00Z') AS w;
DELETE FROM phone_public_holiday WHERE name = 'test holiday';
DELETE FROM phone_contact_window WHERE note LIKE 'test: %';
DELETE FROM phone_consent_purpose WHERE purpose = 'holiday_greetings';

-- Rows that are refused: no day, a day that is none, a NULL day, a
-- calendar that is no ISO 3166 code, an empty interval; predefined rows
-- cannot be added
INSERT INTO phone_contact_window (prefix, days, opens, closes) VALUES ('1201', '{}', '09:00', '17:00');
INSERT INTO phone_contact_window (prefix, days, opens, closes) VALUES ('1201', '{0}', '09:00', '17:00');
INSERT INTO phone_contact_window (prefix, days, opens, closes) VALUES ('1201', '{1,NULL}', '09:00', '17:00');
INSERT INTO phone_contact_window (prefix, opens, closes, calendar) VALUES ('1201', '09:00', '17:00', 'fr');
INSERT INTO phone_contact_window (prefix, opens, closes) VALUES ('1201', '17:00', '09:00');
INSERT INTO phone_contact_window (prefix, opens, closes, predefined) VALUES ('1201', '09:00', '17:00', true);
INSERT INTO phone_public_holiday (calendar, day, name) VALUES ('France', '2025-06-03', 'x');
UPDATE phone_contact_window SET closes = '23:00' WHERE rule = 'FR';
-- bad arguments: digits that are not digits; NULLs give NULLs
SELECT * FROM phone_contact_window_check('+33699887766', 'marketing', '{Europe/Paris}', '2025-06-03 08:00Z');
SELECT * FROM phone_contact_window_check(NULL, 'marketing', '{Europe/Paris}', '2025-06-03 08:00Z');
SELECT * FROM phone_contact_window_check('33699887766', 'marketing', '{}', '2025-06-03 08:00Z');
SELECT * FROM phone_contact_window_check('33699887766', 'marketing', '{Europe/Paris,NULL}', '2025-06-03 08:00Z');
SELECT * FROM phone_contact_window_check('33699887766', 'marketing', '{Europe/Paris}', NULL);

-- A number its digits do not place (toll-free, and every type but
-- fixed_line, mobile and fixed_line_or_mobile) is under every rule of its
-- country calling code: +1 800 on a Sunday at 18:30 in Toronto (the
-- CRTC's weekend ends at 18:00) and in Utah (no Sunday) is closed; in
-- its 42 zones no instant within fourteen days is within every rule of +1
-- (next_allowed_at NULL)
INSERT INTO phone_consent_purpose (purpose, basis, hours_apply, description)
VALUES ('service_notice', 'opt_out', true, 'regression test: calling hours apply');
SELECT phone_type('+18005550100') AS type;
SELECT allowed, reason, next_allowed_at
  FROM phone_contact_decision('+18005550100', 'voice', 'service_notice', '2025-07-06 22:30Z');
SELECT allowed, reason
  FROM phone_contact_decision('+18005550100', 'voice', 'service_notice', '2025-07-06 22:30Z', '{America/Toronto}');
-- the digits alone place it the same way; placed true reads them as a
-- geographic number (only the federal rule matches +1 800)
SELECT c.open, c.next_allowed_at
  FROM phone_contact_window_check('18005550100', 'marketing', '{America/Toronto}', '2025-07-06 22:30Z') AS c;
SELECT c.open
  FROM phone_contact_window_check('18005550100', 'marketing', '{America/Toronto}', '2025-07-06 22:30Z', true) AS c;
SELECT c.open
  FROM phone_contact_window_check('1', 'marketing', '{America/Toronto}', '2025-07-06 22:30Z', false) AS c;
-- a weekday within every rule of NANP in Toronto's zone: open
SELECT c.open
  FROM phone_contact_window_check('18005550100', 'marketing', '{America/Toronto}', '2025-07-08 16:00Z') AS c;
-- phone_contact_hours: the intersection of every rule of +1
SELECT * FROM phone_contact_hours('+18005550100', 'marketing');
SELECT * FROM phone_contact_hours('+12125550100', 'marketing');
-- phone_contact_decisions groups such numbers by their calling code, not
-- their first digits: equal row for row to phone_contact_decision
SELECT count(*) AS differences
  FROM (SELECT d.*, o.i
          FROM (VALUES ('2025-07-06 22:30Z'::timestamptz), ('2025-07-08 16:00Z'), ('2025-07-07 13:30Z')) AS t(t),
               unnest('{+18005550100,+12125550100,+18885550100,+14165550123,+33612345678,+33800123456,+18015550123}'::phone[])
               WITH ORDINALITY AS o(n, i),
               phone_contact_decision(o.n, 'voice', 'service_notice', t.t, NULL, 'infinity', 'default') AS d
        EXCEPT ALL
        SELECT d.allowed, d.reason, d.status, d.timezones, d.next_allowed_at, d.i
          FROM (VALUES ('2025-07-06 22:30Z'::timestamptz), ('2025-07-08 16:00Z'), ('2025-07-07 13:30Z')) AS t(t),
               phone_contact_decisions('{+18005550100,+12125550100,+18885550100,+14165550123,+33612345678,+33800123456,+18015550123}', 'voice', 'service_notice', t.t)
               WITH ORDINALITY AS d(number, allowed, reason, status, timezones, next_allowed_at, i)) AS x;
SELECT number, allowed, reason
  FROM phone_contact_decisions('{+18005550100,+12125550100,+33800123456}', 'voice', 'service_notice', '2025-07-06 22:30Z');
-- a weekday at noon in Toronto: still closed, for it is 02:00 in Guam
SELECT allowed, reason
  FROM phone_contact_decision('+18005550100', 'voice', 'service_notice', '2025-07-08 16:00Z', '{America/Toronto}');
DELETE FROM phone_consent_purpose WHERE purpose = 'service_notice';

-- Holidays are known for the years of a calendar's data only: outside
-- them a row with a calendar allows nothing (fail closed), and the next
-- opening is never a day of unknown holidays
SELECT calendar, min(day), max(day) FROM phone_public_holiday
 WHERE calendar IN ('FR', 'US-UT') GROUP BY calendar ORDER BY calendar;
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+33699887766', '2041-01-01 10:00Z') AS w;
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+33699887766', '2040-12-31 10:00Z') AS w;
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+33699887766', '2019-12-31 10:00Z') AS w;
SELECT w.open, w.local_next FROM pg_temp.w('+33699887766', '2019-12-31 19:30Z') AS w;
-- Utah (a calendar on some rows) on a Monday of 2041; Texas has none
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+18015551234', '2041-01-07 18:00Z') AS w;
SELECT w.open FROM pg_temp.w('+12145551234', '2041-01-07 18:00Z') AS w;
-- a calendar of one's own covers the years of its rows; none: never open
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, calendar, rule, note)
VALUES ('1214', 'marketing', '00:00', '24:00', 'XB', 'xb', 'test: calendar XB');
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+12145551234', '2025-06-03 15:00Z') AS w;
INSERT INTO phone_public_holiday (calendar, day, name) VALUES ('XB', '2025-12-26', 'test holiday');
SELECT w.open FROM pg_temp.w('+12145551234', '2025-06-03 15:00Z') AS w;
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+12145551234', '2025-12-31 23:00Z') AS w;
SELECT w.open, w.next_allowed_at FROM pg_temp.w('+12145551234', '2026-01-02 18:00Z') AS w;
DELETE FROM phone_contact_window WHERE note = 'test: calendar XB';
DELETE FROM phone_public_holiday WHERE calendar = 'XB';

-- Near the ends of the range of timestamps, and at infinity, some zone has
-- no local time: closed, no next opening (no error)
SELECT t, c.open, c.next_allowed_at
  FROM unnest(ARRAY['294276-12-31 12:00Z', '294276-12-29 23:59:59Z', 'infinity', '-infinity',
                    '4714-11-25 00:00Z BC']::timestamptz[]) AS t,
       phone_contact_window_check('12145551234', 'marketing', '{America/Chicago,Pacific/Kiritimati}', t) AS c;
SELECT c.open, c.next_allowed_at
  FROM phone_contact_window_check('', 'marketing', '{Pacific/Kiritimati}', '294276-12-31 23:00Z') AS c;

-- A window for a purpose whose hours do not apply would never be used:
-- refused, and so is ending the hours of a purpose a window names
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, rule) VALUES ('', 'transactional', '09:00', '17:00', 'f5');
INSERT INTO phone_consent_purpose (purpose, basis, hours_apply, description)
VALUES ('survey', 'opt_out', true, 'regression test: hours apply');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, rule, note) VALUES ('', 'survey', '09:00', '17:00', 'f5', 'test: survey');
UPDATE phone_consent_purpose SET hours_apply = false WHERE purpose = 'survey';
UPDATE phone_contact_window SET purpose = 'account_security' WHERE note = 'test: survey';
DELETE FROM phone_contact_window WHERE note = 'test: survey';
UPDATE phone_consent_purpose SET hours_apply = false WHERE purpose = 'survey';
SELECT purpose, hours_apply FROM phone_consent_purpose WHERE purpose = 'survey';
DELETE FROM phone_consent_purpose WHERE purpose = 'survey';

-- The checks both decision functions share: which zone lists can decide a
-- window (phone_contact_zones_known: none, an empty list, a NULL zone or
-- Etc/Unknown cannot), and which callee_tz lists are accepted
-- (phone_consent_check_callee_tz: NULL or IANA names of places)
SELECT z, phone_contact_zones_known(z) AS known
  FROM (VALUES (NULL::text[]), ('{}'), ('{NULL}'), ('{Etc/Unknown}'),
               ('{America/New_York,Etc/Unknown}'), ('{America/New_York,Europe/Paris}')) AS v(z);
SELECT phone_consent_check_callee_tz(NULL) AS accepted_null,
       phone_consent_check_callee_tz('{}') AS accepted_empty,
       phone_consent_check_callee_tz('{America/Indiana/Knox,Europe/Paris}') AS accepted;
SELECT phone_consent_check_callee_tz('{EST}');
SELECT phone_consent_check_callee_tz('{America/New_York,UTC+5}');
SELECT phone_consent_check_callee_tz('{Etc/GMT-5}');
SELECT phone_consent_check_callee_tz('{Europe/Atlantis}');
SELECT phone_consent_check_callee_tz('{America/New_York,NULL}');
