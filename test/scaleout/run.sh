#!/bin/bash
#
# test/scaleout/run.sh: phone tables across several PostgreSQL servers.
#
# Starts three throwaway servers on loopback (a coordinator and two shards)
# from the PostgreSQL installation that pg_config names (PG_CONFIG, else the
# pg_config on PATH), into which the phone extension must already be
# installed (make install).  Then checks:
#
#   sharding     a table hash-partitioned by phone whose partitions are
#                postgres_fdw foreign tables on the shards: rows inserted
#                through the parent land on the shard their hash names;
#                phone =, phone ^@ and the phone functions are evaluated on
#                the shards (EXPLAIN VERBOSE shows them in the Remote SQL),
#                but only with the server option extensions 'phone';
#                deduplication, prefix search, a join of tables placed
#                alike and a selection computed on the shards give the
#                answers of one server with all the rows; a table that
#                exists once per node (as an extension's consent ledger
#                does) is a partition of a smaller modulus and keeps each
#                number's rows next to its contacts
#   consent      when the extension has the consent ledger: consent is
#                recorded on the shard of each number, and a campaign
#                computed on the shards selects what one server selects
#   replication  a publication of a table keyed by phone and two
#                subscriptions to it, one in text and one in binary mode;
#                values stored under every validation level arrive identical
#                with default settings on the subscriber (initial copy
#                and apply), and so do later changes; no apply error
#
# The SQL that builds the nodes is in test/scaleout/sql/ (see
# doc/scaling.md).  Each check is an assertion; the last line of output is
# "N passed, M failed" and the exit status is non-zero on any failure (or
# when the servers cannot be set up).  Run as root, the servers run as the
# user postgres; otherwise as the calling user.  The servers are always
# stopped and their directory removed on exit.
#
# Usage: test/scaleout/run.sh          (PG_CONFIG=... to choose the server,
#                                       SCALEOUT_VERBOSE=1 to print every plan)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir) || { echo "run.sh: cannot run $PG_CONFIG" >&2; exit 2; }
sharedir=$("$PG_CONFIG" --sharedir)
for ext in phone postgres_fdw; do
	if [ ! -f "$sharedir/extension/$ext.control" ]; then
		echo "run.sh: extension $ext is not installed in $sharedir (make install first)" >&2
		exit 2
	fi
done

HOST=127.0.0.1
NODES="coord shard1 shard2"
port_coord='' port_shard1='' port_shard2=''	# set by start_node
passed=0
failed=0

# run a command as the owner of the servers
if [ "$(id -u)" = 0 ]; then
	as_owner() { runuser -u postgres -- "$@"; }
else
	as_owner() { "$@"; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/phone-scaleout.XXXXXX") || exit 2
chmod 755 "$tmp"
[ "$(id -u)" = 0 ] && chown postgres "$tmp"

# stop every server that was started, remove the directory
cleanup()
{
	for node in $NODES; do
		if [ -f "$tmp/$node/postmaster.pid" ]; then
			as_owner "$bindir/pg_ctl" -D "$tmp/$node" -m immediate -w stop >/dev/null 2>&1
		fi
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

die()
{
	echo "run.sh: $*" >&2
	for node in $NODES; do
		if [ -f "$tmp/$node.log" ]; then
			echo "--- last lines of the $node server log" >&2
			tail -20 "$tmp/$node.log" >&2
		fi
	done
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
}

# start_node NAME: a server from the template cluster on a free port,
# chosen at random and retried if taken; sets port_NAME
start_node()
{
	local node=$1 port
	as_owner cp -a "$tmp/template" "$tmp/$node" || die "cannot copy the template cluster"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + RANDOM % 40000))
		if as_owner "$bindir/pg_ctl" -D "$tmp/$node" -l "$tmp/$node.log" -w -t 60 \
			-o "-p $port" start >/dev/null 2>&1; then
			eval "port_$node=$port"
			return 0
		fi
	done
	die "cannot start server $node"
}

# sql NODE DB: run the SQL on standard input, print the result unaligned
sql()
{
	local port
	eval "port=\$port_$1"
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$HOST" -p "$port" -U postgres -d "$2" -f - 2>&1
}

