
-- src/sql/phone_consent/consent.sql: consent ledger, consent status, contact decisions

-- ---------------------------------------------------------------------
-- Consent.  The ledger phone_consent is the only source of consent
-- state: every change is a new event, and no event is ever updated or
-- deleted (see doc/consent.md for the rules and the design).
--
-- Every SQL and PL/pgSQL body below pins search_path to pg_catalog, then
-- pg_temp, and names our own objects with their schema (operators on phone
-- as OPERATOR(@extschema@.=)): the extension's schema is not searched, so
-- nobody who can create objects in it (in a trusted install, the role that
-- installed it) can capture a call to a built-in function, such as
-- format(text, text) for format(text, VARIADIC "any"), that a SECURITY
-- DEFINER function makes (doc/security.md).  Functions that read tables or the clock
-- are STABLE or VOLATILE (phone_sms_keyword reads its keywords from
-- phone_sms_keywords).
-- ---------------------------------------------------------------------

-- Purposes of contact (configuration)
CREATE TABLE phone_consent_purpose (
    purpose          text PRIMARY KEY
                     CHECK (purpose ~ '^[a-z][a-z0-9_]{0,62}$'),
    basis            text NOT NULL CHECK (basis IN ('opt_in', 'opt_out')),
    written_required boolean NOT NULL DEFAULT false,
    hours_apply      boolean NOT NULL DEFAULT true,
    description      text,
    predefined       boolean NOT NULL DEFAULT false
);

INSERT INTO phone_consent_purpose
    (purpose, basis, written_required, hours_apply, predefined, description)
VALUES
    ('marketing', 'opt_in', true, true, true,
     'advertising or telemarketing: prior express written consent, calling hours apply'),
    ('informational', 'opt_in', false, true, true,
     'reminders, notifications, surveys: prior express consent, calling hours apply'),
    ('account_security', 'opt_out', false, false, true,
     'one-time codes, fraud and security alerts: allowed unless revoked, at any hour'),
    ('transactional', 'opt_out', false, false, true,
     'messages about a transaction the person started: allowed unless revoked, at any hour');
-- 47 CFR 64.1200(a)(12) (FCC 24-24): one text confirming an opt-out,
-- without marketing, sent within five minutes of it (phone_contact_decision)
INSERT INTO phone_consent_purpose
    (purpose, basis, written_required, hours_apply, predefined, description)
VALUES
    ('opt_out_confirmation', 'opt_out', false, false, true,
     'the one message confirming an opt-out: same channel, within 5 minutes of it, once');

