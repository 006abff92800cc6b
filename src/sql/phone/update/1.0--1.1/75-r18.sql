
-- 75-r18.sql: the words of an SMS body (phone_sms_words, src/core/phone_sms.c),
-- which phone_consent's phone_sms_keyword matches keywords on; every zone
-- the callee of a number may be in (phone_possible_timezones); whether a
-- time-zone name is known (phone_timezone_known), which phone_consent's
-- decisions check callee_tz with
CREATE FUNCTION @extschema@.phone_possible_timezones(@extschema@.phone) RETURNS text[]
    AS 'MODULE_PATHNAME', 'phone_possible_timezones'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_possible_timezones(@extschema@.phone) IS 'every zone the callee may be in: phone_timezones, or all zones of the region when that is only the country''s default';
CREATE FUNCTION @extschema@.phone_timezone_known(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'phone_timezone_known'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_timezone_known(text) IS 'true when PostgreSQL knows a time zone of that name (AT TIME ZONE would accept it)';
CREATE FUNCTION @extschema@.phone_sms_words(text) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_sms_words_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.phone_sms_words(text) IS 'words of a text message, upper-case, without accents or punctuation, separated by one space';

-- phone_metadata_dependents: the words of an SMS and the names of time
-- zones read no numbering plan (the SMS keywords' index and constraint)
CREATE OR REPLACE FUNCTION phone_metadata_dependents(OUT kind text, OUT relation regclass,
                                          OUT name text, OUT expression text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
WITH RECURSIVE readers(fn) AS (
    SELECT p.oid
      FROM pg_proc p
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                      AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'phone'
     WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
       AND p.prosrc NOT IN ('phone_out', 'phone_send', 'phone_eq', 'phone_ne', 'phone_lt',
                            'phone_le', 'phone_gt', 'phone_ge', 'phone_cmp',
                            'phone_sortsupport', 'phone_hash', 'phone_hash_extended',
                            'phone_smaller', 'phone_larger', 'phone_starts_with',
                            'phone_starts_with_support', 'phone_to_text', 'phone_to_int8',
                            'phone_pseudonym_sql', 'phone_report_progress',
                            'phone_sms_words_sql', 'phone_timezone_known')
    UNION
    SELECT d.objid
      FROM pg_depend d JOIN readers r ON d.refclassid = 'pg_proc'::regclass AND d.refobjid = r.fn
     WHERE d.classid = 'pg_proc'::regclass
),
uses AS (
    SELECT DISTINCT d.classid, d.objid
      FROM pg_depend d JOIN readers r ON d.refclassid = 'pg_proc'::regclass AND d.refobjid = r.fn
     WHERE d.deptype = 'n'
)
SELECT 'generated column', a.adrelid::regclass, att.attname::text, pg_get_expr(a.adbin, a.adrelid)
  FROM uses u
  JOIN pg_attrdef a ON u.classid = 'pg_attrdef'::regclass AND u.objid = a.oid
  JOIN pg_attribute att ON att.attrelid = a.adrelid AND att.attnum = a.adnum
 WHERE att.attgenerated = 's'
UNION ALL
SELECT 'materialized view', c.oid::regclass, NULL, pg_get_viewdef(c.oid)
  FROM uses u
  JOIN pg_rewrite r ON u.classid = 'pg_rewrite'::regclass AND u.objid = r.oid
  JOIN pg_class c ON c.oid = r.ev_class AND c.relkind = 'm'
UNION ALL
SELECT 'index', i.indrelid::regclass, c.relname::text, pg_get_indexdef(i.indexrelid)
  FROM uses u
  JOIN pg_index i ON u.classid = 'pg_class'::regclass AND u.objid = i.indexrelid
  JOIN pg_class c ON c.oid = i.indexrelid
UNION ALL
SELECT CASE WHEN c.contypid <> 0 THEN 'domain constraint' ELSE 'constraint' END,
       nullif(c.conrelid, 0)::regclass,
       CASE WHEN c.contypid <> 0 THEN c.contypid::regtype || '.' || c.conname ELSE c.conname::text END,
       pg_get_constraintdef(c.oid)
  FROM uses u
  JOIN pg_constraint c ON u.classid = 'pg_constraint'::regclass AND u.objid = c.oid
UNION ALL
SELECT 'partition key', c.oid::regclass, NULL, pg_get_partkeydef(c.oid)
  FROM uses u
  JOIN pg_class c ON u.classid = 'pg_class'::regclass AND u.objid = c.oid AND c.relkind = 'p'
ORDER BY 1, 2, 3
$$;
