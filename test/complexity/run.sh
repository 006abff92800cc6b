#!/bin/sh
#
# test/complexity/run.sh
#	  Every SQL entry point that reads text runs in linear time on any
#	  input, and a long statement over such input can be cancelled.
#
# Usage (make test-complexity runs it on a throwaway cluster):
#	pg_virtualenv sh test/complexity/run.sh
# against a server where the phone extension is installed (psql's usual
# environment, PGHOST and so on, names it); as a superuser, since COPY
# writes and reads a file on the server.
#
# For each entry point (test/complexity/complexity.sql: the type input,
# the casts, COPY, every function that takes text, the reports over a
# text column) and each pathological shape of input (a digit then 64000
# commas, and the like), the time over inputs of 8 KB and of 64 KB is
# measured over the same total of bytes.  The ratio of the two is near 1
# for a linear entry point and near 8 for a quadratic one: a ratio above
# COMPLEXITY_MAX_RATIO (default 3) fails, unless the 64 KB run took less
# than COMPLEXITY_MIN_MS (default 20 ms), too little to judge and too
# little to matter.  The times themselves are not judged.  Each entry
# point has COMPLEXITY_TIMEOUT seconds (default 120) for all its shapes.
#
# The glue reads no text beyond 1024 bytes (src/pg/pg_phone.h), so through
# SQL the core's own complexity is not reached; the C-level complexity
# test of the core covers that.
#

set -u

here=$(cd "$(dirname "$0")" && pwd)
MAX_RATIO=${COMPLEXITY_MAX_RATIO:-3}
MIN_MS=${COMPLEXITY_MIN_MS:-20}
TIMEOUT=${COMPLEXITY_TIMEOUT:-120}
export PGDATABASE=${PGDATABASE:-postgres}

q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# stop_stuck: end the session of an entry point that ran out of time.  A
# backend stuck in a loop that never checks for interrupts ignores
# pg_terminate_backend; as root, on a server with its socket in a local
# directory, it is then killed (the server restarts its sessions).
stop_stuck()
{
	pids=$(q -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'phone-complexity'")
	[ -n "$pids" ] || return 0
	for pid in $pids; do
		q -c "SELECT pg_terminate_backend($pid)" >/dev/null 2>&1
	done
	sleep 5
	for pid in $pids; do
		if [ "$(id -u)" = 0 ] && [ -d "${PGHOST:-}" ] &&
			[ -n "$(q -c "SELECT 1 FROM pg_stat_activity WHERE pid = $pid" 2>/dev/null)" ]; then
			echo "   session $pid ignores pg_terminate_backend: killed"
			kill -KILL "$pid" 2>/dev/null
			sleep 3
		fi
	done
}

q -f "$here/complexity.sql" >/dev/null || { echo "complexity: setup failed" >&2; exit 2; }

status=0
entries=$(q -c "SELECT name FROM complexity.entry ORDER BY name") || exit 2
printf '%-30s %-18s %10s %10s %6s\n' "entry point" "shape" "8 KB ms" "64 KB ms" "ratio"
echo "$entries" | while IFS= read -r e; do
	out=$(PGAPPNAME=phone-complexity timeout "$TIMEOUT" \
		psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -v e="$e" <<'SQL'
SET search_path = complexity, public;
SET client_min_messages = warning;
SELECT e.name, s.name,
       round(best_ms(e, s, 8192, 16)::numeric, 1),
       round(best_ms(e, s, 65536, 2)::numeric, 1)
FROM entry e, shape s
WHERE e.name = :'e'
ORDER BY s.name;
SQL
	)
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAILED: $e: no result within ${TIMEOUT}s (status $rc)"
		echo "$out"
		echo fail >>"${TMPDIR:-/tmp}/phone-complexity.$$"
		stop_stuck
		continue
	fi
	echo "$out" | while IFS='|' read -r name shape t8 t64; do
		verdict=$(awk -v a="$t8" -v b="$t64" -v r="$MAX_RATIO" -v m="$MIN_MS" 'BEGIN {
			ratio = (a > 0) ? b / a : 0;
			printf "%.2f %s", ratio, (b >= m && ratio > r) ? "FAILED" : "ok" }')
		printf '%-30s %-18s %10s %10s %6s %s\n' "$name" "$shape" "$t8" "$t64" ${verdict}
		case "$verdict" in *FAILED) echo fail >>"${TMPDIR:-/tmp}/phone-complexity.$$" ;; esac
	done