-- Calling windows (configuration).  A rule is the rows of one (prefix,
-- purpose, rule, predefined): each row allows one interval [opens, closes)
-- of local time on the ISO weekdays in days (1 = Monday ... 7 = Sunday),
-- and on day 8, a public holiday of the row's calendar (on such a day the
-- row sees 8, not the weekday).  The rows of a rule are a union; every rule
-- that matches a number (its prefix begins the number's E.164 digits, ''
-- everywhere; its purpose is the one asked for, or NULL) must allow the
-- instant, in every zone the callee may be in: the windows intersect.  So a
-- row that anyone adds can only narrow what the predefined rows allow: its
-- rule is intersected with theirs (predefined is part of the key, so it
-- never joins a predefined rule's union).  phone_contact_window_check
-- decides; doc/consent.md, "Calling windows", lists the sources.
--
-- The predefined rules, each citing its source in note:
--   * US (prefix '', so it applies everywhere, as in version 1.0): 47 CFR
--     64.1200(c)(1) (TCPA): no telephone solicitation before 8 a.m. or
--     after 9 p.m. local time at the called party's location;
--   * Florida: Fla. Stat. 501.616(6)(a) as amended by ch. 2021-185 (CS/SB
--     1120, in force 2021-07-01): 8 a.m. to 8 p.m.; ch. 2021-185 also
--     presumes that a call to a Florida area code reaches a person in
--     Florida, which is why the US rows go by area code.  Florida's area
--     codes (Florida Public Service Commission area-code relief dockets,
--     e.g. 20220036-TP for 904, and NANPA's assignments): 239, 305, 321,
--     324 (904 overlay), 352, 386, 407, 448 (850 overlay), 561, 645
--     (305/786 overlay), 656 (813 overlay), 689 (407/321 overlay), 727, 728
--     (727 overlay), 754, 772, 786, 813, 850, 863, 904, 941, 954;
--   * Oklahoma: Okla. Stat. tit. 15, 775C.4 (Telephone Solicitation Act of
--     2022, HB 3168, in force 2022-11-01): 8 a.m. to 8 p.m.; area codes
--     405, 539, 572, 580, 918;
--   * Maryland: Md. Code, Com. Law 14-4502 (Stop the Spam Calls Act of 2023,
--     SB 90, in force 2024-01-01): 8 a.m. to 8 p.m.; area codes 227, 240,
--     301, 410, 443, 667;
--   * Washington: RCW 80.36.390 as amended by ESHB 1497 (2021): 8 a.m. to
--     8 p.m.; area codes 206, 253, 360, 425, 509, 564;
--   * Texas: Tex. Bus. & Com. Code 301.051: 9 a.m. to 9 p.m. on weekdays
--     and Saturday, noon to 9 p.m. on Sunday; area codes 210, 214, 254,
--     281, 325, 346, 361, 409, 430, 432, 469, 512, 682, 713, 726, 737, 806,
--     817, 830, 832, 903, 915, 936, 940, 945, 956, 972, 979;
--   * Utah: Utah Code 13-25a-103(3): not between 9 p.m. and 8 a.m., not on
--     a Sunday, not on a legal holiday (calendar US-UT); area codes 385,
--     435, 801;
--   * Mississippi: Miss. Code 77-3-723(1) (no telephone solicitation on a
--     Sunday) and 77-3-603(a) (8 a.m. to 9 p.m., Monday to Saturday); the
--     rule against legal holidays (39 Miss. Admin. Code Pt. I, R. 1:28) was
--     repealed in 2023; area codes 228, 601, 662, 769;
--   * Rhode Island: R.I. Gen. Laws 5-61-3.6 and 5-61-2 ("hours of
--     operation": Monday to Friday, except a state or federal holiday, 9
--     a.m. to 6 p.m.; Saturday 10 a.m. to 5 p.m.; calendar US-RI for the
--     weekdays only); area code 401;
--   * Louisiana: Louisiana Public Service Commission General Order
--     R-29617, V(A)(2): no telephonic solicitation on a Sunday or a legal
--     holiday, nor before 8 a.m. or after 8 p.m. Monday to Saturday
--     (calendar US-LA); area codes 225, 318, 337, 504, 985;
--   * Pennsylvania: 73 P.S. 2245(a)(10) (Act 73 of 2019, in force
--     2019-12-03): no telephone solicitation on a legal holiday (calendar
--     US-PA); the hours are the federal ones; area codes 215, 223, 267, 272,
--     412, 445, 484, 570, 582, 610, 717, 724, 814, 835, 878;
--   * Canada: CRTC Unsolicited Telecommunications Rules, Part III
--     (Telemarketing Rules), rule 11: 9:00 a.m. to 9:30 p.m. on weekdays,
--     10:00 a.m. to 6:00 p.m. on weekends; the area codes that
--     libphonenumber's metadata (9.0.40) gives Canada;
--   * France: Code de la consommation, art. L. 223-1 and D. 223-8 (decree
--     no. 2022-1313 of 13 October 2022, in force 2023-03-01): telephone
--     prospecting only Monday to Friday, 10 a.m. to 1 p.m. and 2 p.m. to 8
--     p.m., never on a Saturday, a Sunday or a public holiday (calendar FR);
--     prefix 33 (metropolitan France).
-- New area codes must be added as they enter service (the regression test
-- phone_contact_window checks the Canadian ones against the metadata).
CREATE TABLE phone_contact_window (
    prefix      text NOT NULL CHECK (prefix ~ '^[0-9]{0,18}$'),
    purpose     text,               -- a purpose (phone_consent_reference_check)
    opens       time NOT NULL,
    closes      time NOT NULL,
    note        text,
    predefined  boolean NOT NULL DEFAULT false,
    CHECK (opens < closes),
    CONSTRAINT phone_contact_window_rule_key
        UNIQUE NULLS NOT DISTINCT (prefix, purpose, rule, predefined, days, opens),
    -- version 1.1: days, holidays and the rule a row belongs to
    days        smallint[] NOT NULL DEFAULT '{1,2,3,4,5,6,7}'
                CHECK (pg_catalog.cardinality(days) > 0
                       AND days OPERATOR(pg_catalog.<@) '{1,2,3,4,5,6,7,8}'::smallint[]
                       AND pg_catalog.array_position(days, NULL::smallint) IS NULL),
    calendar    text CHECK (calendar ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
    rule        text NOT NULL DEFAULT '' CHECK (pg_catalog.length(rule) <= 63)
);

-- Public holidays by calendar (configuration): a country (ISO 3166-1) or
-- one of its subdivisions (ISO 3166-2).  The predefined days come from
-- src/sql/phone_consent/holidays.sql, generated by tools/holidays/ from the npm
-- package date-holidays (doc/metadata.md); a row one adds (a holiday a
-- governor proclaims) can only close more: no predefined window is open on
-- day 8.
CREATE TABLE phone_public_holiday (
    calendar    text NOT NULL CHECK (calendar ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
    day         date NOT NULL,
    name        text NOT NULL,
    predefined  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, day)
);

INSERT INTO phone_contact_window (prefix, purpose, opens, closes, predefined, note, rule)
VALUES ('', NULL, '08:00', '21:00', true, 'everywhere: 47 CFR 64.1200(c)(1) (US TCPA)', 'US');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes, predefined, note, rule)
SELECT '1' || code, NULL, '08:00', '20:00', true, 'Florida: Fla. Stat. 501.616(6)(a)', 'US-FL'
FROM pg_catalog.unnest(ARRAY['239', '305', '321', '352', '386', '407', '448', '561',
                  '656', '689', '727', '728', '754', '772', '786', '813',
                  '850', '863', '904', '941', '954', '324', '645']) AS code;
INSERT INTO phone_contact_window (prefix, purpose, days, opens, closes, calendar, predefined, note, rule)
SELECT '1' || a.code, NULL, r.days, r.opens, r.closes, r.calendar, true, r.note, r.rule
  FROM (VALUES
        ('US-OK', '{405,539,572,580,918}'::text[], '{1,2,3,4,5,6,7}'::smallint[], '08:00'::time, '20:00'::time, NULL::text,
         'Oklahoma: Okla. Stat. tit. 15, 775C.4 (Telephone Solicitation Act of 2022)'),
        ('US-MD', '{227,240,301,410,443,667}', '{1,2,3,4,5,6,7}', '08:00', '20:00', NULL,
         'Maryland: Md. Code, Com. Law 14-4502 (Stop the Spam Calls Act of 2023)'),
        ('US-WA', '{206,253,360,425,509,564}', '{1,2,3,4,5,6,7}', '08:00', '20:00', NULL,
         'Washington: RCW 80.36.390 (ESHB 1497, 2021)'),
        ('US-TX', '{210,214,254,281,325,346,361,409,430,432,469,512,682,713,726,737,806,817,830,832,903,915,936,940,945,956,972,979}',
         '{1,2,3,4,5,6}', '09:00', '21:00', NULL, 'Texas: Tex. Bus. & Com. Code 301.051 (weekdays and Saturday)'),
        ('US-TX', '{210,214,254,281,325,346,361,409,430,432,469,512,682,713,726,737,806,817,830,832,903,915,936,940,945,956,972,979}',
         '{7}', '12:00', '21:00', NULL, 'Texas: Tex. Bus. & Com. Code 301.051 (Sunday)'),
        ('US-UT', '{385,435,801}', '{1,2,3,4,5,6}', '08:00', '21:00', 'US-UT',
         'Utah: Utah Code 13-25a-103(3) (not on Sunday or a legal holiday)'),
        ('US-MS', '{228,601,662,769}', '{1,2,3,4,5,6}', '08:00', '21:00', NULL,
         'Mississippi: Miss. Code 77-3-723(1), 77-3-603(a) (not on Sunday)'),
        ('US-RI', '{401}', '{1,2,3,4,5}', '09:00', '18:00', 'US-RI',
         'Rhode Island: R.I. Gen. Laws 5-61-2, 5-61-3.6 (weekdays, except a state or federal holiday)'),
        ('US-RI', '{401}', '{6}', '10:00', '17:00', NULL,
         'Rhode Island: R.I. Gen. Laws 5-61-2, 5-61-3.6 (Saturday)'),
        ('US-LA', '{225,318,337,504,985}', '{1,2,3,4,5,6}', '08:00', '20:00', 'US-LA',
         'Louisiana: LPSC General Order R-29617, V(A)(2) (not on Sunday or a legal holiday)'),
        ('US-PA', '{215,223,267,272,412,445,484,570,582,610,717,724,814,835,878}', '{1,2,3,4,5,6,7}', '08:00', '21:00', 'US-PA',
         'Pennsylvania: 73 P.S. 2245(a)(10) (not on a legal holiday)'),
        ('CA', '{204,226,236,249,250,257,263,273,289,306,343,354,365,367,368,382,403,416,418,428,431,437,438,450,468,474,506,514,519,548,579,581,584,587,600,604,613,622,633,639,647,672,683,705,709,742,753,778,780,782,807,819,825,867,873,879,902,905,942}',
         '{1,2,3,4,5}', '09:00', '21:30', NULL, 'Canada: CRTC Unsolicited Telecommunications Rules, Part III, rule 11 (weekdays)'),
        ('CA', '{204,226,236,249,250,257,263,273,289,306,343,354,365,367,368,382,403,416,418,428,431,437,438,450,468,474,506,514,519,548,579,581,584,587,600,604,613,622,633,639,647,672,683,705,709,742,753,778,780,782,807,819,825,867,873,879,902,905,942}',
         '{6,7}', '10:00', '18:00', NULL, 'Canada: CRTC Unsolicited Telecommunications Rules, Part III, rule 11 (weekends)')
       ) AS r(rule, codes, days, opens, closes, calendar, note),
       pg_catalog.unnest(r.codes) AS a(code);
INSERT INTO phone_contact_window (prefix, purpose, days, opens, closes, calendar, predefined, note, rule)
VALUES ('33', NULL, '{1,2,3,4,5}', '10:00', '13:00', 'FR', true,
        'France: Code de la consommation, art. D. 223-8 (decree 2022-1313; not on a public holiday)', 'FR'),
       ('33', NULL, '{1,2,3,4,5}', '14:00', '20:00', 'FR', true,
        'France: Code de la consommation, art. D. 223-8 (decree 2022-1313; not on a public holiday)', 'FR');

-- SMS keywords (configuration): what a message means (phone_sms_keyword).
-- A message is read as its words (phone_sms_words: compatibility forms,
-- case, accents, punctuation and every kind of space folded), and a
-- keyword as its words too.  A message that contains the words of an
-- opt_out keyword anywhere is an opt-out; the other classes need the
-- whole message to be the keyword.  The seeded rows:
--   * 47 CFR 64.1200(a)(10), as amended by the FCC's Report and Order
--     FCC 24-24 (in force 2025-04-11): a called party may revoke consent
--     by any reasonable means, and a reply of "stop", "quit", "end",
--     "revoke", "opt out", "cancel" or "unsubscribe" is one, which must be
--     honoured;
--   * the CTIA Messaging Principles and Best Practices (2023) and the CTIA
--     Short Code Monitoring Handbook: STOP, STOPALL, UNSUBSCRIBE, CANCEL,
--     END and QUIT stop messages; START and UNSTOP resume them; HELP (and
--     INFO) ask for help;
--   * Canada: the CWTA's Canadian Common Short Code Application Guidelines
--     require the French ARRET (with or without its accent) beside STOP, and AIDE beside HELP;
--   * Spanish replies received by US programs, revocations by reasonable
--     means under 47 CFR 64.1200(a)(10): BAJA, PARAR, NO MAS, CANCELAR,
--     DETENER; AYUDA for help;
--   * the written forms of the same words that the rule's "reasonable
--     means" covers: OPTOUT, UNSUB.
-- The seeded keywords are written in ASCII (arret, no mas): matching folds
-- accents, and the script then reads the same in every server encoding.
CREATE TABLE phone_sms_keywords (
    keyword     text PRIMARY KEY,
    class       text NOT NULL CHECK (class IN ('opt_out', 'opt_in', 'confirm', 'help')),
    language    text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    source      text,
    predefined  boolean NOT NULL DEFAULT false,
    CHECK (@extschema@.phone_sms_words(keyword) <> '')
);
-- one meaning for each sequence of words
CREATE UNIQUE INDEX phone_sms_keywords_words_idx
    ON phone_sms_keywords ((@extschema@.phone_sms_words(keyword)));

INSERT INTO phone_sms_keywords (keyword, class, language, predefined, source)
SELECT k, 'opt_out', 'en', true, '47 CFR 64.1200(a)(10) (FCC 24-24, in force 2025-04-11)'
  FROM pg_catalog.unnest(ARRAY['stop', 'quit', 'end', 'revoke', 'opt out', 'cancel',
                               'unsubscribe']) AS k;
INSERT INTO phone_sms_keywords (keyword, class, language, predefined, source)
VALUES ('stopall', 'opt_out', 'en', true, 'CTIA Messaging Principles and Best Practices (2023)'),
       ('optout', 'opt_out', 'en', true, '47 CFR 64.1200(a)(10): "opt out" written as one word'),
       ('unsub', 'opt_out', 'en', true, '47 CFR 64.1200(a)(10): "unsubscribe" abbreviated'),
       ('arret', 'opt_out', 'fr', true, 'CWTA Canadian Common Short Code Application Guidelines (ARRET)'),
       ('baja', 'opt_out', 'es', true, '47 CFR 64.1200(a)(10), reasonable means: Spanish'),
       ('parar', 'opt_out', 'es', true, '47 CFR 64.1200(a)(10), reasonable means: Spanish'),
       ('no mas', 'opt_out', 'es', true, '47 CFR 64.1200(a)(10), reasonable means: Spanish'),
       ('cancelar', 'opt_out', 'es', true, '47 CFR 64.1200(a)(10), reasonable means: Spanish'),
       ('detener', 'opt_out', 'es', true, '47 CFR 64.1200(a)(10), reasonable means: Spanish'),
       ('start', 'opt_in', 'en', true, 'CTIA Messaging Principles and Best Practices (2023)'),
       ('unstop', 'opt_in', 'en', true, 'CTIA Messaging Principles and Best Practices (2023)'),
       ('yes', 'confirm', 'en', true, 'double opt-in confirmation'),
       ('y', 'confirm', 'en', true, 'double opt-in confirmation'),
       ('confirm', 'confirm', 'en', true, 'double opt-in confirmation'),
       ('help', 'help', 'en', true, 'CTIA Messaging Principles and Best Practices (2023)'),
       ('info', 'help', 'en', true, 'CTIA Short Code Monitoring Handbook'),
       ('aide', 'help', 'fr', true, 'CWTA Canadian Common Short Code Application Guidelines (AIDE)'),
       ('ayuda', 'help', 'es', true, 'Spanish for HELP');

-- Notices: the exact wording shown to the person
CREATE TABLE phone_consent_notice (
    notice_id   bigserial PRIMARY KEY,
    name        text NOT NULL,
    version     integer NOT NULL CHECK (version > 0),
    language    text,
    body        text NOT NULL,
    sha256      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version),
    -- the one channel and purpose the wording asks consent for (NULL: any,
    -- as for every notice recorded before version 1.1)
    channel     text CHECK (channel IN ('sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                        'voice_prerecorded')),
    purpose     text
);

-- The ledger
CREATE TABLE phone_consent (
    event_id         bigserial PRIMARY KEY,
    phone            phone NOT NULL,
    channel          text NOT NULL
                     CHECK (channel IN ('sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                        'voice_prerecorded', '*')),
    purpose          text NOT NULL,
    action           text NOT NULL
                     CHECK (action IN ('grant', 'pending', 'revoke', 'invalidate')),
    method           text NOT NULL
                     CHECK (method IN ('web_form', 'paper_signed', 'sms_keyword',
                                       'sms_reply', 'ivr', 'verbal_recorded', 'agent',
                                       'email', 'import', 'unspecified')),
    source           text,
    notice_id        bigint,         -- a notice (phone_consent_reference_check)
    evidence         jsonb NOT NULL DEFAULT '{}',
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    recorded_by      text NOT NULL DEFAULT session_user,
    expires_at       timestamptz,
    disconnected_on  date,
    confirms         bigint,
    notice_sha256    bytea,
    seller           text,           -- the party the consent is given to
    recorded_role    text,           -- session_user of the recording session
    -- the hash chain (phone_consent_chain, doc/consent.md "Tamper evidence")
    prev_hash        bytea NOT NULL,
    event_hash       bytea NOT NULL,
    -- the program (sender, brand or short code) the event belongs to; '*'
    -- for a revocation of every program.  The pattern is the one of
    -- phone_consent_check_program, written out: a CHECK that called the
    -- function would tie the table to it in every dump and restore.
    program          text NOT NULL DEFAULT 'default'
                     CONSTRAINT phone_consent_program_check
                     CHECK (program = '*' OR program ~ '^[a-z0-9][a-z0-9_.:-]{0,62}$'),
    CONSTRAINT phone_consent_program_all_check
        CHECK (program <> '*' OR action IN ('revoke', 'invalidate')),
    CHECK ((channel = '*' OR purpose = '*') <= (action IN ('revoke', 'invalidate'))),
    CHECK ((action = 'invalidate') = (disconnected_on IS NOT NULL)),
    CHECK (action <> 'invalidate' OR (channel = '*' AND purpose = '*')),
    CHECK (expires_at IS NULL OR (action IN ('grant', 'pending') AND expires_at > occurred_at)),
    CHECK (confirms IS NULL OR action = 'grant'),
    CHECK (jsonb_typeof(evidence) = 'object')
);

-- Status lookups read, for each scope that covers the channel, purpose
-- and program asked for ((c, p), (c, *), (*, p), (*, *), each for the
-- program and for '*'), the latest events of one number: a backward index
-- scan on this that stops at the first one (the three columns of a scope
-- before occurred_at, so that each scope is one descent)
CREATE INDEX phone_consent_phone_idx ON phone_consent
    (phone, channel, purpose, program, occurred_at,
     (CASE action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END), event_id);
-- ... and every invalidation of the number, which this finds without
-- reading its other events
CREATE INDEX phone_consent_invalidate_idx ON phone_consent (phone, occurred_at)
    WHERE action = 'invalidate';
-- A pending event is confirmed at most once (see phone_consent_confirm)
CREATE UNIQUE INDEX phone_consent_confirms_idx ON phone_consent (confirms)
    WHERE confirms IS NOT NULL;
CREATE INDEX phone_consent_notice_idx ON phone_consent (notice_id)
    WHERE notice_id IS NOT NULL;

-- pg_dump keeps the ledger, the notices, and the configuration rows that
-- were added after installation (the predefined ones come back with
-- CREATE EXTENSION), with their sequences.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_event_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_notice_notice_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_consent_purpose', 'WHERE NOT predefined');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_contact_window', 'WHERE NOT predefined');
-- (phone_public_holiday: in grants.sql, after the tables of version 1.1)

-- ---------------------------------------------------------------------
-- Guards.  They raise for every role, superusers and the owner included;
-- a superuser can still disable a trigger deliberately (ALTER TABLE ...
-- DISABLE TRIGGER), which is visible in the catalog and the logs.
--
-- The only ways out of the ledger are phone_erase() and
-- phone_consent_purge() (src/sql/phone_consent/erasure.sql), SECURITY DEFINER functions
-- that log what they do.  Before deleting, such a function writes permits
-- into phone_consent_permit, a table only its owner can read or write: a
-- permit names the current transaction (pg_current_xact_id()) and either a
-- number (erasure) or one event (purge), and the function removes its
-- permits before it returns.  The guard lets a DELETE through only when the
-- running role may read that table and a permit of the current transaction
-- names the row.  A role without privileges on the permit table cannot
-- write one, so holding DELETE on the ledger is not enough; UPDATE and
-- TRUNCATE are never let through.
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_consent_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- phone_erase and phone_consent_purge: a permit of this transaction
    -- (a role that may not read the permits has none)
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW'
       AND pg_catalog.has_table_privilege('@extschema@.phone_consent_permit', 'SELECT') THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_permit p
                    WHERE p.xact = pg_catalog.pg_current_xact_id()
                      AND (p.phone_hash = @extschema@.phone_consent_number_hash(OLD.phone)
                           OR p.event_id = OLD.event_id)) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'the consent ledger is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s on %s is not allowed, for any role.', TG_OP, TG_TABLE_NAME),
              HINT = 'Record a new event instead: phone_consent_revoke() or phone_mark_disconnected(); rows leave the ledger only through phone_erase() and phone_consent_purge().';
END;
$$;

CREATE FUNCTION phone_consent_notice_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent WHERE notice_id IS NOT NULL) THEN
            RAISE EXCEPTION 'consent notices referenced by the ledger cannot be changed'
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'TRUNCATE on phone_consent_notice would remove referenced notices.';
        END IF;
        RETURN NULL;
    END IF;
    -- A writer citing the notice holds a FOR SHARE lock on its row until it
    -- commits, and this trigger runs once the row is locked for the UPDATE
    -- or DELETE.  At READ COMMITTED the query below then sees that
    -- writer's event; an older snapshot might not.
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'consent notices change only at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = format('The transaction is %s: its snapshot could miss an event that cites the notice.',
                                  pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                  HINT = 'Change the notice in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.phone_consent WHERE notice_id = OLD.notice_id) THEN
        RAISE EXCEPTION 'consent notice % is referenced by the ledger and cannot be changed', OLD.notice_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('%s of a referenced notice is not allowed, for any role.', TG_OP),
                  HINT = 'Add a new version of the notice instead.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.created_at > pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION 'the created_at of a consent notice cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('created_at is %s.', NEW.created_at),
                  HINT = 'created_at is when the wording was first shown to people.';
    END IF;
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

-- The hash of a notice is always computed from its body (also when a dump
-- is restored, which gives the same value).  created_at is when the
-- wording was first shown: it may be given, but not in the future, since
-- an event can cite only a notice that existed when the person acted
-- (phone_consent_reference_check).
CREATE FUNCTION phone_consent_notice_hash() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.created_at > pg_catalog.clock_timestamp()
       AND pg_catalog.current_setting('check_function_bodies') <> 'off' THEN
        RAISE EXCEPTION 'the created_at of a consent notice cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('created_at is %s.', NEW.created_at),
                  HINT = 'created_at is when the wording was first shown to people.';
    END IF;
    NEW.sha256 := pg_catalog.sha256(pg_catalog.convert_to(NEW.body, 'UTF8'));
    RETURN NEW;
END;
$$;

-- Predefined configuration rows come with the extension: read-only
CREATE FUNCTION phone_consent_config_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'cannot truncate %', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The table holds predefined rows of the phone extension.',
                  HINT = 'Delete the rows you added instead.';
    END IF;
    IF (TG_OP IN ('UPDATE', 'DELETE') AND OLD.predefined)
       OR (TG_OP IN ('INSERT', 'UPDATE') AND NEW.predefined) THEN
        RAISE EXCEPTION 'predefined rows of % are read-only', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'They come with the phone extension and are recreated by CREATE EXTENSION.',
                  HINT = CASE TG_TABLE_NAME
                         WHEN 'phone_contact_window' THEN 'Add a rule of your own: it is intersected with the predefined ones.'
                         WHEN 'phone_public_holiday' THEN 'Add a holiday of your own instead.'
                         WHEN 'phone_sms_keywords' THEN 'Add a keyword of your own instead.'
                         ELSE 'Add a purpose of your own instead.' END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

-- References between the extension's tables are checked by triggers, not
-- foreign keys.  pg_restore -j loads the data of the ledger, the notices,
-- the purposes and the calling windows in parallel sessions, in no order
-- it keeps to, and a foreign key (made by CREATE EXTENSION, before any
-- data) refuses a ledger row whose notice another session has not loaded
-- yet.  A restore session (check_function_bodies off: pg_dump writes it at
-- the top of every dump and pg_restore sets it in each of its sessions)
-- loads rows that were consistent when they were dumped, so the check lets
-- them through there; everywhere else it refuses what a foreign key
-- would, and locks the referenced row FOR SHARE, so that its content
-- cannot change before this transaction ends.  Deleting, renaming or
-- changing a referenced row is refused by phone_consent_notice_guard and
-- phone_consent_purpose_referenced.
--
-- What an event cites must mean what it meant when the person acted
-- (doc/consent.md, "What evidence means"): the purpose of an event is a
-- row of phone_consent_purpose ('*' for revocations of every purpose);
-- a notice it cites existed at occurred_at (created_at), was written for
-- the event's channel and purpose (or for any), and its SHA-256 is the
-- event's notice_sha256.
CREATE FUNCTION phone_consent_reference_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n   record;
BEGIN
    -- SECURITY DEFINER: it must not answer for any other table
    -- (doc/security.md, "SECURITY DEFINER triggers")
    IF TG_RELID NOT IN ('@extschema@.phone_consent'::pg_catalog.regclass,
                        '@extschema@.phone_contact_window'::pg_catalog.regclass) THEN
        RAISE EXCEPTION 'phone_consent_reference_check() fires only for phone_consent and phone_contact_window'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF pg_catalog.current_setting('check_function_bodies') = 'off' THEN
        RETURN NULL;
    END IF;
    IF NEW.purpose IS NOT NULL AND NOT (TG_TABLE_NAME = 'phone_consent' AND NEW.purpose = '*')
       AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                        WHERE p.purpose = NEW.purpose FOR SHARE) THEN
        RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_purpose"', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is not present in table "phone_consent_purpose".', NEW.purpose);
    END IF;
    IF TG_TABLE_NAME <> 'phone_consent' THEN
        -- a window for a purpose whose hours do not apply would never be
        -- used (phone_contact_decision does not look at the windows)
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                    WHERE p.purpose = NEW.purpose AND NOT p.hours_apply) THEN
            RAISE EXCEPTION 'calling windows do not apply to purpose "%"', NEW.purpose
                USING ERRCODE = 'check_violation',
                      DETAIL = 'The purpose has hours_apply false: no decision for it looks at the calling windows, so the row would never be used.',
                      HINT = 'Give the row a purpose whose hours apply, or NULL for every such purpose.';
        END IF;
        RETURN NULL;
    END IF;
    IF NEW.notice_id IS NOT NULL THEN
        SELECT x.sha256, x.created_at, x.channel, x.purpose INTO n
          FROM @extschema@.phone_consent_notice x
         WHERE x.notice_id = NEW.notice_id FOR SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'insert or update on table "%" violates its reference to "phone_consent_notice"', TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = format('Key (notice_id)=(%s) is not present in table "phone_consent_notice".', NEW.notice_id);
        END IF;
        IF n.created_at > NEW.occurred_at THEN
            RAISE EXCEPTION 'consent notice % cannot be cited by an event that occurred before it was created', NEW.notice_id
                USING ERRCODE = 'check_violation',
                      DETAIL = format('The notice was created at %s, the event occurred at %s.', n.created_at, NEW.occurred_at),
                      HINT = 'Cite the notice the person was shown at the time.';
        END IF;
        IF NOT (n.channel IS NULL OR n.channel = NEW.channel)
           OR NOT (n.purpose IS NULL OR n.purpose = NEW.purpose) THEN
            RAISE EXCEPTION 'consent notice % was not written for % on %', NEW.notice_id, NEW.purpose, NEW.channel
                USING ERRCODE = 'check_violation',
                      DETAIL = format('The notice asks consent for %s on %s.',
                                      coalesce(n.purpose, 'any purpose'), coalesce(n.channel, 'any channel')),
                      HINT = 'Cite a notice for the channel and purpose of the consent.';
        END IF;
        IF NEW.notice_sha256 IS DISTINCT FROM n.sha256 THEN
            RAISE EXCEPTION 'the notice_sha256 of an event must be the SHA-256 of the notice it cites'
                USING ERRCODE = 'check_violation',
                      DETAIL = format('Notice %s has SHA-256 %s; the event gives %s.', NEW.notice_id,
                                      pg_catalog.encode(n.sha256, 'hex'),
                                      coalesce(pg_catalog.encode(NEW.notice_sha256, 'hex'), 'NULL'));
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

