#!/bin/sh
# test/drift/run.sh: the numbering plans change under a running server.
#
# Builds the extension a second time from a copy of src/data/numplan_data.c in which
# a range and a calling code are withdrawn (make-drift-data.sh), installs
# the normal build into a staging directory that a throwaway cluster reads
# (extension_destdir), fills a database under the normal library (values,
# an expression index, a CHECK constraint, a generated column, a
# materialized view, the consent ledger, a publication with a text and a
# binary subscription) and dumps it; then replaces the library file under
# the running server and shows, with default settings:
#   - the first use in a session warns once, with both versions and what to
#     run; phone_metadata_version() gives the new version;
#   - functions on the stored values do not fail (region NULL, type
#     unknown, formats that read back);
#   - phone_metadata_dependents() lists the index, the constraint, the
#     generated column and the materialized view; the index answers
#     differently from a sequential scan until phone_metadata_refresh(),
#     which reports the violated constraint and records the version only
#     once the rows are corrected; no warning after that;
#   - opt-outs (revocation, disconnection, erasure) are recorded for both
#     withdrawn numbers through phone_parse(text, region, 'stored');
#   - the dump taken before restores every row with pg_restore -j 4, but
#     for the table whose CHECK constraint the new data breaks; a dump
#     taken after the refresh restores completely (pg_restore -j 4, psql);
#   - a generated column phone_parse(raw, 'FR') whose French mobile
#     number the new data refuses is recomputed to its old value by
#     pg_restore and psql -f; a restore session reads a withdrawn calling
#     code, and refuses a code never assigned and an alias;
#   - the subscribers apply changes made after the swap, text and binary,
#     and a new subscription copies the table.
#
# Usage: test/drift/run.sh   (as make test-drift: PG_CONFIG names the
# server; needs pg_virtualenv).  The last line says "N passed, M failed".
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "${1:-}" != --inside ]; then
	PG_CONFIG=${PG_CONFIG:-pg_config}
	work=$(mktemp -d "${TMPDIR:-/tmp}/phone-drift.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	chmod 755 "$work"
	# the normal build, staged
	make -C "$top" -s PG_CONFIG="$PG_CONFIG" install DESTDIR="$work/stage" >/dev/null
	# the drifted build: the same sources, the altered data
	mkdir "$work/tree"
	(cd "$top" && cp -r Makefile mk src phone.control phone--1.0.sql "$work/tree/")
	rm -f "$work/tree"/src/*/*.o "$work/tree"/src/*/*.bc "$work/tree"/phone.so
	sh "$here/make-drift-data.sh" "$top/src/data/numplan_data.c" "$work/tree/src/data/numplan_data.c"
	make -C "$work/tree" -s PG_CONFIG="$PG_CONFIG" phone.so >/dev/null 2>&1 ||
		{ echo "run.sh: cannot build the drifted library" >&2; exit 2; }
	cp "$work/tree/phone.so" "$work/phone-drift.so"
	chmod -R a+rX "$work"
	pg_virtualenv -t -v "$("$PG_CONFIG" --version | sed 's/[^0-9]*\([0-9]*\).*/\1/')" \
		-o "extension_destdir=$work/stage" -o wal_level=logical \
		-o max_replication_slots=10 -o max_wal_senders=10 \
		sh "$0" --inside "$work" "$("$PG_CONFIG" --pkglibdir)"
	exit $?
fi

work=$2
libfile="$work/stage$3/phone.so"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# check NAME DB SQL: the SQL prints exactly "t"
check()
{
	out=$(q -d "$2" -c "$3" 2>"$work/check.err") || true
	if [ "$out" = t ]; then
		pass "$1"
	else
		fail "$1"
		{ echo "$out"; grep -v '^WARNING\|^DETAIL\|^HINT' "$work/check.err"; } | sed 's/^/    /' | head -10
	fi
}
# wait_for DB SQL: poll until the SQL prints "t" (60 s)
wait_for()
{
	for _ in $(seq 1 300); do
		[ "$(q -d "$1" -c "$2" 2>/dev/null)" = t ] && return 0
		sleep 0.2
	done
	return 1
}
conninfo="host=${PGHOST:-localhost} port=${PGPORT:-5432} user=${PGUSER:-postgres} dbname=src"
[ -z "${PGPASSWORD:-}" ] || conninfo="$conninfo password=$PGPASSWORD"

# ---------------------------------------------------------------------
# Before: the library as built
# ---------------------------------------------------------------------
for db in src sub_text sub_binary sub_new dst dst_plain gen gen_dst gen_plain; do dropdb --if-exists "$db" 2>/dev/null; done
createdb src
q -d src >/dev/null <<'SQL'
CREATE EXTENSION phone_consent CASCADE;
CREATE TABLE numbers (id int PRIMARY KEY, raw text NOT NULL, p phone NOT NULL,
                      g phone GENERATED ALWAYS AS (phone_parse(raw, NULL)) STORED);
INSERT INTO numbers (id, raw, p) VALUES
    (1, '+354 385 123 456', '+354 385 123 456'),     -- range withdrawn below
    (2, '+878 10 1234567890', '+878 10 1234567890'), -- calling code withdrawn below
    (3, '+1 201 555 0123', '+1 201 555 0123'),
    (4, '+354 611 1234', '+354 611 1234');
CREATE INDEX numbers_valid_idx ON numbers (phone_is_valid(p));
CREATE TABLE valid_only (p phone PRIMARY KEY CHECK (phone_is_valid(p)));
INSERT INTO valid_only SELECT p FROM numbers;
CREATE MATERIALIZED VIEW by_type AS SELECT phone_type(p) AS type, count(*) AS n FROM numbers GROUP BY 1;
SELECT phone_consent_grant(p, 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z') FROM numbers;
CREATE PUBLICATION pub FOR TABLE numbers;
SELECT pg_create_logical_replication_slot('sub_text', 'pgoutput');
SELECT pg_create_logical_replication_slot('sub_binary', 'pgoutput');
SQL
for mode in text binary; do
	createdb "sub_$mode"
	q -d "sub_$mode" >/dev/null <<SQL
CREATE EXTENSION phone;
CREATE TABLE numbers (id int PRIMARY KEY, raw text NOT NULL, p phone NOT NULL,
                      g phone GENERATED ALWAYS AS (phone_parse(raw, NULL)) STORED,
                      region text GENERATED ALWAYS AS (phone_region(p)) STORED);
CREATE SUBSCRIPTION sub_$mode CONNECTION '$conninfo' PUBLICATION pub
    WITH (create_slot = false, slot_name = 'sub_$mode', binary = $([ $mode = binary ] && echo true || echo false));
SQL
	wait_for "sub_$mode" "SELECT count(*) = 4 FROM numbers" || true
done
pg_dump -Fd -f "$work/dump.dir" src
# a generated column computed from national input (France's mobile numbers
# are withdrawn below), in a database of its own
createdb gen
q -d gen >/dev/null <<'SQL'
CREATE EXTENSION phone;
CREATE TABLE fr (id int PRIMARY KEY, raw text NOT NULL,
                 g phone GENERATED ALWAYS AS (phone_parse(raw, 'FR')) STORED);
INSERT INTO fr (id, raw) VALUES (1, '06 12 34 56 78'), (2, '01 23 45 67 89');
SQL
pg_dump -Fc -f "$work/gen.dump" gen
pg_dump -Fp -f "$work/gen.sql" gen
gen_rows="SELECT string_agg(concat_ws(' ', id, raw, g), ',' ORDER BY id) FROM fr"
q -d gen -c "$gen_rows" > "$work/gen.before"
rows="SELECT string_agg(concat_ws(' ', id, raw, p, g), ',' ORDER BY id) FROM numbers"
q -d src -c "$rows" > "$work/rows.before"
ledger="SELECT count(*) || ' ' || md5(string_agg(c::text, '|' ORDER BY event_id)) FROM phone_consent c"
q -d src -c "$ledger" > "$work/ledger.before"

# ---------------------------------------------------------------------
# The library is replaced under the running server
# ---------------------------------------------------------------------
cp "$work/phone-drift.so" "$libfile.new"
mv -f "$libfile.new" "$libfile"
echo "== library replaced: $(q -d src -c 'SELECT phone_metadata_version()' 2>/dev/null)"

check "the new library carries the altered data" src "SELECT phone_metadata_version() LIKE '%+drift'"
psql -X -q -d src -c "SELECT count(phone_region(p)) FROM numbers" \
	-c "SELECT count(phone_type(p)) FROM numbers" -c "SELECT '+1 201 555 0123'::phone" \
	>/dev/null 2> "$work/warn.txt" || true
if [ "$(grep -c '^WARNING' "$work/warn.txt")" = 1 ] &&
	grep -q 'checked against libphonenumber metadata 9[^ ]*; the library in use carries [^ ]*+drift' "$work/warn.txt" &&
	grep -q 'phone_metadata_refresh()' "$work/warn.txt"; then
	pass "the first use in a session warns once, with both versions and what to run"
else
	fail "the warning"; sed 's/^/    /' "$work/warn.txt"
fi
check "stored values: the withdrawn range is not valid, type unknown" src \
	"SELECT NOT phone_is_valid(p) AND phone_type(p) = 'unknown' AND phone_region(p) = 'IS' FROM numbers WHERE id = 1"
check "stored values: the withdrawn code has no region, no code, E.164 formats that read back" src \
	"SELECT phone_region(p) IS NULL AND phone_type(p) = 'unknown' AND phone_country_code(p) IS NULL
	        AND phone_format(p, 'international') = '+878101234567890'
	        AND phone_parse(phone_format(p, 'international'), NULL, 'stored') = p
	        AND phone_parse(phone_format(p, 'rfc3966'), NULL, 'stored') = p
	   FROM numbers WHERE id = 2"
check "today's data refuses both numbers as typed" src \
	"SELECT phone_try_parse('+354 385 123 456') IS NULL AND phone_try_parse('+878 10 1234567890') IS NULL"
echo "== phone_metadata_dependents():"
q -d src -c "SELECT kind, relation, name FROM phone_metadata_dependents()" 2>/dev/null | sed 's/^/    /'
check "phone_metadata_dependents() lists the index, the constraint, the generated column and the view" src \
	"SELECT count(*) = 4 AND bool_or(kind = 'constraint' AND name = 'valid_only_p_check')
	        AND bool_or(kind = 'generated column' AND relation = 'numbers'::regclass AND name = 'g')
	        AND bool_or(kind = 'index' AND relation = 'numbers'::regclass AND name = 'numbers_valid_idx')
	        AND bool_or(kind = 'materialized view' AND relation = 'by_type'::regclass)
	   FROM phone_metadata_dependents()"
check "before the refresh, the index on phone_is_valid answers as the old data did" src \
	"SET enable_seqscan = off; SELECT count(*) = 4 FROM numbers WHERE phone_is_valid(p)"
check "refresh reports the violated constraint and does not record the version" src \
	"SELECT bool_or(kind = 'constraint' AND action = 'violated by 2 rows')
	        AND bool_or(kind = 'data version' AND action LIKE 'not recorded%')
	   FROM phone_metadata_refresh()"
q -d src -c "DELETE FROM valid_only WHERE NOT phone_is_valid(p)" >/dev/null
check "after correcting the rows, refresh rebuilds everything and records the version" src \
	"SELECT bool_and(action NOT LIKE 'failed%' AND action NOT LIKE 'violated%' AND action NOT LIKE 'not recorded%')
	        AND bool_or(kind = 'data version' AND action LIKE 'recorded 9.0.40+drift (was 9.0.40)')
	   FROM phone_metadata_refresh()"
check "after the refresh, the index answers as a sequential scan" src \
	"SELECT (SELECT count(*) FROM numbers WHERE phone_is_valid(p))
	        = (SELECT count(*) FILTER (WHERE phone_is_valid(p)) FROM numbers)
	    AND (SELECT count(*) FILTER (WHERE phone_is_valid(p)) FROM numbers) = 2"
check "after the refresh, the materialized view holds today's types" src \
	"SELECT n = 2 FROM by_type WHERE type = 'unknown'"
if psql -X -q -d src -c "SELECT phone_region(p) FROM numbers" 2>&1 | grep -q WARNING; then
	fail "a session after the refresh still warns"
else
	pass "a session after the refresh does not warn"
fi

# ---------------------------------------------------------------------
# Opt-outs for numbers today's data refuses
# ---------------------------------------------------------------------
q -d src -c "SELECT phone_consent_revoke(phone_parse('+354 385 123 456', NULL, 'stored'), 'sms')" >/dev/null 2>&1 || true
check "a revocation of the withdrawn range is recorded" src \
	"SELECT phone_consent_status(phone_parse('+354 385 123 456', NULL, 'stored'), 'sms', 'informational') = 'revoked'"
check "an SMS STOP from the withdrawn range is recorded" src \
	"SELECT (phone_consent_apply_sms(phone_parse('+354 385 123 456', NULL, 'stored'), 'STOP')).keyword = 'opt_out'"
q -d src -c "SELECT phone_mark_disconnected(phone_parse('+878 10 1234567890', NULL, 'stored'), current_date)" >/dev/null 2>&1 || true
check "a disconnection mark for the withdrawn code is recorded" src \
	"SELECT phone_consent_status(phone_parse('+878101234567890', NULL, 'stored'), 'sms', 'informational') = 'invalidated'"
q -d src -c "SELECT phone_erase(phone_parse('+878 10 1234567890', NULL, 'stored'), 'DSR-DRIFT')" >/dev/null 2>&1 || true
check "an erasure of the withdrawn code is recorded" src \
	"SELECT phone_consent_status(phone_parse('+878 10 1234567890', NULL, 'stored'), 'sms', 'informational') = 'erased'"

# ---------------------------------------------------------------------
# Restore of the dump taken before the change
# ---------------------------------------------------------------------
# The dump taken before: every row comes back, but for the rows that a
# CHECK constraint now refuses (a constraint is a promise that the restore
# keeps: valid_only says "valid", and two of its rows are not any more)
createdb dst
st=0; pg_restore -j 4 -d dst "$work/dump.dir" 2> "$work/restore.err" || st=$?
if [ "$(q -d dst -c "$rows")" = "$(cat "$work/rows.before")" ] &&
	[ "$(q -d dst -c "$ledger")" = "$(cat "$work/ledger.before")" ] &&
	[ "$(grep -c '^pg_restore: error:' "$work/restore.err")" = 1 ] &&
	grep -q 'COPY failed for table "valid_only".*valid_only_p_check' "$work/restore.err"; then
	pass "pg_restore -j 4 of the dump taken before: every row, the ledger; only the constraint the new data breaks refuses"
else
	fail "pg_restore -j 4 of the dump taken before"; head -5 "$work/restore.err"
fi
# A dump taken after the refresh restores completely
pg_dump -Fd -f "$work/dump2.dir" src
dropdb dst
createdb dst
st=0; pg_restore -j 4 -d dst "$work/dump2.dir" 2> "$work/restore.err" || st=$?
if [ "$st" = 0 ] && [ ! -s "$work/restore.err" ] &&
	[ "$(q -d dst -c "$rows")" = "$(q -d src -c "$rows")" ] &&
	[ "$(q -d dst -c "$ledger")" = "$(q -d src -c "$ledger")" ]; then
	pass "pg_restore -j 4 of a dump taken after the refresh restores every row and the ledger"
else
	fail "pg_restore -j 4 after the refresh"; head -5 "$work/restore.err"
fi
check "the restored database is checked against the new data" dst \
	"SELECT phone_metadata_checked() LIKE '%+drift'"
createdb dst_plain
pg_dump -Fp -f "$work/dump2.sql" src
st=0; psql -X -q -v ON_ERROR_STOP=1 -d dst_plain -f "$work/dump2.sql" >/dev/null 2> "$work/restore.err" || st=$?
if [ "$st" = 0 ] && [ "$(q -d dst_plain -c "$rows")" = "$(q -d src -c "$rows")" ]; then
	pass "psql -f of a plain dump taken after the refresh restores every row"
else
	fail "psql -f after the change"; head -5 "$work/restore.err"
fi

# A generated column phone_parse(raw, 'FR') computed under the old data is
# recomputed on restore to the same value, though the new data refuses it
check "today's data refuses the French mobile number as typed" gen \
	"SELECT phone_try_parse('06 12 34 56 78', 'FR') IS NULL AND phone_try_parse('01 23 45 67 89', 'FR') IS NOT NULL"
createdb gen_dst
st=0; pg_restore -d gen_dst "$work/gen.dump" 2> "$work/restore.err" || st=$?
if [ "$st" = 0 ] && [ "$(q -d gen_dst -c "$gen_rows")" = "$(cat "$work/gen.before")" ]; then
	pass "pg_restore recomputes a generated column phone_parse(raw, 'FR') to the value stored under the old data"
else
	fail "pg_restore of the generated column"; head -5 "$work/restore.err"
fi
createdb gen_plain
st=0; psql -X -q -v ON_ERROR_STOP=1 -d gen_plain -f "$work/gen.sql" >/dev/null 2> "$work/restore.err" || st=$?
if [ "$st" = 0 ] && [ "$(q -d gen_plain -c "$gen_rows")" = "$(cat "$work/gen.before")" ]; then
	pass "psql -f recomputes a generated column phone_parse(raw, 'FR') to the value stored under the old data"
else
	fail "psql -f of the generated column"; head -5 "$work/restore.err"
fi
# A restore session takes only what the type stores: a calling code
# withdrawn from the data, not one never assigned, nor an alias
check "a restore session reads a withdrawn code, refuses a code never assigned and an alias" gen \
	"SET check_function_bodies = off;
	 CREATE TEMP TABLE t (p phone);
	 INSERT INTO t VALUES ('+878101234567890');
	 DO \$\$ BEGIN
	     BEGIN INSERT INTO t VALUES ('+99912345'); RAISE 'accepted'; EXCEPTION WHEN invalid_text_representation THEN NULL; END;
	     BEGIN INSERT INTO t VALUES ('+4402079460000'); RAISE 'accepted'; EXCEPTION WHEN invalid_text_representation THEN NULL; END;
	 END \$\$;
	 SELECT count(*) = 1 FROM t"

# ---------------------------------------------------------------------
# Replication after the change
# ---------------------------------------------------------------------
q -d src >/dev/null <<'SQL'
INSERT INTO numbers (id, raw, p) VALUES
    (5, '+1 201 555 0155', phone_parse('+354 389 123 456', NULL, 'stored')),
    (6, '+1 201 555 0166', phone_parse('+878 10 9876543210', NULL, 'stored'));
SQL
for mode in text binary; do
	# the workers start again, with the new library
	q -d "sub_$mode" -c "ALTER SUBSCRIPTION sub_$mode DISABLE" >/dev/null
	sleep 1
	q -d "sub_$mode" -c "ALTER SUBSCRIPTION sub_$mode ENABLE" >/dev/null
	wait_for "sub_$mode" "SELECT count(*) = 6 FROM numbers" || true
	if [ "$(q -d "sub_$mode" -c "$rows")" = "$(q -d src -c "$rows")" ]; then
		pass "the $mode subscriber applies the values stored after the change"
	else
		fail "the $mode subscriber after the change"
	fi
	check "the $mode subscriber never refused a change" "sub_$mode" \
		"SELECT apply_error_count = 0 AND sync_error_count = 0 FROM pg_stat_subscription_stats WHERE subname = 'sub_$mode'"
done
createdb sub_new
q -d src -c "SELECT pg_create_logical_replication_slot('sub_new', 'pgoutput')" >/dev/null
q -d sub_new >/dev/null <<SQL
CREATE EXTENSION phone;
CREATE TABLE numbers (id int PRIMARY KEY, raw text NOT NULL, p phone NOT NULL,
                      g phone GENERATED ALWAYS AS (phone_parse(raw, NULL)) STORED);
CREATE SUBSCRIPTION sub_new CONNECTION '$conninfo' PUBLICATION pub
    WITH (create_slot = false, slot_name = 'sub_new', binary = true);
SQL
wait_for sub_new "SELECT count(*) = 6 FROM numbers" || true
if [ "$(q -d sub_new -c "$rows")" = "$(q -d src -c "$rows")" ]; then
	pass "a new subscription copies every stored value under the new data"
else
	fail "the initial copy under the new data"
fi

for db in sub_text sub_binary sub_new; do
	q -d "$db" -c "DROP SUBSCRIPTION $db" >/dev/null 2>&1 || true
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