done

# The consent ledger (test/complexity/consent.sql, in a database of its
# own): a purge dry run over 9 times as many events takes less than
# 3 times 9 as long (a quadratic purge takes 81 times as long), and a
# decision for a number with 8 times as many events less than 3 times as
# long.  Only ratios are judged, and only above COMPLEXITY_MIN_MS.
if q -c "SELECT 1 FROM pg_available_extensions WHERE name = 'phone_consent'" | grep -q 1; then
	q -c "DROP DATABASE IF EXISTS phone_complexity_consent" >/dev/null 2>&1
	q -c "CREATE DATABASE phone_complexity_consent" >/dev/null || exit 2
	out=$(PGDATABASE=phone_complexity_consent timeout "$TIMEOUT" psql -X -q -At -v ON_ERROR_STOP=1 -F '|' -f "$here/consent.sql" 2>&1)
	rc=$?
	q -c "DROP DATABASE IF EXISTS phone_complexity_consent" >/dev/null 2>&1
	if [ $rc -ne 0 ]; then
		echo "FAILED: consent ledger: no result within ${TIMEOUT}s (status $rc): $out"
		echo fail >>"${TMPDIR:-/tmp}/phone-complexity.$$"
	else
		echo "$out" | grep '|' | while IFS='|' read -r name t1 t2 size; do
			verdict=$(awk -v a="$t1" -v b="$t2" -v s="$size" -v r="$MAX_RATIO" -v m="$MIN_MS" 'BEGIN {
				ratio = (a > 0) ? b / a : 0;
				printf "%.2f %s", ratio, (b >= m && ratio > r * s) ? "FAILED" : "ok" }')
			printf '%-30s %-18s %10s %10s %6s %s\n' "$name" "x$size" "$t1" "$t2" ${verdict}
			case "$verdict" in *FAILED) echo fail >>"${TMPDIR:-/tmp}/phone-complexity.$$" ;; esac
		done
	fi
fi

# A statement over many long inputs is cancelled by statement_timeout
# within moments of it: the work between two checks for interrupts is
# bounded.
t0=$(date +%s)
out=$(q 2>&1 <<'SQL'
SET statement_timeout = '2s';
SELECT count(phone_check(x, 'US')) FROM
    (SELECT '1' || repeat(',', 64000) || g AS x FROM generate_series(1, 10000000) g) s;
SQL
)
t=$(( $(date +%s) - t0 ))
case "$out" in
	*"canceling statement due to statement timeout"*)
		if [ $t -le 10 ]; then
			echo "statement_timeout of 2s: cancelled after ${t}s: ok"
		else
			echo "FAILED: statement_timeout of 2s: cancelled only after ${t}s"
			echo fail >>"${TMPDIR:-/tmp}/phone-complexity.$$"
		fi ;;
	*)
		echo "FAILED: statement_timeout of 2s: not cancelled ($t s): $out"
		echo fail >>"${TMPDIR:-/tmp}/phone-complexity.$$" ;;
esac

q -c "DROP SCHEMA complexity CASCADE" >/dev/null 2>&1
if [ -s "${TMPDIR:-/tmp}/phone-complexity.$$" ]; then
	status=1
	echo "complexity: FAILED"
else
	echo "complexity: every entry point is linear"
fi
rm -f "${TMPDIR:-/tmp}/phone-complexity.$$"
exit $status