# setup NODE DB FILE [psql args]: run a setup script, die when it fails
setup()
{
	local node=$1 db=$2 file=$3 port
	shift 3
	eval "port=\$port_$node"
	psql -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$port" -U postgres -d "$db" \
		-f "$file" "$@" >"$tmp/setup.out" 2>&1 ||
		{ cat "$tmp/setup.out" >&2; die "setup $file on $node failed"; }
}

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAILED - $1"; }

# check NAME NODE DB: the SQL on standard input must print exactly "t"
check()
{
	local name=$1 out
	out=$(sql "$2" "$3")
	if [ "$out" = t ]; then
		pass "$name"
	else
		fail "$name"
		echo "$out" | sed 's/^/    /'
	fi
}

# same NAME NODE1 DB1 NODE2 DB2: the SQL on standard input prints the same,
# non-empty result on both
same()
{
	local name=$1 q a b
	q=$(cat)
	a=$(echo "$q" | sql "$2" "$3")
	b=$(echo "$q" | sql "$4" "$5")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		pass "$name"
	else
		fail "$name"
		echo "    $2/$3: $a" | head -5
		echo "    $4/$5: $b" | head -5
	fi
}

# plan NAME NODE DB PATTERN...: EXPLAIN (VERBOSE, COSTS OFF) of the query on
# standard input (after its SET lines); each PATTERN is "remote:TEXT" (some Remote SQL line
# contains TEXT), "!remote:TEXT" (none does), "plan:TEXT" (some plan line
# contains TEXT), "!plan:TEXT" (none does) or "scans:N" (N foreign scans)
plan()
{
	local name=$1 node=$2 db=$3 q out p ok=1 remote
	shift 3
	q=$(cat)
	out=$( (echo "$q" | grep '^SET '; echo "EXPLAIN (VERBOSE, COSTS OFF)";
		echo "$q" | grep -v '^SET ') | sql "$node" "$db")
	remote=$(echo "$out" | grep 'Remote SQL:')
	for p in "$@"; do
		case $p in
		remote:*) echo "$remote" | grep -qF -- "${p#remote:}" || ok=0 ;;
		!remote:*) echo "$remote" | grep -qF -- "${p#!remote:}" && ok=0 ;;
		plan:*) echo "$out" | grep -qF -- "${p#plan:}" || ok=0 ;;
		!plan:*) echo "$out" | grep -qF -- "${p#!plan:}" && ok=0 ;;
		scans:*) [ "$(echo "$out" | grep -c 'Foreign Scan')" = "${p#scans:}" ] || ok=0 ;;
		esac
		[ $ok = 1 ] || { echo "    expected $p"; break; }
	done
	if [ $ok = 1 ]; then
		pass "$name"
		[ -z "${SCALEOUT_VERBOSE:-}" ] || echo "$out" | sed 's/^/    /'
	else
		fail "$name"
		echo "$out" | sed 's/^/    /'
	fi
}

# wait_for NODE DB: poll until the SQL on standard input prints "t" (30 s)
wait_for()
{
	local q
	q=$(cat)
	for _ in $(seq 1 150); do
		[ "$(echo "$q" | sql "$1" "$2")" = t ] && return 0
		sleep 0.2
	done
	return 1
}

# ---------------------------------------------------------------------
# The servers
# ---------------------------------------------------------------------
echo "== starting servers ($("$PG_CONFIG" --version))"
as_owner "$bindir/initdb" -D "$tmp/template" -A trust -U postgres -E UTF8 \
	--locale=C --no-sync >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log" >&2; die "initdb failed"; }
cat >>"$tmp/template/postgresql.conf" <<EOF
listen_addresses = '$HOST'
unix_socket_directories = ''
max_connections = 30
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
max_logical_replication_workers = 6
EOF
for node in $NODES; do
	start_node "$node"
done
echo "coord on port $port_coord, shard1 on $port_shard1, shard2 on $port_shard2"

# ---------------------------------------------------------------------
# Sharding with postgres_fdw
# ---------------------------------------------------------------------
echo "== sharding"
setup shard1 postgres "$here/sql/shard.sql" -v r1=0 -v r2=2
setup shard2 postgres "$here/sql/shard.sql" -v r1=1 -v r2=3
setup coord postgres "$here/sql/coordinator.sql" -v host="$HOST" \
	-v shard1_port="$port_shard1" -v shard2_port="$port_shard2"

