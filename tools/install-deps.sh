#!/bin/sh
# tools/install-deps.sh: install, from Debian's packages, what building and
# testing phone needs on Debian bookworm.  Run as root.
#
#   tools/install-deps.sh          build + regression tests + demo
#   tools/install-deps.sh --all    also fuzzing, PostgreSQL 17, packaging,
#                                  benchmarks (what `make test` runs), the
#                                  documentation, client and recipe tests
#                                  (python3 and psycopg, JDBC and a JDK,
#                                  node and npm, pgaudit, pg_cron)
set -eu

BASE="make gcc libc6-dev git ca-certificates postgresql-15 postgresql-server-dev-15 \
postgresql-contrib postgresql-common"
ALL="clang libclang-rt-14-dev debootstrap debhelper dpkg-dev fakeroot build-essential postgresql-all \
postgresql-server-dev-all unzip zip libphonenumber-dev g++ gnuplot-nox \
python3 python3-psycopg libpostgresql-jdbc-java default-jdk-headless \
postgresql-15-pgaudit postgresql-15-cron"

pkgs="$BASE"
if [ "${1:-}" = "--all" ]; then
	pkgs="$BASE $ALL"
	# node and npm for the client tests: Debian's, unless a node with its
	# own npm is installed already (NodeSource's nodejs conflicts with
	# Debian's npm)
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		pkgs="$pkgs nodejs npm"
	fi
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs
