#!/bin/sh
# tools/check-versions.sh -- check that every place naming the version agrees
#
# Usage: tools/check-versions.sh [top-level directory]   (default: .)
#        tools/check-versions.sh --self-test [top-level directory]
#
# Two versions are in play:
#   extension version X.Y    phone.control default_version, the newest install
#                            script phone--X.Y.sql (a file at the top, or built
#                            by the Makefile: DATA_built), and the extension
#                            version phone_version() returns
#   release version X.Y.Z    META.json "version" and provides.phone.version,
#                            debian/changelog (X.Y.Z-N: the part before the
#                            Debian revision), and a CHANGES entry
# They agree when the release version is the extension version followed by
# one more number: extension 1.0 is released as 1.0.0, 1.0.1, ...; a release
# that changes SQL objects gets a new extension version (and an upgrade
# script phone--1.0--1.1.sql).
#
# Also checked: META.json provides.phone.file names the newest install script.
#
# Exits 0 when all agree, 1 listing each disagreement, 2 when a file cannot be
# read. Needs only sh, sed, sort and perl (JSON::PP).

set -u

# --self-test [top]: run the check on copies of the files with each version
# changed in turn (each must fail) and with all changed together (must pass).
if [ "${1:-}" = --self-test ]; then
	self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
	src=$(cd "${2:-.}" && pwd) || exit 2
	tmp=$(mktemp -d) || exit 2
	trap 'rm -rf "$tmp"' EXIT
	bad=0
	npass=0
	nfail=0
	cd "$src" || exit 2
	script=$({ ls phone--*.sql 2>/dev/null; grep -o 'phone--[0-9][0-9.]*[0-9]\.sql' Makefile 2>/dev/null; } |
		grep -E '^phone--[0-9]+(\.[0-9]+)*\.sql$' | sort -uV | tail -n 1)
	ext=$(echo "$script" | sed 's/^phone--\(.*\)\.sql$/\1/')
	rel=$(sed -n '1s/^[^ ]* (\([^)]*\)-[^)-]*).*/\1/p' debian/changelog)
	if ls src/sql/phone/*.sql >/dev/null 2>&1; then
		def=$(grep -l phone_version src/sql/phone/*.sql | head -n 1)
	else
		def=$script
	fi
	[ -n "$script" ] && [ -n "$ext" ] && [ -n "$rel" ] && [ -n "$def" ] ||
		{ echo "self-test: cannot find the install script, versions or phone_version() in $src" >&2; exit 2; }
	e=$(echo "$ext" | sed 's/\./\\./g')
	r=$(echo "$rel" | sed 's/\./\\./g')
	# case_ NAME EXPECT(pass|fail) SHELL-COMMANDS-RUN-IN-THE-COPY
	case_()
	{
		rm -rf "$tmp/t"
		mkdir -p "$tmp/t/debian" "$tmp/t/src"
		cp phone.control META.json CHANGES "$tmp/t/"
		cp debian/changelog "$tmp/t/debian/"
		[ ! -f Makefile ] || cp Makefile "$tmp/t/"
		for f in phone--*.sql; do [ ! -f "$f" ] || cp "$f" "$tmp/t/"; done
		[ ! -d src/sql ] || cp -R src/sql "$tmp/t/src/"
		(cd "$tmp/t" && eval "$3") ||
			{ echo "NOT OK: $1: setting it up failed" >&2; bad=1; nfail=$((nfail + 1)); return; }
		if sh "$self" "$tmp/t" >"$tmp/out" 2>&1; then got=pass; else got=fail; fi
		if [ "$got" = "$2" ]; then
			echo "ok: $1 ($got$( [ $got = pass ] || sed -n '1s/^check-versions/:/p' "$tmp/out"))"
			npass=$((npass + 1))
		else
			echo "NOT OK: $1: expected $2, got $got" >&2
			cat "$tmp/out" >&2
			bad=1
			nfail=$((nfail + 1))
		fi
	}
	case_ "files as they are" pass ":"
	case_ "phone.control default_version" fail "sed -i \"s/'$e'/'9.9'/\" phone.control"
	case_ "newer install script" fail "sed \"s/'$e\\([ ']\\)/'9.9\\1/\" $def > phone--9.9.sql"
	case_ "phone_version() literal" fail "sed -i \"s/'$e\\([ ']\\)/'9.9\\1/\" $def"
	case_ "no phone_version()" fail "sed -i 's/phone_version/phone_vers/g' $def"
	case_ "phone_version() in C" fail "perl -0pi -e 's/(FUNCTION\s+\S*phone_version\s*\([^()]*\)).*?;/\1 RETURNS text AS \x27MODULE_PATHNAME\x27 LANGUAGE C;/s' $def"
	case_ "META.json version" fail "perl -0pi -e 's/(\"version\"\\s*:\\s*)\"$r\"/\\1\"9.9.9\"/' META.json"
	case_ "META.json provides version" fail "perl -0pi -e 's/(\"file\".*?\"version\"\\s*:\\s*)\"$r\"/\\1\"9.9.9\"/s' META.json"
	case_ "META.json provides file" fail "sed -i 's/\"$script\"/\"phone.sql\"/' META.json"
	case_ "META.json not JSON" fail "echo '{' > META.json"
	case_ "debian/changelog version" fail "sed -i '1s/($r-/(9.9.9-/' debian/changelog"
	case_ "CHANGES entry" fail "sed -i 's/^$r/9.9.9/' CHANGES"
	case_ "release not extension plus one number" fail \
		"sed -i 's/\"$r\"/\"9.9.9\"/g' META.json; sed -i '1s/($r-/(9.9.9-/' debian/changelog; echo '9.9.9' >> CHANGES"
	case_ "everything bumped together" pass \
		"sed -i \"s/'$e\\([ ']\\)/'9.9\\1/\" $def; sed -i \"s/'$e'/'9.9'/\" phone.control; \
		 if [ -f Makefile ]; then sed -i 's/$script/phone--9.9.sql/g' Makefile; fi; \
		 if [ -f $script ]; then cp $def phone--9.9.sql; fi; \
		 sed -i 's/\"$r\"/\"9.9.0\"/g; s/\"$script\"/\"phone--9.9.sql\"/' META.json; \
		 sed -i '1s/($r-/(9.9.0-/' debian/changelog; echo '9.9.0' >> CHANGES"
	echo "check-versions: $npass passed, $nfail failed"
	exit $bad
fi

top=${1:-.}
cd "$top" || exit 2

errors=0
fail()
{
	echo "check-versions: $*" >&2
	errors=$((errors + 1))
}

for f in phone.control META.json debian/changelog CHANGES; do
	if [ ! -r "$f" ]; then
		echo "check-versions: cannot read $f" >&2
		exit 2
	fi
done

# phone.control: default_version = '1.0'
control_version=$(sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" phone.control)
[ -n "$control_version" ] || fail "phone.control has no default_version"

# Newest install script phone--X.Y.sql (upgrade scripts phone--A--B.sql are
# not install scripts).
# The install script may be built (the Makefile names it), so a clean checkout
# need not hold it: take the names of both.
newest_script=$({ ls phone--*.sql 2>/dev/null; grep -o 'phone--[0-9][0-9.]*[0-9]\.sql' Makefile 2>/dev/null; } |
	grep -E '^phone--[0-9]+(\.[0-9]+)*\.sql$' | sort -uV | tail -n 1)
if [ -z "$newest_script" ]; then
	fail "no install script phone--X.Y.sql"
	script_version=
else
	script_version=$(echo "$newest_script" | sed 's/^phone--\(.*\)\.sql$/\1/')
fi

# META.json: version, provides.phone.version, provides.phone.file
meta=$(perl -MJSON::PP -e '
	local $/;
	open my $f, "<", "META.json" or die "META.json: $!\n";
	my $m = eval { decode_json(<$f>) } or die "META.json is not valid JSON: $@";
	my $p = ($m->{provides} || {})->{phone} || {};
	print join("\n", $m->{version} // "", $p->{version} // "", $p->{file} // ""), "\n";
') || exit 2
meta_version=$(echo "$meta" | sed -n 1p)
meta_provides_version=$(echo "$meta" | sed -n 2p)
meta_provides_file=$(echo "$meta" | sed -n 3p)

# debian/changelog: first line "phone (1.0.0-1) ..."; drop epoch and revision
deb_full=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' debian/changelog)
deb_version=$(echo "$deb_full" | sed 's/^[0-9]*://; s/-[^-]*$//')
[ -n "$deb_version" ] || fail "debian/changelog: cannot read the version on its first line"

# The extension version phone_version() returns, read from its definition:
# the first word of the first string constant in the body of a SQL-language
# function (SELECT '1.0'::text, ... for the OUT parameters (extension,
# metadata); or RETURN '1.0 (metadata 9.0.40)'). The definition is read from
# the parts the install script is built from (src/sql/phone/*.sql) when there are
# any, else from the newest install script. A definition in C is reported as
# a disagreement: this check would have to learn where to read it.
func_version=
if ls src/sql/phone/*.sql >/dev/null 2>&1; then
	def_files=$(ls src/sql/phone/*.sql)
	def_name="src/sql/phone/*.sql"
elif [ -n "$newest_script" ] && [ -f "$newest_script" ]; then
	def_files=$newest_script
	def_name=$newest_script
else
	def_files=
	def_name=
	[ -z "$newest_script" ] || fail "$newest_script is neither a file nor built from src/sql/phone/*.sql; cannot read phone_version()"
fi
if [ -n "$def_files" ]; then
	func_version=$(perl -e '
		local $/;
		my $sql = join("\n", <>);
		# Drop comments that could hide or fake a definition.
		$sql =~ s/--[^\n]*//g;
		$sql =~ s{/\*.*?\*/}{}gs;
		# The CREATE FUNCTION statement, up to the ";" that ends it: skip
		# string constants and dollar-quoted bodies.
		$sql =~ /\bCREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(?:[\w"@]+\.)?"?phone_version"?\s*\([^()]*\)/gi
			or do { print "NOFUNC\n"; exit 0 };
		my $stmt = "";
		pos($sql) = $+[0];
		while ($sql =~ /\G((?:\$(\w*)\$.*?\$\2\$)|(?:\x27(?:[^\x27]|\x27\x27)*\x27)|[^;\x27\$]+|\$)/gcs)
		{
			$stmt .= $1;
		}
		if ($stmt =~ /\bLANGUAGE\s+\x27?c\x27?\b/i)
		{
			print "C\n";
			exit 0;
		}
		# First string constant in the body (dollar-quoted or quoted).
		my $body = $stmt;
		if ($body =~ /\$(\w*)\$(.*?)\$\1\$/s) { $body = $2; }
		if ($body =~ /\x27((?:[^\x27]|\x27\x27)*)\x27/) { my $s = $1; $s =~ /^\s*(\S+)/ and print "$1\n"; exit 0; }
		print "NOSTRING\n";
	' $def_files)
	case $func_version in
	NOFUNC)
		fail "$def_name does not define phone_version()"
		func_version= ;;
	NOSTRING)
		fail "$def_name: phone_version() has no string constant to read the version from"
		func_version= ;;
	C)
		fail "$def_name: phone_version() is in C; this check reads the version from a SQL-language definition"
		func_version= ;;
	esac