# the nodes run the same numbering-plan data
for node in shard1 shard2; do
	same "metadata version of $node is the coordinator's" coord postgres $node postgres <<'EOF'
SELECT phone_metadata_version();
EOF
done

check "the test data is there" coord postgres <<'EOF'
SELECT (SELECT count(*) FROM gen) > 1000
   AND (SELECT count(*) FROM contacts_local) = 2 * (SELECT count(*) FROM gen)
   AND (SELECT count(DISTINCT phone) FROM contacts_local) = (SELECT count(*) FROM gen);
EOF

# every row went to the shard table its hash names, and nowhere else
for r in 0 1 2 3; do
	node=shard$((r % 2 + 1))
	expected=$(sql coord postgres <<EOF
SELECT count(*) || ' ' || md5(string_agg(id || ' ' || phone, ',' ORDER BY id))
FROM contacts_local
WHERE satisfies_hash_partition('contacts'::regclass, 4, $r, phone);
EOF
)
	actual=$(sql $node postgres <<EOF
SELECT count(*) || ' ' || md5(string_agg(id || ' ' || phone, ',' ORDER BY id))
FROM contacts_$r;
EOF
)
	if [ "${expected%% *}" -gt 0 ] 2>/dev/null && [ "$expected" = "$actual" ]; then
		pass "inserting through the parent routes remainder $r to $node"
	else
		fail "inserting through the parent routes remainder $r to $node"
		echo "    expected $expected, $node has $actual"
	fi
done
check "the shards hold every row once" coord postgres <<'EOF'
SELECT (SELECT count(*) FROM contacts) = (SELECT count(*) FROM contacts_local)
   AND (SELECT count(*) FROM opt_outs) = (SELECT count(*) FROM opt_outs_local)
   AND (SELECT count(*) FROM numbers) = (SELECT count(DISTINCT phone) FROM contacts_local);
EOF

# equality: pruned to one shard table, the condition evaluated there
one=$(sql coord postgres <<'EOF'
SELECT phone FROM gen WHERE n = 42;
EOF
)
plan "phone = constant is pruned to one partition and pushed down" coord postgres \
	"scans:1" "remote:WHERE ((phone OPERATOR(public.=) '$one'))" <<EOF
SELECT id, source FROM contacts WHERE phone = '$one';
EOF
a=$(sql coord postgres <<EOF
SELECT string_agg(id::text, ',' ORDER BY id) FROM contacts WHERE phone = '$one';
EOF
)
b=$(sql coord postgres <<EOF
SELECT string_agg(id::text, ',' ORDER BY id) FROM contacts_local WHERE phone = '$one';
EOF
)
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	pass "phone = constant finds the rows one server finds ($a)"
else
	fail "phone = constant finds the rows one server finds"
	echo "    sharded: $a, local: $b"
fi

# a prefix: every shard table, the operator evaluated there
plan "phone ^@ prefix is pushed down to every partition" coord postgres \
	"scans:4" "remote:(phone OPERATOR(public.^@) '+44'::text)" "!plan:Filter:" <<'EOF'
SELECT id FROM contacts WHERE phone ^@ '+44';
EOF
check "phone ^@ prefix finds what one server finds" coord postgres <<'EOF'
SELECT bool_and(a = b) FROM (
    SELECT (SELECT count(*) || ':' || coalesce(sum(id), 0) FROM contacts WHERE phone ^@ pre) AS a,
           (SELECT count(*) || ':' || coalesce(sum(id), 0) FROM contacts_local WHERE phone ^@ pre) AS b
    FROM (VALUES ('1'), ('+1 415'), ('+44'), ('+44 20'), ('+49 15'), ('39'), ('+81 90'),
                 ('+33 1'), ('7'), ('+1 212 9')) v(pre)) s;
EOF
check "phone ^@ prefix finds rows in both shards" coord postgres <<'EOF'
SELECT count(DISTINCT tableoid) = 4 FROM contacts WHERE phone ^@ '1';
EOF

