#!/bin/bash
#
# test/trusted/run.sh: the extension installed by a role that is no
# superuser (trusted = true in phone.control; doc/security.md).
#
# Starts a throwaway server from the PostgreSQL installation that
# PG_CONFIG names (else the pg_config on PATH), into which the extension
# must be installed (make install), and checks:
#
#   install      a role with nothing but CREATE on a database can run
#                CREATE EXTENSION phone, and owns the extension
#   ownership    no member of the extension (catalog: pg_depend) is owned
#                by that role: the bootstrap superuser owns them all
#   search_path  every SECURITY DEFINER function, and every SQL or PL
#                function whose body is parsed when it runs, pins
#                search_path to pg_catalog, pg_temp and nothing else
#   privileges   the role holds no UPDATE, DELETE, TRUNCATE, TRIGGER or
#                REFERENCES on any table of the extension but the
#                configuration tables (UPDATE, DELETE there), and
#                EXECUTE, with grant option, on the writing functions
#   attempts     as that role, each statement test/trusted/attempts.sql
#                generates from the catalog fails with 42501: changing or
#                truncating the ledger, writing it directly, disabling or
#                dropping a trigger, replacing, altering or taking over a
#                function, type or table, detaching a member
#   delegation   the role can record consent and grant EXECUTE on a
#                writing function to another role, which then records
#                events with its own name in recorded_by
#   writers      a role with only EXECUTE on the writers is not told why
#                an event was refused (status, erasure request), cannot
#                make START copy another number's consent, cannot write
#                above READ COMMITTED; a grant keeps the cited notice's
#                SHA-256, and a cited notice cannot change
#   definer      no SECURITY DEFINER function of the extension but the
#                documented API (writers, erasure, retention) has PUBLIC
#                EXECUTE; the role cannot attach the SECURITY DEFINER
#                trigger functions to a table of its own; the extension's
#                triggers fire for writers that may not execute them
#   key          with phone.pseudonym_key set by a superuser (ALTER
#                SYSTEM) and the library preloaded (doc/pseudonyms.md),
#                the role cannot read it through SHOW, current_setting,
#                pg_settings, pg_file_settings or pg_db_role_setting
#                (skipped when the library defines no such setting)
#   capture      the role plants look-alike functions in a schema of its
#                own and installs the extension there (test/trusted/
#                capture.sql): neither the install script nor any function
#                of the extension calls them, and the role stays no
#                superuser
#   rename       the role owns the extension's schema and tries to rename
#                it and plant the extension's functions under the old name
#                (test/trusted/rename.sql): the rename is refused, for a
#                superuser too, and nothing runs as the superuser
#   adopt        the role installs phone 1.0 into a schema of its own,
#                updates it, replaces a detached consent function and
#                adopts the objects (test/trusted/adopt.sql): detached,
#                the writers run as their caller, and the adoption is
#                refused, for the role and for a superuser
#   hijack       a superuser updated phone 1.0; the role, with CREATE on
#                the database, creates phone_consent 'unpackaged' and
#                updates it: the adoption is refused, the ledger stays
#   refresh      the role plants captures in a generated column, CHECK
#                and domain constraints, an index, a materialized view and
#                a trigger of its own (test/trusted/refresh.sql); a
#                superuser runs phone_metadata_refresh(): nothing runs as
#                the superuser, the skipped objects are reported with their
#                owner, and the version is not recorded; the role then
#                runs it itself and records the version
#
# Prints "ok - ..." / "FAILED - ..." per check, then "N passed, M failed";
# the exit status is non-zero on any failure.  Run as root, the server runs
# as the user postgres.
#
# Usage: test/trusted/run.sh        (PG_CONFIG=... to choose the server)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/cluster.sh"
if [ ! -f "$sharedir/extension/phone.control" ]; then
	echo "run.sh: the phone extension is not installed in $sharedir (make install first)" >&2
	exit 2
fi
trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP
# preloaded, as doc/pseudonyms.md asks for a key: the library defines its
# settings before any session starts
cluster_start -c shared_preload_libraries=phone

INSTALLER=regress_phone_installer
APP=regress_phone_app
DB=regress_phone_trusted
HOSTILE_DB=regress_phone_hostile
OVERLOAD_DB=regress_phone_overloads
REFRESH_DB=regress_phone_refresh
RENAME_DB=regress_phone_rename
ADOPT_DB=regress_phone_adopt
HIJACK_DB=regress_phone_hijack
SECRET=regress-secret-5c1f08e2d7a94b36e0f1c2d3
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAILED - $1"; }

# q ROLE DB: run standard input as ROLE in DB, print unaligned, stop on error
q() { "$bindir/psql" -X -q -At -v ON_ERROR_STOP=1 -U "$1" -d "$2" -f - 2>&1; }

# check NAME ROLE DB: the SQL on standard input must print exactly "t"
check()
{
	local name=$1 out
	out=$(q "$2" "$3")
	if [ "$out" = t ]; then pass "$name"; else fail "$name"; echo "$out" | sed 's/^/    /'; fi
}

