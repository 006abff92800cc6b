
-- 99-privileges.sql: the statements that 00-adopt.sql left in the setting
-- phone_consent.adopted_privileges name the functions by their argument
-- lists of 1.0.  The parts above replaced some of them with functions of
-- another argument list (the writers, the status lookups, the decision).
-- A statement about a function that no longer exists is made to name the
-- one function of that name the extension now has, so that a right given
-- on, say, phone_consent_revoke under 1.0 is given on it in 1.1.
DO $$
DECLARE
    todo pg_catalog.jsonb := '[]';
    s text;
    m text[];
    now_as text;
BEGIN
    FOR s IN SELECT pg_catalog.jsonb_array_elements_text(
                 coalesce(pg_catalog.current_setting('phone_consent.adopted_privileges', true), '[]')::pg_catalog.jsonb)
    LOOP
        now_as := NULL;
        m := pg_catalog.regexp_match(s, '^(.* ON FUNCTION )(.+\(.*\))( (TO|FROM) .*)$');
        IF m IS NOT NULL AND pg_catalog.to_regprocedure(m[2]) IS NULL THEN
            SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text INTO now_as
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_depend d
                ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
               AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
              JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'phone_consent'
             WHERE p.proname OPERATOR(pg_catalog.=)
                   pg_catalog.regexp_replace(m[2], '^(.*\.)?"?([a-z_]+)"?\(.*$', '\2');
            IF now_as IS NOT NULL THEN
                s := m[1] || now_as || m[3];
            END IF;
        END IF;
        todo := todo || pg_catalog.to_jsonb(s);
    END LOOP;
    PERFORM pg_catalog.set_config('phone_consent.adopted_privileges', todo::pg_catalog.text, false);
END
$$;
