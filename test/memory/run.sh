#!/bin/bash
#
# test/memory/run.sh: calling a function of the extension over many rows
# in one query keeps the backend's memory flat (doc/security.md, "Memory").
#
# Starts a throwaway server from the PostgreSQL installation that
# PG_CONFIG names (else the pg_config on PATH), into which the extension
# must be installed (make install), creates the extension and a small
# consent ledger, and takes the queries of test/memory/queries.sql: every
# function of the extension with phone or text arguments (from the
# catalog), I/O, casts, operators, aggregates, consent status and
# decisions.  For each, in a new backend, it evaluates the query over
# SMALL rows, reads the backend's peak resident memory (VmHWM in
# /proc/self/status, read by the backend itself with pg_read_file), then
# over LARGE rows in the same query shape, and reads the peak again.  The
# rows vary (numbers of three countries), the results are aggregated so
# that one row comes back, parallel query and JIT are off (everything
# runs in the one backend).  A per-call leak in a memory context that
# lives as long as the query, or longer, makes the peak grow with the
# rows; flat means it grows by less than LIMIT_KB between the two runs.
#
# Functions written in SQL or PL/pgSQL (they read the consent tables, tens
# of microseconds a call) run over a tenth of the rows with a tenth of the
# limit, which keeps the bound per call the same and the test within a few
# minutes.  A control query that keeps every row (array_agg) must exceed
# the limit, or the probe is broken.
#
# Binary input (phone_recv, which no query can call) is measured the same
# way around COPY FROM binary files of SMALL and LARGE rows.
#
# Prints one line per query (peak after SMALL and after LARGE rows, the
# growth, the time of both runs), then "N passed, M failed".
#
# Usage: test/memory/run.sh   (PG_CONFIG=...; SMALL=100000 LARGE=1000000
#                              LIMIT_KB=8192 by default; ONLY=regex to run
#                              the queries whose name matches)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../trusted/cluster.sh"
if [ ! -f "$sharedir/extension/phone.control" ]; then
	echo "run.sh: the phone extension is not installed in $sharedir (make install first)" >&2
	exit 2
fi
SMALL=${SMALL:-100000}
LARGE=${LARGE:-1000000}
LIMIT_KB=${LIMIT_KB:-8192}
ONLY=${ONLY:-}
trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP
# a pseudonym key (text form, 40 bytes), for phone_pseudonym where the
# library has it; the library preloaded, as doc/pseudonyms.md asks
cluster_start -c max_parallel_workers_per_gather=0 -c jit=off \
	-c shared_preload_libraries=phone -c phone.pseudonym_key=memory-test-key-0123456789abcdef01234567

q() { "$bindir/psql" -X -q -At -v ON_ERROR_STOP=1 "$@" 2>&1; }

out=$(q <<'SQL'
CREATE EXTENSION phone_consent CASCADE;
CREATE SCHEMA memtest;
-- the backend's own VmHWM or VmRSS, in kB
CREATE FUNCTION memtest.vm(field text) RETURNS bigint LANGUAGE sql AS $$
    SELECT (pg_catalog.regexp_match(pg_catalog.pg_read_file('/proc/self/status'),
                                    field || ':\s+(\d+) kB'))[1]::bigint
$$;
-- a small ledger: a few hundred events among the numbers the queries use
SELECT count(phone_consent_grant(('+1201' || (2000000 + x))::phone, 'sms', 'informational', 'web_form',
                                 occurred_at => '2025-01-01Z'))
  FROM generate_series(0, 299, 3) AS x;
SELECT count(phone_consent_revoke(('+1201' || (2000000 + x))::phone, 'sms', 'informational',
                                  occurred_at => '2025-03-01Z'))
  FROM generate_series(0, 299, 9) AS x;
SQL
) || { echo "$out"; echo "run.sh: setup failed" >&2; exit 2; }
case $(q -c "SELECT memtest.vm('VmHWM') > 0") in
t) ;;
*) echo "run.sh: cannot read VmHWM of the backend from /proc/self/status" >&2; exit 2 ;;
esac

# the rows: N numbers of three countries, as text (t) and phone (p, q)
rows()
{
	cat <<SQL
(SELECT t, t::phone AS p, u::phone AS q
   FROM (SELECT CASE x % 3 WHEN 0 THEN '+1201' || (2000000 + x % 7999999)
                           WHEN 1 THEN '+4420' || (70000000 + x % 9999999)
                           ELSE '+3906' || (40000000 + x % 9999999) END AS t,
                CASE x % 3 WHEN 0 THEN '+3906' || (40000000 + x % 7777777)
                           WHEN 1 THEN '+1201' || (2000000 + x % 7777777)
                           ELSE '+4420' || (70000000 + x % 7777777) END AS u
           FROM (SELECT pg_catalog.generate_series(1, $1) AS x) g) g2) r
SQL
}

passed=0
failed=0
total_start=$(date +%s)