# expect_empty NAME ROLE DB: the SQL on standard input must print nothing
expect_empty()
{
	local name=$1 out
	out=$(q "$2" "$3")
	if [ -z "$out" ]; then pass "$name"; else fail "$name"; echo "$out" | sed 's/^/    /'; fi
}

out=$(q postgres postgres <<SQL
CREATE ROLE $INSTALLER LOGIN;
CREATE ROLE $APP LOGIN;
CREATE DATABASE $DB;
CREATE DATABASE $HOSTILE_DB;
CREATE DATABASE $OVERLOAD_DB;
CREATE DATABASE $REFRESH_DB;
CREATE DATABASE $RENAME_DB;
CREATE DATABASE $ADOPT_DB;
CREATE DATABASE $HIJACK_DB;
GRANT CREATE ON DATABASE $DB TO $INSTALLER;
GRANT CREATE ON DATABASE $HOSTILE_DB TO $INSTALLER;
GRANT CREATE ON DATABASE $OVERLOAD_DB TO $INSTALLER;
GRANT CREATE ON DATABASE $REFRESH_DB TO $INSTALLER;
GRANT CREATE ON DATABASE $RENAME_DB TO $INSTALLER;
GRANT CREATE ON DATABASE $ADOPT_DB TO $INSTALLER;
GRANT CREATE ON DATABASE $HIJACK_DB TO $INSTALLER;
SQL
) || { echo "$out"; echo "run.sh: setup failed" >&2; exit 2; }

check "the default versions of phone and phone_consent are marked trusted" postgres postgres <<'SQL'
SELECT bool_and(v.trusted AND v.superuser) AND count(*) = 2
  FROM pg_available_extension_versions v JOIN pg_available_extensions a
       ON a.name = v.name AND a.default_version = v.version
 WHERE v.name IN ('phone', 'phone_consent');
SQL

# ---------------------------------------------------------------- install
out=$(echo "CREATE EXTENSION phone; CREATE EXTENSION phone_consent;" | q $INSTALLER $DB)
if [ -z "$out" ]; then
	pass "a role with only CREATE on the database installs the extensions phone and phone_consent"
else
	fail "a role with only CREATE on the database installs the extensions phone and phone_consent"
	echo "$out" | sed 's/^/    /'
	echo "$passed passed, $failed failed"
	exit 1
fi

check "the installing role is no superuser, owns both extensions" postgres $DB <<SQL
SELECT bool_and(NOT r.rolsuper AND NOT r.rolcreaterole AND NOT r.rolcreatedb AND r.rolname = '$INSTALLER') AND count(*) = 2
  FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner WHERE e.extname IN ('phone', 'phone_consent');
SQL

# ---------------------------------------------------------------- catalog
MEMBERS="SELECT classid, objid FROM pg_depend
          WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
            AND refobjid IN (SELECT oid FROM pg_extension WHERE extname IN ('phone', 'phone_consent'))"

check "the extension has members of every kind checked below" postgres $DB <<SQL
SELECT count(*) FILTER (WHERE classid = 'pg_proc'::regclass) > 0
   AND count(*) FILTER (WHERE classid = 'pg_class'::regclass) > 0
   AND count(*) FILTER (WHERE classid = 'pg_type'::regclass) > 0
  FROM ($MEMBERS) m;
SQL

expect_empty "no member is owned by the installing role (all owned by the bootstrap superuser)" postgres $DB <<SQL
WITH m AS ($MEMBERS),
owned AS (
    SELECT pg_describe_object(m.classid, m.objid, 0) AS what,
           coalesce(p.proowner, c.relowner, t.typowner, o.oprowner, oc.opcowner, of.opfowner) AS owner,
           m.classid
      FROM m
      LEFT JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
      LEFT JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
      LEFT JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid
      LEFT JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
      LEFT JOIN pg_opclass oc ON m.classid = 'pg_opclass'::regclass AND oc.oid = m.objid
      LEFT JOIN pg_opfamily of ON m.classid = 'pg_opfamily'::regclass AND of.oid = m.objid)
SELECT what || ' is owned by ' || coalesce(owner::regrole::text, '?')
  FROM owned
 WHERE (owner IS DISTINCT FROM 10 AND classid IN ('pg_proc'::regclass, 'pg_class'::regclass,
        'pg_type'::regclass, 'pg_operator'::regclass, 'pg_opclass'::regclass, 'pg_opfamily'::regclass))
 ORDER BY 1;
SQL

expect_empty "every SECURITY DEFINER function pins search_path to pg_catalog, pg_temp" postgres $DB <<SQL
SELECT p.oid::regprocedure || ': ' || coalesce(array_to_string(p.proconfig, ' '), 'no SET')
  FROM ($MEMBERS) m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
 WHERE p.prosecdef
   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
 ORDER BY 1;
SQL

