#!/bin/bash
# bench/reports_bench.sh: runs bench/reports_bench.sql (the reports on a
# 1,000,000-row contact table) in a scratch database.
#
#   bench/reports_bench.sh              against the server that PGHOST,
#                                       PGPORT and PGUSER name (it needs the
#                                       phone extension installed);
#                                       PG_BINDIR may name the client programs
#   THROWAWAY=1 bench/reports_bench.sh  on a throwaway server started from
#                                       the installation PG_CONFIG names
#                                       (make bench-reports)
set -eu
here=$(cd "$(dirname "$0")" && pwd)

if [ "${THROWAWAY:-}" = 1 ]; then
	# the throwaway server of the script tests (cluster_start, cluster_stop)
	. "$here/../test/trusted/cluster.sh"
	trap cluster_stop EXIT
	cluster_start -c synchronous_commit=off -c autovacuum=off
	PG_BINDIR=$bindir
	unset PGSERVICE PGPASSWORD
fi

bindir=${PG_BINDIR:+$PG_BINDIR/}
db=regress_phone_reports_bench
${bindir}dropdb --if-exists "$db" >/dev/null 2>&1
${bindir}createdb "$db"
if [ "${THROWAWAY:-}" != 1 ]; then
	trap '${bindir}dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
fi
${bindir}psql -X -q -d "$db" -c 'CREATE EXTENSION phone_consent CASCADE'
${bindir}psql -X -d "$db" -f "$here/reports_bench.sql"
