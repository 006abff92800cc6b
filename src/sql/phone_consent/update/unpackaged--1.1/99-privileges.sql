
-- 99-privileges.sql: the statements that 00-adopt.sql left in the setting
-- phone_consent.adopted_privileges name the functions by their argument
-- lists of 1.0.  The parts above replaced some of them with functions of
-- another argument list (the writers, the status lookups, the decision).
-- A statement about a function that no longer exists is made to name the
-- function of that name the extension now has, so that a right given on,
-- say, phone_consent_revoke under 1.0 is given on it in 1.1; of several
-- overloads, the one whose argument list begins with the old one, with the
-- fewest arguments (phone_contact_decision(phone, text, text,
-- timestamptz) of 1.0 becomes the overload with callee_tz, not the one
-- that also takes as_recorded_at and program).
DO $$
DECLARE
    todo pg_catalog.jsonb := '[]';
    s text;
    m text[];
    now_as text;
    old_types pg_catalog.oid[];
BEGIN
    FOR s IN SELECT pg_catalog.jsonb_array_elements_text(
                 coalesce(pg_catalog.current_setting('phone_consent.adopted_privileges', true), '[]')::pg_catalog.jsonb)
    LOOP
        now_as := NULL;
        m := pg_catalog.regexp_match(s, '^(.* ON FUNCTION )(.+\(.*\))( (TO|FROM) .*)$');
        IF m IS NOT NULL AND pg_catalog.to_regprocedure(m[2]) IS NULL THEN
            -- the argument types of the old function (NULL for one unknown)
            old_types := ARRAY(SELECT pg_catalog.to_regtype(pg_catalog.btrim(a.t))::pg_catalog.oid
                                 FROM pg_catalog.unnest(pg_catalog.string_to_array(
                                          pg_catalog.substring(m[2], '\((.*)\)$'), ',')) WITH ORDINALITY AS a(t, i)
                                ORDER BY a.i);
            SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text INTO now_as
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_depend d
                ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
               AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
              JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'phone_consent'
             WHERE p.proname OPERATOR(pg_catalog.=)
                   pg_catalog.regexp_replace(m[2], '^(.*\.)?"?([a-z_]+)"?\(.*$', '\2')
             ORDER BY ((p.proargtypes::pg_catalog.oid[])[0:pg_catalog.cardinality(old_types) - 1]
                       IS NOT DISTINCT FROM old_types) DESC,
                      p.pronargs, p.oid
             LIMIT 1;
            IF now_as IS NOT NULL THEN
                s := m[1] || now_as || m[3];
            END IF;
        END IF;
        todo := todo || pg_catalog.to_jsonb(s);
    END LOOP;
    PERFORM pg_catalog.set_config('phone_consent.adopted_privileges', todo::pg_catalog.text, false);
END
$$;