expect_empty "every SQL/PL function parsed at run time pins search_path to pg_catalog, pg_temp" postgres $DB <<SQL
SELECT p.oid::regprocedure || ' (' || l.lanname || '): ' || coalesce(array_to_string(p.proconfig, ' '), 'no SET')
  FROM ($MEMBERS) m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
  JOIN pg_language l ON l.oid = p.prolang
 WHERE l.lanname NOT IN ('c', 'internal') AND p.prosqlbody IS NULL
   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
 ORDER BY 1;
SQL

n=$(q postgres $DB <<SQL
SELECT count(*) FILTER (WHERE p.prosecdef) || ' SECURITY DEFINER, '
       || count(*) FILTER (WHERE l.lanname NOT IN ('c', 'internal')) || ' SQL/PL, '
       || count(*) || ' functions in all'
  FROM ($MEMBERS) m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
  JOIN pg_language l ON l.oid = p.prolang;
SQL
)
echo "    (functions checked: $n)"

# ---------------------------------------------------------------- privileges
expect_empty "the installing role has no UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES on the ledger" postgres $DB <<SQL
SELECT c.oid::regclass || ': ' || pr
  FROM ($MEMBERS) m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid,
       unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES', 'INSERT']) AS pr
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
   AND has_table_privilege('$INSTALLER', c.oid, pr)
   AND NOT (c.relname IN ('phone_consent_purpose', 'phone_contact_window', 'phone_consent_notice',
                          'phone_sms_keywords', 'phone_public_holiday')
            AND pr IN ('INSERT', 'UPDATE', 'DELETE'))
 ORDER BY 1;
SQL

expect_empty "no sequence of the extension can be set by the installing role" postgres $DB <<SQL
SELECT c.oid::regclass::text
  FROM ($MEMBERS) m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
 WHERE c.relkind = 'S'
   AND has_sequence_privilege('$INSTALLER', CASE WHEN c.relkind = 'S' THEN c.oid END, 'UPDATE');
SQL

check "the installing role may grant EXECUTE on the writing functions and SELECT on the ledger" postgres $DB <<SQL
SELECT bool_and(has_function_privilege('$INSTALLER', f, 'EXECUTE WITH GRANT OPTION'))
       AND has_table_privilege('$INSTALLER', 'phone_consent', 'SELECT WITH GRANT OPTION')
       AND has_table_privilege('$INSTALLER', 'phone_consent_purpose', 'INSERT WITH GRANT OPTION')
  FROM unnest(ARRAY['phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text, text, text, text)',
                    'phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text)',
                    'phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)',
                    'phone_consent_apply_sms(phone, text, timestamptz, text, text)',
                    'phone_mark_disconnected(phone, date, text, text)']) AS f;
SQL

out=$(q postgres $DB <<SQL
SELECT p.oid::regprocedure::text
  FROM ($MEMBERS) m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
 WHERE NOT has_function_privilege('$INSTALLER', p.oid, 'EXECUTE')
 ORDER BY 1;
SQL
)
echo "    (functions the installing role cannot execute: $(echo $out | sed 's/) /), /g'))"

# ---------------------------------------------------------------- attempts
out=$(q $INSTALLER $DB < "$here/attempts.sql")
bad=$(echo "$out" | grep -v '^attempts: ')
if [ -z "$bad" ] && echo "$out" | grep -q '^attempts: [1-9]'; then
	pass "every hostile statement fails with 42501 ($(echo "$out" | grep '^attempts: '))"
else
	fail "every hostile statement fails with 42501"
	echo "$out" | sed 's/^/    /'
fi

# ---------------------------------------------------------------- delegation
check "the installing role records consent, under its own name" $INSTALLER $DB <<SQL
SET phone.validation = 'possible';
SELECT phone_consent_grant('+12015550180', 'sms', 'informational', 'web_form') AS id \gset
SELECT recorded_by = '$INSTALLER' FROM phone_consent WHERE event_id = :id;
SQL
check "the installing role delegates a writing function, not the ledger" $INSTALLER $DB <<SQL
GRANT EXECUTE ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text) TO $APP;
GRANT SELECT ON phone_consent TO $APP;
SELECT true;
SQL
check "the delegated role records a revocation under its own name" $APP $DB <<SQL
SELECT phone_consent_revoke('+12015550180') AS id \gset
SELECT recorded_by = '$APP' FROM phone_consent WHERE event_id = :id;
SQL
out=$(echo "UPDATE phone_consent SET source = 'x';" | q $APP $DB)
case $out in
*"permission denied"*) pass "the delegated role cannot update the ledger" ;;
*) fail "the delegated role cannot update the ledger"; echo "$out" | sed 's/^/    /' ;;
esac
out=$(echo "GRANT UPDATE ON phone_consent TO $APP;" | q $INSTALLER $DB)
case $out in
*"no privileges were granted"*|*"permission denied"*) pass "the installing role cannot grant UPDATE on the ledger" ;;
*) fail "the installing role cannot grant UPDATE on the ledger"; echo "$out" | sed 's/^/    /' ;;
esac
check "the ledger still holds the events (nothing was changed or removed)" postgres $DB <<SQL
SELECT count(*) = 2 AND count(*) FILTER (WHERE source IS NOT NULL) = 0 FROM phone_consent;
SQL

