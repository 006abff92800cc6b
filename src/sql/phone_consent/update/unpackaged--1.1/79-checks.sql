
-- 79-checks.sql: the checks the decisions and the writers share, each in
-- one function (phone_consent_check_callee_tz, phone_contact_zones_known,
-- phone_consent_revocation_program), as src/sql/phone_consent/consent.sql
-- makes them; before the parts that create their callers (80-prog,
-- 85-camp), which create them as that file does.

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

REVOKE EXECUTE ON FUNCTION phone_consent_revocation_program(phone, text) FROM PUBLIC;
COMMENT ON FUNCTION phone_consent_revocation_program(phone, text) IS 'the program a revocation is recorded in: the one asked for when it is *, default or one in which the number gave or was asked consent, else *';
COMMENT ON FUNCTION phone_consent_check_callee_tz(text[]) IS 'raises an error for a callee_tz that is not a list of known IANA geographic zones';
COMMENT ON FUNCTION phone_contact_zones_known(text[]) IS 'false for the zones of a decision that fails closed (timezone_unknown): NULL, none, a NULL zone or Etc/Unknown';
