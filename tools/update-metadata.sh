#!/bin/sh
# tools/update-metadata.sh
#	Regenerate src/plan_data.c from the numbering-plan metadata pinned in
#	tools/package.json, and src/sql/consent_holidays.sql from the holiday
#	calendars pinned in tools/holidays/package.json (see doc/metadata.md).
#	Needs node and npm.
#
#	Installs the pinned packages exactly as locked (npm ci), runs the
#	generator, which verifies what it writes and fails on anything it does
#	not understand, and only then replaces src/plan_data.c.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out="$top/src/plan_data.c"
tmp="$out.tmp.$$"

trap 'rm -f "$tmp"' EXIT INT TERM

cd "$here"
npm ci --no-audit --no-fund
node gen_plan_data.js > "$tmp"
mv "$tmp" "$out"
trap - EXIT INT TERM

echo "src/plan_data.c regenerated."

# The public holidays of the calling windows (src/sql/consent_holidays.sql),
# from the date-holidays version pinned in tools/holidays/package.json
hol="$top/src/sql/consent_holidays.sql"
holtmp="$hol.tmp.$$"
trap 'rm -f "$holtmp"' EXIT INT TERM
(cd "$here/holidays" && npm ci --no-audit --no-fund)
node "$here/holidays/gen_holidays.js" > "$holtmp"
mv "$holtmp" "$hol"
trap - EXIT INT TERM
echo "src/sql/consent_holidays.sql regenerated."
if command -v git >/dev/null 2>&1 && git -C "$top" rev-parse >/dev/null 2>&1; then
	git -C "$top" diff --stat -- src/plan_data.c src/sql/consent_holidays.sql || true
fi
echo "A calling code new in the data goes into src/plan_history.c too (one
withdrawn stays there); then run the test suite (make test-plan, then
make test) before committing."