# the phone functions
plan "phone_country_code(phone) = 44 is pushed down" coord postgres \
	"scans:4" "remote:(public.phone_country_code(phone) = 44)" "!plan:Filter:" <<'EOF'
SELECT id FROM contacts WHERE phone_country_code(phone) = 44;
EOF
check "phone_country_code(phone) = 44 finds what one server finds" coord postgres <<'EOF'
SELECT (SELECT count(*) || ':' || sum(id) FROM contacts WHERE phone_country_code(phone) = 44)
     = (SELECT count(*) || ':' || sum(id) FROM contacts_local WHERE phone_country_code(phone) = 44)
   AND (SELECT count(*) FROM contacts WHERE phone_country_code(phone) = 44) > 0;
EOF
plan "phone_type(phone) = 'mobile' is pushed down" coord postgres \
	"scans:4" "remote:(public.phone_type(phone) = 'mobile'::public.phone_number_type)" "!plan:Filter:" <<'EOF'
SELECT id FROM contacts WHERE phone_type(phone) = 'mobile';
EOF
plan "phone_is_valid(phone) is pushed down" coord postgres \
	"scans:4" "remote:public.phone_is_valid(phone)" "!plan:Filter:" <<'EOF'
SELECT id FROM contacts WHERE NOT phone_is_valid(phone);
EOF
check "the phone functions on the shards agree with one server" coord postgres <<'EOF'
SELECT (SELECT count(*) || ':' || sum(id) FROM contacts WHERE phone_type(phone) = 'mobile')
     = (SELECT count(*) || ':' || sum(id) FROM contacts_local WHERE phone_type(phone) = 'mobile')
   AND (SELECT count(*) FROM contacts WHERE NOT phone_is_valid(phone)) = 0
   AND (SELECT string_agg(r || ' ' || n, ',' ORDER BY r) FROM
            (SELECT phone_region(phone) r, count(*) n FROM contacts GROUP BY 1) a)
     = (SELECT string_agg(r || ' ' || n, ',' ORDER BY r) FROM
            (SELECT phone_region(phone) r, count(*) n FROM contacts_local GROUP BY 1) b);
EOF

# without the extensions option nothing of the extension is shipped
sql coord postgres >/dev/null <<EOF
CREATE SERVER shard1_plain FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$HOST', port '$port_shard1', dbname 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1_plain OPTIONS (user 'postgres');
CREATE FOREIGN TABLE contacts_0_plain (id int, phone phone, source text)
    SERVER shard1_plain OPTIONS (table_name 'contacts_0');
EOF
plan "without extensions 'phone' the conditions stay on the coordinator" coord postgres \
	"scans:1" "!remote:WHERE" "plan:(contacts_0_plain.phone ^@ '+44'::text)" \
	"plan:(phone_country_code(contacts_0_plain.phone) = 44)" <<'EOF'
SELECT id FROM contacts_0_plain WHERE phone ^@ '+44' AND phone_country_code(phone) = 44;
EOF

# deduplication: grouping by the partition key is done on the shards
plan "GROUP BY phone is pushed down to the shards" coord postgres \
	"scans:4" "remote:GROUP BY 1" <<'EOF'
SET enable_partitionwise_aggregate = on;
SELECT phone, count(*), min(id) FROM contacts GROUP BY phone;
EOF
same "deduplication across shards gives the answer of one server" coord postgres coord postgres <<'EOF'
SET enable_partitionwise_aggregate = on;
SELECT count(*) || ' ' || md5(string_agg(g, ',' ORDER BY g)) FROM (
    SELECT phone || ' ' || count(*) || ' ' || min(id) || ' ' || max(id) AS g
    FROM contacts GROUP BY phone) d;
EOF
check "the deduplicated groups equal one server's" coord postgres <<'EOF'
SET enable_partitionwise_aggregate = on;
SELECT (SELECT md5(string_agg(phone || ' ' || c || ' ' || f, ',' ORDER BY phone))
        FROM (SELECT phone, count(*) c, min(id) f FROM contacts GROUP BY phone) s)
     = (SELECT md5(string_agg(phone || ' ' || c || ' ' || f, ',' ORDER BY phone))
        FROM (SELECT phone, count(*) c, min(id) f FROM contacts_local GROUP BY phone) s)
   AND (SELECT count(DISTINCT phone) FROM contacts)
     = (SELECT count(DISTINCT phone) FROM contacts_local);
