
-- 50-r18.sql: SMS keywords as data, read as words (phone_sms_keywords,
-- phone_sms_keyword); contact decisions that fail closed, take callee_tz
-- as IANA zone names added to the number's zones, and consider every zone
-- of the country for a mobile number the map gives only its default zone
-- (phone_contact_decision), and allow the one confirmation of an opt-out
-- (purpose opt_out_confirmation).  As src/sql/phone_consent/consent.sql and grants.sql
-- make them.

-- 47 CFR 64.1200(a)(12) (FCC 24-24): one text confirming an opt-out,
-- without marketing, sent within five minutes of it (phone_contact_decision)
-- (a predefined row: past the trigger that keeps them read-only; a purpose
-- of that name that a user added stays as it is)
ALTER TABLE @extschema@.phone_consent_purpose DISABLE TRIGGER phone_consent_purpose_predefined;
INSERT INTO @extschema@.phone_consent_purpose
    (purpose, basis, written_required, hours_apply, predefined, description)
VALUES
    ('opt_out_confirmation', 'opt_out', false, false, true,
     'the one message confirming an opt-out: same channel, within 5 minutes of it, once')
ON CONFLICT (purpose) DO NOTHING;
ALTER TABLE @extschema@.phone_consent_purpose ENABLE TRIGGER phone_consent_purpose_predefined;

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
CREATE TABLE @extschema@.phone_sms_keywords (
    keyword     text PRIMARY KEY,
    class       text NOT NULL CHECK (class IN ('opt_out', 'opt_in', 'confirm', 'help')),
    language    text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    source      text,
    predefined  boolean NOT NULL DEFAULT false,
    CHECK (@extschema@.phone_sms_words(keyword) <> '')
);
-- one meaning for each sequence of words
CREATE UNIQUE INDEX phone_sms_keywords_words_idx
    ON @extschema@.phone_sms_keywords ((@extschema@.phone_sms_words(keyword)));

INSERT INTO @extschema@.phone_sms_keywords (keyword, class, language, predefined, source)
SELECT k, 'opt_out', 'en', true, '47 CFR 64.1200(a)(10) (FCC 24-24, in force 2025-04-11)'
  FROM pg_catalog.unnest(ARRAY['stop', 'quit', 'end', 'revoke', 'opt out', 'cancel',
                               'unsubscribe']) AS k;
INSERT INTO @extschema@.phone_sms_keywords (keyword, class, language, predefined, source)
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

SELECT pg_catalog.pg_extension_config_dump('@extschema@.phone_sms_keywords', 'WHERE NOT predefined');

-- Predefined keywords are read-only, as predefined purposes and windows
CREATE OR REPLACE FUNCTION phone_consent_config_guard() RETURNS trigger
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
                         WHEN 'phone_contact_window' THEN 'Add a row with a longer prefix or for one purpose: it takes precedence.'
                         WHEN 'phone_sms_keywords' THEN 'Add a keyword of your own instead.'
                         ELSE 'Add a purpose of your own instead.' END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER phone_sms_keywords_predefined
    BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.phone_sms_keywords
    FOR EACH ROW EXECUTE FUNCTION @extschema@.phone_consent_config_guard();
CREATE TRIGGER phone_sms_keywords_no_truncate
    BEFORE TRUNCATE ON @extschema@.phone_sms_keywords
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.phone_consent_config_guard();

CREATE OR REPLACE FUNCTION phone_sms_keyword(body text) RETURNS text
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

COMMENT ON TABLE @extschema@.phone_sms_keywords IS 'SMS keywords and what they mean; a message containing an opt_out keyword is an opt-out';
COMMENT ON INDEX @extschema@.phone_sms_keywords_words_idx IS 'one meaning for each sequence of words';
COMMENT ON TRIGGER phone_sms_keywords_predefined ON @extschema@.phone_sms_keywords IS 'keeps predefined keywords read-only';
COMMENT ON TRIGGER phone_sms_keywords_no_truncate ON @extschema@.phone_sms_keywords IS 'refuses TRUNCATE';
COMMENT ON FUNCTION @extschema@.phone_consent_config_guard() IS 'trigger: keeps predefined purposes, calling hours and SMS keywords read-only';
COMMENT ON FUNCTION @extschema@.phone_sms_keyword(text) IS 'meaning of an SMS (phone_sms_keywords): opt_out, opt_in, confirm, help or NULL';

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE @extschema@.phone_sms_keywords
    TO @extowner@ WITH GRANT OPTION;
GRANT SELECT ON TABLE @extschema@.phone_sms_keywords TO PUBLIC;