fi

# Compare. The extension version is the one in phone.control.
ext=$control_version
if [ -n "$ext" ]; then
	[ -z "$script_version" ] || [ "$script_version" = "$ext" ] ||
		fail "newest install script is $newest_script, phone.control default_version is '$ext'"
	[ -z "$func_version" ] || [ "$func_version" = "$ext" ] ||
		fail "phone_version() returns version '$func_version', phone.control default_version is '$ext'"
fi

# Release versions: META.json is the reference.
rel=$meta_version
if [ -z "$rel" ]; then
	fail "META.json has no version"
else
	echo "$rel" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' ||
		fail "META.json version '$rel' is not X.Y.Z"
	[ "$meta_provides_version" = "$rel" ] ||
		fail "META.json provides.phone.version is '$meta_provides_version', META.json version is '$rel'"
	[ "$deb_version" = "$rel" ] ||
		fail "debian/changelog version is '$deb_full' (upstream part '$deb_version'), META.json version is '$rel'"
	grep -Eq "^$(echo "$rel" | sed 's/\./\\./g')([^0-9.]|\$)" CHANGES ||
		fail "CHANGES has no entry starting with '$rel'"
	if [ -n "$ext" ] && [ "${rel%.*}" != "$ext" ]; then
		fail "release version '$rel' (META.json) is not extension version '$ext' (phone.control) plus one number"
	fi
fi
[ -z "$newest_script" ] || [ "$meta_provides_file" = "$newest_script" ] ||
	fail "META.json provides.phone.file is '$meta_provides_file', the newest install script is '$newest_script'"

if [ "$errors" -ne 0 ]; then
	echo "check-versions: $errors disagreement(s)" >&2
	exit 1
fi
echo "check-versions: extension $ext, release $rel: phone.control, $newest_script, phone_version(), META.json, debian/changelog ($deb_full) and CHANGES agree"
exit 0
