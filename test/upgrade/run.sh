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
# Where phone_consent is installed too, the fresh database has both
# extensions (CREATE EXTENSION phone_consent CASCADE) and the listings of
# both are compared.  A version V whose phone holds the consent ledger
# (1.0) is updated as doc/operations.md says ("Upgrading from 1.0"):
# ALTER EXTENSION phone UPDATE, then phone_consent VERSION 'unpackaged'
# and UPDATE (adopting the ledger before phone's update must be refused);
# the same path then runs with rows in every consent table
# (test/upgrade/data.sql), which must be kept row for row through the
# update and through pg_dump -Fc and pg_restore of the updated database,
# whose catalog must again be a fresh install's; the privileges data.sql
# gives on a table, a column and a function of the ledger must be kept
# through the adoption and the dump and restore (and be no initial
# privileges of the extension, which pg_dump would leave out).  Any other V gets
# phone_consent installed before the update.
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
			-e '/^$/d' |
		# initial privileges equal to the default (members.sql): the pair
		# of switches with no statement between them is no difference
		sed -E -e '/binary_upgrade_set_record_init_privs\(true\)/{N;/binary_upgrade_set_record_init_privs\(false\)/d;}' |
		# and the heading of an ACL entry left with no statement under it
		awk '{ l[NR] = $0 }
		     END { for (i = 1; i <= NR; i++) {
		               if (l[i] == "--" && l[i + 1] ~ /^-- Name: .*; Type: ACL;/ && l[i + 2] == "--" &&
		                   (i + 3 > NR || l[i + 3] == "--")) { i += 2; continue }
		               print l[i] } }' > "$2.dump"
	q -d "$1" -f "$here/members.sql" > "$2.members"
	[ -s "$2.members" ] && grep -q '^member ' "$2.members"
}

# The consent layer is the extension phone_consent from 1.1 on: where its
# control file is installed, the fresh database has both (CREATE EXTENSION
# phone_consent CASCADE), and both are compared.
exts=phone
fresh_sql="CREATE EXTENSION phone"
if [ -f "$extdir/phone_consent.control" ] || [ -f "$sharedir/extension/phone_consent.control" ]; then
	exts="phone phone_consent"
	fresh_sql="CREATE EXTENSION phone_consent CASCADE"
fi

# snapshot_all DB FILE: snapshot, with the member listing of every extension
snapshot_all()
{
	snapshot "$1" "$2" || return 1
	for e in $exts; do
		[ $e = phone ] && continue
		q -d "$1" -v ext=$e -f "$here/members.sql" >> "$2.members"
	done
}

# the step after the adoption (doc/operations.md, "Upgrading from 1.0"):
# the privileges given or taken under 1.0, applied again
reapply=$(sed -n '/^-- reapply: begin$/,/^-- reapply: end$/p' "$here/../../doc/operations.md" | sed '1d;$d')
[ -n "$reapply" ] || { echo "run.sh: no reapply block in doc/operations.md" >&2; exit 2; }