-- A purpose that the ledger or calling windows name cannot be deleted or
-- renamed, and once the ledger names it, its rules (basis,
-- written_required, hours_apply) are frozen: changing them would change
-- what past events decide.  Its description may change.  A writer that
-- names the purpose holds a FOR SHARE lock on its row until it commits
-- (phone_consent_reference_check) and this trigger runs once the row is
-- locked for the change: at READ COMMITTED the query below then sees that
-- writer's event; an older snapshot might not, so a change of rules is
-- refused above READ COMMITTED.
CREATE FUNCTION phone_consent_purpose_referenced() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> '@extschema@.phone_consent_purpose'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_purpose_referenced() fires only for phone_consent_purpose'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.purpose IS DISTINCT FROM OLD.purpose)
       AND EXISTS (SELECT 1 FROM @extschema@.phone_contact_window w WHERE w.purpose = OLD.purpose) THEN
        RAISE EXCEPTION 'update or delete on table "phone_consent_purpose" violates the reference from "phone_contact_window"'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (purpose)=(%s) is still referenced from table "phone_contact_window".', OLD.purpose);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.hours_apply AND NOT NEW.hours_apply
       AND EXISTS (SELECT 1 FROM @extschema@.phone_contact_window w WHERE w.purpose = OLD.purpose) THEN
        RAISE EXCEPTION 'calling windows name purpose "%", whose hours would no longer apply', OLD.purpose
            USING ERRCODE = 'check_violation',
                  DETAIL = 'A window for a purpose whose hours do not apply would never be used.',
                  HINT = 'Delete the windows of the purpose first.';
    END IF;
    IF TG_OP = 'DELETE'
       OR (NEW.purpose, NEW.basis, NEW.written_required, NEW.hours_apply)
          IS DISTINCT FROM (OLD.purpose, OLD.basis, OLD.written_required, OLD.hours_apply) THEN
        IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
            RAISE EXCEPTION 'the rules of a consent purpose change only at isolation level READ COMMITTED'
                USING ERRCODE = 'invalid_transaction_state',
                      DETAIL = format('The transaction is %s: its snapshot could miss an event that names the purpose.',
                                      pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                      HINT = 'Change the purpose in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
        END IF;
        IF EXISTS (SELECT 1 FROM @extschema@.phone_consent e WHERE e.purpose = OLD.purpose) THEN
            RAISE EXCEPTION 'consent purpose % is referenced by the ledger and its rules cannot be changed', OLD.purpose
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('%s of the key, basis, written_required or hours_apply of a purpose that events name would change what they decide.', TG_OP),
                      HINT = 'Add a purpose under a new key (for example with a version suffix) for the new rules.';
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

-- ---------------------------------------------------------------------
-- Tamper evidence: the events form a hash chain (doc/consent.md, "Tamper
-- evidence", defines the encoding for auditors).  Each event stores
--   prev_hash   the event_hash of the event before it in the chain (by
--               event_id; 32 zero bytes for the first), and
--   event_hash  SHA-256 of "phone_consent.chain.v1", a 0 byte, prev_hash,
--               and the fields of the event (phone_consent_event_hash).
-- The trigger below, named to fire after every other BEFORE INSERT
-- trigger of the ledger (triggers fire in name order), takes a lock that
-- serializes all appends, gives the event an event_id after the last one
-- if it has none such (a concurrent writer may have taken a later id from
-- the sequence before the lock, and committed first), and links it to the
-- last event: the highest event_id of the ledger and of
-- phone_consent_removed, where phone_erase and phone_consent_purge leave
-- the links of the events they delete.  So concurrent writers form one
-- chain, in event_id order.  A restore session (check_function_bodies
-- off) keeps the links the rows were dumped with.
-- ---------------------------------------------------------------------

-- The digest of the chain's encoding (doc/consent.md, "Tamper
-- evidence"), in C: SHA-256 of the tag, prev and the fields given, each
-- NULL or its length and UTF-8 bytes
CREATE FUNCTION phone_consent_chain_digest(prev bytea, fields text[]) RETURNS bytea
    AS '$libdir/phone', 'phone_consent_chain_digest'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The SHA-256 that links an event (with its prev_hash) into the chain
CREATE FUNCTION phone_consent_event_hash(e phone_consent) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT @extschema@.phone_consent_chain_digest(e.prev_hash, ARRAY[
               e.event_id::pg_catalog.text,
               e.phone::pg_catalog.text,
               e.channel, e.purpose, e.action, e.method, e.source,
               e.notice_id::pg_catalog.text,
               e.evidence::pg_catalog.text,
               pg_catalog.trunc(EXTRACT(epoch FROM e.occurred_at) * 1000000)::pg_catalog.text,
               pg_catalog.trunc(EXTRACT(epoch FROM e.recorded_at) * 1000000)::pg_catalog.text,
               e.recorded_by,
               pg_catalog.trunc(EXTRACT(epoch FROM e.expires_at) * 1000000)::pg_catalog.text,
               pg_catalog.to_char(e.disconnected_on, 'YYYY-MM-DD'),
               e.confirms::pg_catalog.text,
               pg_catalog.encode(e.notice_sha256, 'hex'),
               e.seller, e.recorded_role, e.program])
$$;

CREATE FUNCTION phone_consent_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last_id bigint;
BEGIN
    -- SECURITY DEFINER (it reads phone_consent_removed whoever inserts):
    -- it must not answer for any other table
    IF TG_RELID <> '@extschema@.phone_consent'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'phone_consent_chain() fires only for phone_consent'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('Trigger %s on %s calls it.', TG_NAME, TG_RELID::pg_catalog.regclass);
    END IF;
    IF pg_catalog.current_setting('check_function_bodies') = 'off'
       AND NEW.prev_hash IS NOT NULL AND NEW.event_hash IS NOT NULL THEN
        RETURN NEW;
    END IF;
    -- the last link must be read with a snapshot taken after the lock
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'events are appended to the consent ledger only at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = format('The transaction is %s: its snapshot could miss the last event of the hash chain.',
                                  pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
                  HINT = 'Record the event in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('phone_consent.chain'), 0);
    SELECT l.event_id, l.event_hash INTO last_id, NEW.prev_hash
      FROM (SELECT e.event_id, e.event_hash FROM @extschema@.phone_consent e
            UNION ALL
            SELECT r.event_id, r.event_hash FROM @extschema@.phone_consent_removed r) AS l
     ORDER BY l.event_id DESC LIMIT 1;
    -- the event_id taken before the lock is kept when it comes after the
    -- last event (as it does without concurrent writers)
    IF NEW.event_id IS NULL OR NEW.event_id <= last_id THEN
        NEW.event_id := GREATEST(
            pg_catalog.nextval('@extschema@.phone_consent_event_id_seq'::pg_catalog.regclass), last_id + 1);
    END IF;
    NEW.prev_hash := coalesce(NEW.prev_hash, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex'));
    NEW.event_hash := @extschema@.phone_consent_event_hash(NEW);
    RETURN NEW;
END;
$$;

CREATE TRIGGER phone_consent_references
    AFTER INSERT OR UPDATE ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_reference_check();
CREATE TRIGGER phone_contact_window_references
    AFTER INSERT OR UPDATE OF purpose ON phone_contact_window
    FOR EACH ROW EXECUTE FUNCTION phone_consent_reference_check();
CREATE TRIGGER phone_consent_purpose_referenced
    AFTER UPDATE OR DELETE ON phone_consent_purpose
    FOR EACH ROW EXECUTE FUNCTION phone_consent_purpose_referenced();
CREATE TRIGGER phone_consent_zz_chain
    BEFORE INSERT ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_chain();
CREATE TRIGGER phone_consent_append_only
    BEFORE UPDATE OR DELETE ON phone_consent
    FOR EACH ROW EXECUTE FUNCTION phone_consent_guard();
CREATE TRIGGER phone_consent_no_truncate
    BEFORE TRUNCATE ON phone_consent
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_guard();
CREATE TRIGGER phone_consent_notice_hash
    BEFORE INSERT ON phone_consent_notice
    FOR EACH ROW EXECUTE FUNCTION phone_consent_notice_hash();
CREATE TRIGGER phone_consent_notice_frozen
    BEFORE UPDATE OR DELETE ON phone_consent_notice
    FOR EACH ROW EXECUTE FUNCTION phone_consent_notice_guard();
CREATE TRIGGER phone_consent_notice_no_truncate
    BEFORE TRUNCATE ON phone_consent_notice
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_notice_guard();
CREATE TRIGGER phone_consent_purpose_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_consent_purpose
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_consent_purpose_no_truncate
    BEFORE TRUNCATE ON phone_consent_purpose
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_contact_window_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_contact_window
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_contact_window_no_truncate
    BEFORE TRUNCATE ON phone_contact_window
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_public_holiday_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_public_holiday
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_public_holiday_no_truncate
    BEFORE TRUNCATE ON phone_public_holiday
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_sms_keywords_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON phone_sms_keywords
    FOR EACH ROW EXECUTE FUNCTION phone_consent_config_guard();
CREATE TRIGGER phone_sms_keywords_no_truncate
    BEFORE TRUNCATE ON phone_sms_keywords
    FOR EACH STATEMENT EXECUTE FUNCTION phone_consent_config_guard();

-- ---------------------------------------------------------------------
-- Status
-- ---------------------------------------------------------------------

-- The state of (number, channel, purpose) in a program at an instant,
-- with the event that decides it.  The rule (doc/consent.md): an
-- invalidate event that has occurred voids every event dated before the
-- end (UTC) of its disconnected_on; among the remaining events of the same
-- channel, purpose and program or '*', the latest occurred_at wins, and on a tie the more
-- restrictive (revoke, then pending, then grant), then the later event.
-- A number erased with mode 'suppress' (a row of phone_suppression) is
-- 'erased' unless the deciding event is a grant or pending event that
-- occurred after the erasure, is no import and carries evidence (a
-- notice, a non-empty evidence object, or the pending event it confirms).
-- as_recorded_at answers with what the ledger held at that time: events
-- recorded later (recorded_at > as_recorded_at) are left out; 'infinity'
-- takes every event, as the overload without as_recorded_at does (an
-- overload rather than a default, so that the extension's own calls with
-- four arguments stay exact: doc/security.md).  program is the program
-- (sender, brand or short code) asked about; the overload without
-- as_recorded_at answers for the program 'default'.  The view
-- phone_consent_current applies the same rule to the whole ledger at once.
CREATE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz, as_recorded_at timestamptz,
                                    program text DEFAULT 'default',
                                    OUT status text, OUT since timestamptz,
                                    OUT event_id bigint)
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    void_before timestamptz;
    inval_at    timestamptz;
    erased      timestamptz;
    ev          record;
BEGIN
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    SELECT t.erased_at INTO erased
      FROM @extschema@.phone_suppression t
     WHERE t.phone_hash = @extschema@.phone_consent_number_hash(number);

    -- (phone_consent_invalidate_idx)
    SELECT max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')),
           max(e.occurred_at)
      INTO void_before, inval_at
      FROM @extschema@.phone_consent e
     WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'invalidate'
       AND e.occurred_at <= at AND e.recorded_at <= as_recorded_at;

    -- the latest event of each of the eight scopes that cover the channel,
    -- purpose and program (a backward scan of phone_consent_phone_idx, in
    -- the order of the status rule, that stops at the first event), then
    -- the latest of those
    SELECT x.event_id, x.action, x.occurred_at, x.expires_at, x.method, x.notice_id,
           x.evidence, x.confirms
      INTO ev
      FROM (VALUES (phone_consent_state.channel, phone_consent_state.purpose),
                   (phone_consent_state.channel, '*'),
                   ('*', phone_consent_state.purpose),
                   ('*', '*')) AS s(channel, purpose),
           (VALUES (phone_consent_state.program), ('*')) AS g(program),
           LATERAL (SELECT e.event_id, e.action, e.occurred_at, e.expires_at, e.method,
                           e.notice_id, e.evidence, e.confirms,
                           CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END AS rank
                      FROM @extschema@.phone_consent e
                     WHERE e.phone OPERATOR(@extschema@.=) number
                       AND e.channel = s.channel AND e.purpose = s.purpose
                       AND e.program = g.program
                       AND e.occurred_at <= at
                       AND e.occurred_at >= coalesce(void_before, '-infinity')
                       AND e.action <> 'invalidate'
                       AND e.recorded_at <= as_recorded_at
                     ORDER BY e.occurred_at DESC,
                              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
                              e.event_id DESC
                     LIMIT 1) AS x
     ORDER BY x.occurred_at DESC, x.rank DESC, x.event_id DESC
     LIMIT 1;

    IF NOT FOUND THEN
        IF erased IS NOT NULL THEN
            status := 'erased';
            since := erased;
        ELSIF inval_at IS NOT NULL THEN
            status := 'invalidated';
            since := inval_at;
        ELSE
            status := 'none';
        END IF;
        RETURN;
    END IF;
    -- the test of phone_consent_suppression_check, repeated so that an
    -- event that escaped it (a writer whose snapshot predates the erasure)
    -- cannot lift the suppression either
    IF erased IS NOT NULL
       AND NOT (ev.action IN ('grant', 'pending') AND ev.occurred_at > erased
                AND ev.method <> 'import'
                AND (ev.notice_id IS NOT NULL OR ev.evidence <> '{}' OR ev.confirms IS NOT NULL)) THEN
        status := 'erased';
        since := erased;
        RETURN;
    END IF;

    event_id := ev.event_id;
    since := ev.occurred_at;
    IF ev.action = 'revoke' THEN
        status := 'revoked';
    ELSIF ev.action = 'pending' THEN
        status := 'pending';
    ELSIF ev.expires_at IS NOT NULL AND ev.expires_at <= at THEN
        status := 'expired';
        since := ev.expires_at;
    ELSE
        status := 'granted';
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_state(number phone, channel text, purpose text,
                                    at timestamptz DEFAULT now(),
                                    OUT status text, OUT since timestamptz,
                                    OUT event_id bigint)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT s.status, s.since, s.event_id
      FROM @extschema@.phone_consent_state(number, channel, purpose, at,
                                           'infinity'::pg_catalog.timestamptz,
                                           'default'::pg_catalog.text) AS s;
END;

CREATE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz, as_recorded_at timestamptz,
                                     program text DEFAULT 'default')
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at, as_recorded_at,
                                            program)).status;

CREATE FUNCTION phone_consent_status(number phone, channel text, purpose text,
                                     at timestamptz DEFAULT now())
    RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN (@extschema@.phone_consent_state(number, channel, purpose, at,
                                            'infinity'::pg_catalog.timestamptz,
                                            'default'::pg_catalog.text)).status;

-- The views phone_consent_current and phone_do_not_contact read the
-- tombstones too: they follow phone_suppression (src/sql/phone_consent/erasure.sql).


-- ---------------------------------------------------------------------
-- Recording events.  These functions are SECURITY DEFINER so that writers
-- need no privilege on the ledger itself (grant them EXECUTE; see
-- doc/consent.md): nobody but the owner can insert rows that bypass the
-- checks or claim another recorded_role.  recorded_role is session_user,
-- the role that authenticated (or that a superuser set with SET SESSION
-- AUTHORIZATION): SET ROLE and SECURITY DEFINER do not change it.
-- recorded_by names the agent or application as the writer says (by
-- default session_user too), and seller the party consent is given to.
-- Writers of one number take phone_consent_lock in turn.
-- ---------------------------------------------------------------------

