#!/bin/sh
# test/dump/run.sh: pg_dump a database holding phone values, a
# hash-partitioned table and indexes (and, when installed, the consent
# ledger and its configuration), restore it into a new database, and
# compare every row.  Run against a server named by the usual PG*
# variables, with the extension installed, e.g.
#   pg_virtualenv -v 15 sh test/dump/run.sh
set -eu

src=phone_dump_src
dst=phone_dump_dst
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

dropdb --if-exists "$src"
dropdb --if-exists "$dst"
createdb "$src"
psql_q -d "$src" -f "$(dirname "$0")/setup.sql"

pg_dump -Fc -f "$work/dump" "$src"
createdb "$dst"
pg_restore -d "$dst" --exit-on-error "$work/dump"

# every table with a phone column, or owned by the extension's
# configuration, compared row by row (sorted text of each row)
tables=$(psql -X -At -d "$src" -c "
    SELECT DISTINCT format('%I.%I', n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.atttypid = 'phone'::regtype
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND (a.attrelid IS NOT NULL
           OR c.oid IN (SELECT unnest(extconfig) FROM pg_extension WHERE extname = 'phone'))
    ORDER BY 1")
for t in $tables; do
	q="SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM $t r"
	a=$(psql -X -At -d "$src" -c "$q")
	b=$(psql -X -At -d "$dst" -c "$q")
	if [ "$a" = "$b" ]; then
		passed=$((passed + 1)); echo "ok: $t (${a%%:*} rows)"
	else
		failed=$((failed + 1)); echo "FAIL: $t differs after restore: $a vs $b"
	fi
done

# the restored indexes and partitions are usable and give the same answers
check() {
	a=$(psql -X -At -d "$src" -c "$2")
	b=$(psql -X -At -d "$dst" -c "$2")
	if [ "$a" = "$b" ] && [ -n "$a" ]; then
		passed=$((passed + 1)); echo "ok: $1"
	else
		failed=$((failed + 1)); echo "FAIL: $1: '$a' vs '$b'"
	fi
}
check "prefix search through the index" \
	"SET enable_seqscan = off; SELECT count(*) FROM dumptest.contacts WHERE p ^@ '+44'"
check "partition of each number" \
	"SELECT string_agg(tableoid::regclass || '=' || p, ',' ORDER BY p) FROM dumptest.parted"
check "extension version" "SELECT extversion FROM pg_extension WHERE extname = 'phone'"

dropdb "$src"
dropdb "$dst"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
