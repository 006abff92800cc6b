#!/bin/sh
# test/symbols.sh LIBRARY SCRIPT...
#	The shared library exports what the server looks up and nothing else:
#	Pg_magic_func, _PG_init, and for each C function that an install or
#	update script names (AS 'MODULE_PATHNAME', 'name') the function and its
#	pg_finfo_ record (phone_consent's script names the library as
#	'$libdir/phone').  Prints the differences; exits non-zero on any.
#	Also checks that the glue (src/pg) includes no header of the core
#	(src/core) but its public one, phone_core.h.
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

# The glue includes the core's public header only
top=$(dirname "$0")/..
for h in "$top"/src/core/*.h; do
	name=$(basename "$h")
	[ "$name" = phone_core.h ] && continue
	users=$(grep -l "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]\([^\">]*/\)\{0,1\}$name[\">]" \
		"$top"/src/pg/*.c "$top"/src/pg/*.h || true)
	if [ -n "$users" ]; then
		echo "symbols: the glue includes src/core/$name, not only phone_core.h:"
		echo "$users" | sed 's/^/	/'
		status=1
	fi
done
[ $status = 1 ] || echo "symbols: src/pg includes phone_core.h alone of the core's headers"
exit $status