# judge NAME LIMIT_KB START END OUTPUT [PEAK1 PEAK2]: count one measurement
# and print its line; without two peaks (in kB) the run failed, and its
# output is shown
judge()
{
	local growth secs verdict

	if ! [[ ${6:-} =~ ^[0-9]+$ && ${7:-} =~ ^[0-9]+$ ]]; then
		failed=$((failed + 1))
		echo "FAILED - $1: the query failed"
		echo "$5" | sed 's/^/    /'
		return
	fi
	growth=$(($7 - $6))
	secs=$(echo "$3 $4" | awk '{ printf "%.1f", $2 - $1 }')
	if [ "$growth" -lt "$2" ]; then
		passed=$((passed + 1)); verdict=ok
	else
		failed=$((failed + 1)); verdict=FAILED
	fi
	printf '%-6s %-51.51s %8s kB %8s kB %5s kB %7s\n' "$verdict" "$1" "$6" "$7" "$growth" "$secs"
}

# The probe must see growth where there is some: an aggregate that keeps
# every row (array_agg) must exceed the limit.
control="SELECT pg_catalog.cardinality(pg_catalog.array_agg(r.t)) FROM"
res=$(q -c "$control $(rows "$SMALL")" -c "SELECT memtest.vm('VmHWM')" \
	-c "$control $(rows "$LARGE")" -c "SELECT memtest.vm('VmHWM')")
set -- $res
if [ $# = 4 ] && [[ $2 =~ ^[0-9]+$ && $4 =~ ^[0-9]+$ ]] && [ $(($4 - $2)) -ge "$LIMIT_KB" ]; then
	passed=$((passed + 1))
	echo "ok - control: array_agg over the rows grows the peak by $(($4 - $2)) kB (>= $LIMIT_KB)"
else
	failed=$((failed + 1))
	echo "FAILED - control: array_agg over the rows does not grow the peak past $LIMIT_KB kB: $res"
fi

printf '%-58s %10s %10s %8s %7s\n' "query" "peak@${SMALL}" "peak@${LARGE}" "growth" "seconds"
while IFS='|' read -r name expr divisor; do
	[ -n "$ONLY" ] && ! [[ $name =~ $ONLY ]] && continue
	e=${expr//\{t\}/r.t}
	e=${e//\{p\}/r.p}
	e=${e//\{q\}/r.q}
	n_small=$((SMALL / divisor))
	n_large=$((LARGE / divisor))
	limit=$((LIMIT_KB / divisor))
	small="SELECT count(v) FROM (SELECT $e AS v FROM $(rows "$n_small")) s"
	large="SELECT count(v) FROM (SELECT $e AS v FROM $(rows "$n_large")) s"
	start=$(date +%s.%N)
	res=$(q -c "$small" -c "SELECT memtest.vm('VmHWM')" -c "$large" -c "SELECT memtest.vm('VmHWM')")
	end=$(date +%s.%N)
	set -- $res
	[ "$divisor" = 1 ] || name="$name [rows/$divisor]"
	if [ $# = 4 ]; then
		judge "$name" "$limit" "$start" "$end" "$res" "$2" "$4"
	else
		judge "$name" "$limit" "$start" "$end" "$res"
	fi
done < <(q -F '|' -f "$here/queries.sql")

# Binary input: phone_recv takes internal, so no query can call it; COPY
# FROM a binary file does, once per row.  The rows go to a table whose
# BEFORE INSERT trigger drops them, so nothing is stored (stored rows would
# count in the peak through the shared buffers they touch).
if [ -z "$ONLY" ] || [[ "binary input: phone_recv" =~ $ONLY ]]; then
	name="binary input: phone_recv (COPY FROM, FORMAT binary)"
	bin=$(q -c "SHOW data_directory")/memtest
	res=$(q <<SQL
CREATE TABLE memtest.sink (v phone);
CREATE FUNCTION memtest.drop_row() RETURNS trigger LANGUAGE plpgsql
    AS \$\$BEGIN RETURN NULL; END\$\$;
CREATE TRIGGER drop_row BEFORE INSERT ON memtest.sink
    FOR EACH ROW EXECUTE FUNCTION memtest.drop_row();
COPY (SELECT r.p FROM $(rows "$SMALL")) TO '$bin-small.bin' (FORMAT binary);
COPY (SELECT r.p FROM $(rows "$LARGE")) TO '$bin-large.bin' (FORMAT binary);
SQL
	) || { echo "$res"; echo "run.sh: binary files not written" >&2; exit 2; }
	start=$(date +%s.%N)
	res=$(q -c "COPY memtest.sink FROM '$bin-small.bin' (FORMAT binary)" \
		-c "SELECT memtest.vm('VmHWM')" \
		-c "COPY memtest.sink FROM '$bin-large.bin' (FORMAT binary)" \
		-c "SELECT memtest.vm('VmHWM')")
	end=$(date +%s.%N)
	set -- $res
	if [ $# = 2 ]; then
		judge "$name" "$LIMIT_KB" "$start" "$end" "$res" "$1" "$2"
	else
		judge "$name" "$LIMIT_KB" "$start" "$end" "$res"
	fi
fi

echo "total $(( $(date +%s) - total_start )) s; flat means growth < $LIMIT_KB kB ([rows/10]: a tenth of the rows, growth < $((LIMIT_KB / 10)) kB)"
echo "$passed passed, $failed failed"
[ $failed = 0 ] && [ $passed -gt 0 ]