-- Checks the channel, purpose and method arguments; raises 22023 when one
-- is NULL or not one we know ("*" for channel or purpose only when
-- allow_all).  Returns nothing.
CREATE FUNCTION phone_consent_check_args(channel text, purpose text, method text,
                                         allow_all boolean)
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF channel IS NULL OR NOT (channel = ANY (ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice',
                                                 'voice_prerecorded'])
                               OR (allow_all AND channel = '*')) THEN
        RAISE EXCEPTION 'invalid consent channel: %', coalesce(channel, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN channel = '*' THEN 'Consent is given for one channel; "*" is only for revocations.'
                           ELSE 'Channels are sms, mms, rcs, whatsapp, voice and voice_prerecorded.' END;
    END IF;
    IF purpose IS NULL OR NOT ((allow_all AND purpose = '*')
                               OR EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                                           WHERE p.purpose = phone_consent_check_args.purpose)) THEN
        RAISE EXCEPTION 'invalid consent purpose: %', coalesce(purpose, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN purpose = '*' THEN 'Consent is given for one purpose; "*" is only for revocations.'
                           ELSE 'Purposes are the rows of phone_consent_purpose.' END;
    END IF;
    IF method IS NULL OR NOT (method = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply',
                                               'ivr', 'verbal_recorded', 'agent', 'email', 'import',
                                               'unspecified'])) THEN
        RAISE EXCEPTION 'invalid consent method: %', coalesce(method, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Methods are web_form, paper_signed, sms_keyword, sms_reply, ivr, verbal_recorded, agent, email, import and unspecified.';
    END IF;
END;
$$;

-- Raises 22023 when occurred_at is NULL or later than the clock
CREATE FUNCTION phone_consent_check_time(occurred_at timestamptz)
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF occurred_at IS NULL THEN
        RAISE EXCEPTION 'occurred_at cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF occurred_at > pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION 'occurred_at cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It is the time the person acted, which has passed.';
    END IF;
END;
$$;

-- Checks what a writer records about itself and about the party consent
-- is given to (recorded_by, seller): NULL, or a name of 1 to 200
-- characters that is not blank and has no control characters; raises
-- 22023 otherwise.
CREATE FUNCTION phone_consent_check_label(label text, value text)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NOT NULL
       AND (pg_catalog.btrim(value) = '' OR pg_catalog.length(value) > 200
            OR value ~ '[[:cntrl:]]') THEN
        RAISE EXCEPTION 'invalid %: %', label,
                        pg_catalog.quote_literal(pg_catalog.left(pg_catalog.regexp_replace(value, '[[:cntrl:]]', '?', 'g'), 40)
                                                 || CASE WHEN pg_catalog.length(value) > 40 THEN '...' ELSE '' END)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('%s names an agent, application or party: 1 to 200 characters, not blank, without control characters; it has %s.',
                                  label, pg_catalog.length(value)),
                  HINT = format('Pass NULL to leave %s to its default.', label);
    END IF;
END;
$$;

-- Checks a program (the sender, brand or short code consent is given to
-- or withdrawn from): a name of 1 to 63 letters, digits and _ . : -
-- beginning with a letter or digit; '*' (every program) only when
-- allow_all.  Raises 22023 otherwise.
CREATE FUNCTION phone_consent_check_program(program text, allow_all boolean)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF program IS NULL OR NOT (program ~ '^[a-z0-9][a-z0-9_.:-]{0,62}$'
                               OR (allow_all AND program = '*')) THEN
        RAISE EXCEPTION 'invalid consent program: %',
                        coalesce(pg_catalog.quote_literal(pg_catalog.left(pg_catalog.regexp_replace(program, '[[:cntrl:]]', '?', 'g'), 40)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN program = '*' THEN 'Consent is given in one program; "*" is only for revocations.'
                           ELSE 'A program is a name of 1 to 63 letters, digits and _ . : - that begins with a letter or digit.' END,
                  HINT = 'Leave program out for the program ''default''.';
    END IF;
END;
$$;

-- The program a revocation of number is recorded in, given the program
-- asked for (in any case): that program in lower case when it is '*',
-- 'default' or one in which the number gave or was asked consent (a grant
-- or pending event: of a name phone_consent_check_program accepts, as the
-- CHECK of phone_consent keeps every program), else '*' (every program:
-- an odd spelling, a program that is no name, NULL).  The writers keep
-- what was asked when it differs (phone_consent_revoke,
-- phone_consent_apply_sms).
CREATE FUNCTION phone_consent_revocation_program(number phone, program text)
    RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    IF program IN ('*', 'default')
       OR EXISTS (SELECT 1 FROM @extschema@.phone_consent c
                   WHERE c.phone OPERATOR(@extschema@.=) number
                     AND c.program = phone_consent_revocation_program.program
                     AND c.action IN ('grant', 'pending')) THEN
        RETURN program;
    END IF;
    RETURN '*';
END;
$$;

-- Checks the callee_tz of a decision: NULL, or IANA names of geographic
-- zones only (no abbreviation such as EST, no POSIX rule such as UTC+5, no
-- fixed offset such as Etc/GMT-5) that PostgreSQL knows, which add to the
-- number's zones and never replace them; raises 22023 otherwise.
CREATE FUNCTION phone_consent_check_callee_tz(callee_tz text[])
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    z       text;
BEGIN
    IF callee_tz IS NOT NULL THEN
        FOREACH z IN ARRAY callee_tz LOOP
            IF z IS NULL
               OR z COLLATE "C" !~ '^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(/[A-Za-z0-9_+-]+){1,2}$'
               OR NOT @extschema@.phone_timezone_known(z) THEN
                RAISE EXCEPTION 'invalid callee time zone: %', coalesce('"' || z || '"', 'NULL')
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = 'callee_tz takes names of the IANA time-zone database such as America/New_York, not abbreviations (EST), offsets (UTC+5, Etc/GMT-5) or unknown names.',
                          HINT = 'Give the zone of the place where the callee is, as pg_timezone_names lists it; the number''s own zones are always used as well.';
            END IF;
        END LOOP;
    END IF;
END;
$$;

-- Checks the evidence of a consent: a JSON object of at most 16384 bytes
-- (as text) holding what its method needs for a defence: for a purpose
-- that needs written consent given through a web form, the client's
-- "ip" (an address), "user_agent", and the page ("url") or form
-- ("form_id"); for a signed paper, "document_ref" (where the signed
-- document is kept).  Raises 22023 otherwise.
CREATE FUNCTION phone_consent_check_evidence(purpose text, method text, evidence jsonb)
    RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing text[] := ARRAY[]::text[];
    k       text;
    size    integer;
BEGIN
    IF evidence IS NULL OR pg_catalog.jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION 'evidence must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    size := pg_catalog.octet_length(evidence::pg_catalog.text);
    IF size > 16384 THEN
        RAISE EXCEPTION 'evidence is too large: % bytes', size
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The evidence of an event takes at most 16384 bytes as JSON text.',
                  HINT = 'Keep documents, recordings and pages elsewhere and record their reference and hash in the evidence.';
    END IF;
    IF method = 'web_form'
       AND EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                    WHERE p.purpose = phone_consent_check_evidence.purpose AND p.written_required) THEN
        FOREACH k IN ARRAY ARRAY['ip', 'user_agent'] LOOP
            IF pg_catalog.btrim(coalesce(evidence ->> k, '')) = '' THEN
                missing := missing || k;
            END IF;
        END LOOP;
        IF pg_catalog.btrim(coalesce(evidence ->> 'url', '')) = ''
           AND pg_catalog.btrim(coalesce(evidence ->> 'form_id', '')) = '' THEN
            missing := missing || 'url or form_id'::text;
        END IF;
        IF 'ip' <> ALL (missing) AND pg_catalog.btrim(evidence ->> 'ip') !~ '^[0-9A-Fa-f:.]+$' THEN
            RAISE EXCEPTION 'invalid evidence for % through web_form: "ip" is not an address', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('"ip" is %s.', evidence -> 'ip'),
                      HINT = 'Record the IP address the form was submitted from, as 192.0.2.1 or 2001:db8::1.';
        END IF;
    ELSIF method = 'paper_signed' AND pg_catalog.btrim(coalesce(evidence ->> 'document_ref', '')) = '' THEN
        missing := missing || 'document_ref'::text;
    END IF;
    IF pg_catalog.cardinality(missing) > 0 THEN
        RAISE EXCEPTION 'insufficient evidence for % through %', purpose, method
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The evidence lacks %s.', pg_catalog.array_to_string(missing, ', ')),
                  HINT = CASE method
                         WHEN 'web_form' THEN 'Written consent through a web form needs the notice and, in the evidence, "ip", "user_agent", and "url" or "form_id".'
                         ELSE 'Consent on paper needs "document_ref" in the evidence: where the signed document is kept.' END;
    END IF;
END;
$$;

CREATE FUNCTION phone_consent_grant(number phone, channel text, purpose text, method text,
                                    notice_id bigint DEFAULT NULL,
                                    evidence jsonb DEFAULT '{}',
                                    occurred_at timestamptz DEFAULT now(),
                                    expires_at timestamptz DEFAULT NULL,
                                    double_opt_in boolean DEFAULT false,
                                    source text DEFAULT NULL,
                                    recorded_by text DEFAULT NULL,
                                    seller text DEFAULT NULL,
                                    program text DEFAULT 'default')
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p      @extschema@.phone_consent_purpose;
    t      record;
    late   record;
    id     bigint;
    sha    bytea;
    reader boolean;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a consent cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_grant() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    IF NOT @extschema@.phone_is_valid(number) THEN
        RAISE EXCEPTION 'cannot record consent for %: not a valid number', number
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The number fails validation (%s).',
                                  @extschema@.phone_check(number::pg_catalog.text)),
                  HINT = 'Consent is recorded only for numbers that are valid in their numbering plan.';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, method, false);
    PERFORM @extschema@.phone_consent_check_time(occurred_at);
    PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, recorded_by);
    PERFORM @extschema@.phone_consent_check_label('seller'::pg_catalog.text, seller);
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
    IF expires_at IS NOT NULL AND expires_at <= occurred_at THEN
        RAISE EXCEPTION 'expires_at must be later than occurred_at'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_consent_grant.purpose;
    IF notice_id IS NOT NULL THEN
        -- The wording cited cannot change until this transaction ends: an
        -- UPDATE of the notice waits for this lock, then finds it referenced
        -- (phone_consent_notice_guard); an UPDATE that came first has
        -- committed, and this reads its result.  The event keeps the hash.
        SELECT n.sha256 INTO sha FROM @extschema@.phone_consent_notice n
         WHERE n.notice_id = phone_consent_grant.notice_id
           FOR SHARE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'consent notice % does not exist', notice_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF p.written_required THEN
        IF notice_id IS NULL THEN
            RAISE EXCEPTION 'consent for % requires a notice', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Purpose %s needs written consent: the notice the person agreed to must be recorded.', purpose),
                      HINT = 'Store the wording in phone_consent_notice and pass its notice_id.';
        END IF;
        IF method NOT IN ('web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr', 'email') THEN
            RAISE EXCEPTION 'consent for % requires a written method', purpose
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Method %s is not a written (or electronically signed) agreement.', method),
                      HINT = 'Written methods are web_form, paper_signed, sms_keyword, sms_reply, ivr and email.';
        END IF;
    END IF;
    PERFORM @extschema@.phone_consent_check_evidence(purpose, method, evidence);

    -- Writers of one number take turns (phone_consent_lock): what this
    -- reads below includes every event recorded before this one.
    PERFORM @extschema@.phone_consent_lock(number);
    reader := pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
              AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT');

    -- A suppressed number: what phone_consent_suppression_check would
    -- refuse is refused here, from one place, so that neither the message
    -- nor its context tells a session that may not read the tombstones that
    -- the number was erased; such a session learns only that the event was
    -- refused (doc/security.md).
    SELECT * INTO t FROM @extschema@.phone_suppression s
     WHERE s.phone_hash = @extschema@.phone_consent_number_hash(number);
    IF FOUND AND (occurred_at <= t.erased_at OR method = 'import'
                  OR (notice_id IS NULL AND evidence = '{}')) THEN
        IF NOT reader THEN
            RAISE EXCEPTION 'cannot record consent'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent: the number was erased and is suppressed'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                                  to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                                       WHEN method = 'import' THEN 'an import is no new consent'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'Record consent the person gave after the erasure, with its evidence (a notice or an evidence object); revocations are always accepted.';
    END IF;

    -- Late data: a consent dated between a revocation it would override
    -- and the time that revocation was recorded arrives after the opt-out
    -- was known.  It counts only with evidence, and never as an import.
    SELECT r.event_id, r.channel, r.purpose, r.occurred_at, r.recorded_at INTO late
      FROM @extschema@.phone_consent r
     WHERE r.phone OPERATOR(@extschema@.=) number AND r.action = 'revoke'
       AND r.channel IN (phone_consent_grant.channel, '*')
       AND r.purpose IN (phone_consent_grant.purpose, '*')
       AND r.program IN (phone_consent_grant.program, '*')
       AND r.occurred_at < phone_consent_grant.occurred_at
       AND r.recorded_at > phone_consent_grant.occurred_at
     ORDER BY r.recorded_at DESC, r.event_id DESC
     LIMIT 1;
    IF FOUND AND (method = 'import' OR (notice_id IS NULL AND evidence = '{}')) THEN
        IF NOT reader THEN
            RAISE EXCEPTION 'cannot record consent'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION 'cannot record consent for %: it is dated before an opt-out was recorded', number
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Revocation %s (%s for %s, occurred %s, recorded %s) was recorded after %s, the date of this consent, which would override it.  Refused: %s.',
                                  late.event_id, late.channel, late.purpose,
                                  to_char(late.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  to_char(late.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                                  CASE WHEN method = 'import' THEN 'an import does not override an opt-out recorded before it'
                                       ELSE 'the event carries no evidence' END),
                  HINT = 'A consent that arrives after an opt-out was recorded, dated before that, counts only with its evidence (a notice or an evidence object) and a method other than import.';
    END IF;

    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, notice_id, evidence,
         occurred_at, recorded_at, recorded_by, expires_at, notice_sha256,
         seller, recorded_role, program)
    VALUES (number, channel, purpose,
            CASE WHEN coalesce(double_opt_in, false) THEN 'pending' ELSE 'grant' END,
            method, source, notice_id, evidence, occurred_at,
            pg_catalog.clock_timestamp(), coalesce(recorded_by, session_user), expires_at, sha,
            seller, session_user, program)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

-- The lock that writers of one number take in turn, for their
-- transaction: confirmations, grants, revocations and SMS keywords of a
-- number queue here, and each reads what the one before it committed
-- (READ COMMITTED: the statement after the lock takes a new snapshot).
CREATE FUNCTION phone_consent_lock(number phone)
    RETURNS void
    LANGUAGE sql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    RETURN pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtext('phone_consent'::pg_catalog.text),
        pg_catalog.hashtext(number::pg_catalog.text));

CREATE FUNCTION phone_consent_confirm(number phone, channel text, purpose text,
                                      method text DEFAULT 'sms_reply',
                                      evidence jsonb DEFAULT '{}',
                                      occurred_at timestamptz DEFAULT now(),
                                      source text DEFAULT NULL,
                                      recorded_by text DEFAULT NULL,
                                      program text DEFAULT 'default')
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    st     record;
    pend   @extschema@.phone_consent;
    t      record;
    id     bigint;
    reader boolean;
    why    text;
    msg    text;
    code   text;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a consent cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, method, false);
    PERFORM @extschema@.phone_consent_check_time(occurred_at);
    PERFORM @extschema@.phone_consent_check_evidence(purpose, method, evidence);
    PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, recorded_by);
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_confirm() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    -- why a confirmation is refused is told only to a session that may
    -- read the ledger and the tombstones (doc/security.md)
    reader := pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
              AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT');
    -- Confirmations and revocations of the number queue here; the next
    -- statement takes a new snapshot (READ COMMITTED) and sees what the
    -- one before committed: a second confirmation finds the grant, and a
    -- confirmation after a revocation dated before it finds the status
    -- revoked (only READ COMMITTED is admitted above; the unique index on
    -- confirms would stop a second one anyway).
    PERFORM @extschema@.phone_consent_lock(number);
    -- the pending event of this program (a confirmation is for it)
    st := @extschema@.phone_consent_state(number, channel, purpose, occurred_at,
                                          'infinity'::pg_catalog.timestamptz, program);
    IF st.status <> 'pending' THEN
        why := format('The consent status at %s is %s.', occurred_at, st.status);
    ELSE
        SELECT * INTO pend FROM @extschema@.phone_consent e WHERE e.event_id = st.event_id;
        SELECT * INTO t FROM @extschema@.phone_suppression s
         WHERE s.phone_hash = @extschema@.phone_consent_number_hash(number);
        IF occurred_at <= pend.occurred_at OR (pend.expires_at IS NOT NULL AND pend.expires_at <= occurred_at) THEN
            msg := 'a confirmation must come after the pending consent and before its expiry';
            code := '22023';
            why := 'A confirmation must come after the pending consent and before its expiry.';
        ELSIF t.phone_hash IS NOT NULL AND (occurred_at <= t.erased_at OR method = 'import') THEN
            -- what phone_consent_suppression_check would refuse, refused here
            -- so that its error (and its context) does not tell why
            msg := 'cannot record consent: the number was erased and is suppressed';
            why := format('Erasure request %s of %s.  Refused: %s.', t.request_id,
                          to_char(t.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS"Z"'),
                          CASE WHEN occurred_at <= t.erased_at THEN 'the consent is not later than the erasure'
                               ELSE 'an import is no new consent' END);
        END IF;
    END IF;
    IF why IS NULL THEN
        BEGIN
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, source, notice_id, evidence,
                 occurred_at, recorded_at, recorded_by, expires_at, confirms, notice_sha256,
                 seller, recorded_role, program)
            VALUES (number, channel, purpose, 'grant', method, coalesce(source, pend.source),
                    pend.notice_id, evidence, occurred_at, pg_catalog.clock_timestamp(),
                    coalesce(recorded_by, session_user), pend.expires_at, pend.event_id,
                    pend.notice_sha256, pend.seller, session_user, pend.program)
            RETURNING event_id INTO id;
        EXCEPTION WHEN unique_violation THEN
            why := format('Pending consent %s has already been confirmed.', pend.event_id);
        END;
    END IF;
    -- Why a confirmation is refused (the status, the pending event, an
    -- erasure) is told only to a session that may read the ledger and the
    -- tombstones; any other gets one message, raised from one place.
    IF why IS NOT NULL THEN
        IF NOT reader THEN
            RAISE EXCEPTION 'cannot confirm consent on % for %', channel, purpose
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'The reason is shown only to roles that may read phone_consent and phone_suppression.';
        END IF;
        RAISE EXCEPTION USING
            MESSAGE = coalesce(msg, format('no pending consent to confirm on %s for %s', channel, purpose)),
            ERRCODE = coalesce(code, '55000'),
            DETAIL = why;
    END IF;
    RETURN id;
