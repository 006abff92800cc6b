#!/bin/sh
# test/dump/run.sh: pg_dump a database holding phone values stored under
# every validation level, a hash-partitioned table, generated columns,
# expression indexes, a materialized view, and the consent ledger with
# notices and opt-outs; restore it with default settings in every way a
# DBA would, and compare every row and the answers of the indexes and of
# the ledger:
#   custom format, pg_restore (one session)
#   directory format, pg_restore (one session)
#   directory format, pg_restore -j 4, DUMP_PARALLEL_RUNS times (10)
#   custom format, pg_restore -j 4, once
#   plain format, psql -f with ON_ERROR_STOP
# Run against a server named by the usual PG* variables, with the extension
# installed, e.g.
#   pg_virtualenv -v 15 sh test/dump/run.sh
# The last line says "N passed, M failed"; the exit status is non-zero on
# any failure.
set -eu

src=phone_dump_src
dst=phone_dump_dst
runs=${DUMP_PARALLEL_RUNS:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

dropdb --if-exists "$src"
dropdb --if-exists "$dst"
createdb "$src"
psql_q -d "$src" -f "$here/setup.sql" >/dev/null

# every table and materialized view with a phone column, or in the
# extension's configuration, row by row (sorted text of each row)
tables=$(psql -X -At -d "$src" -c "
    SELECT DISTINCT format('%I.%I', n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.atttypid = 'phone'::regtype
    WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND (a.attrelid IS NOT NULL OR c.relkind = 'm'
           OR c.oid IN (SELECT unnest(extconfig) FROM pg_extension WHERE extname IN ('phone', 'phone_consent')))
    ORDER BY 1")

# answers that must not change: through the indexes, the ledger's status
# of every number, and what the plan functions say of every stored value
answers="
SET enable_seqscan = off;
SELECT 'prefix', count(*) FROM dumptest.contacts WHERE p ^@ '+44';
SELECT 'region index', string_agg(id::text, ',' ORDER BY id) FROM dumptest.levels WHERE phone_region(p) = 'IS';
SELECT 'validity index', string_agg(id::text, ',' ORDER BY id) FROM dumptest.levels WHERE phone_is_valid(p);
SELECT 'national index', string_agg(id::text, ',' ORDER BY id) FROM dumptest.levels
    WHERE phone_format(p, 'national') IN (SELECT phone_format(p, 'national') FROM dumptest.levels);
RESET enable_seqscan;
SELECT 'partitions', string_agg(tableoid::regclass || '=' || p, ',' ORDER BY p) FROM dumptest.parted;
SELECT 'levels', string_agg(concat_ws(' ', id, p, phone_region(p), phone_type(p), phone_is_valid(p),
                                      phone_format(p, 'international')), ',' ORDER BY id) FROM dumptest.levels;
SELECT 'status', count(*), md5(string_agg(s::text, '|' ORDER BY phone, channel, purpose)) FROM phone_consent_current s;
SELECT 'statuses', string_agg(phone_consent_status(p, 'sms', 'marketing'), ',' ORDER BY p)
    FROM (SELECT DISTINCT phone AS p FROM phone_consent) s;
SELECT 'opt-outs', string_agg(concat_ws(' ', phone, action, channel, purpose), ',' ORDER BY event_id)
    FROM phone_consent WHERE action IN ('revoke', 'invalidate');
SELECT 'extension', extversion FROM pg_extension WHERE extname = 'phone';
SELECT 'hash chain', coalesce('broken at ' || phone_consent_verify(), 'verifies');
SELECT 'suppressed', phone_is_suppressed('+1 201 555 0007'), phone_is_suppressed('+1 201 555 0008');
"
psql -X -At -d "$src" -c "$answers" > "$work/src.answers"
grep -qx 'hash chain|verifies' "$work/src.answers" || fail "source: the hash chain of the ledger does not verify"
grep -qx 'suppressed|t|f' "$work/src.answers" || fail "source: the erased number is not suppressed"
for t in $tables; do
	psql -X -At -d "$src" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM $t r"
done > "$work/src.rows"

# compare the restored database with the source: label, then the restore
# command's status and error output
compare()
{
	label=$1
	status=$2
	if [ "$status" -ne 0 ]; then
		fail "$label: restore exited with $status: $(grep -i 'error' "$work/restore.err" | head -5 | tr '\n' ' ')"
	elif grep -qi 'error' "$work/restore.err"; then
		fail "$label: restore reported errors: $(grep -i 'error' "$work/restore.err" | head -5 | tr '\n' ' ')"
	fi
	for t in $tables; do
		psql -X -At -d "$dst" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM $t r" 2>&1
	done > "$work/dst.rows"
	psql -X -At -d "$dst" -c "$answers" > "$work/dst.answers" 2>&1 || true
	if cmp -s "$work/src.rows" "$work/dst.rows"; then
		pass "$label: every row of $(echo $tables | wc -w) tables"
	else
		fail "$label: rows differ"
		paste -d ' ' "$work/src.rows" "$work/dst.rows" | awk '$1 != $2' | head -5
		for t in $tables; do echo "  $t"; done | head -20
	fi
	if cmp -s "$work/src.answers" "$work/dst.answers"; then
		pass "$label: index, plan and ledger answers"
	else
		fail "$label: answers differ"
		diff "$work/src.answers" "$work/dst.answers" | head -10
	fi
}

fresh() { dropdb --if-exists "$dst"; createdb "$dst"; }

pg_dump -Fc -f "$work/dump.custom" "$src"
pg_dump -Fd -f "$work/dump.dir" "$src"
pg_dump -Fp -f "$work/dump.sql" "$src"

fresh
st=0; pg_restore -d "$dst" "$work/dump.custom" 2> "$work/restore.err" || st=$?
compare "custom format, pg_restore" "$st"

fresh
st=0; pg_restore -d "$dst" "$work/dump.dir" 2> "$work/restore.err" || st=$?
compare "directory format, pg_restore" "$st"

i=1
while [ "$i" -le "$runs" ]; do
	fresh
	st=0; pg_restore -j 4 -d "$dst" "$work/dump.dir" 2> "$work/restore.err" || st=$?
	compare "directory format, pg_restore -j 4, run $i of $runs" "$st"
	i=$((i + 1))
done

fresh
st=0; pg_restore -j 4 -d "$dst" "$work/dump.custom" 2> "$work/restore.err" || st=$?
compare "custom format, pg_restore -j 4" "$st"

fresh
st=0; psql -X -q -v ON_ERROR_STOP=1 -d "$dst" -f "$work/dump.sql" > /dev/null 2> "$work/restore.err" || st=$?
compare "plain format, psql -f" "$st"

# restore does not weaken the validation of what users type: the session
# defaults still refuse a number that is not valid
if psql -X -q -d "$dst" -c "SELECT '+354 123 4567'::phone" >/dev/null 2>&1; then
	fail "after the restore, a number that is not valid is accepted under the default setting"
else
	pass "after the restore, the default setting still refuses a number that is not valid"
fi

dropdb "$src"
dropdb "$dst"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
