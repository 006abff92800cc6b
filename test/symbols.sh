#!/bin/sh
# test/symbols.sh LIBRARY SCRIPT...
#	The shared library exports what the server looks up and nothing else:
#	Pg_magic_func, _PG_init, and for each C function that an install or
#	update script names (AS 'MODULE_PATHNAME', 'name') the function and its
#	pg_finfo_ record (phone_consent's script names the library as
#	'$libdir/phone').  Prints the differences; exits non-zero on any.
set -eu
lib=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
	echo Pg_magic_func
	echo _PG_init
	sed -n "s/.*'\(MODULE_PATHNAME\|\$libdir\/phone\)', *'\([A-Za-z0-9_]*\)'.*/\2/p" "$@" |
		while read -r f; do echo "$f"; echo "pg_finfo_$f"; done
} | LC_ALL=C sort -u > "$tmp/expected"
nm -D --defined-only "$lib" | awk '{ print $NF }' | LC_ALL=C sort -u > "$tmp/exported"

status=0
extra=$(LC_ALL=C comm -13 "$tmp/expected" "$tmp/exported")
missing=$(LC_ALL=C comm -23 "$tmp/expected" "$tmp/exported")
if [ -n "$extra" ]; then
	echo "symbols: $lib exports what no script calls:"; echo "$extra" | sed 's/^/	/'; status=1
fi
if [ -n "$missing" ]; then
	echo "symbols: $lib lacks what a script calls:"; echo "$missing" | sed 's/^/	/'; status=1
fi
[ $status = 1 ] || echo "symbols: $lib exports $(wc -l < "$tmp/exported") symbols, as expected"
exit $status
