#!/bin/sh
# tools/quickstart.sh: on a fresh Debian bookworm machine, as root: install
# the build dependencies, build and install phone, and run the demo on a
# throwaway PostgreSQL server (created and dropped by pg_virtualenv).
#
# Installing Debian's postgresql-15 package creates a cluster, 15/main, and
# starts it on port 5432 (and at every boot).  The demo does not need it.
# When this script's install created that cluster, it stops it and sets it
# to start only when asked (start.conf: manual), and says how to start it;
# with --keep-cluster it leaves it running, and says so.  A cluster that
# existed before is left as it was.
#
# Usage: tools/quickstart.sh [--keep-cluster]
set -eu
cd "$(dirname "$0")/.."
keep=no
case ${1:-} in
--keep-cluster) keep=yes ;;
'') ;;
*) echo "usage: tools/quickstart.sh [--keep-cluster]" >&2; exit 2 ;;
esac

# has_main: Debian's default cluster of PostgreSQL 15 exists
has_main() { command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 15 main 2>/dev/null)" ]; }
had_main=no
has_main && had_main=yes

tools/install-deps.sh
make
make install
demo/run.sh

echo
if [ $had_main = no ] && has_main; then
	if [ $keep = yes ]; then
		echo "Installing postgresql-15 created the cluster 15/main; it is running on port" \
			"$(pg_lsclusters -h 15 main | awk '{print $3}') and starts at boot (--keep-cluster)."
		echo "Use it: sudo -u postgres psql -c 'CREATE EXTENSION phone' (and 'CREATE EXTENSION phone_consent' for the consent ledger)"
	else
		pg_ctlcluster 15 main stop 2>/dev/null || true
		echo manual > /etc/postgresql/15/main/start.conf
		echo "Installing postgresql-15 created the cluster 15/main (port" \
			"$(pg_lsclusters -h 15 main | awk '{print $3}')); the demo did not need it, so it is" \
			"stopped and starts only when asked."
		echo "Start it:  sudo pg_ctlcluster 15 main start   (at every boot: echo auto > /etc/postgresql/15/main/start.conf)"
		echo "Drop it:   sudo pg_dropcluster 15 main"
	fi
fi
if command -v pg_lsclusters >/dev/null 2>&1; then
	running=$(pg_lsclusters -h | awk '$4 == "online" {print "  " $1 "/" $2 " on port " $3}')
	if [ -n "$running" ]; then
		echo "PostgreSQL clusters running now (pg_lsclusters):"
		echo "$running"
	else
		echo "No PostgreSQL cluster is running now (pg_lsclusters lists them)."
	fi
fi
