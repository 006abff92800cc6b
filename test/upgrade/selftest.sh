#!/bin/bash
#
# test/upgrade/selftest.sh: the upgrade-path test and the released-script
# check can fail.
#
# In a temporary extension directory (the server reads it through
# extension_destdir, a setting of Debian's PostgreSQL packages; the
# installation is not touched) it fabricates a newer version NEW of the
# installed newest version BASE: phone--NEW.sql is phone--BASE.sql plus a
# function with a comment and a revoked EXECUTE.  Then it runs
# test/upgrade/run.sh on three fabricated update paths:
#
#   correct      phone--BASE--NEW.sql adds exactly that: must pass
#   incomplete   the update script forgets the comment and the REVOKE and
#                declares the function VOLATILE: must fail
#   missing      no update script at all: must fail (no path)
#
# and test/upgrade/check-released.sh on a copy of phone--BASE.sql, with a
# list holding its hash (must pass) and after one byte of it changed (must
# fail).  Prints "ok - ..." / "FAILED - ..." per case, "N passed, M failed";
# a case that fails as it must is an "ok" (what run.sh said is shown in full
# only when a case does not go as it must).
#
# Usage: test/upgrade/selftest.sh     (PG_CONFIG=..., as test/upgrade/run.sh)
#
set -u -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
sharedir=$("$PG_CONFIG" --sharedir) || exit 2
ext=$sharedir/extension
if [ ! -f "$ext/phone.control" ]; then
	echo "selftest: the phone extension is not installed in $sharedir (make install first)" >&2
	exit 2
fi
if ! grep -q extension_destdir "$sharedir/postgresql.conf.sample"; then
	echo "selftest: this PostgreSQL has no extension_destdir setting (Debian's packages have it)" >&2
	exit 2
fi
base=$(sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$ext/phone.control")
new=${base}a
stage=$(mktemp -d "${TMPDIR:-/tmp}/phone-upgrade-selftest.XXXXXX") || exit 2
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
dir=$stage$sharedir/extension
mkdir -p "$dir"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAILED - $1"; }

added="
CREATE FUNCTION phone_upgrade_selftest(phone) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN @extschema@.phone_region(\$1);
COMMENT ON FUNCTION phone_upgrade_selftest(phone) IS 'fabricated by the upgrade self-test';
REVOKE EXECUTE ON FUNCTION phone_upgrade_selftest(phone) FROM PUBLIC;"
incomplete="
CREATE FUNCTION phone_upgrade_selftest(phone) RETURNS text
    LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN @extschema@.phone_region(\$1);"
guard="\\echo Use \"ALTER EXTENSION phone UPDATE\" to load this file. \\quit"

# stage CASE: the extension directory for one case
stage_case()
{
	rm -f "$dir"/phone*
	sed "s/^\([[:space:]]*default_version[[:space:]]*=\).*/\1 '$new'/" "$ext/phone.control" > "$dir/phone.control"
	cp "$ext/phone--$base.sql" "$dir/"
	{ cat "$ext/phone--$base.sql"; echo "$added"; } > "$dir/phone--$new.sql"
	case $1 in
	correct) printf '%s\n%s\n' "$guard" "$added" > "$dir/phone--$base--$new.sql" ;;
	incomplete) printf '%s\n%s\n' "$guard" "$incomplete" > "$dir/phone--$base--$new.sql" ;;
	missing) ;;
	esac
	chmod -R a+rX "$stage"
}

# what run.sh said, in a line: its verdict, or the reason of its first failure
said() { echo "$1" | sed -n 's/^FAILED - [^:]*: //p' | head -1; }

for c in correct incomplete missing; do
	stage_case $c
	out=$(EXTENSION_DESTDIR=$stage PG_CONFIG=$PG_CONFIG bash "$here/run.sh" 2>&1)
	status=$?
	# run.sh's own lines are shown only when the case does not go as it
	# must: an expected failure is a pass here, not a FAILED line
	if [ $c = correct ]; then
		if [ $status = 0 ] && grep -q -F "ok - $base -> $new" <<<"$out"; then
			pass "a correct update script $base -> $new passes"
		else
			fail "a correct update script $base -> $new passes; test/upgrade/run.sh says:"
			echo "$out" | sed 's/^/    | /'
		fi
	elif [ $status = 1 ] && grep -q -F "FAILED - $base -> $new" <<<"$out"; then
		pass "the $c update path $base -> $new is refused: $(said "$out")"
	else
		fail "the $c update path $base -> $new is refused (status $status); test/upgrade/run.sh says:"
		echo "$out" | sed 's/^/    | /'
	fi
done

# the released-script check
mkdir -p "$stage/tree"
cp "$ext/phone--$base.sql" "$stage/tree/"
(cd "$stage/tree" && sha256sum "phone--$base.sql") > "$stage/released.sha256"
if sh "$here/check-released.sh" "$stage/released.sha256" "$stage/tree" >/dev/null; then
	pass "check-released passes for an unchanged phone--$base.sql"
else
	fail "check-released passes for an unchanged phone--$base.sql"
fi
echo "-- a change after the release" >> "$stage/tree/phone--$base.sql"
if sh "$here/check-released.sh" "$stage/released.sha256" "$stage/tree" >/dev/null; then
	fail "check-released fails for a changed phone--$base.sql"
else
	pass "check-released fails for a changed phone--$base.sql"
fi
rm "$stage/tree/phone--$base.sql"
if sh "$here/check-released.sh" "$stage/released.sha256" "$stage/tree" >/dev/null; then
	fail "check-released fails for a missing phone--$base.sql"
else
	pass "check-released fails for a missing phone--$base.sql"
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
