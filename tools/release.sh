#!/bin/sh
#
# tools/release.sh: the release targets of mk/release.mk (doc/packaging.md)
#
#   dist TOP REV NAME        NAME.zip in the current directory: git archive of
#                            commit REV of the tree TOP, after checking that
#                            every file META.json names is in REV or built by
#                            its Makefile
#   test-dist NAME INSTALL   unpack NAME.zip of the current directory in a
#                            temporary directory, build it, install it (INSTALL
#                            staged: under that directory; system: make
#                            install) and run make installcheck against it on a
#                            throwaway server
#   deb TOP REV OUTDIR       the Debian packages of commit REV, into OUTDIR
#   test-deb TOP REV OUTDIR  install the packages of OUTDIR (root) and run the
#                            package's autopkgtest against them
#
# PG_CONFIG and DPKG_BUILDPACKAGE_FLAGS come from the environment; make
# passes its command-line variables on (MAKEFLAGS).
set -e
cmd=$1
shift

# new_tmp PREFIX: a temporary directory readable by the postgres user,
# removed on exit; sets $tmp
new_tmp()
{
	tmp=$(mktemp -d -t "$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	chmod 755 "$tmp"
}

# note_uncommitted WHAT: HEAD is archived, not the work tree
note_uncommitted()
{
	if [ "$rev" = HEAD ] && [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
		echo "$cmd: note: uncommitted changes are not in $1" >&2
	fi
}

# Export commit $rev into directory $tmp/phone-<upstream version>, with the
# orig tarball next to it (source format 3.0 (quilt)); sets $src.
deb_export()
{
	git -C "$top" rev-parse --verify --quiet "$rev^{commit}" >/dev/null ||
		{ echo "deb: $rev is not a commit; the package is built from git, commit first" >&2; exit 1; }
	upstream=$(git -C "$top" show "$rev:debian/changelog" |
		sed -n '1s/^[^ ]* (\([0-9]*:\)\{0,1\}\([^)]*\)-[^)-]*).*/\2/p')
	[ -n "$upstream" ] || { echo "deb: cannot read the upstream version in debian/changelog" >&2; exit 1; }
	git -C "$top" archive --format=tar --prefix="phone-$upstream/" "$rev" |
		gzip -n -9 > "$tmp/phone_$upstream.orig.tar.gz"
	tar -xzf "$tmp/phone_$upstream.orig.tar.gz" -C "$tmp"
	src="$tmp/phone-$upstream"
}

case $cmd in
dist)
	top=$1 rev=$2 name=$3
	git -C "$top" rev-parse --verify --quiet "$rev^{commit}" >/dev/null ||
		{ echo "dist: $rev is not a commit; the archive is made from git, commit first" >&2; exit 1; }
	note_uncommitted "$name.zip, it holds the committed HEAD"
	for f in $(perl -MJSON::PP -e 'local $/; open my $f, "<", "'"$top"'/META.json" or die; my $m = decode_json(<$f>); print join(" ", map { grep { defined } @$_{qw(file docfile)} } values %{$m->{provides}})'); do
		git -C "$top" cat-file -e "$rev:$f" 2>/dev/null ||
			git -C "$top" show "$rev:Makefile" 2>/dev/null | grep -qF "$f" ||
			{ echo "dist: META.json names $f, which is neither in $rev nor built by its Makefile" >&2; exit 1; }
	done
	echo "git -C $top archive --format zip --prefix=$name/ -o $PWD/$name.zip $rev"
	git -C "$top" archive --format zip --prefix="$name/" -o "$PWD/$name.zip" "$rev"
	echo "dist: wrote $name.zip ($rev = $(git -C "$top" rev-parse --short "$rev"))"
	;;
test-dist)
	name=$1 mode=$2 zip="$PWD/$1.zip"
	pgc=$(command -v "${PG_CONFIG:-pg_config}") ||
		{ echo "test-dist: ${PG_CONFIG:-pg_config} not found" >&2; exit 1; }
	major=$("$pgc" --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
	new_tmp phone-test-dist
	cd "$tmp"
	unzip -q "$zip"
	cd "$name"
	echo "test-dist: building $name.zip in $tmp for PostgreSQL $major"
	make PG_CONFIG="$pgc"
	if [ "$mode" = staged ] && ! grep -q extension_destdir "$("$pgc" --sharedir)/postgresql.conf.sample"; then
		echo "test-dist: this PostgreSQL has no extension_destdir, installing for real"
		mode=system
	fi
	if [ "$mode" = staged ]; then
		stage="$tmp/stage"
		make install PG_CONFIG="$pgc" DESTDIR="$stage"
		set -- -o "extension_destdir=$stage" \
			-o "dynamic_library_path=$stage$("$pgc" --pkglibdir):$("$pgc" --pkglibdir)"
	else
		make install PG_CONFIG="$pgc"
		set --
	fi
	if ! pg_virtualenv -t -v "$major" "$@" make installcheck PG_CONFIG="$pgc"; then
		[ ! -f regression.diffs ] || cat regression.diffs
		echo "test-dist: installcheck of $name.zip FAILED" >&2
		exit 1
	fi
	echo "test-dist: $name.zip builds, installs and passes installcheck"
	;;
deb)
	top=$1 rev=$2 out=$3
	new_tmp phone-deb
	deb_export
	note_uncommitted "the package, it is built from the committed HEAD"
	echo "deb: building in $src"
	(cd "$src" && PG_UPDATECONTROL=yes dpkg-buildpackage ${DPKG_BUILDPACKAGE_FLAGS:--us -uc}) ||
		{ echo "deb: dpkg-buildpackage FAILED" >&2; exit 1; }
	rm -rf "$out"
	mkdir -p "$out"
	find "$tmp" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.ddeb' -o -name '*.dsc' \
		-o -name '*.tar.*' -o -name '*.changes' -o -name '*.buildinfo' \) -exec cp {} "$out"/ \;
	echo "deb: packages in $out:"
	ls -1 "$out"
	;;
test-deb)
	top=$1 rev=$2 out=$3
	debs=$(ls "$out"/postgresql-*-phone_*.deb 2>/dev/null || true)
	[ -n "$debs" ] || { echo "test-deb: no postgresql-*-phone package in $out; run make deb first" >&2; exit 1; }
	[ "$(id -u)" = 0 ] || { echo "test-deb: installing the packages needs root" >&2; exit 1; }
	echo "test-deb: installing" $debs
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends --reinstall $debs
	new_tmp phone-test-deb
	deb_export
	cd "$src"
	echo "test-deb: running debian/tests/installcheck against the installed package(s)"
	debian/tests/installcheck ||
		{ echo "test-deb: installcheck against the installed package FAILED" >&2; exit 1; }
	echo "test-deb: installed package(s) pass installcheck:" \
		$(dpkg-query -W -f '${Package}=${Version} ' 'postgresql-*-phone' 2>/dev/null)
	;;
*)
	echo "usage: tools/release.sh dist|test-dist|deb|test-deb ..." >&2
	exit 2
	;;
esac