EOF

# ordered output: each shard sorts, the coordinator merges
plan "ORDER BY phone is pushed down and merged" coord postgres \
	"plan:Merge Append" "remote:ORDER BY phone ASC NULLS LAST" <<'EOF'
SELECT phone FROM contacts WHERE phone ^@ '+49' ORDER BY phone LIMIT 20;
EOF
check "ORDER BY phone LIMIT gives the rows of one server" coord postgres <<'EOF'
SELECT (SELECT array_agg(phone) FROM (SELECT phone FROM contacts WHERE phone ^@ '+49'
                                      ORDER BY phone LIMIT 20) a)
     = (SELECT array_agg(phone) FROM (SELECT phone FROM contacts_local WHERE phone ^@ '+49'
                                      ORDER BY phone LIMIT 20) b);
EOF

# uniqueness: each shard table's constraint, over the whole table
out=$(sql coord postgres <<EOF
INSERT INTO numbers VALUES ('$one', 0);
EOF
)
case $out in
*"duplicate key value violates unique constraint"*) pass "a number already in the sharded table is refused" ;;
*) fail "a number already in the sharded table is refused"; echo "    $out" ;;
esac
check "a new number is accepted once" coord postgres <<'EOF'
INSERT INTO numbers VALUES ('+44 20 7031 3000', 1);
SELECT count(*) = 1 FROM numbers WHERE phone = '+44 20 7031 3000';
EOF

# values travel as text and are read again under the shard's settings: a
# number the coordinator accepts by structure only is refused by a shard
# that checks numbers in full (doc/scaling.md: the same settings everywhere)
out=$(sql coord postgres <<'EOF'
SET phone.validation = 'any';
INSERT INTO numbers VALUES ('+1 415 000 0001', 1);
EOF
)
case $out in
*'invalid input syntax for type phone: "+14150000001"'*)
	pass "a shard reads values under its own phone.validation" ;;
*) fail "a shard reads values under its own phone.validation"; echo "    $out" ;;
esac

# tables partitioned alike join on the shards: a contact's opt-outs live
# next to it
plan "a join of tables placed alike is done on the shards" coord postgres \
	"scans:4" "remote:FROM (public.contacts_0 r" "remote:LEFT JOIN public.opt_outs_0 r" \
	"remote:LEFT JOIN public.opt_outs_3 r" <<'EOF'
SET enable_partitionwise_join = on;
SELECT c.id, c.phone, o.channel IS NOT NULL AS opted_out
FROM contacts c LEFT JOIN opt_outs o ON o.phone = c.phone AND o.channel = 'sms';
EOF
check "the join gives the answer of one server" coord postgres <<'EOF'
SET enable_partitionwise_join = on;
SELECT (SELECT md5(string_agg(c.id || ' ' || (o.channel IS NOT NULL), ',' ORDER BY c.id))
        FROM contacts c LEFT JOIN opt_outs o ON o.phone = c.phone AND o.channel = 'sms')
     = (SELECT md5(string_agg(c.id || ' ' || (o.channel IS NOT NULL), ',' ORDER BY c.id))
        FROM contacts_local c LEFT JOIN opt_outs_local o ON o.phone = c.phone AND o.channel = 'sms')
   AND (SELECT count(*) FROM contacts c JOIN opt_outs o ON o.phone = c.phone) > 0;
EOF

# a table that exists once per node (as an extension's ledger does) is a
# partition of modulus 2: its rows are on the node that holds the contacts
# of the same numbers
for node in shard1 shard2; do
	case $node in shard1) a=0 b=2 ;; *) a=1 b=3 ;; esac
	check "every ledger row on $node is next to its number's contacts" $node postgres <<EOF
SELECT count(*) > 0 AND bool_and(EXISTS (SELECT FROM contacts_$a c WHERE c.phone = l.phone)
                                 OR EXISTS (SELECT FROM contacts_$b c WHERE c.phone = l.phone))