END;
$$;

-- A revocation is never refused (but for a transaction above READ
-- COMMITTED, which it is told to leave): arguments it does not understand
-- (a channel, purpose or method spelled otherwise, an agent name or
-- seller that is no valid name, evidence that is no object or too large)
-- widen it or are kept as evidence.
CREATE FUNCTION phone_consent_revoke(number phone, channel text DEFAULT NULL,
                                     purpose text DEFAULT NULL,
                                     method text DEFAULT 'unspecified',
                                     evidence jsonb DEFAULT '{}',
                                     occurred_at timestamptz DEFAULT now(),
                                     recorded_by text DEFAULT NULL,
                                     seller text DEFAULT NULL,
                                     program text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ch    text := coalesce(channel, '*');
    pu    text := coalesce(purpose, '*');
    pg    text := coalesce(pg_catalog.lower(program COLLATE pg_catalog."C"), '*');
    me    text := coalesce(method, 'unspecified');
    ev    jsonb := coalesce(evidence, '{}');
    at    timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    now_  timestamptz;
    by_   text := recorded_by;
    sel   text := seller;
    req   jsonb := '{}';
    id    bigint;
    g     record;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a revocation cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_revoke() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    -- Evidence that is no object is wrapped; evidence over the size cap is
    -- replaced by its size and SHA-256 (the caller keeps the original).
    IF pg_catalog.jsonb_typeof(ev) <> 'object' THEN
        ev := jsonb_build_object('evidence', ev);
    END IF;
    IF pg_catalog.octet_length(ev::pg_catalog.text) > 16384 THEN
        ev := jsonb_build_object('evidence_truncated', true,
                                 'evidence_bytes', pg_catalog.octet_length(ev::pg_catalog.text),
                                 'evidence_sha256',
                                 pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(ev::pg_catalog.text, 'UTF8')), 'hex'));
    END IF;
    -- A channel, purpose or method it does not know: the person asked to
    -- stop something, so everything is revoked, and the request is kept
    IF NOT (ch = ANY (ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice', 'voice_prerecorded', '*'])
            AND (pu = '*' OR EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p WHERE p.purpose = pu))
            AND me = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr',
                                'verbal_recorded', 'agent', 'email', 'import', 'unspecified'])) THEN
        req := jsonb_build_object('channel', pg_catalog.left(channel, 200), 'purpose', pg_catalog.left(purpose, 200),
                                  'method', pg_catalog.left(method, 200));
        ch := '*';
        pu := '*';
        IF NOT me = ANY (ARRAY['web_form', 'paper_signed', 'sms_keyword', 'sms_reply', 'ivr',
                               'verbal_recorded', 'agent', 'email', 'import', 'unspecified']) THEN
            me := 'unspecified';
        END IF;
    END IF;
    IF by_ IS NOT NULL AND (pg_catalog.btrim(by_) = '' OR pg_catalog.length(by_) > 200 OR by_ ~ '[[:cntrl:]]') THEN
        req := req || jsonb_build_object('recorded_by', pg_catalog.left(by_, 200));
        by_ := NULL;
    END IF;
    IF sel IS NOT NULL AND (pg_catalog.btrim(sel) = '' OR pg_catalog.length(sel) > 200 OR sel ~ '[[:cntrl:]]') THEN
        req := req || jsonb_build_object('seller', pg_catalog.left(sel, 200));
        sel := NULL;
    END IF;
    -- a program that is no valid name, or in which this number never gave
    -- or was asked consent (an odd spelling): every program, the request
    -- kept
    IF pg <> @extschema@.phone_consent_revocation_program(number, pg) THEN
        req := req || jsonb_build_object('program', pg_catalog.left(program, 200));
        pg := '*';
    END IF;
    IF req <> '{}' THEN
        ev := ev || jsonb_build_object('requested', req);
    END IF;
    -- "removed" is what an SMS STOP took away, which START gives back: only
    -- phone_consent_apply_sms writes it.  A caller's list is kept under
    -- another name, where START does not look.
    IF ev ? 'removed' THEN
        ev := (ev - 'removed') || jsonb_build_object('claimed_removed', ev -> 'removed');
    END IF;

    -- Writers of the number take turns: a confirmation that came first has
    -- committed, and is seen below
    PERFORM @extschema@.phone_consent_lock(number);
    now_ := pg_catalog.clock_timestamp();
    -- An opt-out takes effect at once: a time in the future is recorded as
    -- now, keeping the claimed time as evidence.
    IF at > now_ THEN
        ev := ev || jsonb_build_object('claimed_occurred_at', at);
        at := now_;
    END IF;
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, evidence, occurred_at,
         recorded_at, recorded_by, seller, recorded_role, program)
    VALUES (number, ch, pu, 'revoke', me, ev, at,
            now_, coalesce(by_, session_user), sel, session_user, pg)
    RETURNING event_id INTO id;

    -- A confirmation confirms its pending consent; a revocation between
    -- the two leaves nothing to confirm.  A confirmation recorded before
    -- this revocation, dated after it, is outdone by a revocation of its
    -- channel and purpose at its own instant (a revocation wins a tie).
    FOR g IN SELECT c.event_id, c.channel, c.purpose, c.program, c.occurred_at
               FROM @extschema@.phone_consent c
               JOIN @extschema@.phone_consent pe ON pe.event_id = c.confirms
              WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'grant'
                AND (ch = '*' OR c.channel = ch) AND (pu = '*' OR c.purpose = pu)
                AND (pg = '*' OR c.program = pg)
                AND pe.occurred_at <= at AND at < c.occurred_at
                AND NOT EXISTS (SELECT 1 FROM @extschema@.phone_consent v
                                 WHERE v.phone OPERATOR(@extschema@.=) number AND v.action = 'revoke'
                                   AND v.occurred_at = c.occurred_at
                                   AND v.channel IN (c.channel, '*') AND v.purpose IN (c.purpose, '*')
                                   AND v.program IN (c.program, '*'))
              ORDER BY c.event_id
    LOOP
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by, seller, recorded_role, program)
        VALUES (number, g.channel, g.purpose, 'revoke', me,
                jsonb_build_object('revocation', id, 'revocation_occurred_at', at,
                                   'voids_confirmation', g.event_id),
                g.occurred_at, pg_catalog.clock_timestamp(), coalesce(by_, session_user), sel,
                session_user, g.program);
    END LOOP;
    RETURN id;
END;
$$;

CREATE FUNCTION phone_mark_disconnected(number phone, disconnected_on date,
                                        source text DEFAULT NULL,
                                        recorded_by text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    id bigint;
BEGIN
    IF number IS NULL OR disconnected_on IS NULL THEN
        RAISE EXCEPTION 'number and disconnected_on cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_mark_disconnected() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    IF disconnected_on > (pg_catalog.clock_timestamp() AT TIME ZONE 'UTC')::date
       OR NOT pg_catalog.isfinite(disconnected_on) THEN
        RAISE EXCEPTION 'disconnected_on cannot be in the future'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The day of disconnection cannot be in the future.';
    END IF;
    PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, recorded_by);
    INSERT INTO @extschema@.phone_consent
        (phone, channel, purpose, action, method, source, occurred_at,
         recorded_at, recorded_by, disconnected_on, recorded_role)
    VALUES (number, '*', '*', 'invalidate', 'unspecified', source,
            disconnected_on::timestamp AT TIME ZONE 'UTC',
            pg_catalog.clock_timestamp(), coalesce(recorded_by, session_user), disconnected_on,
            session_user)
    RETURNING event_id INTO id;
    RETURN id;
END;
$$;

-- ---------------------------------------------------------------------
-- SMS keywords
-- ---------------------------------------------------------------------

-- The class of the keyword a message is (phone_sms_keywords): opt_out
-- when its words contain those of an opt_out keyword, else the class of
-- the keyword whose words are the whole message, else NULL.
CREATE FUNCTION phone_sms_keyword(body text) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH m AS MATERIALIZED (
        SELECT (' ' || @extschema@.phone_sms_words(body)
                || ' ') COLLATE "C" AS words
    )
    SELECT k.class
      FROM m, @extschema@.phone_sms_keywords k,
           LATERAL (SELECT (' ' || @extschema@.phone_sms_words(k.keyword)
                            || ' ') COLLATE "C" AS words) AS w
     WHERE CASE WHEN k.class = 'opt_out' THEN pg_catalog.strpos(m.words, w.words) > 0
                ELSE m.words = w.words END
     ORDER BY k.class = 'opt_out' DESC, k.keyword COLLATE "C"
     LIMIT 1;
END;

-- Records what an incoming SMS means; returns its keyword class and the
-- consents it changed:
--   opt_out: revokes every channel and purpose, remembering in the
--            evidence ("removed") what that took away: the consents in
--            force, what an earlier STOP removed and still keeps removed,
--            and, with no event id, the opt_out purposes (allowed unless
--            revoked) that were allowed on each channel;
--   opt_in:  restores exactly what the latest STOP removed (if no newer
--            event decided it since), nothing else;
--   confirm: confirms every pending consent of the number; with nothing
--            pending it is an opt_in, as START;
--   help, or NULL for a message that is no keyword: records nothing.
-- consents lists, for opt_out, what was removed; for opt_in and confirm,
-- the grants recorded ({channel, purpose, event_id, restores}); else [].
-- It is NULL for an opt_out, opt_in or confirm when the session user may
-- not read phone_consent and phone_suppression (doc/security.md).
CREATE FUNCTION phone_consent_apply_sms(number phone, body text,
                                        occurred_at timestamptz DEFAULT now(),
                                        recorded_by text DEFAULT NULL,
                                        program text DEFAULT NULL,
                                        OUT keyword text, OUT consents jsonb)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kw       text := @extschema@.phone_sms_keyword(body);
    at       timestamptz := coalesce(occurred_at, pg_catalog.clock_timestamp());
    by_      text := recorded_by;
    pg       text := pg_catalog.lower(program COLLATE pg_catalog."C");
    removed  jsonb;
    ev       jsonb;
    stop     @extschema@.phone_consent;
    r        record;
    id       bigint;
    channels text[] := ARRAY['sms', 'mms', 'rcs', 'whatsapp', 'voice', 'voice_prerecorded'];
    reader   boolean;
BEGIN
    IF number IS NULL THEN
        RAISE EXCEPTION 'the number of a message cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    keyword := kw;
    consents := '[]';
    IF kw IS NULL OR kw = 'help' THEN
        RETURN;
    END IF;
    -- READ COMMITTED only, and wait while phone_erase() holds its lock:
    -- every later statement sees what an erasure committed (doc/consent.md)
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'phone_consent_apply_sms() must run at isolation level READ COMMITTED'
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'A snapshot taken earlier could miss an erasure committed concurrently.',
                  HINT = 'Run it in its own transaction or in one begun with ISOLATION LEVEL READ COMMITTED.';
    END IF;
    -- a STOP is never refused: an invalid agent name is kept as evidence
    ev := jsonb_build_object('body', body, 'keyword', kw);
    IF by_ IS NOT NULL AND (pg_catalog.btrim(by_) = '' OR pg_catalog.length(by_) > 200 OR by_ ~ '[[:cntrl:]]') THEN
        IF kw <> 'opt_out' THEN
            PERFORM @extschema@.phone_consent_check_label('recorded_by'::pg_catalog.text, by_);
        END IF;
        ev := ev || jsonb_build_object('requested', jsonb_build_object('recorded_by', pg_catalog.left(by_, 200)));
        by_ := NULL;
    END IF;
    -- the program (in lower case): a STOP with none (NULL) stops every
    -- program ('*'), and so does one with a program that is no valid name
    -- or in which this number never gave or was asked consent (kept as
    -- evidence); the
    -- other keywords act in one named program, 'default' when NULL
    IF kw = 'opt_out' THEN
        IF pg IS NULL THEN
            pg := '*';
        ELSIF pg <> @extschema@.phone_consent_revocation_program(number, pg) THEN
            ev := ev || jsonb_build_object('requested', coalesce(ev -> 'requested', '{}'::jsonb)
                                                        || jsonb_build_object('program', pg_catalog.left(program, 200)));
            pg := '*';
        END IF;
    ELSE
        pg := coalesce(pg, 'default');
        PERFORM @extschema@.phone_consent_check_program(pg, false);
    END IF;
    LOCK TABLE @extschema@.phone_consent IN ROW EXCLUSIVE MODE;
    PERFORM @extschema@.phone_consent_lock(number);
    -- What a STOP removed or a START restored is the number's consent:
    -- told only to a session that may read the ledger and the tombstones
    -- (others get NULL), or a writer could read any number's consent at
    -- any instant with a message dated then, in a transaction it rolls back
    reader := pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_consent', 'SELECT')
              AND pg_catalog.has_table_privilege(SESSION_USER, '@extschema@.phone_suppression', 'SELECT');
    IF at > pg_catalog.clock_timestamp() THEN
        at := pg_catalog.clock_timestamp();
    END IF;

    IF kw = 'opt_out' THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object('channel', x.channel, 'purpose', x.purpose,
                                                     'program', x.program, 'event_id', x.event_id)
                                  ORDER BY x.program, x.channel, x.purpose), '[]')
          INTO removed
          FROM (-- the consents in force in the program (in each, for '*')
                SELECT k.channel, k.purpose, k.program, s.event_id
                  FROM (SELECT DISTINCT c.channel, c.purpose, c.program FROM @extschema@.phone_consent c
                         WHERE c.phone OPERATOR(@extschema@.=) number AND c.channel <> '*' AND c.purpose <> '*'
                           AND c.program <> '*' AND (pg = '*' OR c.program = pg)
                           AND c.occurred_at <= at) AS k,
                       LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at,
                                                               'infinity'::pg_catalog.timestamptz,
                                                               k.program) AS s
                 WHERE s.status IN ('granted', 'pending')
                UNION
                -- what an earlier STOP of the program (or of every
                -- program) removed that it still keeps removed; an entry
                -- without a program is of the STOP's program
                SELECT e.channel, e.purpose, e.program, e.event_id
                  FROM @extschema@.phone_consent st,
                       LATERAL (SELECT x0 ->> 'channel' AS channel, x0 ->> 'purpose' AS purpose,
                                       coalesce(x0 ->> 'program', st.program) AS program,
                                       CASE WHEN x0 ->> 'event_id' ~ '^[0-9]{1,18}$'
                                            THEN (x0 ->> 'event_id')::bigint END AS event_id
                                  FROM pg_catalog.jsonb_array_elements(
                                           CASE WHEN pg_catalog.jsonb_typeof(st.evidence -> 'removed') = 'array'
                                                THEN st.evidence -> 'removed' ELSE '[]' END) AS x0
                                 WHERE pg_catalog.jsonb_typeof(x0) = 'object') AS e
                 WHERE st.phone OPERATOR(@extschema@.=) number AND st.action = 'revoke'
                   AND st.method = 'sms_keyword' AND st.channel = '*' AND st.purpose = '*'
                   AND (pg = '*' OR st.program IN (pg, '*'))
                   AND st.occurred_at <= at AND e.channel = ANY (channels)
                   AND e.program <> '*' AND (pg = '*' OR e.program = pg)
                   AND (@extschema@.phone_consent_state(number, e.channel, e.purpose, at,
                                                        'infinity'::pg_catalog.timestamptz,
                                                        e.program)).event_id
                       = st.event_id
                UNION
                -- purposes allowed unless revoked, on each channel where
                -- they were, in the program (for '*': in 'default' and in
                -- each program of the number's events)
                SELECT ch, p.purpose, gp.program, NULL::bigint
                  FROM @extschema@.phone_consent_purpose p, pg_catalog.unnest(channels) AS ch,
                       (SELECT pg AS program WHERE pg <> '*'
                        UNION
                        SELECT 'default'::text WHERE pg = '*'
                        UNION
                        SELECT c.program FROM @extschema@.phone_consent c
                         WHERE pg = '*' AND c.phone OPERATOR(@extschema@.=) number
                           AND c.program <> '*') AS gp,
                       LATERAL @extschema@.phone_consent_state(number, ch, p.purpose, at,
                                                               'infinity'::pg_catalog.timestamptz,
                                                               gp.program) AS s
                 WHERE p.basis = 'opt_out' AND p.purpose <> 'opt_out_confirmation'
                   AND s.status IN ('none', 'expired')) AS x;
        -- recorded here, not through phone_consent_revoke (which renames a
        -- caller's "removed"): the list START trusts is written by this
        -- function only
        INSERT INTO @extschema@.phone_consent
            (phone, channel, purpose, action, method, evidence, occurred_at,
             recorded_at, recorded_by, recorded_role, program)
        VALUES (number, '*', '*', 'revoke', 'sms_keyword',
                ev || jsonb_build_object('removed', removed), at,
                pg_catalog.clock_timestamp(), coalesce(by_, session_user), session_user, pg);
        consents := CASE WHEN reader THEN removed END;
        RETURN;
    END IF;

    IF kw = 'confirm' THEN
        FOR r IN SELECT k.channel, k.purpose
                   FROM (SELECT DISTINCT c.channel, c.purpose FROM @extschema@.phone_consent c
                          WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'pending'
                            AND c.program = pg AND c.occurred_at < at) AS k,
                        LATERAL @extschema@.phone_consent_state(number, k.channel, k.purpose, at,
                                                                'infinity'::pg_catalog.timestamptz,
                                                                pg) AS s
                  WHERE s.status = 'pending'
                  ORDER BY k.channel, k.purpose
        LOOP
            id := @extschema@.phone_consent_confirm(number, r.channel, r.purpose,
                                                    'sms_reply'::pg_catalog.text,
                                                    jsonb_build_object('body', body), at,
                                                    NULL::pg_catalog.text, by_, pg);
            consents := consents || jsonb_build_array(jsonb_build_object('channel', r.channel, 'purpose', r.purpose,
                                                                         'event_id', id));
        END LOOP;
        IF consents <> '[]' THEN
            consents := CASE WHEN reader THEN consents END;
            RETURN;
        END IF;
        kw := 'opt_in';
        keyword := kw;
        ev := ev || jsonb_build_object('keyword', kw);
    END IF;

    -- opt_in: undo the latest STOP of the program (or of every program),
    -- in the program
    SELECT * INTO stop FROM @extschema@.phone_consent c
     WHERE c.phone OPERATOR(@extschema@.=) number AND c.action = 'revoke' AND c.method = 'sms_keyword'
       AND c.channel = '*' AND c.purpose = '*' AND c.program IN (pg, '*') AND c.occurred_at < at
     ORDER BY c.occurred_at DESC, c.event_id DESC LIMIT 1;
    IF NOT FOUND OR pg_catalog.jsonb_typeof(stop.evidence -> 'removed') IS DISTINCT FROM 'array' THEN
        consents := CASE WHEN reader THEN consents END;
        RETURN;
    END IF;
    FOR r IN SELECT x ->> 'channel' AS channel, x ->> 'purpose' AS purpose,
                    coalesce(x ->> 'program', stop.program) AS program,
                    CASE WHEN x ->> 'event_id' ~ '^[0-9]{1,18}$' THEN (x ->> 'event_id')::bigint END AS event_id,
                    pg_catalog.jsonb_typeof(x -> 'event_id') = 'null' AS by_basis
               FROM pg_catalog.jsonb_array_elements(stop.evidence -> 'removed') AS x
              WHERE pg_catalog.jsonb_typeof(x) = 'object'
    LOOP
        -- only what is still revoked by that very STOP, in the program
        IF r.channel IS NULL OR r.purpose IS NULL OR r.program IS DISTINCT FROM pg
           OR (@extschema@.phone_consent_state(number, r.channel, r.purpose, at,
                                               'infinity'::pg_catalog.timestamptz, pg)).event_id
              IS DISTINCT FROM stop.event_id THEN
            CONTINUE;
        END IF;
        id := NULL;
        IF r.event_id IS NOT NULL THEN
            -- only an event of this number, of that channel and purpose,
            -- that gave consent and came before the STOP (a STOP recorded
            -- before version 1.1 may carry a list a caller wrote)
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, source, notice_id, evidence,
                 occurred_at, recorded_at, recorded_by, expires_at, notice_sha256,
                 seller, recorded_role, program)
            SELECT number, g.channel, g.purpose, g.action, 'sms_keyword', g.source, g.notice_id,
                   ev || jsonb_build_object('restores', g.event_id, 'after_stop', stop.event_id),
                   at, pg_catalog.clock_timestamp(), coalesce(by_, session_user),
                   CASE WHEN g.expires_at > at THEN g.expires_at END, g.notice_sha256,
                   g.seller, session_user, g.program
              FROM @extschema@.phone_consent g
             WHERE g.event_id = r.event_id
               AND g.phone OPERATOR(@extschema@.=) number
               AND g.channel = r.channel AND g.purpose = r.purpose AND g.program = pg
               AND g.action IN ('grant', 'pending')
               AND g.event_id < stop.event_id AND g.occurred_at <= stop.occurred_at
               AND (g.expires_at IS NULL OR g.expires_at > at)
            RETURNING event_id INTO id;
        ELSIF r.by_basis AND r.channel = ANY (channels)
              AND EXISTS (SELECT 1 FROM @extschema@.phone_consent_purpose p
                           WHERE p.purpose = r.purpose AND p.basis = 'opt_out') THEN
            -- a purpose allowed unless revoked, which the STOP revoked: the
            -- START lifts that revocation
            INSERT INTO @extschema@.phone_consent
                (phone, channel, purpose, action, method, evidence, occurred_at,
                 recorded_at, recorded_by, recorded_role, program)
            VALUES (number, r.channel, r.purpose, 'grant', 'sms_keyword',
                    ev || jsonb_build_object('restores', NULL::bigint, 'after_stop', stop.event_id),
                    at, pg_catalog.clock_timestamp(), coalesce(by_, session_user), session_user, pg)
            RETURNING event_id INTO id;
        END IF;
        IF id IS NOT NULL THEN
            consents := consents || jsonb_build_array(jsonb_build_object('channel', r.channel, 'purpose', r.purpose,
                                                                         'event_id', id, 'restores', r.event_id));
        END IF;
    END LOOP;
    consents := CASE WHEN reader THEN consents END;
