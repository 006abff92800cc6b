#!/bin/sh
# tools/update-metadata.sh
#	Regenerate src/data/numplan_data.c from the numbering-plan metadata, and
#	src/data/unicode_digits.h from the Unicode Character Database, both pinned
#	in tools/package.json, and src/sql/phone_consent/holidays.sql from the holiday
#	calendars pinned in tools/holidays/package.json (see doc/metadata.md).
#	Needs node, npm and a C compiler (cc, or $CC).
#
#	Installs the pinned packages exactly as locked (npm ci), runs the
#	generators, which verify what they write and fail on anything they do
#	not understand, and only then replaces the files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out="$top/src/data/numplan_data.c"
tmp="$out.tmp.$$"
uout="$top/src/data/unicode_digits.h"
utmp="$uout.tmp.$$"

trap 'rm -f "$tmp" "$utmp"' EXIT INT TERM

cd "$here"
npm ci --no-audit --no-fund
node gen_numplan_data.js > "$tmp"
node gen_unicode_digits.mjs > "$utmp"
mv "$tmp" "$out"
mv "$utmp" "$uout"
trap - EXIT INT TERM

echo "src/data/numplan_data.c and src/data/unicode_digits.h regenerated."

# The public holidays of the calling windows (src/sql/phone_consent/holidays.sql),
# from the date-holidays version pinned in tools/holidays/package.json
hol="$top/src/sql/phone_consent/holidays.sql"
holtmp="$hol.tmp.$$"
trap 'rm -f "$holtmp"' EXIT INT TERM
(cd "$here/holidays" && npm ci --no-audit --no-fund)
node "$here/holidays/gen_holidays.js" > "$holtmp"
mv "$holtmp" "$hol"
trap - EXIT INT TERM
echo "src/sql/phone_consent/holidays.sql regenerated."
if command -v git >/dev/null 2>&1 && git -C "$top" rev-parse >/dev/null 2>&1; then
	git -C "$top" diff --stat -- src/data/numplan_data.c src/data/unicode_digits.h src/sql/phone_consent/holidays.sql || true
fi
echo "A calling code new in the data goes into src/core/numplan_history.c too (one
withdrawn stays there); then run the test suite (make test-numplan, then
make test) before committing."