FROM ledger l;
EOF
done
check "the ledger holds every event once" coord postgres <<'EOF'
SELECT (SELECT count(*) FROM ledger) = (SELECT count(*) FROM gen WHERE n % 3 = 0)
                                      + (SELECT count(*) FROM gen WHERE n % 9 = 0);
EOF
plan "phone = constant on the ledger is pruned to one node" coord postgres \
	"scans:1" "remote:WHERE ((phone OPERATOR(public.=) '$one'))" <<EOF
SELECT event_id, action FROM ledger WHERE phone = '$one';
EOF

# a selection computed next to the data: a view on each shard, read
# through foreign partitions
plan "a per-shard selection is read from the shards' views" coord postgres \
	"scans:4" "remote:FROM public.reachable_0" "remote:FROM public.reachable_3" <<'EOF'
SELECT id, phone FROM reachable WHERE phone ^@ '+1';
EOF
check "the per-shard selection gives the answer of one server" coord postgres <<'EOF'
SELECT (SELECT md5(string_agg(id || ' ' || phone, ',' ORDER BY id)) FROM reachable)
     = (SELECT md5(string_agg(c.id || ' ' || c.phone, ',' ORDER BY c.id)) FROM contacts_local c
        WHERE NOT EXISTS (SELECT FROM opt_outs_local o WHERE o.phone = c.phone AND o.channel = 'sms'))
   AND (SELECT count(*) FROM reachable) < (SELECT count(*) FROM contacts);
EOF

# the consent ledger (the extension phone_consent), next to the contacts,
# if this build has it
has_consent=$(sql coord postgres <<'EOF'
SELECT to_regproc('phone_can_contact') IS NOT NULL
       OR EXISTS (SELECT FROM pg_available_extensions WHERE name = 'phone_consent');
EOF
)
if [ "$has_consent" = t ]; then
	setup shard1 postgres "$here/sql/shard_consent.sql" -v r1=0 -v r2=2
	setup shard2 postgres "$here/sql/shard_consent.sql" -v r1=1 -v r2=3
	setup coord postgres "$here/sql/coordinator_consent.sql"
	for node in shard1 shard2; do
		case $node in shard1) a=0 b=2 ;; *) a=1 b=3 ;; esac
		# (fetched first: postgres_fdw would ship satisfies_hash_partition
		# with this server's table oid)
		check "consent recorded on $node is for its own numbers, by hash" coord postgres <<EOF
CREATE TEMP TABLE events AS SELECT phone FROM consent_events_$node;
SELECT count(*) > 0
   AND count(*) FILTER (WHERE NOT (satisfies_hash_partition('contacts'::regclass, 4, $a, phone)
                                   OR satisfies_hash_partition('contacts'::regclass, 4, $b, phone))) = 0
FROM events;
EOF
	done
	plan "consent events of one number are read from one node" coord postgres \
		"scans:1" "remote:WHERE ((phone OPERATOR(public.=) '$one'))" <<EOF
SELECT action FROM consent_events WHERE phone = '$one';
EOF
	plan "the campaign is computed on the shards, next to the ledger" coord postgres \
		"scans:4" "remote:FROM public.campaign_0" "remote:FROM public.campaign_3" <<'EOF'
SELECT id, phone FROM campaign;
EOF
	check "the sharded campaign selects what one server's ledger selects" coord postgres <<'EOF'
SET TimeZone = 'UTC';
SELECT (SELECT md5(string_agg(id || ' ' || phone, ',' ORDER BY id)) FROM campaign)
     = (SELECT md5(string_agg(id || ' ' || phone, ',' ORDER BY id)) FROM contacts_local
        WHERE phone_can_contact(phone, 'sms', 'marketing', '2024-06-03 23:30+00'))
   AND (SELECT count(*) FROM campaign) > 0
   AND (SELECT count(*) FROM campaign) < (SELECT count(*) FROM contacts_local
        WHERE phone_consent_status(phone, 'sms', 'marketing', '2024-06-03 23:30+00') = 'granted');
EOF
else
	echo "skip - consent checks: this build has no consent ledger (phone_can_contact)"
fi