# update DB V [DATAFILE]: install phone V in DB, update it to the newest
# and end with every extension in $exts at its newest version.  A version
# whose phone holds the consent ledger (1.0) leaves the ledger behind,
# detached; phone_consent adopts it (VERSION 'unpackaged', then UPDATE).
# Any other version gets phone_consent installed before the update.  With
# DATAFILE, the ledger gets its rows before the update, and DATAFILE.rows
# the query that lists them (the columns of version V).
update()
{
	local db=$1 v=$2 data=${3:-} o
	o=$(q -c "CREATE DATABASE $db" && q -d "$db" -c "CREATE EXTENSION phone VERSION '$v'") || { echo "$o"; return 1; }
	case $exts in *phone_consent*)
		if [ -z "$(q -d "$db" -c "SELECT pg_catalog.to_regclass('phone_consent')")" ]; then
			o=$(q -d "$db" -c "CREATE EXTENSION phone_consent") || { echo "$o"; return 1; }
		fi ;;
	esac
	if [ -n "$data" ]; then
		o=$(q -d "$db" -f "$here/data.sql") || { echo "$o"; return 1; }
		# every table and sequence of the consent layer, with the columns it has now
		q -d "$db" -c "SELECT pg_catalog.format('SELECT %L || '' '' || r::text FROM (SELECT %s FROM %s) r ORDER BY 1', c.relname,
		                        CASE c.relkind WHEN 'S' THEN 'last_value, is_called'
		                        ELSE (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
		                                FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		                                 AND NOT (c.relname IN ('phone_suppression', 'phone_consent_permit') AND a.attname = 'phone')) END,
		                        c.oid::pg_catalog.regclass) || ';'
		                 FROM pg_catalog.pg_class c
		                WHERE c.relnamespace = 'public'::pg_catalog.regnamespace AND c.relkind IN ('r', 'S')
		                  AND (c.relname LIKE 'phone\_consent%' OR c.relname LIKE 'phone\_contact%'
		                       OR c.relname LIKE 'phone\_suppression%' OR c.relname LIKE 'phone\_erasure%')
		                ORDER BY c.relname" > "$data.rows"
		q -d "$db" -f "$data.rows" > "$data.before"
		[ -s "$data.before" ] || { echo "no rows in the ledger of $db"; return 1; }
	fi
	# phone_consent cannot adopt what phone 1.0 still holds
	if [ -z "$data" ] && [ "$v" = 1.0 ]; then
		o=$(q -d "$db" -c "CREATE EXTENSION phone_consent VERSION 'unpackaged'" \
			-c "ALTER EXTENSION phone_consent UPDATE TO '1.1'")
		echo "$o" | grep -q 'ERROR:  phone is at version 1.0, whose consent objects belong to phone' ||
			{ echo "adopting the ledger of phone 1.0 was not refused: $o"; return 1; }
		o=$(q -d "$db" -c "DROP EXTENSION phone_consent") || { echo "$o"; return 1; }
	fi
	o=$(q -d "$db" -c "ALTER EXTENSION phone UPDATE") || { echo "$o"; return 1; }
	case $exts in *phone_consent*)
		if [ -z "$(q -d "$db" -c "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'phone_consent'")" ]; then
			o=$(q -d "$db" -c "CREATE EXTENSION phone_consent VERSION 'unpackaged'" \
				-c "ALTER EXTENSION phone_consent UPDATE" -c "$reapply") || { echo "$o"; return 1; }
		else
			o=$(q -d "$db" -c "ALTER EXTENSION phone_consent UPDATE") || { echo "$o"; return 1; }
		fi ;;
	esac
	q -d "$db" -c "SELECT pg_catalog.string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_catalog.pg_extension WHERE extname LIKE 'phone%'"
}

# compare DB WHAT NAME: DB's snapshot against the fresh one; with data,
# the listings without the rows lines of the extensions' tables
compare()
{
	local db=$1 what=$2 name=$3 data=${4:-} dump_status
	snapshot_all "$db" "$work/$db"
	if [ -n "$data" ]; then
		grep -v '^rows ' "$work/fresh.members" > "$work/fresh.members.norows"
		grep -v '^rows ' "$work/$db.members" > "$work/$db.members.norows"
		diff -u "$work/fresh.members.norows" "$work/$db.members.norows" > "$work/$db.members.diff"
	else
		diff -u "$work/fresh.members" "$work/$db.members" > "$work/$db.members.diff"
	fi
	local members_status=$?
	if [ -n "$data" ]; then
		# and the sequences where they stand
		grep -v '^SELECT pg_catalog.setval(' "$work/fresh.dump" > "$work/fresh.dump.norows"
		grep -v '^SELECT pg_catalog.setval(' "$work/$db.dump" > "$work/$db.dump.norows"
		diff -u "$work/fresh.dump.norows" "$work/$db.dump.norows" > "$work/$db.dump.diff"
	else
		diff -u "$work/fresh.dump" "$work/$db.dump" > "$work/$db.dump.diff"
	fi
	dump_status=$?
	if [ $dump_status = 0 ] && [ $members_status = 0 ]; then
		passed=$((passed + 1))
		echo "ok - $name: schema dump and $(wc -l < "$work/$db.members") listing lines identical to a fresh install$what"
	else
		failed=$((failed + 1))
		echo "FAILED - $name: differs from a fresh install of $newest$what (- fresh, + updated)"
		for d in dump members; do
			grep '^[-+][^-+]' "$work/$db.$d.diff" | head -20 | sed "s/^/    $d: /"
		done
	fi
}

# rows DB DATA WHEN NAME: the ledger of DB holds the rows it held before the
# update; the update may add predefined configuration rows (a purpose or a
# calling window whose last column, predefined, is true), as a fresh
# install seeds them
rows()
{
	local added
	q -d "$1" -f "$2.rows" > "$2.$3"
	diff -u "$2.before" "$2.$3" > "$2.$3.diff"
	added=$(grep -c -E '^\+phone_(consent_purpose|contact_window) .*,t\)$' "$2.$3.diff")
	if ! grep -q '^-[^-]' "$2.$3.diff" &&
		! grep '^+[^+]' "$2.$3.diff" | grep -q -v -E '^\+phone_(consent_purpose|contact_window) .*,t\)$'; then
		passed=$((passed + 1))
		echo "ok - $4: the ledger's $(wc -l < "$2.before") rows and sequences are kept row for row $3 ($added predefined rows added)"
	else
		failed=$((failed + 1))
		echo "FAILED - $4: the ledger's rows differ $3 (- before the update, +$3)"
		grep '^[-+][^-+]' "$2.$3.diff" | head -20 | sed 's/^/    /'
	fi
}

