#!/bin/sh
# bench/consent_bench.sh: runs bench/consent_bench.sql in a scratch database
# (PGHOST, PGPORT, PGUSER name a server with the phone extension
# installed; PG_BINDIR may name the client programs; CONSENT_BENCH_CONTACTS
# the contacts of the large ledger, 100,000 unless it says otherwise).
set -eu
bindir=${PG_BINDIR:+$PG_BINDIR/}
db=regress_phone_consent_bench
${bindir}dropdb --if-exists "$db" >/dev/null 2>&1
${bindir}createdb "$db"
trap '${bindir}dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
${bindir}psql -X -q -d "$db" -c 'CREATE EXTENSION phone_consent CASCADE'
${bindir}psql -X -d "$db" -v contacts="${CONSENT_BENCH_CONTACTS:-100000}" \
	-f "$(dirname "$0")/consent_bench.sql"