END;
$$;

-- ---------------------------------------------------------------------
-- Contact decisions
-- ---------------------------------------------------------------------

-- Whether the zones of a decision are known, so that its calling window
-- can be checked: false for NULL, no zone, a NULL zone or Etc/Unknown (the
-- map's zone of a number it cannot place), where a decision fails closed
-- (timezone_unknown).
CREATE FUNCTION phone_contact_zones_known(zones text[])
    RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce(pg_catalog.cardinality(zones) > 0
                    AND NOT 'Etc/Unknown'::pg_catalog.text = ANY (zones)
                    AND pg_catalog.array_position(zones, NULL::pg_catalog.text) IS NULL,
                    false);

-- The calling window of a number at an instant: open when every rule of
-- phone_contact_window that matches the digits (E.164, without "+"; the
-- first digits are enough, as long as the longest prefix) and the purpose
-- allows the instant in every zone.  placed true: the digits place the
-- number; false: they are the country calling code of a number its digits
-- do not place (a toll-free or other non-geographic number, or one of no
-- known type: phone_type), and every rule whose prefix begins with them
-- matches as well, the number may reach any place of the code; NULL (the
-- default): the digits are a whole number, placed as phone_contact_decision
-- places it (digits that are no number of phone_try_parse as they are); next_allowed_at is the first instant
-- at or after it that is open, searched over the next fourteen days (NULL
-- when there is none: the decision stays closed).  No matching rule: open.
-- A rule allows an instant in a zone when one of its rows does: the local
-- time is in [opens, closes) and the local date's day (8 on a public
-- holiday of the row's calendar, else its ISO weekday) is in days, and,
-- for a row with a calendar, the local date lies within the years of the
-- calendar's data (from the year of its first day to that of its last; a
-- calendar without a day covers none): outside them the row allows
-- nothing, so the window fails closed where the holidays are unknown, and
-- next_allowed_at never lands on such a day.  The
-- holiday is looked up by its key (a scalar subquery: an EXISTS could be
-- planned as a hash of every holiday, built on each call).  The
-- instants at which every rule is open form intervals that each begin at
-- the instant asked about or at the opening of a row on some local date in
-- some zone, tried in order.  (An opening in a skipped or repeated hour of
-- a daylight-saving change would be read as PostgreSQL reads that local
-- time, the later instant; none is: every window lies within the
-- predefined 08:00-21:00, and no zone changes its clocks then.)  Only
-- local dates up to 294276-12-30 are tried (the range of timestamps ends
-- three days later).  Zones must
-- be IANA names (phone_contact_decision checks them); NULL arguments, no
-- zone or a NULL zone give NULLs; an infinite instant, or one within three
-- days of the ends of the range of timestamps, is closed (no next one).
CREATE FUNCTION phone_contact_window_check(digits text, purpose text, zones text[],
                                           at timestamptz, placed boolean DEFAULT NULL,
                                           OUT open boolean, OUT next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    num     @extschema@.phone;
BEGIN
    IF digits IS NULL OR zones IS NULL OR at IS NULL OR pg_catalog.cardinality(zones) = 0
       OR pg_catalog.array_position(zones, NULL::text) IS NOT NULL THEN
        RETURN;
    END IF;
    IF digits COLLATE "C" !~ '^[0-9]{0,19}$' THEN
        RAISE EXCEPTION 'invalid digits for a calling window: "%"', digits
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'digits are the E.164 digits of a number, without "+", at most 19.';
    END IF;
    -- placed NULL: the digits are a whole number, placed as
    -- phone_contact_decision places it
    IF placed IS NULL THEN
        num := @extschema@.phone_try_parse('+' OPERATOR(pg_catalog.||) digits);
        placed := num IS NULL
                  OR @extschema@.phone_type(num) IN ('fixed_line'::@extschema@.phone_number_type,
                                                     'mobile'::@extschema@.phone_number_type,
                                                     'fixed_line_or_mobile'::@extschema@.phone_number_type);
        IF NOT placed THEN
            digits := @extschema@.phone_country_code(num)::pg_catalog.text;
        END IF;
    END IF;
    -- closed where some zone has no local time: infinity, and within three
    -- days of the ends of the range of timestamps
    IF NOT pg_catalog.isfinite(at) OR at < '4714-11-27 00:00:00+00 BC'::pg_catalog.timestamptz
       OR at >= '294276-12-30 00:00:00+00'::pg_catalog.timestamptz THEN
        open := false;
        RETURN;
    END IF;
    -- open at the instant asked about (so also when no rule matches)
    SELECT NOT EXISTS (
             SELECT 1
               FROM pg_catalog.unnest(zones) AS z(tz),
                    LATERAL (SELECT at AT TIME ZONE z.tz AS lt) AS l,
                    (SELECT DISTINCT w.prefix, w.purpose, w.rule, w.predefined
                       FROM @extschema@.phone_contact_window w
                      WHERE (w.prefix = ANY (ARRAY(SELECT pg_catalog.left(digits, n)
                                                     FROM pg_catalog.generate_series(0, pg_catalog.length(digits)) AS n))
                             OR (NOT placed AND pg_catalog.starts_with(w.prefix, digits)))
                        AND (w.purpose = phone_contact_window_check.purpose OR w.purpose IS NULL)) AS k
              WHERE NOT EXISTS (
                      SELECT 1 FROM @extschema@.phone_contact_window r
                       WHERE r.prefix = k.prefix AND r.purpose IS NOT DISTINCT FROM k.purpose
                         AND r.rule = k.rule AND r.predefined = k.predefined
                         AND l.lt::time >= r.opens AND l.lt::time < r.closes
                         AND (r.calendar IS NULL
                              OR coalesce(l.lt::date OPERATOR(pg_catalog.<@)
                                            (SELECT pg_catalog.daterange(
                                                      pg_catalog.make_date(pg_catalog.date_part('year', pg_catalog.min(h.day))::integer, 1, 1),
                                                      pg_catalog.make_date(pg_catalog.date_part('year', pg_catalog.max(h.day))::integer + 1, 1, 1))
                                               FROM @extschema@.phone_public_holiday h
                                              WHERE h.calendar = r.calendar
                                             HAVING pg_catalog.count(*) > 0),
                                          false))
                         AND (CASE WHEN r.calendar IS NOT NULL
                                        AND (SELECT true FROM @extschema@.phone_public_holiday h
                                              WHERE h.calendar = r.calendar
                                                AND h.day = l.lt::date) IS NOT NULL
                                   THEN 8
                                   ELSE pg_catalog.date_part('isodow', l.lt)::integer END)::smallint
                             OPERATOR(pg_catalog.=) ANY (r.days)))
      INTO open;
    IF open THEN
        next_allowed_at := at;
        RETURN;
    END IF;
    -- closed: the first candidate at which every rule is open in every zone
    WITH r AS MATERIALIZED (
        SELECT pg_catalog.dense_rank() OVER (ORDER BY w.prefix, w.purpose, w.rule, w.predefined) AS k,
               w.days, w.opens, w.closes, w.calendar,
               -- the years of the calendar's data, from its first to its last
               (SELECT pg_catalog.daterange(
                         pg_catalog.make_date(pg_catalog.date_part('year', pg_catalog.min(h.day))::integer, 1, 1),
                         pg_catalog.make_date(pg_catalog.date_part('year', pg_catalog.max(h.day))::integer + 1, 1, 1))
                  FROM @extschema@.phone_public_holiday h
                 WHERE h.calendar = w.calendar
                HAVING pg_catalog.count(*) > 0) AS years
          FROM @extschema@.phone_contact_window w
         WHERE (w.prefix = ANY (ARRAY(SELECT pg_catalog.left(digits, n)
                                        FROM pg_catalog.generate_series(0, pg_catalog.length(digits)) AS n))
                OR (NOT placed AND pg_catalog.starts_with(w.prefix, digits)))
           AND (w.purpose = phone_contact_window_check.purpose OR w.purpose IS NULL)
    ), z AS MATERIALIZED (
        SELECT DISTINCT u.tz FROM pg_catalog.unnest(zones) AS u(tz)
    ), o AS (
        -- each row's opening on each local date near the instant, in each zone
        SELECT (((at AT TIME ZONE z.tz)::date + d0) + r.opens) AT TIME ZONE z.tz AS c
          FROM z, (SELECT DISTINCT r.opens FROM r) AS r, pg_catalog.generate_series(-1, 14) AS d0
         WHERE (at AT TIME ZONE z.tz)::date + d0 <= '294276-12-30'::date
    )
    SELECT s.c INTO next_allowed_at
      FROM (SELECT DISTINCT o.c FROM o WHERE o.c > at ORDER BY o.c OFFSET 0) AS s
     WHERE NOT EXISTS (
             SELECT 1
               FROM z, (SELECT DISTINCT r.k FROM r) AS rk,
                    LATERAL (SELECT s.c AT TIME ZONE z.tz AS lt) AS l
              WHERE NOT EXISTS (
                      SELECT 1 FROM r
                       WHERE r.k = rk.k
                         AND l.lt::time >= r.opens AND l.lt::time < r.closes
                         AND (r.calendar IS NULL
                              OR coalesce(l.lt::date OPERATOR(pg_catalog.<@) r.years, false))
                         AND (CASE WHEN r.calendar IS NOT NULL
                                        AND (SELECT true FROM @extschema@.phone_public_holiday h
                                              WHERE h.calendar = r.calendar
                                                AND h.day = l.lt::date) IS NOT NULL
                                   THEN 8
                                   ELSE pg_catalog.date_part('isodow', l.lt)::integer END)::smallint
                             OPERATOR(pg_catalog.=) ANY (r.days)))
     LIMIT 1;
END;
$$;

-- Calling hours for a number and purpose, as one interval of local time:
-- the latest opening and the earliest closing of every rule that matches
-- (as phone_contact_decision matches them; a rule opens at its earliest row's opening and closes at its latest
-- row's closing).  No call is allowed outside them on any day; days,
-- holidays and the gaps between a rule's intervals can close more
-- (phone_contact_window_check decides).  No row when no rule matches; opens
-- not before closes when the rules never overlap.
CREATE FUNCTION phone_contact_hours(number phone, purpose text,
                                    OUT opens time, OUT closes time)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.max(r.opens), pg_catalog.min(r.closes)
      FROM (SELECT pg_catalog.min(w.opens) AS opens, pg_catalog.max(w.closes) AS closes
              FROM @extschema@.phone_contact_window w
             WHERE (pg_catalog.starts_with(pg_catalog.ltrim(number::text, '+'), w.prefix)
                    OR (@extschema@.phone_type(number) NOT IN ('fixed_line'::@extschema@.phone_number_type,
                                                              'mobile'::@extschema@.phone_number_type,
                                                              'fixed_line_or_mobile'::@extschema@.phone_number_type)
                        AND pg_catalog.starts_with(w.prefix, @extschema@.phone_country_code(number)::text)))
               AND (w.purpose = phone_contact_hours.purpose OR w.purpose IS NULL)
             GROUP BY w.prefix, w.purpose, w.rule, w.predefined) AS r
    HAVING pg_catalog.count(*) > 0;
END;

-- The decision for a program as the ledger held it at as_recorded_at
-- (the overload below, without it, takes every event and answers for the
-- program 'default')
CREATE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
                                       at timestamptz, callee_tz text[],
                                       as_recorded_at timestamptz,
                                       program text DEFAULT 'default',
                                       OUT allowed boolean, OUT reason text,
                                       OUT status text, OUT timezones text[],
                                       OUT next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p       @extschema@.phone_consent_purpose;
    win     record;
    cand    timestamptz;
BEGIN
    IF number IS NULL OR at IS NULL OR as_recorded_at IS NULL OR program IS NULL THEN
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
    -- callee_tz: IANA names of geographic zones only, which add to the
    -- number's zones and never replace them
    PERFORM @extschema@.phone_consent_check_callee_tz(callee_tz);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q WHERE q.purpose = phone_contact_decision.purpose;
    status := @extschema@.phone_consent_status(number, channel, purpose, at, as_recorded_at,
                                               program);
    -- every zone the callee may be in: the map's, or all of the region's
    -- when the map gives a mobile number only its country's default zone
    timezones := @extschema@.phone_possible_timezones(number);
    IF callee_tz IS NOT NULL THEN
        timezones := ARRAY(SELECT u.t
                             FROM (SELECT t FROM pg_catalog.unnest(timezones) AS t
                                   UNION
                                   SELECT t FROM pg_catalog.unnest(callee_tz) AS t) AS u
                            ORDER BY u.t COLLATE "C");
    END IF;
    allowed := false;

    reason := CASE status
        WHEN 'granted' THEN 'ok'
        WHEN 'revoked' THEN 'revoked'
        WHEN 'invalidated' THEN 'number_reassigned'
        WHEN 'erased' THEN 'erased'
        WHEN 'pending' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'pending_confirmation' END
        WHEN 'expired' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'expired' END
        WHEN 'none' THEN CASE WHEN p.basis = 'opt_out' THEN 'ok' ELSE 'no_consent' END
        END;
    -- The confirmation of an opt-out: one message on the channel of the
    -- latest opt-out (a revocation of that channel, or of all channels; a
    -- STOP that phone_consent_apply_sms recorded came by sms), within five
    -- minutes of it; sending it is recorded as the revocation of
    -- opt_out_confirmation on that channel, after which no other follows
    -- (opt-outs and confirmations of the program, or of every program,
    -- both as known at as_recorded_at): after an opt-out of every program
    -- ('*'), one in total, in whatever program; after an opt-out of one
    -- program, one in that program
    IF purpose = 'opt_out_confirmation' AND status NOT IN ('erased', 'invalidated') THEN
        SELECT max(e.occurred_at) INTO cand
          FROM @extschema@.phone_consent e
         WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'revoke'
           AND (e.channel = phone_contact_decision.channel
                OR (e.channel = '*' AND (e.method <> 'sms_keyword'
                                         OR phone_contact_decision.channel = 'sms')))
           AND e.program IN (phone_contact_decision.program, '*')
           AND e.purpose <> 'opt_out_confirmation' AND e.occurred_at <= at
           AND e.recorded_at <= as_recorded_at;
        IF cand IS NULL OR at >= cand + '5 minutes'::pg_catalog.interval THEN
            reason := 'no_recent_opt_out';
        ELSIF EXISTS (SELECT 1 FROM @extschema@.phone_consent e
                       WHERE e.phone OPERATOR(@extschema@.=) number AND e.action = 'revoke'
                         AND e.channel IN (phone_contact_decision.channel, '*')
                         AND e.purpose = 'opt_out_confirmation'
                         AND (e.program IN (phone_contact_decision.program, '*')
                              OR EXISTS (SELECT 1 FROM @extschema@.phone_consent a
                                          WHERE a.phone OPERATOR(@extschema@.=) number
                                            AND a.action = 'revoke' AND a.program = '*'
                                            AND a.occurred_at = cand
                                            AND (a.channel = phone_contact_decision.channel
                                                 OR (a.channel = '*' AND (a.method <> 'sms_keyword'
                                                                          OR phone_contact_decision.channel = 'sms')))
                                            AND a.purpose <> 'opt_out_confirmation'
                                            AND a.recorded_at <= as_recorded_at))
                         AND e.occurred_at >= cand AND e.occurred_at <= at
                         AND e.recorded_at <= as_recorded_at) THEN
            reason := 'confirmation_sent';
        ELSE
            reason := 'ok';
        END IF;
        cand := NULL;
    END IF;
    IF reason <> 'ok' THEN
        RETURN;
    END IF;
    -- Fail closed: infinity is no instant at which anyone can be contacted,
    -- and within three days of the ends of the range of timestamps some
    -- zone has no local time (nor a next opening that can be written)
    IF NOT pg_catalog.isfinite(at) OR at < '4714-11-27 00:00:00+00 BC'::pg_catalog.timestamptz
       OR at >= '294276-12-30 00:00:00+00'::pg_catalog.timestamptz THEN
        reason := 'time_undefined';
        RETURN;
    END IF;
    IF NOT p.hours_apply THEN
        allowed := true;
        next_allowed_at := at;
        RETURN;
    END IF;
    IF NOT @extschema@.phone_contact_zones_known(timezones) THEN
        reason := 'timezone_unknown';
        RETURN;
    END IF;
    -- Open now when every rule of the calling windows is open in every
    -- zone: the rules of the number's first digits, or, for a number its
    -- digits do not place (toll-free and the other non-geographic types,
    -- or a number of no known type), every rule of its country calling code
    IF @extschema@.phone_type(number) IN ('fixed_line'::@extschema@.phone_number_type,
                                          'mobile'::@extschema@.phone_number_type,
                                          'fixed_line_or_mobile'::@extschema@.phone_number_type) THEN
        win := @extschema@.phone_contact_window_check(pg_catalog.ltrim(number::pg_catalog.text, '+'),
                                                      purpose, timezones, at, true);
    ELSE
        win := @extschema@.phone_contact_window_check(@extschema@.phone_country_code(number)::pg_catalog.text,
                                                      purpose, timezones, at, false);
    END IF;
    next_allowed_at := win.next_allowed_at;
    IF win.open THEN
        allowed := true;
        RETURN;
    END IF;
    reason := 'quiet_hours';
END;
$$;

CREATE FUNCTION phone_contact_decision(number phone, channel text, purpose text,
                                       at timestamptz DEFAULT now(),
                                       callee_tz text[] DEFAULT NULL,
                                       OUT allowed boolean, OUT reason text,
                                       OUT status text, OUT timezones text[],
                                       OUT next_allowed_at timestamptz)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT d.allowed, d.reason, d.status, d.timezones, d.next_allowed_at
      FROM @extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz,
                                              'infinity'::pg_catalog.timestamptz,
                                              'default'::pg_catalog.text) AS d;
END;

-- phone_can_contact in a program takes every argument (no defaults, so
-- that a call with three to five arguments means the signature of 1.0,
-- which answers for 'default' and which views may use)
CREATE FUNCTION phone_can_contact(number phone, channel text, purpose text,
                                  at timestamptz DEFAULT now(),
                                  callee_tz text[] DEFAULT NULL)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce((@extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz,
                                                        'infinity'::pg_catalog.timestamptz,
                                                        'default'::pg_catalog.text)).allowed,
                    false);

