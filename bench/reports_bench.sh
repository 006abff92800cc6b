#!/bin/sh
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
	PG_CONFIG=${PG_CONFIG:-pg_config}
	PG_BINDIR=$("$PG_CONFIG" --bindir)
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/phone-reports-bench.XXXXXX")
	chmod 755 "$TMP"
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$TMP"
		as_server() { runuser -u postgres -- "$@"; }
	else
		as_server() { "$@"; }
	fi
	cleanup() {
		if [ -f "$TMP/data/postmaster.pid" ]; then
			as_server "$PG_BINDIR/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
		fi
		rm -rf "$TMP"
	}
	trap cleanup EXIT
	as_server "$PG_BINDIR/initdb" -D "$TMP/data" -A trust -U postgres -E UTF8 \
		--locale=C --no-sync > "$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log"; exit 1; }
	as_server "$PG_BINDIR/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -o \
		"-c port=5432 -c listen_addresses= -c unix_socket_directories=$TMP \
		 -c fsync=off -c synchronous_commit=off -c autovacuum=off" \
		start > /dev/null || { cat "$TMP/server.log"; exit 1; }
	export PGHOST="$TMP" PGPORT=5432 PGUSER=postgres
	unset PGSERVICE PGPASSWORD PGDATABASE
fi

bindir=${PG_BINDIR:+$PG_BINDIR/}
db=regress_phone_reports_bench
${bindir}dropdb --if-exists "$db" >/dev/null 2>&1
${bindir}createdb "$db"
if [ "${THROWAWAY:-}" != 1 ]; then
	trap '${bindir}dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
fi
${bindir}psql -X -q -d "$db" -c 'CREATE EXTENSION phone'
${bindir}psql -X -d "$db" -f "$here/reports_bench.sql"
