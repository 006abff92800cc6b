# test/trusted/cluster.sh: a throwaway PostgreSQL server for the script
# tests in test/trusted, test/memory and test/upgrade (sourced, not run).
#
# cluster_start [postgres options...] runs initdb and starts a server from
# the installation that PG_CONFIG names (else the pg_config on PATH), with
# its socket in a new temporary directory and no TCP listener, and exports
# PGHOST, PGPORT, PGUSER=postgres and PGDATABASE=postgres for psql.  As
# root the server runs as the user postgres.  The server is stopped and
# the directory removed on exit (cluster_stop).  The cluster is in UTF-8
# with the C.UTF-8 locale, whatever the environment's locale.  Sets:
# bindir, sharedir, cluster_tmp (the directory, owned by the server's user).

PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir) || { echo "cannot run $PG_CONFIG" >&2; exit 2; }
sharedir=$("$PG_CONFIG" --sharedir)
if [ "$(id -u)" = 0 ]; then
	as_owner() { runuser -u postgres -- "$@"; }
else
	as_owner() { "$@"; }
fi

cluster_tmp=
cluster_stop()
{
	if [ -n "$cluster_tmp" ] && [ -f "$cluster_tmp/data/postmaster.pid" ]; then
		as_owner "$bindir/pg_ctl" -D "$cluster_tmp/data" -m immediate -w stop >/dev/null 2>&1
	fi
	[ -n "$cluster_tmp" ] && rm -rf "$cluster_tmp"
	cluster_tmp=
}

cluster_start()
{
	local port
	cluster_tmp=$(mktemp -d "${TMPDIR:-/tmp}/phone-test.XXXXXX") || exit 2
	chmod 755 "$cluster_tmp"
	[ "$(id -u)" = 0 ] && chown postgres "$cluster_tmp"
	# UTF-8 and a locale every system has, whatever LANG says (with LANG
	# unset initdb would choose SQL_ASCII)
	if ! as_owner "$bindir/initdb" -D "$cluster_tmp/data" -A trust -U postgres \
		--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$cluster_tmp/initdb.log" 2>&1; then
		cat "$cluster_tmp/initdb.log" >&2
		echo "initdb failed" >&2
		exit 2
	fi
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + $$ % 20000 + RANDOM % 20000))
		if as_owner "$bindir/pg_ctl" -D "$cluster_tmp/data" -l "$cluster_tmp/server.log" \
			-w -t 60 -o "-p $port -k $cluster_tmp -c listen_addresses= -c fsync=off $*" \
			start >/dev/null 2>&1; then
			export PGHOST=$cluster_tmp PGPORT=$port PGUSER=postgres PGDATABASE=postgres
			return 0
		fi
	done
	tail -20 "$cluster_tmp/server.log" >&2
	echo "cannot start a server" >&2
	exit 2
}
