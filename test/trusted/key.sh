#!/bin/bash
#
# test/trusted/key.sh: the pseudonym key in the configurations that
# doc/pseudonyms.md and doc/security.md describe, each on its own
# throwaway server, with the key in postgresql.conf:
#
#   shared_preload_libraries = 'phone'   (the documented setup)
#       a superuser reads the key and computes pseudonyms; a role that is
#       no superuser, in a fresh session, cannot read it (SHOW,
#       current_setting, pg_settings, SHOW ALL), and with EXECUTE on
#       phone_pseudonym computes pseudonyms without seeing it
#   session_preload_libraries = 'phone'
#       phone_pseudonym refuses the key (SQLSTATE 55000): the library
#       cannot tell that it was loaded before any query of the session
#   no preloading
#       any role reads the value with SHOW (PostgreSQL's placeholder, as
#       the documents warn), and phone_pseudonym refuses the key (55000)
#
# Prints "ok - ..." / "FAILED - ..." per check, then "N passed, M failed".
# The extension must be installed (make install) into the PostgreSQL that
# PG_CONFIG names.
#
# Usage: test/trusted/key.sh        (PG_CONFIG=... to choose the server)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/cluster.sh"
if [ ! -f "$sharedir/extension/phone.control" ]; then
	echo "key.sh: the phone extension is not installed in $sharedir (make install first)" >&2
	exit 2
fi
trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP

KEY='\x5c1f08e2d7a94b36e0f1c2d3a4b5c6d7e8f90112233445566778899aabbccdd0'
ROLE=regress_phone_keyuser
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAILED - $1"; }
# q ROLE: run standard input as ROLE in the database postgres, errors included
q() { "$bindir/psql" -X -At -U "$1" -d postgres -f - 2>&1; }
# grep reads the whole output (with -q it may stop at the first match, and
# printf's write into the closed pipe then fails the pipeline under
# pipefail: a long output that matches would count as one that does not)
expect() # NAME PATTERN OUTPUT: OUTPUT must contain PATTERN (fixed string)
{
	if printf '%s\n' "$3" | grep -F -e "$2" >/dev/null; then pass "$1"; else fail "$1"; printf '%s\n' "$3" | sed 's/^/    /'; fi
}
refute() # NAME PATTERN OUTPUT: OUTPUT must not contain PATTERN
{
	if printf '%s\n' "$3" | grep -F -e "$2" >/dev/null; then fail "$1"; printf '%s\n' "$3" | sed 's/^/    /'; else pass "$1"; fi
}

# start NAME [postgres options]: a server with the key in postgresql.conf
start()
{
	cluster_stop
	cluster_start "${@:2}"
	# postgresql.conf reads a backslash as an escape: \\x stands for \x
	printf "phone.pseudonym_key = '%s'\nphone.pseudonym_key_id = 7\n" "${KEY//\\/\\\\}" \
		>>"$cluster_tmp/data/postgresql.conf"
	as_owner "$bindir/pg_ctl" -D "$cluster_tmp/data" -w -t 60 restart >/dev/null 2>&1 ||
		{ tail -20 "$cluster_tmp/server.log"; echo "key.sh: cannot restart ($1)" >&2; exit 2; }
	q postgres >/dev/null <<SQL
CREATE ROLE $ROLE LOGIN;
CREATE EXTENSION phone;
SQL
}

probe="SHOW phone.pseudonym_key;
SELECT current_setting('phone.pseudonym_key', true);
SELECT name, setting FROM pg_settings WHERE name LIKE 'phone.pseudonym%';
SHOW ALL;"
pseudonym="SELECT get_byte(phone_pseudonym('+12015550180'), 0) AS key_id, length(phone_pseudonym('+12015550180')) AS bytes;"

# ------------------------------------------------ shared_preload_libraries
start "shared_preload_libraries" -c shared_preload_libraries=phone
out=$(echo "SHOW phone.pseudonym_key;" | q postgres)
expect "preloaded: a superuser reads the key (the probe below can see a leak)" "$KEY" "$out"
out=$(echo "$probe" | q $ROLE)
refute "preloaded: a role that is no superuser cannot read the key in a fresh session" "${KEY#\\x}" "$out"
expect "preloaded: SHOW is refused to that role" "must be superuser or have privileges of pg_read_all_settings" "$out"
out=$(echo "$pseudonym" | q postgres)
expect "preloaded: a superuser computes pseudonyms with the key from postgresql.conf" "7|33" "$out"
echo "GRANT EXECUTE ON FUNCTION phone_pseudonym(phone, text) TO $ROLE;" | q postgres >/dev/null
out=$( (echo "$pseudonym"; echo "$probe") | q $ROLE)
expect "preloaded: a role granted EXECUTE computes pseudonyms" "7|33" "$out"
refute "preloaded: ... without seeing the key" "${KEY#\\x}" "$out"

# ------------------------------------------------ session_preload_libraries
start "session_preload_libraries" -c session_preload_libraries=phone
out=$(echo "$pseudonym" | q postgres)
expect "session_preload_libraries: phone_pseudonym refuses the key" "refusing to use the key" "$out"
out=$(echo "$probe" | q $ROLE)
refute "session_preload_libraries: a role that is no superuser cannot read the key in a fresh session" "${KEY#\\x}" "$out"

# ------------------------------------------------ no preloading
start "no preloading"
out=$(echo "SHOW phone.pseudonym_key;" | q $ROLE)
expect "not preloaded: any role reads the placeholder with SHOW, as the documents warn" "$KEY" "$out"
out=$(echo "$pseudonym" | q postgres)
expect "not preloaded: phone_pseudonym refuses the key" "refusing to use the key" "$out"

echo "$passed passed, $failed failed"
[ $failed = 0 ]