# ---------------------------------------------------------------- writers
# What a role with only the documented writer grants (EXECUTE on the
# writing functions) can learn and do: errors do not tell it why an event
# was refused (status, erasure request, time); a revocation it writes
# cannot make START copy another number's consent; it cannot write at
# REPEATABLE READ (an erasure could be outrun).  The installing role, which
# may read the ledger and the suppression list, is told why.
REQ=regress-request-8f3a1c
out=$(q $INSTALLER $DB <<SQL
GRANT EXECUTE ON FUNCTION
    phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text,
                        text, text, text),
    phone_consent_confirm(phone, text, text, text, jsonb, timestamptz, text, text, text),
    phone_consent_apply_sms(phone, text, timestamptz, text, text)
    TO $APP;
SELECT phone_erase('+12015550185', '$REQ', 'suppress');
SELECT phone_consent_grant('+12015550186', 'sms', 'informational', 'web_form',
                           occurred_at => now() - interval '2 hours', double_opt_in => true);
SELECT phone_consent_revoke('+12015550186', occurred_at => now() - interval '1 hour');
INSERT INTO phone_consent_notice (name, version, body, created_at) VALUES ('regress-trusted', 1, 'Offers by text.', '2024-01-01Z');
SELECT phone_consent_grant('+12015550188', 'sms', 'marketing', 'web_form',
                           (SELECT notice_id FROM phone_consent_notice WHERE name = 'regress-trusted'),
                           '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "offers"}', occurred_at => now() - interval '3 hours');
SQL
) || { fail "setting up the writer checks"; echo "$out" | sed 's/^/    /'; }
victim=$(echo "$out" | tail -1)
probe_suppressed="SELECT phone_consent_grant('+12015550185', 'sms', 'informational', 'import');"
probe_confirm="SELECT phone_consent_confirm('+12015550186', 'sms', 'informational');"
out=$( (echo "$probe_suppressed" | q $APP $DB; echo "$probe_confirm" | q $APP $DB) )
if echo "$out" | grep -q 'cannot record consent' && echo "$out" | grep -q 'cannot confirm consent' \
	&& ! echo "$out" | grep -v 'DETAIL:  The reason is shown only to roles that may read' \
		| grep -q -i -e "$REQ" -e 'erase' -e 'suppress' -e 'revoked' -e 'status'; then
	pass "a writer that may not read the ledger is not told why an event was refused"
else
	fail "a writer that may not read the ledger is not told why an event was refused"
	echo "$out" | sed 's/^/    /'
fi
# the installing role can dump the database, the key of the number hashes
# included (a restore without it would lose the tombstone); the app cannot
# read the key
if "$bindir/pg_dump" -U $INSTALLER -d $DB -a -t phone_consent_key 2>&1 | grep -q '^COPY .*phone_consent_key'; then
	pass "the installing role dumps the key of the number hashes with the data"
else
	fail "the installing role dumps the key of the number hashes with the data"
	"$bindir/pg_dump" -U $INSTALLER -d $DB -a -t phone_consent_key 2>&1 | head -5 | sed 's/^/    /'
fi
# ... and every table and sequence of the ledger and the erasure log
out=$("$bindir/pg_dump" -U $INSTALLER -d $DB -a -t 'phone_consent*' -t 'phone_erasure*' -t 'phone_suppression' 2>&1)
if [ $? -eq 0 ] && echo "$out" | grep -q "^SELECT pg_catalog.setval('[a-z_.]*phone_consent_event_id_seq'" \
	&& echo "$out" | grep -q "^SELECT pg_catalog.setval('[a-z_.]*phone_erasure_log_log_id_seq'"; then
	pass "the installing role dumps the ledger, the erasure log and their sequences"
else
	fail "the installing role dumps the ledger, the erasure log and their sequences"
	echo "$out" | grep -v '^--' | head -5 | sed 's/^/    /'
fi
check "the app cannot read the key of the number hashes, nor the installing role hand it on" postgres $DB <<SQL
SELECT NOT has_table_privilege('$APP', 'phone_consent_key', 'SELECT')
   AND has_table_privilege('$INSTALLER', 'phone_consent_key', 'SELECT')
   AND NOT has_table_privilege('$INSTALLER', 'phone_consent_key', 'SELECT WITH GRANT OPTION')
SQL
out=$( (echo "$probe_suppressed" | q $INSTALLER $DB; echo "$probe_confirm" | q $INSTALLER $DB) )
if echo "$out" | grep -q -e "$REQ" && echo "$out" | grep -q 'is revoked'; then
	pass "a role that may read the ledger is told why (the probe above can see a leak)"
else
	fail "a role that may read the ledger is told why (the probe above can see a leak)"
	echo "$out" | sed 's/^/    /'
