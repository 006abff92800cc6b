#!/bin/sh
#
# test/upgrade/check-released.sh: the install script of every released
# version is the one that was released, byte for byte.
#
# For each line "HASH  phone--V.sql" of test/upgrade/released.sha256 (or
# of the file given as the first argument), phone--V.sql in the top
# directory of the tree (or the directory given as the second argument;
# built there by make, or committed there once frozen) must exist and have
# that SHA-256.  Prints one line per released script, then "N passed,
# M failed"; exits non-zero when one is missing or differs.  With no line
# in the file it says so and passes: nothing has been released yet.
#
# Usage: test/upgrade/check-released.sh [released.sha256 [directory]]
#
set -u
here=$(cd "$(dirname "$0")" && pwd)
list=${1:-$here/released.sha256}
dir=${2:-$here/../..}
status=0
n=0
bad=0
while read -r hash file rest; do
	case $hash in '#'*|'') continue ;; esac
	n=$((n + 1))
	if [ ! -f "$dir/$file" ]; then
		echo "FAILED - released script $file is missing (build it with make, or restore it from its tag)"
		status=1
		bad=$((bad + 1))
		continue
	fi
	actual=$(sha256sum "$dir/$file" | cut -d' ' -f1)
	if [ "$actual" = "$hash" ]; then
		echo "ok - released script $file is unchanged (sha256 $hash)"
	else
		echo "FAILED - released script $file has changed since its release: sha256 $actual, released $hash"
		echo "    a released version's objects can only change through a new version and an upgrade script"
		status=1
		bad=$((bad + 1))
	fi
done < "$list"
if [ $n = 0 ]; then
	echo "ok - no released version recorded in $(basename "$list") yet"
	n=1
fi
echo "$((n - bad)) passed, $bad failed"
exit $status
