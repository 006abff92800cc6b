#!/bin/sh
# test/consent_dump.sh: pg_dump / pg_restore keep the consent ledger, the
# notices, the configuration rows added after installation, the tombstones
# of erased numbers and the erasure log, whichever of the ledger and the
# tombstones is restored first, and whether pg_restore runs in one
# session or in four (pg_restore -j 4 of a directory-format dump, repeated
# CONSENT_DUMP_PARALLEL_RUNS times, 10 by default: the ledger, the notices
# and the tombstones load in parallel sessions while the extension's
# foreign key and triggers are in place).  Every restore runs with default
# settings; the ledger holds opt-outs of numbers that are possible but not
# valid, and of one with structure only.
#
# usage: test/consent_dump.sh   (PGHOST, PGPORT, PGUSER name a server on
# which the phone extension is installed; PG_BINDIR may name the client
# programs)  Creates and drops three databases, regress_phone_dump_src,
# regress_phone_dump_dst and regress_phone_dump_dst2.
set -eu
bindir=${PG_BINDIR:+$PG_BINDIR/}
src=regress_phone_dump_src
dst=regress_phone_dump_dst
dst2=regress_phone_dump_dst2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; ${bindir}dropdb --if-exists "$src" >/dev/null 2>&1 || true; ${bindir}dropdb --if-exists "$dst" >/dev/null 2>&1 || true; ${bindir}dropdb --if-exists "$dst2" >/dev/null 2>&1 || true' EXIT
psql() { ${bindir}psql -X -q -v ON_ERROR_STOP=1 "$@"; }

${bindir}dropdb --if-exists "$src" >/dev/null 2>&1
${bindir}dropdb --if-exists "$dst" >/dev/null 2>&1
${bindir}dropdb --if-exists "$dst2" >/dev/null 2>&1
${bindir}createdb "$src"
${bindir}createdb "$dst"
${bindir}createdb "$dst2"
psql -d "$src" >/dev/null <<'SQL'
CREATE EXTENSION phone_consent CASCADE;
INSERT INTO phone_consent_notice (name, version, body, created_at) VALUES ('web', 1, 'I agree.', '2024-01-01Z');
INSERT INTO phone_consent_purpose (purpose, basis) VALUES ('surveys', 'opt_in');
INSERT INTO phone_contact_window (prefix, purpose, opens, closes) VALUES ('1201', 'surveys', '09:00', '17:00');
SELECT phone_consent_grant('+12015550180', 'sms', 'marketing', 'web_form', 1, '{"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "form_id": "signup"}', '2025-01-01Z');
SELECT phone_consent_grant('+12015550181', 'voice', 'surveys', 'agent', occurred_at => '2025-01-01Z', double_opt_in => true);
SELECT phone_consent_apply_sms('+12015550180', 'STOP', '2025-02-01Z');
SELECT phone_mark_disconnected('+12015550181', '2025-03-01');
-- erased and suppressed; then a revocation, and consent given anew with
-- evidence, which the suppression check must accept again on restore
SELECT phone_consent_grant('+12015550183', 'sms', 'informational', 'agent', occurred_at => '2025-01-01Z');
SELECT phone_erase('+12015550183', 'DSR-1');
SELECT phone_consent_revoke('+12015550183', 'voice', occurred_at => '2025-01-02Z');
SELECT phone_consent_grant('+12015550183', 'sms', 'informational', 'web_form',
                           evidence => '{"ip": "192.0.2.7"}', occurred_at => clock_timestamp());
SELECT phone_erase('+12015550184', 'DSR-2', 'forget');
SELECT phone_consent_purge('0', false);
-- more notices and events, so that parallel sessions overlap
INSERT INTO phone_consent_notice (name, version, body, created_at)
SELECT 'notice', v, 'Wording ' || v || '.', '2024-01-01Z' FROM generate_series(2, 30) v;
SELECT count(phone_consent_grant(('+1201555' || lpad((1000 + i % 500)::text, 4, '0'))::phone, 'sms',
                                 'marketing', 'web_form', 1 + i % 30,
                                 jsonb_build_object('ip', '192.0.2.1', 'user_agent', 'Mozilla/5.0', 'form_id', 'f' || i), occurred_at => '2025-01-01Z'::timestamptz + i * interval '1 s'))
FROM generate_series(1, 2000) i;
-- opt-outs of numbers stored under the other validation levels
SET phone.validation = possible;
SELECT phone_consent_revoke('+354 123 4567', occurred_at => '2025-02-03Z');
SELECT phone_consent_apply_sms('+1 201 055 0123', 'STOP', '2025-02-04Z');
SET phone.validation = 'any';
SELECT phone_mark_disconnected('+354 12345', '2025-03-01');
RESET phone.validation;
SQL
${bindir}pg_dump -Fc -f "$tmp/dump" "$src"
${bindir}pg_restore --exit-on-error -d "$dst" "$tmp/dump"
# the same with the tombstones loaded before the ledger
${bindir}pg_restore -l "$tmp/dump" > "$tmp/list"
awk -v s="$(grep ' TABLE DATA [^ ]* phone_suppression ' "$tmp/list")" '
	/ TABLE DATA [^ ]* phone_suppression / { next }
	/ TABLE DATA [^ ]* phone_consent / { print s }
	{ print }' "$tmp/list" > "$tmp/list2"
${bindir}pg_restore --exit-on-error -L "$tmp/list2" -d "$dst2" "$tmp/dump"
${bindir}pg_dump -Fd -f "$tmp/dump.dir" "$src"