fi
out=$(q $APP $DB <<SQL
SELECT phone_consent_revoke('+12015550187', NULL, NULL, 'sms_keyword',
    jsonb_build_object('removed', jsonb_build_array(jsonb_build_object(
        'channel', 'sms', 'purpose', 'marketing', 'event_id', '$victim'::bigint))),
    now() - interval '2 hours') > 0;
SELECT phone_consent_apply_sms('+12015550187', 'START', now() - interval '1 hour');
SQL
)
check "a revocation written by a writer cannot make START copy another number's consent" postgres $DB <<SQL
SELECT count(*) FILTER (WHERE action IN ('grant', 'pending')) = 0
       AND phone_consent_status('+12015550187', 'sms', 'marketing') <> 'granted'
  FROM phone_consent WHERE phone = '+12015550187';
SQL
out=$(q $APP $DB <<'SQL'
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT phone_consent_grant('+12015550189', 'sms', 'informational', 'web_form');
SQL
)
case $out in
*"must run at isolation level READ COMMITTED"*) pass "a writer refuses to run above READ COMMITTED (an erasure could be outrun)" ;;
*) fail "a writer refuses to run above READ COMMITTED (an erasure could be outrun)"; echo "$out" | sed 's/^/    /' ;;
esac
check "the grant keeps the SHA-256 of the notice it cites" postgres $DB <<SQL
SELECT e.notice_sha256 = n.sha256 AND n.sha256 = sha256(convert_to(n.body, 'UTF8'))
  FROM phone_consent e JOIN phone_consent_notice n ON n.notice_id = e.notice_id
 WHERE e.event_id = '$victim'::bigint;
SQL
out=$(echo "UPDATE phone_consent_notice SET body = 'Other offers.' WHERE name = 'regress-trusted';" | q $INSTALLER $DB)
case $out in
*"referenced by the ledger"*) pass "the installing role cannot change the wording of a cited notice" ;;
*) fail "the installing role cannot change the wording of a cited notice"; echo "$out" | sed 's/^/    /' ;;
esac

# ---------------------------------------------------------------- definer
# SECURITY DEFINER functions read what their caller may not.  Only the
# documented API (doc/privacy.md: the writers, erasure and retention,
# granted explicitly) may be executed by anyone; the others are trigger
# functions, and CREATE TRIGGER needs EXECUTE: a role that could attach
# one to a table of its own could probe the tombstones, notices and
# purposes through its errors.  phone_consent_number_hash reads the key of
# the number hashes for every role, on purpose (doc/privacy.md, "Erasure
# keeps no number"): a hash is of use only against the tombstones, which
# need SELECT.
API="'phone_consent_grant', 'phone_consent_confirm', 'phone_consent_revoke', 'phone_consent_apply_sms',
     'phone_mark_disconnected', 'phone_erase', 'phone_consent_purge', 'phone_consent_purgeable',
     'phone_consent_number_hash'"
check "the extension has SECURITY DEFINER functions outside the documented API (the check below is not empty)" postgres $DB <<SQL
SELECT count(*) >= 3
  FROM ($MEMBERS) m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
 WHERE p.prosecdef AND p.proname NOT IN ($API);
SQL
expect_empty "no SECURITY DEFINER function but the documented API has PUBLIC EXECUTE" postgres $DB <<SQL
SELECT p.oid::regprocedure::text
  FROM ($MEMBERS) m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
 WHERE p.prosecdef AND p.proname NOT IN ($API)
   AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
 ORDER BY 1;
SQL
out=$(q $INSTALLER $DB <<'SQL'
CREATE SCHEMA attacker;
CREATE TABLE attacker.probe (phone phone, action text, method text, occurred_at timestamptz,
    notice_id bigint, evidence jsonb, confirms bigint, purpose text);
DO $$
DECLARE
    f regprocedure;
    refused int := 0;
BEGIN
    FOR f IN SELECT p.oid FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
              WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
                AND d.refobjid IN (SELECT oid FROM pg_extension WHERE extname IN ('phone', 'phone_consent'))
                AND p.prosecdef AND p.prorettype = 'trigger'::regtype
    LOOP
        BEGIN
            EXECUTE format('CREATE TRIGGER probe BEFORE INSERT ON attacker.probe FOR EACH ROW EXECUTE FUNCTION %s', f);
            RAISE WARNING 'attached: %', f;
            EXECUTE 'DROP TRIGGER probe ON attacker.probe';
        EXCEPTION WHEN insufficient_privilege THEN
            refused := refused + 1;
        END;
    END LOOP;
    RAISE WARNING 'refused: %', refused;
END
$$;
SQL
)
if ! echo "$out" | grep -q 'attached:' && echo "$out" | grep -q 'refused: [3-9]'; then
	pass "the role cannot attach a SECURITY DEFINER trigger function to a table of its own ($(echo "$out" | grep -o 'refused: [0-9]*'))"
else
	fail "the role cannot attach a SECURITY DEFINER trigger function to a table of its own"
	echo "$out" | sed 's/^/    /'