# grants DB WHEN NAME: the privileges test/upgrade/data.sql gave under the
# old version are there, and none of them is an initial privilege of an
# extension (pg_dump would leave it out)
grants()
{
	local o
	o=$(q -d "$1" -c "SELECT pg_catalog.has_table_privilege('upgrade_reader', 'phone_consent', 'SELECT')
	                          AND pg_catalog.has_column_privilege('upgrade_reader', 'phone_consent_notice', 'body', 'SELECT')
	                          AND NOT pg_catalog.has_column_privilege('upgrade_reader', 'phone_consent_notice', 'name', 'SELECT')
	                          AND pg_catalog.has_function_privilege('upgrade_reader',
	                                  'phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text)', 'EXECUTE')
	                          AND NOT pg_catalog.has_function_privilege('public',
	                                  'phone_consent_status(phone, text, text, timestamptz)', 'EXECUTE')
	                          AND NOT pg_catalog.has_function_privilege('upgrade_reader',
	                                  'phone_consent_grant(phone, text, text, text, bigint, jsonb, timestamptz, timestamptz, boolean, text, text, text, text)', 'EXECUTE')
	                          AND NOT EXISTS (SELECT FROM pg_catalog.pg_init_privs ip, pg_catalog.aclexplode(ip.initprivs) x
	                                           WHERE x.grantee = 'upgrade_reader'::pg_catalog.regrole)")
	if [ "$o" = t ]; then
		passed=$((passed + 1))
		echo "ok - $3: the privileges given on the ledger under the old version are kept $2, and dumped"
	else
		failed=$((failed + 1))
		echo "FAILED - $3: the privileges given on the ledger under the old version are lost $2 ($o)"
	fi
}

# ungrant DB: takes those privileges away again, and drops the view and
# the function data.sql made (for the comparison with a fresh install)
ungrant()
{
	q -d "$1" -c "REVOKE ALL ON phone_consent FROM upgrade_reader" \
		-c "REVOKE ALL (body) ON phone_consent_notice FROM upgrade_reader" \
		-c "REVOKE ALL ON FUNCTION phone_consent_revoke(phone, text, text, text, jsonb, timestamptz, text, text, text) FROM upgrade_reader" \
		-c "GRANT EXECUTE ON FUNCTION phone_consent_status(phone, text, text, timestamptz) TO PUBLIC" \
		-c "DROP VIEW upgrade_dba_contactable" -c "DROP FUNCTION upgrade_dba_can_call(phone)" >/dev/null
}

# converted DB WHEN NAME: what the update converts (src/sql/
# phone_consent/update/unpackaged--1.1/40-l3.sql): the events of the ledger form a hash
# chain that verifies, and the tombstone of data.sql's suppressed number
# holds its keyed hash, the number nowhere (the rows listing above leaves
# out the number column that the update replaces)
converted()
{
	local out
	out=$(q -d "$1" -c "SELECT (SELECT count(*) FROM phone_consent) > 0 AND phone_consent_verify() IS NULL
	                           AND (SELECT count(*) FROM phone_suppression
	                                 WHERE phone_hash = phone_consent_number_hash('+12015550183')) = 1
	                           AND (SELECT count(*) FROM phone_erasure_log
	                                 WHERE phone_hash = phone_consent_number_hash('+12015550183')) = 1
	                           AND NOT EXISTS (SELECT FROM phone_suppression s WHERE s::text ~ '2015550183')")
	if [ "$out" = t ]; then
		passed=$((passed + 1))
		echo "ok - $3: the hash chain verifies and the tombstone holds the number's keyed hash $2"
	else
		failed=$((failed + 1))
		echo "FAILED - $3: the hash chain or the tombstone is not converted $2: $out"
	fi
}

# analysed DB NAME: the update analysed the ledger (it has statistics in
# pg_statistic, which only ANALYZE writes; data.sql's rows are too few for
# autovacuum)
analysed()
{
	local out
	out=$(q -d "$1" -c "SELECT EXISTS (SELECT FROM pg_catalog.pg_statistic s WHERE s.starelid = 'phone_consent'::pg_catalog.regclass)")
	if [ "$out" = t ]; then
		passed=$((passed + 1))
		echo "ok - $2: the update analysed the ledger"
	else
		failed=$((failed + 1))
		echo "FAILED - $2: the ledger is not analysed after the update: $out"
	fi
}

out=$(q -c "CREATE DATABASE upgrade_fresh" && q -d upgrade_fresh -c "$fresh_sql")
[ -z "$out" ] || [ "$out" = 'NOTICE:  installing required extension "phone"' ] ||
	{ echo "$out"; echo "run.sh: cannot install version $newest" >&2; exit 2; }
snapshot_all upgrade_fresh "$work/fresh" || { cat "$work/fresh.members"; exit 2; }
echo "upgrade: newest version $newest ($exts), $(grep -c '^member ' "$work/fresh.members") members; released: $(echo $released)"

# roles that hold privileges on consent objects, for the privileges check
q -c "CREATE ROLE upgrade_app" -c "CREATE ROLE upgrade_other" >/dev/null ||
	{ echo "run.sh: cannot create roles" >&2; exit 2; }

for v in $released; do
	path=$(q -c "SELECT path FROM pg_extension_update_paths('phone') WHERE source = '$v' AND target = '$newest'")
	if [ -z "$path" ]; then
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest: no chain of update scripts phone--A--B.sql leads there"
		continue
	fi
	db="upgrade_from_$(echo "$v" | tr -c 'a-zA-Z0-9\n' _)"
	out=$(update "$db" "$v")
	if [ $? != 0 ] || ! echo "$out" | grep -q -F "phone $newest"; then
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest (path $path): install and update failed"
		echo "$out" | sed 's/^/    /'
		continue
	fi
	compare "$db" "" "$v -> $newest (path $path; $out)"

	# the same with rows in the ledger; then a dump of the updated
	# database restored into a new one
	[ -n "$(q -d "$db" -c "SELECT pg_catalog.to_regclass('phone_consent')")" ] || continue
	data=$work/$db.data
	out=$(update "${db}_data" "$v" "$data")
	if [ $? != 0 ]; then
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest with rows in the ledger: install, rows or update failed"
		echo "$out" | sed 's/^/    /'
		continue
	fi
	grants "${db}_data" "after the update" "$v -> $newest"
	dumped=$("$bindir/pg_dump" -Fc -f "$work/$db.dump.fc" -d "${db}_data" 2>&1)
	dump_status=$?
	ungrant "${db}_data"
	compare "${db}_data" " (rows and sequence values aside)" "$v -> $newest with rows in the ledger" "$data"
	rows "${db}_data" "$data" "after the update" "$v -> $newest"
	converted "${db}_data" "after the update" "$v -> $newest"
	# (the update from 1.0 rewrites the ledger; a later one need not)
	[ "$v" != 1.0 ] || analysed "${db}_data" "$v -> $newest"
	out=$([ $dump_status = 0 ] && q -c "CREATE DATABASE ${db}_restored" &&
		"$bindir/pg_restore" --exit-on-error -d "${db}_restored" "$work/$db.dump.fc" 2>&1)
	if [ $? != 0 ]; then
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest: a dump of the updated database does not restore"
		echo "$dumped$out" | sed 's/^/    /'
		continue
	fi
	grants "${db}_restored" "after a dump and restore" "$v -> $newest"
	ungrant "${db}_restored"
	rows "${db}_restored" "$data" "after a dump and restore" "$v -> $newest"
	converted "${db}_restored" "after a dump and restore" "$v -> $newest"
	compare "${db}_restored" " (rows and sequence values aside)" "$v -> $newest, dumped and restored" "$data"

	# a tombstone whose request id holds the number it erased: the update
	# replaces the request id, in the tombstone and in the log (1.0 only:
	# from 1.1 on, phone_erase refuses such a request id)
	[ "$v" = 1.0 ] || continue
	out=$(q -c "CREATE DATABASE ${db}_redact" && q -d "${db}_redact" -c "CREATE EXTENSION phone VERSION '$v'" \
		-c "SELECT phone_erase('+12015550186', 'DSR re (201) 555-0186')" \
		-c "ALTER EXTENSION phone UPDATE" \
		-c "CREATE EXTENSION phone_consent VERSION 'unpackaged'" -c "ALTER EXTENSION phone_consent UPDATE" \
		-c "SELECT phone_is_suppressed('+12015550186')
		           AND (SELECT count(*) FROM phone_erasure_log
		                 WHERE phone_hash = phone_consent_number_hash('+12015550186')) = 1
		           AND NOT EXISTS (SELECT FROM (SELECT s::text AS t FROM phone_suppression s
		                                        UNION ALL SELECT l::text FROM phone_erasure_log l) AS x
		                            WHERE x.t ~ '0186')")
	if [ "$(echo "$out" | tail -1)" = t ]; then
		passed=$((passed + 1))
		echo "ok - $v -> $newest: a request id that held the erased number is replaced"
	else
		failed=$((failed + 1))
		echo "FAILED - $v -> $newest: a request id that held the erased number is kept"
		echo "$out" | sed 's/^/    /'
	fi
done

echo "$passed passed, $failed failed"
[ $failed = 0 ]