q="SELECT 'ledger', count(*), md5(string_agg(c::text, '|' ORDER BY event_id)) FROM phone_consent c
   UNION ALL SELECT 'notices', count(*), md5(string_agg(n::text, '|' ORDER BY notice_id)) FROM phone_consent_notice n
   UNION ALL SELECT 'purposes', count(*), md5(string_agg(p::text, '|' ORDER BY purpose)) FROM phone_consent_purpose p
   UNION ALL SELECT 'windows', count(*), md5(string_agg(w::text, '|' ORDER BY prefix, purpose)) FROM phone_contact_window w
   UNION ALL SELECT 'status', count(*), md5(string_agg(s::text, '|' ORDER BY phone, channel, purpose)) FROM phone_consent_current s
   UNION ALL SELECT 'suppression', count(*), md5(string_agg(t::text, '|' ORDER BY phone_hash)) FROM phone_suppression t
   UNION ALL SELECT 'erasure_log', count(*), md5(string_agg(l::text, '|' ORDER BY log_id)) FROM phone_erasure_log l
   UNION ALL SELECT 'erased', count(*), string_agg(phone_consent_status('+12015550183', c, 'informational'), ',' ORDER BY c)
               FROM unnest(ARRAY['sms', 'voice']) AS c
   UNION ALL SELECT 'removed_links', count(*), md5(string_agg(r::text, '|' ORDER BY event_id)) FROM phone_consent_removed r
   UNION ALL SELECT 'hash_chain', count(*), coalesce('broken at ' || phone_consent_verify(), 'verifies') FROM phone_consent
   UNION ALL SELECT 'suppressed', count(*), phone_is_suppressed('+12015550183')::text FROM phone_consent_key"
psql -At -d "$src" -c "$q" > "$tmp/src.txt"
grep -qx 'hash_chain|[0-9]*|verifies' "$tmp/src.txt" || { cat "$tmp/src.txt" >&2; echo "consent_dump: the hash chain of the source does not verify" >&2; exit 1; }
grep -qx 'suppressed|1|true' "$tmp/src.txt" || { cat "$tmp/src.txt" >&2; echo "consent_dump: the source has no key or no tombstone" >&2; exit 1; }
psql -At -d "$dst" -c "$q" > "$tmp/dst.txt"
psql -At -d "$dst2" -c "$q" > "$tmp/dst2.txt"
if ! diff -u "$tmp/src.txt" "$tmp/dst.txt"; then
	echo "consent_dump: the restored database differs" >&2
	exit 1
fi
if ! diff -u "$tmp/src.txt" "$tmp/dst2.txt"; then
	echo "consent_dump: the database restored tombstones first differs" >&2
	exit 1
fi
runs=${CONSENT_DUMP_PARALLEL_RUNS:-10}
i=1
while [ "$i" -le "$runs" ]; do
	${bindir}dropdb "$dst2"
	${bindir}createdb "$dst2"
	if ! ${bindir}pg_restore -j 4 -d "$dst2" "$tmp/dump.dir" 2> "$tmp/restore.err" || [ -s "$tmp/restore.err" ]; then
		cat "$tmp/restore.err" >&2; ${bindir}pg_restore -l "$tmp/dump.dir" | grep "TABLE DATA" >&2
		echo "consent_dump: pg_restore -j 4, run $i of $runs, failed" >&2
		exit 1
	fi
	psql -At -d "$dst2" -c "$q" > "$tmp/dst2.txt"
	if ! diff -u "$tmp/src.txt" "$tmp/dst2.txt"; then
		echo "consent_dump: the database restored with pg_restore -j 4 (run $i of $runs) differs" >&2
		exit 1
	fi
	i=$((i + 1))
done
echo "consent_dump: $runs restores with pg_restore -j 4 equal the source"
# the erased number is still suppressed after the restore
if psql -d "$dst" -c "SELECT phone_consent_grant('+12015550183', 'voice', 'informational', 'import')" 2>/dev/null; then
	echo "consent_dump: the restored suppression lets an import grant consent" >&2
	exit 1
fi
# the restored sequences go on after the restored rows
psql -At -d "$dst" -c "SELECT phone_consent_revoke('+12015550182', occurred_at => '2025-04-01Z') > (SELECT max(event_id) FROM phone_consent WHERE phone <> '+12015550182')" > "$tmp/seq.txt"
if [ "$(cat "$tmp/seq.txt")" != t ]; then
	echo "consent_dump: the event id sequence was not restored" >&2
	exit 1
fi
# outside a restore, references between the consent tables are checked as
# a foreign key would check them
if psql -d "$dst" -c "INSERT INTO phone_contact_window (prefix, purpose, opens, closes) VALUES ('1202', 'no_such_purpose', '09:00', '17:00')" 2>/dev/null; then
	echo "consent_dump: a calling window for a purpose that does not exist was accepted" >&2
	exit 1
fi
if psql -d "$dst" -c "DELETE FROM phone_consent_purpose WHERE purpose = 'surveys'" 2>/dev/null; then
	echo "consent_dump: a purpose that a calling window names was deleted" >&2
	exit 1
fi
if psql -d "$dst" -c "SELECT phone_consent_grant('+12015550199', 'sms', 'marketing', 'web_form', 999)" 2>/dev/null; then
	echo "consent_dump: consent citing a notice that does not exist was accepted" >&2
	exit 1
fi
# the guards are in place after the restore
if psql -d "$dst" -c "DELETE FROM phone_consent" 2>/dev/null; then
	echo "consent_dump: the restored ledger is not append-only" >&2
	exit 1
fi
cat "$tmp/src.txt"
echo "consent_dump: ok"