CREATE FUNCTION phone_can_contact(number phone, channel text, purpose text,
                                  at timestamptz, callee_tz text[], program text)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN coalesce((@extschema@.phone_contact_decision(number, channel, purpose, at, callee_tz,
                                                        'infinity'::pg_catalog.timestamptz,
                                                        program)).allowed,
                    false);

-- The decisions for a list of numbers at once, equal row for row to
-- phone_contact_decision(number, channel, purpose, at, callee_tz,
-- 'infinity', program): one row per element of numbers, in their order (a
-- NULL element, or a NULL at or program, gives a row of NULLs).  The
-- statuses of the distinct numbers come from one pass over the ledger
-- (the rule of phone_consent_state, as phone_consent_current applies it),
-- and the calling window, which depends only on the zones, the first
-- digits (as many as the longest prefix of a window; for a number its
-- digits do not place, the country calling code) and the instant, is
-- checked once for each distinct set of zones and first digits
-- (phone_contact_window_check).  The keyed hashes of the
-- numbers are computed only while there are tombstones.  The query is
-- planned for the list it is given (EXECUTE, with the distinct numbers as
-- an array, whose length the planner knows): a short list probes the
-- index, a long one reads the ledger once.  Each element is decided in
-- its place, so that the rows need no join back to the list, only one
-- sort; the windows are found by one key (the planner knows nothing of
-- the columns of a CTE, and with several it would misjudge the join and
-- sort every row), and are checked in a materialized CTE (so that the
-- planner cannot call phone_contact_window_check once per row).  Without
-- JIT: compiling the query costs more than it saves (about 1.5 s for
-- 100,000 numbers).
CREATE FUNCTION phone_contact_decisions(numbers phone[], channel text, purpose text,
                                        at timestamptz DEFAULT now(),
                                        callee_tz text[] DEFAULT NULL,
                                        program text DEFAULT 'default')
    RETURNS TABLE (number phone, allowed boolean, reason text, status text,
                   timezones text[], next_allowed_at timestamptz)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET jit = off
AS $$
DECLARE
    p       @extschema@.phone_consent_purpose;
    plen    integer;
    erasing boolean;
BEGIN
    IF numbers IS NULL THEN
        RETURN;
    END IF;
    IF at IS NULL OR program IS NULL
       OR NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(numbers) AS u(n)
                       WHERE u.n IS NOT NULL) THEN
        RETURN QUERY
            SELECT u.n, NULL::boolean, NULL::text, NULL::text, NULL::text[], NULL::timestamptz
              FROM pg_catalog.unnest(numbers) WITH ORDINALITY AS u(n, i)
             ORDER BY u.i;
        RETURN;
    END IF;
    PERFORM @extschema@.phone_consent_check_args(channel, purpose, 'unspecified'::pg_catalog.text, false);
    program := pg_catalog.lower(program COLLATE pg_catalog."C");
    PERFORM @extschema@.phone_consent_check_program(program, false);
    PERFORM @extschema@.phone_consent_check_callee_tz(callee_tz);
    SELECT * INTO p FROM @extschema@.phone_consent_purpose q
     WHERE q.purpose = phone_contact_decisions.purpose;
    -- the longest prefix of a window that can apply: the window of a
    -- number depends on that many of its first digits only
    SELECT coalesce(max(pg_catalog.length(w.prefix)), 0) INTO plen
      FROM @extschema@.phone_contact_window w
     WHERE w.purpose = phone_contact_decisions.purpose OR w.purpose IS NULL;
    erasing := EXISTS (SELECT 1 FROM @extschema@.phone_suppression);

    RETURN QUERY EXECUTE $q$
WITH nums AS MATERIALIZED (
    -- the distinct numbers
    SELECT u.n FROM pg_catalog.unnest($10) AS u(n)
), sup AS (
    SELECT n.n, s.erased_at
      FROM nums n
      JOIN @extschema@.phone_suppression s
        ON s.phone_hash = @extschema@.phone_consent_number_hash(n.n)
     WHERE $9
), inval AS (
    SELECT e.phone,
           max(((e.disconnected_on + 1)::timestamp AT TIME ZONE 'UTC')) AS void_before,
           max(e.occurred_at) AS inval_at
      FROM @extschema@.phone_consent e
      JOIN nums n ON n.n OPERATOR(@extschema@.=) e.phone
     WHERE e.action = 'invalidate' AND e.occurred_at <= $4
     GROUP BY e.phone
), win AS (
    -- the latest event of the eight scopes that cover the channel, purpose
    -- and program
    SELECT DISTINCT ON (e.phone)
           e.phone, e.event_id, e.action, e.occurred_at, e.expires_at,
           (e.action IN ('grant', 'pending') AND e.method <> 'import'
            AND (e.notice_id IS NOT NULL OR e.evidence <> '{}' OR e.confirms IS NOT NULL)) AS lifts
      FROM @extschema@.phone_consent e
      JOIN nums n ON n.n OPERATOR(@extschema@.=) e.phone
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) e.phone
     WHERE e.channel = ANY (ARRAY[$2, '*']) AND e.purpose = ANY (ARRAY[$3, '*'])
       AND e.program = ANY (ARRAY[$11, '*'])
       AND e.action <> 'invalidate' AND e.occurred_at <= $4
       AND e.occurred_at >= coalesce(i.void_before, '-infinity'::pg_catalog.timestamptz)
     ORDER BY e.phone, e.occurred_at DESC,
              CASE e.action WHEN 'revoke' THEN 3 WHEN 'pending' THEN 2 ELSE 1 END DESC,
              e.event_id DESC
), st AS (
    -- each element of the list that is a number, in its place i, with its
    -- status; placed: whether the number's digits place it
    -- (phone_contact_decision)
    SELECT u.i, u.n, u.placed, u.tzs,
           CASE WHEN u.placed THEN pg_catalog.left(pg_catalog.ltrim(u.n::pg_catalog.text, '+'), $8)
                ELSE @extschema@.phone_country_code(u.n)::pg_catalog.text END AS digits,
           CASE WHEN w.event_id IS NULL THEN
                    CASE WHEN s.erased_at IS NOT NULL THEN 'erased'
                         WHEN i.inval_at IS NOT NULL THEN 'invalidated'
                         ELSE 'none' END
                WHEN s.erased_at IS NOT NULL
                     AND NOT (w.lifts AND w.occurred_at > s.erased_at) THEN 'erased'
                WHEN w.action = 'revoke' THEN 'revoked'
                WHEN w.action = 'pending' THEN 'pending'
                WHEN w.expires_at IS NOT NULL AND w.expires_at <= $4 THEN 'expired'
                ELSE 'granted' END AS status
      FROM (SELECT u.i, u.n,
                   @extschema@.phone_type(u.n) IN ('fixed_line'::@extschema@.phone_number_type,
                                                   'mobile'::@extschema@.phone_number_type,
                                                   'fixed_line_or_mobile'::@extschema@.phone_number_type) AS placed,
                   @extschema@.phone_possible_timezones(u.n) AS tzs
              FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(n, i)
             WHERE u.n IS NOT NULL) AS u
      LEFT JOIN win w ON w.phone OPERATOR(@extschema@.=) u.n
      LEFT JOIN sup s ON s.n OPERATOR(@extschema@.=) u.n
      LEFT JOIN inval i ON i.phone OPERATOR(@extschema@.=) u.n
), rs AS MATERIALIZED (
    -- k: the key of the calling window, whether the digits place the
    -- number, the digits and the zones as text (the zones give the
    -- number's group, and the group its window)
    SELECT st.i, st.n,
           CASE WHEN st.placed THEN 't' ELSE 'f' END || st.digits || ' '
               || coalesce(st.tzs::pg_catalog.text, '') AS k,
           st.status,
           CASE WHEN $3 = 'opt_out_confirmation' AND st.status NOT IN ('erased', 'invalidated') THEN
                    -- the confirmation of an opt-out (phone_contact_decision)
                    (SELECT CASE WHEN c.cand IS NULL
                                      OR $4 >= c.cand + '5 minutes'::pg_catalog.interval
                                     THEN 'no_recent_opt_out'
                                 WHEN EXISTS (SELECT 1 FROM @extschema@.phone_consent e
                                               WHERE e.phone OPERATOR(@extschema@.=) st.n
                                                 AND e.action = 'revoke'
                                                 AND e.channel IN ($2, '*')
                                                 AND e.purpose = 'opt_out_confirmation'
                                                 AND (e.program IN ($11, '*')
                                                      -- after an opt-out of every
                                                      -- program: one in any program
                                                      OR EXISTS (SELECT 1 FROM @extschema@.phone_consent a
                                                                  WHERE a.phone OPERATOR(@extschema@.=) st.n
                                                                    AND a.action = 'revoke' AND a.program = '*'
                                                                    AND a.occurred_at = c.cand
                                                                    AND (a.channel = $2
                                                                         OR (a.channel = '*' AND (a.method <> 'sms_keyword' OR $2 = 'sms')))
                                                                    AND a.purpose <> 'opt_out_confirmation'))
                                                 AND e.occurred_at >= c.cand AND e.occurred_at <= $4)
                                     THEN 'confirmation_sent'
                                 ELSE 'ok' END
                       FROM (SELECT max(e.occurred_at) AS cand
                               FROM @extschema@.phone_consent e
                              WHERE e.phone OPERATOR(@extschema@.=) st.n AND e.action = 'revoke'
                                AND (e.channel = $2
                                     OR (e.channel = '*' AND (e.method <> 'sms_keyword' OR $2 = 'sms')))
                                AND e.program IN ($11, '*')
                                AND e.purpose <> 'opt_out_confirmation' AND e.occurred_at <= $4) AS c)
                ELSE CASE st.status
                    WHEN 'granted' THEN 'ok'
                    WHEN 'revoked' THEN 'revoked'
                    WHEN 'invalidated' THEN 'number_reassigned'
                    WHEN 'erased' THEN 'erased'
                    WHEN 'pending' THEN CASE WHEN $6 = 'opt_out' THEN 'ok' ELSE 'pending_confirmation' END
                    WHEN 'expired' THEN CASE WHEN $6 = 'opt_out' THEN 'ok' ELSE 'expired' END
                    WHEN 'none' THEN CASE WHEN $6 = 'opt_out' THEN 'ok' ELSE 'no_consent' END
                    END
                END AS reason
      FROM st
), grp AS (
    -- each distinct key, read back: one group for each distinct (zones,
    -- first digits or country calling code)
    SELECT g.k, g.placed, g.digits,
           CASE WHEN $5 IS NULL THEN g.tzs
                ELSE ARRAY(SELECT x.t
                             FROM (SELECT t FROM pg_catalog.unnest(g.tzs) AS t
                                   UNION
                                   SELECT t FROM pg_catalog.unnest($5) AS t) AS x
                            ORDER BY x.t COLLATE "C") END AS zones
      FROM (SELECT d.k, pg_catalog.left(d.k, 1) = 't' AS placed,
                   pg_catalog.split_part(pg_catalog.substr(d.k, 2), ' ', 1) AS digits,
                   CASE WHEN pg_catalog.substr(d.k, pg_catalog.strpos(d.k, ' ') + 1) <> ''
                        THEN pg_catalog.substr(d.k, pg_catalog.strpos(d.k, ' ') + 1)::pg_catalog.text[] END AS tzs
              FROM (SELECT DISTINCT rs.k FROM rs) AS d) AS g
), hrs AS MATERIALIZED (
    -- phone_contact_decision from its fail-closed test on, with the
    -- calling window of each group checked once
    SELECT g.k, g.zones,
           CASE WHEN r.reason <> 'check' THEN r.reason
                WHEN c.open THEN 'ok' ELSE 'quiet_hours' END AS reason,
           CASE WHEN r.reason = 'ok' THEN $4
                WHEN r.reason = 'check' THEN c.next_allowed_at END AS next_allowed_at
      FROM grp g
      CROSS JOIN LATERAL (
          SELECT CASE WHEN NOT pg_catalog.isfinite($4)
                           OR $4 < '4714-11-27 00:00:00+00 BC'::pg_catalog.timestamptz
                           OR $4 >= '294276-12-30 00:00:00+00'::pg_catalog.timestamptz
                          THEN 'time_undefined'
                      WHEN NOT $7 THEN 'ok'
                      WHEN NOT @extschema@.phone_contact_zones_known(g.zones)
                          THEN 'timezone_unknown'
                      ELSE 'check' END AS reason) AS r
      -- (NULL zones, and no check, for the groups decided above)
      CROSS JOIN LATERAL @extschema@.phone_contact_window_check(
          g.digits, $3, CASE WHEN r.reason = 'check' THEN g.zones END, $4, g.placed) AS c
)
SELECT x.n, x.allowed, x.reason, x.status, x.timezones, x.next_allowed_at
  FROM (SELECT rs.i, rs.n, d.reason = 'ok' AS allowed, d.reason, rs.status, h.zones AS timezones,
               d.next_allowed_at
          FROM rs
          LEFT JOIN hrs h ON h.k = rs.k
          CROSS JOIN LATERAL (
              SELECT CASE WHEN rs.reason = 'ok' THEN h.reason ELSE rs.reason END AS reason,
                     CASE WHEN rs.reason = 'ok' THEN h.next_allowed_at END AS next_allowed_at) AS d
        UNION ALL
        -- a NULL element: a row of NULLs
        SELECT u.i, u.n, NULL::pg_catalog.bool, NULL::pg_catalog.text, NULL::pg_catalog.text,
               NULL::pg_catalog.text[], NULL::pg_catalog.timestamptz
          FROM pg_catalog.unnest($1) WITH ORDINALITY AS u(n, i)
         WHERE u.n IS NULL) AS x
 ORDER BY x.i
$q$
    USING numbers, channel, purpose, at, callee_tz, p.basis, p.hours_apply, plen, erasing,
          ARRAY(SELECT DISTINCT u.n FROM pg_catalog.unnest(numbers) AS u(n) WHERE u.n IS NOT NULL),
          program;
END;
$$;

-- Writers get EXECUTE explicitly (doc/consent.md)
REVOKE EXECUTE ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz,
                                               timestamptz, boolean, text, text, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)
    FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_mark_disconnected(phone, date, text, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz, text, text) FROM PUBLIC;
