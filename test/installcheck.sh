#!/bin/sh
# test/installcheck.sh MAKE [ENCODING TESTS]...
#	Runs the regression suite on the server of PGHOST/PGPORT (make
#	installcheck-throwaway and installcheck-encodings start one with
#	pg_virtualenv), from the top of the tree; MAKE is the make to run.
#	Without arguments after MAKE: the whole suite in a database of the
#	server's encoding; shows the differences if any and the count
#	"N passed, M failed".  With pairs ENCODING TESTS: the given tests in a
#	database of each encoding in turn (without a locale), all pairs even
#	when one fails.  Exits non-zero when a test failed.
make=$1
shift
if [ $# = 0 ]; then
	out=$($make installcheck 2>&1)
	status=$?
	echo "$out"
	[ $status = 0 ] || { test -f regression.diffs && cat regression.diffs; }
	# pg_regress up to 15: "test NAME ... ok"; from 16, TAP: "ok N - NAME"
	p=$(echo "$out" | grep -Ec ' \.\.\. ok |^ok [0-9]+ ')
	f=$(echo "$out" | grep -Ec ' \.\.\. FAILED|^not ok [0-9]+ ')
	[ $status = 0 ] || [ "$f" -gt 0 ] || f=1
	echo "$p passed, $f failed"
	exit $status
fi
status=0
while [ $# -ge 2 ]; do
	$make installcheck REGRESS="$2" EXTRA_REGRESS_OPTS="--encoding=$1 --no-locale" || {
		echo "== FAILED in a $1 database"
		cat regression.diffs
		status=1
	}
	shift 2
done
exit $status