fi
check "the extension's triggers fire for writers that may not execute their functions" postgres $DB <<SQL
SELECT NOT has_function_privilege('$APP', 'phone_consent_suppression_check()', 'EXECUTE')
   AND NOT has_function_privilege('$APP', 'phone_consent_reference_check()', 'EXECUTE')
   AND NOT has_function_privilege('$INSTALLER', 'phone_consent_reference_check()', 'EXECUTE')
   AND EXISTS (SELECT 1 FROM phone_consent WHERE recorded_by = '$APP')
   AND EXISTS (SELECT 1 FROM phone_consent WHERE recorded_by = '$INSTALLER' AND notice_id IS NOT NULL);
SQL

# ---------------------------------------------------------------- key
# with no value set anywhere, only a setting the library defines exists
defined=$(echo "SELECT current_setting('phone.pseudonym_key', true) IS NOT NULL;" | q postgres $DB)
if [ "$defined" != t ]; then
	echo "ok - # SKIP phone.pseudonym_key: this build's library defines no such setting"
else
	q postgres postgres >/dev/null <<SQL
ALTER SYSTEM SET phone.pseudonym_key = '$SECRET';
SELECT pg_reload_conf();
SQL
	sleep 1
	out=$(echo "SHOW phone.pseudonym_key;" | q postgres $DB)
	if [ "$out" = "$SECRET" ]; then
		pass "a superuser reads the key (the probe below can see a leak)"
	else
		fail "a superuser reads the key (the probe below can see a leak)"; echo "$out" | sed 's/^/    /'
	fi
	probe="SHOW phone.pseudonym_key;
SELECT current_setting('phone.pseudonym_key');
SELECT current_setting('phone.pseudonym_key', true);
SELECT name, setting, reset_val, boot_val FROM pg_settings WHERE name LIKE 'phone.%';
SHOW ALL;
SELECT * FROM pg_file_settings;
SELECT setconfig FROM pg_db_role_setting;
SELECT name, setting FROM pg_show_all_settings() WHERE name LIKE 'phone.%';"
	for when in "in a new session" "after using the type"; do
		if [ "$when" = "in a new session" ]; then pre=""; else pre="SELECT '+12015550180'::phone;"; fi
		out=$(printf '%s\n%s\n' "$pre" "$probe" | "$bindir/psql" -X -At -U $INSTALLER -d $DB 2>&1)
		if echo "$out" | grep -q -F "$SECRET"; then
			fail "the installing role cannot read the key, $when"
			echo "$out" | grep -F "$SECRET" | sed 's/^/    /'
		else
			pass "the installing role cannot read the key, $when"
		fi
	done
fi
q postgres postgres >/dev/null <<SQL
ALTER SYSTEM RESET phone.pseudonym_key;
SELECT pg_reload_conf();
SQL

# ---------------------------------------------------------------- capture
out=$(q $INSTALLER $HOSTILE_DB < "$here/capture.sql")
status=$?
if [ $status = 0 ]; then
	pass "the role installs the extension into a schema it filled with look-alikes"
else
	fail "the role installs the extension into a schema it filled with look-alikes"
	echo "$out" | sed 's/^/    /'
fi
# the guards raise as the superuser, too: their messages must not be captured
q postgres $HOSTILE_DB >/dev/null 2>&1 <<'SQL'
SET search_path = evil, public;
DO $$ BEGIN DELETE FROM evil.phone_consent; EXCEPTION WHEN insufficient_privilege THEN NULL; END $$;
DO $$ BEGIN TRUNCATE evil.phone_consent_purpose; EXCEPTION WHEN insufficient_privilege THEN NULL; END $$;
DO $$ BEGIN UPDATE evil.phone_contact_window SET note = 'x' WHERE predefined; EXCEPTION WHEN insufficient_privilege THEN NULL; END $$;
SELECT evil.phone_consent_status('+12015550181', 'voice', 'informational');
SQL
expect_empty "no look-alike function was called by the script or the extension's functions" postgres $HOSTILE_DB <<'SQL'
SELECT fn || ' called as ' || by_role FROM evil.captured ORDER BY 1;
SQL
check "the installing role is still no superuser" postgres postgres <<SQL
SELECT NOT rolsuper FROM pg_roles WHERE rolname = '$INSTALLER';
SQL

# ---------------------------------------------------------------- rename
# The role owns the extension's schema, renames it and creates another
# under the old name, with a phone_is_valid(phone) of its own that the
# SECURITY DEFINER writers would call by that name (test/trusted/
# rename.sql).  The rename must be refused, and nothing may run as the
# superuser.
out=$("$bindir/psql" -X -q -At -U $INSTALLER -d $RENAME_DB -f "$here/rename.sql" 2>&1)
case $out in
*"cannot rename schema mine, the schema of extension phone"*)
	pass "the owner of the extension's schema cannot rename it" ;;
*)
	fail "the owner of the extension's schema cannot rename it"
	echo "$out" | sed 's/^/    /' ;;
esac
captured=$(echo "$out" | grep 'captured: ' | grep -v "ran as $INSTALLER\$")
if [ -z "$captured" ]; then
	pass "no function planted under the schema's old name ran as another role"
else
	fail "no function planted under the schema's old name ran as another role"
	echo "$captured" | sed 's/^/    /'