# ---------------------------------------------------------------------
# Logical replication
# ---------------------------------------------------------------------
echo "== logical replication"
sql coord postgres >/dev/null <<'EOF'
CREATE DATABASE pub;
EOF
sql shard1 postgres >/dev/null <<'EOF'
CREATE DATABASE sub_text;
CREATE DATABASE sub_binary;
EOF
setup coord pub "$here/sql/publisher.sql"
for mode in text binary; do
	setup shard1 "sub_$mode" "$here/sql/subscriber.sql" -v host="$HOST" \
		-v publisher_port="$port_coord" -v mode="$mode"
done

# the digest of the table: every column, and the binary form of the number
digest="SELECT count(*) || ' ' || md5(string_agg(phone || ' ' || encode(phone_send(phone), 'hex')
        || ' ' || phone::bigint || ' ' || id || ' ' || label, ',' ORDER BY phone)) FROM directory;"

for mode in text binary; do
	check "the $mode subscription is in $mode mode" shard1 "sub_$mode" <<EOF
SELECT subbinary = ('$mode' = 'binary') FROM pg_subscription WHERE subname = 'directory_$mode';
EOF
	wait_for shard1 "sub_$mode" <<'EOF' || true
SELECT count(*) > 0 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel;
EOF
	same "initial copy arrives identical ($mode)" coord pub shard1 "sub_$mode" <<<"$digest"
done

# changes after the copy are streamed: through send/recv in binary mode
sql coord pub >/dev/null <<'EOF'
INSERT INTO directory
SELECT phone, 1000 + n, 'added' FROM (
    SELECT n, phone_try_parse('+' || pre || substr(translate(md5('x' || n), 'abcdef', '012345'), 1, len)) phone
    FROM generate_series(0, 299) n,
         LATERAL (SELECT (ARRAY['1650', '447', '4989', '3902', '8180'])[n % 5 + 1] AS pre,
                         (ARRAY[7, 9, 8, 8, 8])[n % 5 + 1] AS len) c) s
WHERE phone IS NOT NULL
ON CONFLICT (phone) DO NOTHING;
UPDATE directory SET label = 'changed', id = id + 10000 WHERE phone ^@ '+44';
DELETE FROM directory WHERE phone ^@ '+81';
UPDATE directory SET phone = '+1 202 456 1111' WHERE id = (SELECT min(id) FROM directory WHERE label = 'added');
-- numbers that only the possible-length and the structure checks accept:
-- the subscribers, with default settings, apply them as stored
SET phone.validation = possible;
INSERT INTO directory VALUES ('+354 765 4321', 77777, 'possible later');
SET phone.validation = 'any';
INSERT INTO directory VALUES ('+1 415 000 0001', 88888, 'structural');
RESET phone.validation;
INSERT INTO directory VALUES ('+1 650 253 0000', 99999, 'marker');
EOF
for mode in text binary; do
	wait_for shard1 "sub_$mode" <<'EOF' || true
SELECT count(*) = 1 FROM directory WHERE label = 'marker';
EOF
	same "later changes arrive identical ($mode)" coord pub shard1 "sub_$mode" <<<"$digest"
done
check "the changes were there to replicate" coord pub <<'EOF'
SELECT count(*) FILTER (WHERE label = 'added') > 100 AND count(*) FILTER (WHERE label = 'changed') > 0
   AND count(*) FILTER (WHERE phone ^@ '+81') = 0 AND count(*) FILTER (WHERE phone = '+1 202 456 1111') = 1
   AND count(*) FILTER (WHERE label = 'structural' AND NOT phone_is_valid(phone)) = 1
FROM directory;
EOF
for mode in text binary; do
	check "the $mode subscriber never refused a change, default settings" shard1 "sub_$mode" <<EOF
SELECT s.apply_error_count = 0 AND s.sync_error_count = 0
       AND current_setting('phone.validation') = 'valid'
       AND (SELECT count(*) = 4 FROM directory WHERE NOT phone_is_valid(phone) AND label <> 'structural'
                                                  AND label <> 'possible later')
       AND (SELECT bool_and(intl IS NOT NULL) FROM directory)
FROM pg_stat_subscription_stats s WHERE s.subname = 'directory_$mode';
EOF
done
for mode in text binary; do
	sql shard1 "sub_$mode" >/dev/null <<EOF
DROP SUBSCRIPTION directory_$mode;
EOF
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
