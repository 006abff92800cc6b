#!/bin/bash
#
# test/clients/run.sh: the client drivers of doc/clients.md against the
# phone type, on a throwaway server (test/trusted/cluster.sh), listening on
# a Unix socket and on 127.0.0.1 (for JDBC):
#
#   psql        \copy in text (CSV) and COPY (FORMAT binary), the binary
#               file decoded by the reference decoder (copy_binary.py)
#   psycopg 3   Debian's python3-psycopg (test_psycopg.py)
#   node-pg     npm's pg, pinned in node/package-lock.json, installed into
#               node/node_modules by npm ci (test.js)
#   JDBC        Debian's libpostgresql-jdbc-java (PhoneJdbc.java, run by
#               java from the source file)
#   the reference encoder and decoder (phone_wire.py) against phone_send
#               for every example number of every region
#   the guide   every Python, JavaScript and Java block of doc/clients.md
#               is a verbatim part of these tests (excerpts.py)
#
# A driver that is not installed fails its part (tools/install-deps.sh
# --all installs them).  Prints each part's checks and one line
# "N passed, M failed" at the end.
#
# EXTENSION_DESTDIR=DIR reads the extension staged by make install
# DESTDIR=DIR (Debian's extension_destdir); otherwise it must be installed.
# PYTHON (default /usr/bin/python3, Debian's, which has python3-psycopg),
# JDBC_JAR (default /usr/share/java/postgresql.jar).
#
# Usage: test/clients/run.sh
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
JDBC_JAR=${JDBC_JAR:-/usr/share/java/postgresql.jar}
. "$top/test/trusted/cluster.sh"
trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP
opts="-c listen_addresses=127.0.0.1"
[ -n "${EXTENSION_DESTDIR:-}" ] && opts="$opts -c extension_destdir=$EXTENSION_DESTDIR"
# shellcheck disable=SC2086
cluster_start $opts
export PGDATABASE=clients
"$bindir/psql" -X -q -d postgres -c "CREATE DATABASE clients" &&
	"$bindir/psql" -X -q -c "CREATE EXTENSION phone" || exit 2
work=$cluster_tmp/work
mkdir -p "$work"
chmod 777 "$work"

passed=0
failed=0
# part NAME COMMAND...: run one part, show its lines, add up its verdict
part()
{
	local name=$1 out p f
	shift
	echo "== $name"
	out=$("$@" 2>&1)
	echo "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
	p=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
	if [ -z "$p" ]; then
		echo "FAILED - $name did not finish"
		failed=$((failed + 1))
	else
		passed=$((passed + p))
		failed=$((failed + f))
	fi
}

psql_part()
{
	local n=0 bad=0 out
	ok() { n=$((n + 1)); echo "ok - psql: $1"; }
	no() { bad=$((bad + 1)); echo "FAILED - psql: $1"; }
	"$bindir/psql" -X -q -v ON_ERROR_STOP=1 <<-SQL || { echo "0 passed, 1 failed"; return; }
		CREATE TABLE contacts (id int PRIMARY KEY, phone phone NOT NULL);
		INSERT INTO contacts VALUES (1, '+1 415 555 2671'), (2, '+44 20 7031 3000'), (3, '+39 06 1234 5678');
		\copy contacts TO '$work/contacts.csv' (FORMAT csv, HEADER)
		\copy (SELECT id, phone FROM contacts ORDER BY id) TO '$work/contacts.bin' (FORMAT binary)
		CREATE TABLE contacts_copy (LIKE contacts);
		\copy contacts_copy FROM '$work/contacts.csv' (FORMAT csv, HEADER)
		\copy contacts_copy FROM '$work/contacts.bin' (FORMAT binary)
	SQL
	if [ "$(cat "$work/contacts.csv")" = "$(printf 'id,phone\n1,+14155552671\n2,+442070313000\n3,+390612345678')" ]; then
		ok "\\copy TO csv writes E.164 text"
	else
		no "\\copy TO csv writes E.164 text: $(cat "$work/contacts.csv")"
	fi
	out=$("$PYTHON" "$here/copy_binary.py" "$work/contacts.bin" 2>&1)
	if [ "$out" = "$(printf '1\t+14155552671\n2\t+442070313000\n3\t+390612345678')" ]; then
		ok "COPY (FORMAT binary) decodes with the reference decoder"
	else
		no "COPY (FORMAT binary) decodes with the reference decoder: $out"
	fi
	if [ "$("$bindir/psql" -X -At -c "SELECT count(*) FROM contacts_copy")" = 6 ]; then
		ok "\\copy FROM csv and FROM binary read the values back"
	else
		no "\\copy FROM csv and FROM binary read the values back"
	fi
	printf 'id,phone\n9,+354 555 123\n' > "$work/bad.csv"
	out=$("$bindir/psql" -X -q -c "\\copy contacts_copy FROM '$work/bad.csv' (FORMAT csv, HEADER)" 2>&1)
	if echo "$out" | grep -q '^ERROR:  invalid input syntax for type phone: "+354 555 123"' &&
		echo "$out" | grep -q '^DETAIL:  Numbers under +354' && echo "$out" | grep -q '^CONTEXT:  COPY contacts_copy, line 2'; then
		ok "a bad row in \\copy FROM fails with the input, the DETAIL and the line"
		echo "$out" | sed 's/^/    /'
	else
		no "a bad row in \\copy FROM fails with the input, the DETAIL and the line: $out"
	fi
	echo "$n passed, $bad failed"
}

node_part()
{
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		echo "FAILED - node-pg: node and npm are not installed (Debian: nodejs, npm)"
		echo "0 passed, 1 failed"
		return
	fi
	if ! (cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
		echo "FAILED - node-pg: npm ci in test/clients/node failed"
		echo "0 passed, 1 failed"
		return
	fi
	node "$here/node/test.js"
}

jdbc_part()
{
	if [ ! -f "$JDBC_JAR" ] || ! command -v java >/dev/null; then
		echo "FAILED - JDBC: no $JDBC_JAR or no java (Debian: libpostgresql-jdbc-java, default-jdk-headless)"
		echo "0 passed, 1 failed"
		return
	fi
	PGHOST=127.0.0.1 java -cp "$JDBC_JAR" "$here/PhoneJdbc.java"
}

part "doc/clients.md shows tested code" "$PYTHON" "$here/excerpts.py" "$top/doc/clients.md" \
	"$here/phone_wire.py" "$here/test_psycopg.py" "$here/node/test.js" "$here/PhoneJdbc.java"
part "reference encoder and decoder" "$PYTHON" "$here/test_wire.py"
part "psql: \\copy and COPY (FORMAT binary)" psql_part
part "psycopg 3 ($("$PYTHON" -c 'import psycopg; print(psycopg.__version__)' 2>/dev/null || echo 'not installed'))" "$PYTHON" "$here/test_psycopg.py"
part "node-postgres (npm pg $(sed -n 's/.*"pg": "\(.*\)".*/\1/p' "$here/node/package.json"))" node_part
part "JDBC ($(basename "$(readlink -f "$JDBC_JAR")"))" jdbc_part

echo "$passed passed, $failed failed"
[ $failed = 0 ] && [ $passed -gt 0 ]