fi
expect_empty "... and none left a trace in the capture table" postgres $RENAME_DB <<'SQL'
SELECT fn || ' called as ' || by_role FROM spy.captured ORDER BY 1;
SQL
check "the installing role is still no superuser after the rename attempt" postgres postgres <<SQL
SELECT NOT rolsuper FROM pg_roles WHERE rolname = '$INSTALLER';
SQL
check "a superuser cannot rename the extension's schema either" postgres $RENAME_DB <<'SQL'
DO $$
BEGIN
    ALTER SCHEMA mine RENAME TO elsewhere;
    RAISE EXCEPTION 'renamed';
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
SELECT pg_catalog.to_regnamespace('mine') = extnamespace FROM pg_extension WHERE extname = 'phone';
SQL

# ---------------------------------------------------------------- adopt
# The role installs phone 1.0 into a schema of its own and updates it,
# which detaches the consent objects; it replaces one of them with a
# function of its own, calls a writer, and adopts the objects
# (test/trusted/adopt.sql).  Detached, the writers run as their caller;
# the adoption refuses objects the bootstrap superuser does not own, when
# the role runs it and when a superuser does.
out=$("$bindir/psql" -X -q -At -U $INSTALLER -d $ADOPT_DB -f "$here/adopt.sql" 2>&1)
case $out in
*"cannot adopt consent objects that no superuser owns"*)
	pass "the adoption refuses a consent object the installing role replaced" ;;
*)
	fail "the adoption refuses a consent object the installing role replaced"
	echo "$out" | sed 's/^/    /' ;;
esac
expect_empty "the replaced function ran as no other role than its owner" postgres $ADOPT_DB <<SQL
SELECT fn || ' called as ' || by_role FROM spy.captured WHERE by_role <> '$INSTALLER' ORDER BY 1;
SQL
check "the installing role is still no superuser after the adoption attempt" postgres postgres <<SQL
SELECT NOT rolsuper FROM pg_roles WHERE rolname = '$INSTALLER';
SQL
out=$(echo "ALTER EXTENSION phone_consent UPDATE TO '1.1';" | q postgres $ADOPT_DB)
case $out in
*"cannot adopt consent objects that no superuser owns"*"phone_consent_check_args"*"regress_phone_installer"*)
	pass "a superuser's adoption refuses it too, and names the object and its owner" ;;
*)
	fail "a superuser's adoption refuses it too, and names the object and its owner"
	echo "$out" | sed 's/^/    /' ;;
esac
check "detached, no consent function of phone 1.0 is SECURITY DEFINER" postgres $ADOPT_DB <<'SQL'
SELECT count(*) = 0 FROM pg_proc p
 WHERE p.pronamespace = 'legacy'::regnamespace AND p.prosecdef
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e');
SQL

# ---------------------------------------------------------------- hijack
# A superuser installed phone 1.0 and updated it, but has not yet adopted
# the consent objects.  A role with CREATE on the database creates
# phone_consent VERSION 'unpackaged' itself and updates it: the adoption
# must be refused (else the role would own the extension that holds the
# ledger, and could drop it), and the ledger must survive.
out=$(q postgres $HIJACK_DB <<'SQL'
CREATE EXTENSION phone VERSION '1.0';
SELECT phone_consent_revoke('+12015550180') IS NOT NULL;
ALTER EXTENSION phone UPDATE;
SQL
)
[ "$out" = t ] || { fail "a superuser installs phone 1.0, records an opt-out and updates phone"; echo "$out" | sed 's/^/    /'; }
out=$("$bindir/psql" -X -q -At -U $INSTALLER -d $HIJACK_DB 2>&1 <<'SQL'
CREATE EXTENSION phone_consent VERSION 'unpackaged';
ALTER EXTENSION phone_consent UPDATE TO '1.1';
DROP EXTENSION phone_consent;
SQL
)
case $out in
*"cannot adopt the consent objects into an extension owned by regress_phone_installer"*)
	pass "another role with CREATE on the database cannot adopt the ledger of a superuser's phone" ;;
*)
	fail "another role with CREATE on the database cannot adopt the ledger of a superuser's phone"
	echo "$out" | sed 's/^/    /' ;;
esac
check "... and the ledger is still there, with its opt-out" postgres $HIJACK_DB <<'SQL'
SELECT count(*) = 1 FROM phone_consent;
SQL

# ---------------------------------------------------------------- overloads
# The role installs the extension into a schema of its own and plants there
# an overload of every function of the extension, each argument retyped to
# a type that reaches it through an implicit cast (test/trusted/
# overloads.sql).  A superuser then runs every report, writer and decision
# function (test/trusted/exercise.sql): no overload may run, and no call of
# the extension's own SQL may become ambiguous.
out=$( (echo "CREATE SCHEMA ext; CREATE EXTENSION phone SCHEMA ext; CREATE EXTENSION phone_consent SCHEMA ext;"; cat "$here/overloads.sql") | q $INSTALLER $OVERLOAD_DB)
status=$?
planted=$(echo "$out" | sed -n 's/^planted: //p')
if [ $status = 0 ] && [ "${planted:-0}" -gt 100 ] && ! echo "$out" | grep -q '^missing: '; then
	pass "the role plants overloads of every function in the extension's schema ($planted planted, $(echo "$out" | grep '^skipped: '))"