-- only the writers (running as the owner) decide where a revocation goes
REVOKE EXECUTE ON FUNCTION phone_consent_revocation_program(phone, text) FROM PUBLIC;
-- only the writers (running as the owner) take this lock
REVOKE EXECUTE ON FUNCTION phone_consent_lock(phone) FROM PUBLIC;
-- SECURITY DEFINER trigger functions: CREATE TRIGGER needs EXECUTE, and
-- a role that could attach them to a table of its own could probe through
-- their errors what they read (doc/security.md).  Triggers fire without it.
REVOKE EXECUTE ON FUNCTION phone_consent_reference_check() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_purpose_referenced() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION phone_consent_chain() FROM PUBLIC;

COMMENT ON TABLE phone_consent IS 'consent ledger: append-only events, the only source of consent state';
COMMENT ON COLUMN phone_consent.occurred_at IS 'when the person acted: the legal clock';
COMMENT ON COLUMN phone_consent.recorded_at IS 'clock time at which the event was recorded';
COMMENT ON COLUMN phone_consent.recorded_by IS 'the agent or application that recorded the event, as the writer named it (by default session_user)';
COMMENT ON COLUMN phone_consent.seller IS 'the party the consent is given to (the seller), as the writer named it';
COMMENT ON COLUMN phone_consent.recorded_role IS 'session_user of the recording session (NULL for events recorded before version 1.1, whose recorded_by is that role)';
COMMENT ON COLUMN phone_consent.disconnected_on IS 'for invalidate events: the day the number was disconnected (UTC)';
COMMENT ON COLUMN phone_consent.confirms IS 'for a grant confirming a double opt-in: the pending event';
COMMENT ON COLUMN phone_consent.notice_sha256 IS 'SHA-256 of the cited notice''s body when the event was recorded (NULL without a notice, and for events recorded before version 1.1)';
COMMENT ON COLUMN phone_consent.prev_hash IS 'hash chain: event_hash of the event before this one (32 zero bytes for the first)';
COMMENT ON COLUMN phone_consent.event_hash IS 'hash chain: SHA-256 of prev_hash and the fields of the event (phone_consent_event_hash)';
COMMENT ON COLUMN phone_consent.program IS 'the program (sender, brand or short code) the event belongs to; * for a revocation of every program';
COMMENT ON TABLE phone_consent_notice IS 'exact wording shown to people when they consented; frozen once referenced';
COMMENT ON COLUMN phone_consent_notice.sha256 IS 'SHA-256 of the body in UTF-8, computed on insert';
COMMENT ON COLUMN phone_consent_notice.created_at IS 'when the wording was first shown; only events that occurred since may cite it';
COMMENT ON COLUMN phone_consent_notice.channel IS 'the channel the notice asks consent for (NULL: any)';
COMMENT ON COLUMN phone_consent_notice.purpose IS 'the purpose the notice asks consent for (NULL: any)';
COMMENT ON TABLE phone_consent_purpose IS 'purposes of contact: legal basis, written consent, calling hours';
COMMENT ON TABLE phone_sms_keywords IS 'SMS keywords and what they mean; a message containing an opt_out keyword is an opt-out';
COMMENT ON INDEX phone_sms_keywords_words_idx IS 'one meaning for each sequence of words';
COMMENT ON TRIGGER phone_sms_keywords_predefined ON phone_sms_keywords IS 'keeps predefined keywords read-only';
COMMENT ON TRIGGER phone_sms_keywords_no_truncate ON phone_sms_keywords IS 'refuses TRUNCATE';
COMMENT ON TABLE phone_contact_window IS 'calling windows by E.164 prefix, purpose and rule: the rows of a rule are a union, the rules that match a number intersect';
COMMENT ON COLUMN phone_contact_window.days IS 'ISO weekdays (1 = Monday ... 7 = Sunday) on which the interval applies; 8: a public holiday of calendar';
COMMENT ON COLUMN phone_contact_window.calendar IS 'holiday calendar of the row (phone_public_holiday): on its holidays the day is 8, not the weekday';
COMMENT ON COLUMN phone_contact_window.rule IS 'the rule the row belongs to, with prefix, purpose and predefined: its rows are a union';
COMMENT ON TABLE phone_public_holiday IS 'public holidays by calendar (ISO 3166 country or subdivision); predefined ones from date-holidays';
COMMENT ON TRIGGER phone_public_holiday_predefined ON phone_public_holiday IS 'keeps predefined holidays read-only';
COMMENT ON TRIGGER phone_public_holiday_no_truncate ON phone_public_holiday IS 'refuses TRUNCATE';
COMMENT ON FUNCTION phone_consent_guard() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the consent ledger, except deletions permitted by phone_erase and phone_consent_purge';
COMMENT ON FUNCTION phone_consent_notice_guard() IS 'trigger: refuses changes to notices the ledger references';
COMMENT ON FUNCTION phone_consent_notice_hash() IS 'trigger: computes the SHA-256 of a notice';
COMMENT ON FUNCTION phone_consent_config_guard() IS 'trigger: keeps predefined purposes, calling windows, holidays and SMS keywords read-only';
COMMENT ON FUNCTION phone_consent_reference_check() IS 'trigger: the purpose and notice of a ledger event and the purpose of a calling window exist, the hours of a window''s purpose apply, and the notice fits the event (not checked while a dump is restored)';
COMMENT ON FUNCTION phone_consent_purpose_referenced() IS 'trigger: refuses deleting or renaming a purpose that the ledger or calling windows name, changing the rules of one the ledger names, and ending the hours of one a window names';
COMMENT ON FUNCTION phone_consent_chain_digest(bytea, text[]) IS 'hash chain: SHA-256 of the chain''s encoding of prev and the fields (doc/consent.md)';
COMMENT ON FUNCTION phone_consent_event_hash(phone_consent) IS 'hash chain: SHA-256 of an event with its prev_hash (encoding in doc/consent.md)';
COMMENT ON FUNCTION phone_consent_chain() IS 'trigger: gives a new event the next event_id and links it to the last event of the hash chain';
COMMENT ON FUNCTION phone_consent_state(phone, text, text, timestamptz, timestamptz, text) IS 'consent status in a program at an instant as recorded by a time, with since when and the deciding event';
COMMENT ON FUNCTION phone_consent_state(phone, text, text, timestamptz) IS 'consent status at an instant, with since when and the deciding event';
COMMENT ON FUNCTION phone_consent_status(phone, text, text, timestamptz, timestamptz, text) IS 'consent status in a program as recorded by a time: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION phone_consent_status(phone, text, text, timestamptz) IS 'consent status: none, pending, granted, expired, revoked, invalidated or erased';
COMMENT ON FUNCTION phone_consent_check_args(text, text, text, boolean) IS 'raises an error for an unknown channel, purpose or method';
COMMENT ON FUNCTION phone_consent_check_time(timestamptz) IS 'raises an error for an unknown or future occurred_at';
COMMENT ON FUNCTION phone_consent_check_label(text, text) IS 'raises an error for an invalid recorded_by or seller';
COMMENT ON FUNCTION phone_consent_check_program(text, boolean) IS 'raises an error for an invalid program';
COMMENT ON FUNCTION phone_consent_revocation_program(phone, text) IS 'the program a revocation is recorded in: the one asked for when it is *, default or one in which the number gave or was asked consent, else *';
COMMENT ON FUNCTION phone_consent_check_callee_tz(text[]) IS 'raises an error for a callee_tz that is not a list of known IANA geographic zones';
COMMENT ON FUNCTION phone_consent_check_evidence(text, text, jsonb) IS 'raises an error for evidence that is too large or lacks what its method needs';
COMMENT ON FUNCTION phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text, text, text, text) IS 'record consent (or a pending double opt-in); returns the event id';
COMMENT ON FUNCTION phone_consent_lock(phone) IS 'transaction lock serialising the writers of one number';
COMMENT ON FUNCTION phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text) IS 'turn a pending double opt-in into a grant; returns the event id';
COMMENT ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text) IS 'record a revocation (NULL channel, purpose or program: all; never refused); returns the event id';
COMMENT ON FUNCTION phone_mark_disconnected(phone, date, text, text) IS 'record that the number was disconnected: voids its consent history up to that day';
COMMENT ON FUNCTION phone_sms_keyword(text) IS 'meaning of an SMS (phone_sms_keywords): opt_out, opt_in, confirm, help or NULL';
COMMENT ON FUNCTION phone_consent_apply_sms(phone, text, timestamptz, text, text) IS 'record what an incoming SMS keyword means (NULL program: a STOP of all, the other keywords in default); returns its class and the consents it removed, restored or confirmed';
COMMENT ON FUNCTION phone_contact_hours(phone, text) IS 'the interval of local time outside which the calling windows of a number and purpose never allow contact';
COMMENT ON FUNCTION phone_contact_zones_known(text[]) IS 'false for the zones of a decision that fails closed (timezone_unknown): NULL, none, a NULL zone or Etc/Unknown';
COMMENT ON FUNCTION phone_contact_window_check(text, text, text[], timestamptz, boolean) IS 'whether the calling windows of a number''s first digits and a purpose are open in every zone at an instant, and the next instant at which they are';
COMMENT ON FUNCTION phone_contact_decision(phone, text, text, timestamptz, text[], timestamptz, text) IS 'may we contact this number for a program, as the ledger held it at a time, and if not why and when';
COMMENT ON FUNCTION phone_contact_decision(phone, text, text, timestamptz, text[]) IS 'may we contact this number now, and if not why and when';
COMMENT ON FUNCTION phone_can_contact(phone, text, text, timestamptz, text[]) IS 'true when phone_contact_decision allows contact in the program default';
COMMENT ON FUNCTION phone_can_contact(phone, text, text, timestamptz, text[], text) IS 'true when phone_contact_decision allows contact';
COMMENT ON FUNCTION phone_contact_decisions(phone[], text, text, timestamptz, text[], text) IS 'phone_contact_decision for a list of numbers at once, in a program: one row per number, in order';
COMMENT ON SEQUENCE phone_consent_event_id_seq IS 'event ids of the consent ledger';
COMMENT ON SEQUENCE phone_consent_notice_notice_id_seq IS 'ids of consent notices';
COMMENT ON INDEX phone_consent_phone_idx IS 'status lookups: the latest events of one number in one scope (channel, purpose, program)';
COMMENT ON INDEX phone_consent_invalidate_idx IS 'status lookups: the invalidations of one number';
COMMENT ON INDEX phone_consent_confirms_idx IS 'a pending consent is confirmed at most once';
COMMENT ON INDEX phone_consent_notice_idx IS 'which events reference a notice';
COMMENT ON TRIGGER phone_consent_append_only ON phone_consent IS 'refuses UPDATE, and DELETE without a permit of phone_erase or phone_consent_purge';
COMMENT ON TRIGGER phone_consent_no_truncate ON phone_consent IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_consent_references ON phone_consent IS 'the purpose and notice an event cites exist (as a foreign key would check) and the notice fits the event';
COMMENT ON TRIGGER phone_consent_zz_chain ON phone_consent IS 'links a new event into the hash chain (named to fire after the other BEFORE INSERT triggers)';
COMMENT ON TRIGGER phone_contact_window_references ON phone_contact_window IS 'the purpose a window names exists (as a foreign key would check)';
COMMENT ON TRIGGER phone_consent_purpose_referenced ON phone_consent_purpose IS 'refuses deleting or renaming a referenced purpose, and changing the rules of one the ledger names';
COMMENT ON TRIGGER phone_consent_notice_hash ON phone_consent_notice IS 'computes the SHA-256 of the body';
COMMENT ON TRIGGER phone_consent_notice_frozen ON phone_consent_notice IS 'refuses changes to referenced notices';
COMMENT ON TRIGGER phone_consent_notice_no_truncate ON phone_consent_notice IS 'refuses TRUNCATE while notices are referenced';
COMMENT ON TRIGGER phone_consent_purpose_predefined ON phone_consent_purpose IS 'keeps predefined purposes read-only';
COMMENT ON TRIGGER phone_consent_purpose_no_truncate ON phone_consent_purpose IS 'refuses TRUNCATE';
COMMENT ON TRIGGER phone_contact_window_predefined ON phone_contact_window IS 'keeps predefined calling hours read-only';
COMMENT ON TRIGGER phone_contact_window_no_truncate ON phone_contact_window IS 'refuses TRUNCATE';
