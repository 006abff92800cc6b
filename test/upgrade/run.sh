#!/bin/bash
#
# test/upgrade/run.sh: every released version of the extension, updated
# with ALTER EXTENSION phone UPDATE, becomes what a fresh install of the
# newest version is (doc/packaging.md, "Releasing a new extension version").
#
# Starts a throwaway server from the PostgreSQL installation that
# PG_CONFIG names (else the pg_config on PATH), into which the extension
# must be installed (make install).  The versions are read from the
# installed files: default_version in phone.control is the newest; every
# other phone--V.sql is a released version.  For each V it installs V in a
# new database, runs ALTER EXTENSION phone UPDATE, and compares with a
# database where the newest version was installed fresh:
#
#   * the schema dump, pg_dump --schema-only --binary-upgrade (the mode in
#     which pg_dump writes out every member of an extension), with OIDs
#     and transaction ids taken out;
#   * test/upgrade/members.sql: a listing of the members and of their
#     properties, comments, privileges, and the rows of the extension's
#     tables (the predefined configuration).
#
# A released version without an update path to the newest fails.  Prints
# each path it checked ("ok - 1.0 -> 1.1 (path 1.0--1.1)" or "FAILED -"
# with the differences), then "N passed, M failed"; with no released
# version but the newest it checks nothing and says so ("0 passed,
# 0 failed: nothing to check").
#
# CHECK_RELEASED=1 first runs test/upgrade/check-released.sh (the released
# install scripts of the tree are unchanged) and counts its checks in the
# same verdict (make test-upgrade does).
#
# EXTENSION_DESTDIR=DIR runs the server with extension_destdir=DIR (a
# setting of Debian's PostgreSQL packages) and reads the versions from the
# extension directory under DIR: test/upgrade/selftest.sh uses it to test
# fabricated versions without touching the installation.
#
# Usage: test/upgrade/run.sh        (PG_CONFIG=..., EXTENSION_DESTDIR=...)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../trusted/cluster.sh"
EXTENSION_DESTDIR=${EXTENSION_DESTDIR:-}
extdir=$EXTENSION_DESTDIR$sharedir/extension
if [ ! -f "$extdir/phone.control" ]; then
	echo "run.sh: no phone.control in $extdir (make install first)" >&2
	exit 2
fi
newest=$(sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$extdir/phone.control")
[ -n "$newest" ] || { echo "run.sh: no default_version in $extdir/phone.control" >&2; exit 2; }

passed=0
failed=0
if [ "${CHECK_RELEASED:-}" = 1 ]; then
	out=$(sh "$here/check-released.sh")
	echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
	passed=$(echo "$out" | grep -c '^ok - ')
	failed=$(echo "$out" | grep -c '^FAILED - ')
fi

released=$(cd "$extdir" && ls phone--*.sql 2>/dev/null | sed -n 's/^phone--\([^-]*\)\.sql$/\1/p' |
	grep -v -x -F "$newest" | sort -V)
if [ -z "$released" ]; then
	echo "upgrade: no released version older than $newest in $extdir: no path to check"
	echo "$passed passed, $failed failed$([ $((passed + failed)) = 0 ] && echo ': nothing to check')"
	[ $failed = 0 ]
	exit
fi

trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP
if [ -n "$EXTENSION_DESTDIR" ]; then
	cluster_start -c "extension_destdir=$EXTENSION_DESTDIR"
else
	cluster_start
fi
work=$cluster_tmp/work
mkdir -p "$work"

q() { "$bindir/psql" -X -q -At -v ON_ERROR_STOP=1 "$@" 2>&1; }

# snapshot DB FILE: the schema dump and the member listing of DB
snapshot()
{
	"$bindir/pg_dump" --schema-only --binary-upgrade --no-comments -d "$1" 2>&1 |
		sed -E -e '/binary_upgrade_set_next_/d' \
			-e '/^-- (Dumped|Started|Completed)/d' \
			-e "s/'[0-9]+'/'N'/g" \
			-e "s/'\{[0-9,]*\}'/'{N}'/g" \
			-e '/^\\(un)?restrict /d' \
			-e '/^$/d' > "$2.dump"
	q -d "$1" -f "$here/members.sql" > "$2.members"
	[ -s "$2.members" ] && grep -q '^member ' "$2.members"
}

out=$(q -c "CREATE DATABASE upgrade_fresh" && q -d upgrade_fresh -c "CREATE EXTENSION phone")
[ -z "$out" ] || { echo "$out"; echo "run.sh: cannot install version $newest" >&2; exit 2; }
snapshot upgrade_fresh "$work/fresh" || { cat "$work/fresh.members"; exit 2; }
echo "upgrade: newest version $newest, $(grep -c '^member ' "$work/fresh.members") members; released: $(echo $released)"

for v in $released; do
	path=$(q -c "SELECT path FROM pg_extension_update_paths('phone') WHERE source = '$v' AND target = '$newest'")
	if [ -z "$path" ]; then
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest: no chain of update scripts phone--A--B.sql leads there"
		continue
	fi
	db="upgrade_from_$(echo "$v" | tr -c 'a-zA-Z0-9\n' _)"
	out=$(q -c "CREATE DATABASE $db" &&
		q -d "$db" -c "CREATE EXTENSION phone VERSION '$v'" \
			-c "ALTER EXTENSION phone UPDATE" \
			-c "SELECT extversion FROM pg_extension WHERE extname = 'phone'")
	if [ "$out" != "$newest" ]; then
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest (path $path): install and update failed"
		echo "$out" | sed 's/^/    /'
		continue
	fi
	snapshot "$db" "$work/$db"
	diff -u "$work/fresh.dump" "$work/$db.dump" > "$work/$db.dump.diff"
	dump_status=$?
	diff -u "$work/fresh.members" "$work/$db.members" > "$work/$db.members.diff"
	if [ $dump_status = 0 ] && [ $? = 0 ]; then
		passed=$((passed + 1))
		echo "ok - $v -> $newest (path $path): schema dump and $(wc -l < "$work/$db.members") listing lines identical to a fresh install"
	else
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest (path $path): differs from a fresh install of $newest (- fresh, + updated)"
		for d in dump members; do
			grep '^[-+][^-+]' "$work/$db.$d.diff" | head -20 | sed "s/^/    $d: /"
		done
	fi
done

echo "$passed passed, $failed failed"
[ $failed = 0 ]