else
	fail "the role plants overloads of every function in the extension's schema"
	echo "$out" | sed 's/^/    /'
fi
out=$(q postgres $OVERLOAD_DB < "$here/exercise.sql")
if echo "$out" | grep -q '^exercised$' && ! echo "$out" | grep -q -i 'error\|not unique'; then
	pass "a superuser runs every report, writer and decision function among the overloads"
else
	fail "a superuser runs every report, writer and decision function among the overloads"
	echo "$out" | grep -v '^t$' | sed 's/^/    /'
fi
expect_empty "no overload was called by the extension's functions or generated queries" postgres $OVERLOAD_DB <<'SQL'
SELECT fn || ' called as ' || by_role || ' with search_path ' || search_path
  FROM ext_capture.captured ORDER BY 1;
SQL
check "the installing role is still no superuser after the overloads" postgres postgres <<SQL
SELECT NOT rolsuper FROM pg_roles WHERE rolname = '$INSTALLER';
SQL

# ---------------------------------------------------------------- refresh
# phone_metadata_refresh() run by a superuser must not run another role's
# expressions, constraints or triggers with the superuser's rights
# (doc/security.md, "Maintenance run by a privileged role").  The role
# owns the extension in this database (so it may record the version) and
# plants captures in objects of its own (test/trusted/refresh.sql).
out=$( (echo "CREATE EXTENSION phone;"; cat "$here/refresh.sql") | q $INSTALLER $REFRESH_DB)
status=$?
if [ $status = 0 ] && [ "$(echo "$out" | tail -1)" = 5 ]; then
	pass "the role plants captures in five dependents of its own and a trigger"
else
	fail "the role plants captures in five dependents of its own and a trigger"
	echo "$out" | sed 's/^/    /'
fi
out=$(q postgres $REFRESH_DB <<'SQL'
SELECT phone_metadata_record('regress-old');
\pset fieldsep ' | '
SELECT kind, relation, name, action FROM phone_metadata_refresh();
SQL
)
expect_empty "a superuser's refresh runs nothing of the role's with the superuser's rights" postgres $REFRESH_DB <<SQL
SELECT what || ' ran as ' || by_role FROM own.captured WHERE by_role <> '$INSTALLER' ORDER BY 1;
SQL
check "... it rebuilt the index and the view as their owner (the capture works)" postgres $REFRESH_DB <<SQL
SELECT array_agg(DISTINCT what ORDER BY what) = '{index,"materialized view"}' FROM own.captured;
SQL
if echo "$out" | grep -q "^generated column | own.numbers | g | skipped: owned by $INSTALLER\$" \
	&& echo "$out" | grep -q "^constraint | own.numbers | numbers_check | skipped: owned by $INSTALLER\$" \
	&& echo "$out" | grep -q "^domain constraint |  | own.checked_phone.checked_phone_check | skipped: owned by $INSTALLER\$" \
	&& echo "$out" | grep -q "^index | own.numbers | numbers_probe_idx | rebuilt\$" \
	&& echo "$out" | grep -q "^data version |  |  | not recorded: the database stays checked against regress-old\$" \
	&& echo "$out" | grep -q "WARNING:  numbering-plan data version not recorded" \
	&& echo "$out" | grep -q "DETAIL: .*dependents owned by $INSTALLER were skipped" \
	&& echo "$out" | grep -q "HINT: .*have each owner run phone_metadata_refresh()"; then
	pass "... it reports what it skipped, with the owner, and warns that the version is not recorded"
else
	fail "... it reports what it skipped, with the owner, and warns that the version is not recorded"
	echo "$out" | sed 's/^/    /'
fi
check "... and the version stays unrecorded" postgres $REFRESH_DB <<SQL
SELECT phone_metadata_checked() = 'regress-old';
SQL
check "the installing role is still no superuser after the superuser's refresh" postgres postgres <<SQL
SELECT NOT rolsuper FROM pg_roles WHERE rolname = '$INSTALLER';
SQL
out=$(echo "SELECT kind || ': ' || action FROM phone_metadata_refresh();" | q $INSTALLER $REFRESH_DB)
if echo "$out" | grep -q '^data version: recorded .* (was regress-old)$' && ! echo "$out" | grep -q 'skipped\|failed\|violated'; then
	pass "the role refreshes its own objects and records the version"
else
	fail "the role refreshes its own objects and records the version"
	echo "$out" | sed 's/^/    /'
fi
expect_empty "... running its objects as itself only" postgres $REFRESH_DB <<SQL
SELECT what || ' ran as ' || by_role FROM own.captured WHERE by_role <> '$INSTALLER' ORDER BY 1;
SQL

echo "$passed passed, $failed failed"
[ $failed = 0 ]
