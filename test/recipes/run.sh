#!/bin/bash
#
# test/recipes/run.sh: the recipes of doc/recipes.md with Debian's pgaudit
# (postgresql-15-pgaudit) and pg_cron (postgresql-15-cron).
#
# Starts a throwaway server (test/trusted/cluster.sh) with both libraries
# in shared_preload_libraries and the settings the recipe names, then:
#
#   blocks     every SQL block of doc/recipes.md runs as written, as the
#              role it names, and shows what it gets (test/docs/check.py)
#   audit      the server log has an AUDIT line, with the reader's name,
#              for each read of contacts.phone in the recipe (privacy
#              officer, report function, support through the masked view),
#              and none for the read of the name column alone
#   barrier    through the security_barrier view, a cheap function of the
#              caller's sees no row the view filters out; through the same
#              view without security_barrier it does (so the check can fail)
#   cron       the nightly job is in cron.job; a copy scheduled for every
#              minute is run by pg_cron within 75 seconds and succeeds
#
# Prints "ok - ..." / "FAILED - ..." and one "N passed, M failed" line.
# EXTENSION_DESTDIR=DIR reads the extension staged by make install
# DESTDIR=DIR (Debian's extension_destdir); otherwise it must be installed.
#
# Usage: test/recipes/run.sh
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/test/trusted/cluster.sh"
for lib in pgaudit pg_cron; do
	if [ ! -f "$("$PG_CONFIG" --pkglibdir)/$lib.so" ]; then
		echo "FAILED - $lib is not installed (Debian: postgresql-15-pgaudit, postgresql-15-cron)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done
trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP
opts="-c shared_preload_libraries=pgaudit,pg_cron -c cron.database_name=postgres -c cron.use_background_workers=on"
[ -n "${EXTENSION_DESTDIR:-}" ] && opts="$opts -c extension_destdir=$EXTENSION_DESTDIR"
# shellcheck disable=SC2086
cluster_start $opts
log=$cluster_tmp/server.log
PATH=$bindir:$PATH
q() { "$bindir/psql" -X -q -At "$@" 2>&1; }
q -c "CREATE ROLE doc_owner LOGIN" >/dev/null || exit 2
export PGTZ=${PGTZ:-Pacific/Chatham}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAILED - $1"; }

cd "$top"
out=$(python3 "$top/test/docs/check.py" --keep doc/recipes.md 2>&1)
echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
p=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$p" ]; then
	fail "doc/recipes.md: the checker did not finish"
else
	passed=$((passed + p)); failed=$((failed + f))
fi
db=doc_recipes

# audit: what the server log says about the reads of the recipe
audit() { grep -F "AUDIT: OBJECT" "$log" | grep -F "$1@$db " | grep -F -- "$2"; }
if audit privacy_officer "SELECT count(*) FROM contacts WHERE phone ^@ '+44'" >/dev/null; then
	pass "audit: the privacy officer's read of contacts.phone is logged with its name"
else
	fail "audit: the privacy officer's read of contacts.phone is logged with its name"
fi
if audit privacy_officer "public.contacts" | grep -v -F "phone ^@" | grep -q .; then
	pass "audit: phone_audit's reads of the column, inside the function, are logged"
else
	fail "audit: phone_audit's reads of the column, inside the function, are logged"
fi
if audit support "FROM contacts_support WHERE id = 2" >/dev/null; then
	pass "audit: support's read through the masked view is logged as a read of public.contacts"
else
	fail "audit: support's read through the masked view is logged as a read of public.contacts"
fi
if audit privacy_officer "SELECT name FROM contacts WHERE id = 1" >/dev/null; then
	fail "audit: a read of the name column alone is not logged"
else
	pass "audit: a read of the name column alone is not logged"
fi
echo "    the audit lines:"
grep -F "AUDIT: OBJECT" "$log" | sed -E 's/^[0-9-]+ [0-9:.]+ [A-Z+0-9]+ \[[0-9]+\] /    /' | cut -c1-160

# barrier: a function of the caller's, cheaper than the view's WHERE
q -d $db -c "CREATE VIEW contacts_support_plain AS
	SELECT id, name, phone_mask(phone) AS phone FROM contacts WHERE tier <> 'vip'" \
	-c "GRANT SELECT ON contacts_support_plain TO support" >/dev/null
peek="CREATE FUNCTION pg_temp.peek(text) RETURNS boolean LANGUAGE plpgsql COST 0.0001 AS
	\$\$ BEGIN RAISE NOTICE 'saw %', \$1; RETURN true; END \$\$;"
with=$(q -d $db -U support -c "$peek" -c "SELECT count(*) FROM contacts_support WHERE pg_temp.peek(name)")
without=$(q -d $db -U support -c "$peek" -c "SELECT count(*) FROM contacts_support_plain WHERE pg_temp.peek(name)")
if echo "$with" | grep -q 'saw Ada' && ! echo "$with" | grep -q 'saw Carl'; then
	pass "barrier: through the security_barrier view the caller's function sees no filtered row"
else
	fail "barrier: through the security_barrier view the caller's function sees no filtered row: $with"
fi
if echo "$without" | grep -q 'saw Carl'; then
	pass "barrier: without security_barrier the same function sees the VIP row (the check can fail)"
else
	fail "barrier: without security_barrier the same function sees the VIP row: $without"
fi

# cron: the nightly job, and a run by pg_cron itself
if [ "$(q -d postgres -c "SELECT schedule || ' ' || database FROM cron.job WHERE jobname = 'phone-retention'")" = "17 3 * * * $db" ]; then
	pass "cron: the nightly job is scheduled at 03:17 in the application's database"
else
	fail "cron: the nightly job is scheduled at 03:17 in the application's database"
fi
cmd=$(q -d postgres -c "SELECT command FROM cron.job WHERE jobname = 'phone-retention'")
job=$(q -d postgres -c "SELECT cron.schedule_in_database('phone-retention-now', '* * * * *', \$\$$cmd\$\$, '$db')")
status=
for _ in $(seq 1 40); do
	status=$(q -d postgres -c "SELECT status || ' ' || coalesce(return_message, '') FROM cron.job_run_details
		WHERE jobid = $job AND status IN ('succeeded', 'failed') LIMIT 1")
	[ -n "$status" ] && break
	sleep 2
done
if [ "$status" = "succeeded SELECT 1" ]; then
	pass "cron: pg_cron ran the job's command (scheduled for every minute) and it succeeded"
else
	fail "cron: pg_cron ran the job's command and it succeeded (got: ${status:-no run in 80 s})"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
