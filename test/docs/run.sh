#!/bin/bash
#
# test/docs/run.sh: every SQL block of README.md and doc/*.md runs as
# written and shows the results it gets (test/docs/check.py; the
# conventions for results, roles and set-up: test/docs/README.md).
#
# Starts a throwaway server from the PostgreSQL installation that
# PG_CONFIG names (else the pg_config on PATH; test/trusted/cluster.sh),
# creates the role doc_owner (LOGIN, no superuser, no CREATEROLE) that
# owns each file's database, and runs check.py on the files given (by
# default README.md and doc/*.md but doc/recipes.md, which make
# test-recipes checks on a server of its own).  First a self-test: check.py on
# test/docs/selftest.md, whose blocks are wrong on purpose, must report
# each of them (a checker that cannot fail checks nothing); those expected
# failures are counted as passes and not printed as FAILED.
#
# EXTENSION_DESTDIR=DIR runs the server with extension_destdir=DIR (a
# setting of Debian's PostgreSQL packages): the extension staged by
# make install DESTDIR=DIR, so the installation is not touched (this is
# what make test-docs does).  Otherwise the extension must be installed.
#
# DOCS_SHOW=1 prints what each statement gets, in the form of result
# comments, instead of checking (for writing a block).
#
# Then the demo (demo/demo.sql and demo/consent.sql, as tools/quickstart.sh
# runs them): it must finish without an error and fit a terminal of 100
# columns.
#
# Usage: test/docs/run.sh [FILE.md...]      (PG_CONFIG=..., EXTENSION_DESTDIR=...)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/test/trusted/cluster.sh"
trap cluster_stop EXIT
trap 'exit 130' INT TERM HUP
if [ -n "${EXTENSION_DESTDIR:-}" ]; then
	cluster_start -c "extension_destdir=$EXTENSION_DESTDIR"
else
	cluster_start
fi
PATH=$bindir:$PATH
"$bindir/psql" -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE doc_owner LOGIN" || exit 2

cd "$top"
if [ $# = 0 ]; then
	# doc/recipes.md needs a server that preloads pgaudit and pg_cron:
	# make test-recipes checks it
	set -- README.md $(ls doc/*.md | grep -v -x doc/recipes.md)
fi

if [ "${DOCS_SHOW:-}" ]; then
	python3 "$here/check.py" --show "$@"
	exit
fi
# A session time zone far from UTC: a block whose result depends on the
# reader's time zone must set its own (SET TimeZone).
export PGTZ=${PGTZ:-Pacific/Chatham}

echo "== self-test: the checker reports wrong blocks (test/docs/selftest.md)"
self=$(python3 "$here/check.py" --expect-failures 1 "$here/selftest.md" 2>&1)
echo "$self" | sed 's/^/    /'
echo "== the documentation: $*"
docs=$(python3 "$here/check.py" "$@" 2>&1)
echo "$docs" | grep -v '^[0-9]* passed, [0-9]* failed$'
echo "== the demo (demo/demo.sql, demo/consent.sql)"
dp=0
df=0
"$bindir/psql" -X -q -c "CREATE DATABASE demo" || exit 2
demo_out=$(cd demo && "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d demo -f demo.sql 2>&1 &&
	"$bindir/psql" -X -q -v ON_ERROR_STOP=1 -d demo -f consent.sql 2>&1)
if [ $? = 0 ] && ! echo "$demo_out" | grep -q 'ERROR:'; then
	dp=$((dp + 1)); echo "ok - the demo runs to its end ($(echo "$demo_out" | wc -l) lines)"
else
	df=$((df + 1)); echo "FAILED - the demo stops with an error:"; echo "$demo_out" | tail -20 | sed 's/^/    /'
fi
wide=$(echo "$demo_out" | awk 'length($0) > 100' | wc -l)
if [ "$wide" = 0 ]; then
	dp=$((dp + 1)); echo "ok - every line of the demo's output fits 100 columns"
else
	df=$((df + 1)); echo "FAILED - $wide lines of the demo's output are wider than 100 columns:"
	echo "$demo_out" | awk 'length($0) > 100' | head -5 | cut -c1-120 | sed 's/^/    /'
fi

# one verdict for the suite: the self-test's cases, the blocks, the demo
count() { echo "$1" | sed -n "s/^\([0-9]*\) passed, \([0-9]*\) failed$/\\$2/p" | tail -1; }
p1=$(count "$self" 1); f1=$(count "$self" 2); p2=$(count "$docs" 1); f2=$(count "$docs" 2)
if [ -z "$p1" ] || [ -z "$p2" ]; then
	echo "run.sh: the checker did not finish (see above)"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "documentation: $p2 passed, $f2 failed; self-test: $p1 passed, $f1 failed; demo: $dp passed, $df failed"
echo "$((p1 + p2 + dp)) passed, $((f1 + f2 + df)) failed"
[ $((f1 + f2 + df)) = 0 ]
