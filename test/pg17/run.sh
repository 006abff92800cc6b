#!/bin/sh
#
# test/pg17/run.sh
#	  Build the extension and run its regression suite against PostgreSQL 17,
#	  inside a Debian trixie tree made with debootstrap.
#
# Usage: test/pg17/run.sh [SOURCE_DIR]
#
# SOURCE_DIR is the source tree to test (default: the tree this script is
# in).  It is only read: its files are copied into the trixie tree and built
# there with -Werror, installed there, and the regression suite runs there
# against a throwaway PostgreSQL 17 cluster (pg_virtualenv).
#
# The script is idempotent: the first run creates the tree (debootstrap,
# then apt-get install of PostgreSQL 17 and the build tools, a few minutes);
# later runs reuse it and only copy, build and test (well under a minute).
# Must run as root (debootstrap, chroot, mount).
#
# Environment:
#	PHONE_PG17_ROOT		the trixie tree (default /var/cache/phone-pg17/trixie)
#	PHONE_PG17_MIRROR	Debian mirror (default http://deb.debian.org/debian)
#	PHONE_PG17_OUT		where regression.diffs and the log are copied
#						(default SOURCE_DIR/test/build/pg17)
#	PHONE_PG17_PROFILE	compiler flags for the build
#						(default "-Wall -Wextra -Werror")
#	PHONE_PG17_UPGRADE	set to 1 to apt-get upgrade the tree first
#
# Exit status: 0 when the build and every regression test pass, non-zero
# otherwise.
#

set -eu

ROOT=${PHONE_PG17_ROOT:-/var/cache/phone-pg17/trixie}
MIRROR=${PHONE_PG17_MIRROR:-http://deb.debian.org/debian}
PROFILE=${PHONE_PG17_PROFILE:-"-Wall -Wextra -Werror"}
PACKAGES="postgresql-17 postgresql-server-dev-17 postgresql-common make gcc libc6-dev"
PG_CONFIG=/usr/lib/postgresql/17/bin/pg_config
BUILD=/build/phone			# inside the tree

say()
{
	echo "pg17: $*"
}

die()
{
	echo "pg17: error: $*" >&2
	exit 1
}

here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "${1:-$here/../..}" && pwd)
OUT=${PHONE_PG17_OUT:-$SRC/test/build/pg17}

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, mount)"
[ -f "$SRC/Makefile" ] || die "no Makefile in $SRC"

case "$ROOT" in
	/*) ;;
	*) die "PHONE_PG17_ROOT must be an absolute path" ;;
esac

start=$(date +%s)
mkdir -p "$(dirname "$ROOT")"

# One run at a time per tree: a second run waits for the first.
exec 9>"$ROOT.lock"
flock 9

# ---------------------------------------------------------------------
# 1. The trixie tree.  Built in ROOT.new and renamed when complete, so an
# interrupted debootstrap never leaves a half tree that looks finished.
# ---------------------------------------------------------------------
if [ ! -f "$ROOT/.phone-pg17-base" ]; then
	command -v debootstrap >/dev/null 2>&1 ||
		{ say "installing debootstrap"; apt-get install -y debootstrap >/dev/null; }
	say "debootstrap trixie into $ROOT (first run only)"
	# never delete through a mount left behind by a killed run
	if grep -q -E " ($ROOT|$ROOT\.new)(/| )" /proc/mounts; then
		die "something is still mounted under $ROOT; unmount it first"
	fi
	rm -rf --one-file-system "$ROOT.new" "$ROOT"
	debootstrap --variant=minbase trixie "$ROOT.new" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 ||
		{ tail -20 "$ROOT.debootstrap.log" >&2; die "debootstrap failed (log: $ROOT.debootstrap.log)"; }
	touch "$ROOT.new/.phone-pg17-base"
	mv "$ROOT.new" "$ROOT"
	say "debootstrap done after $(( $(date +%s) - start ))s"
fi

# ---------------------------------------------------------------------
# Mounts the tree needs while in use; undone on any exit.
# ---------------------------------------------------------------------
MOUNTS=""

mount_in()
{
	# mount_in TARGET ARGS...: mount unless already mounted, remember it
	target=$ROOT$1
	shift
	mkdir -p "$target"
	if ! mountpoint -q "$target"; then
		mount "$@" "$target"
		MOUNTS="$target $MOUNTS"
	fi
}

cleanup()
{
	status=$?
	set +e
	# stop anything still running inside the tree (a server left behind by
	# an interrupted test would keep the mounts busy)
	for p in /proc/[0-9]*; do
		if [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ]; then
			kill "${p#/proc/}" 2>/dev/null
		fi
	done
	for m in $MOUNTS; do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mount_in /proc -t proc proc
mount_in /sys -t sysfs sysfs
mount_in /dev -o bind /dev
mount_in /dev/pts -o bind /dev/pts
mount_in /dev/shm -t tmpfs -o mode=1777,size=256m shm
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true

in_root()
{
	chroot "$ROOT" /usr/bin/env -i \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# ---------------------------------------------------------------------
# 2. PostgreSQL 17 and the build tools.  The stamp holds the package list,
# so changing the list reinstalls.
# ---------------------------------------------------------------------
if [ "$(cat "$ROOT/.phone-pg17-packages" 2>/dev/null)" != "$PACKAGES" ] ||
	[ "${PHONE_PG17_UPGRADE:-0}" = 1 ]; then
	say "installing $PACKAGES"
	# no daemons may start inside the tree while packages install
	printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$ROOT/usr/sbin/policy-rc.d"
	# no default cluster: tests make their own
	mkdir -p "$ROOT/etc/postgresql-common/createcluster.d"
	echo "create_main_cluster = false" \
		>"$ROOT/etc/postgresql-common/createcluster.d/phone-pg17.conf"
	in_root apt-get -q update >/dev/null
	if [ "${PHONE_PG17_UPGRADE:-0}" = 1 ]; then
		in_root apt-get -q -y upgrade >/dev/null
	fi
	# shellcheck disable=SC2086 # PACKAGES is a list
	in_root apt-get -q -y --no-install-recommends install $PACKAGES \
		>"$ROOT.apt.log" 2>&1 ||
		{ tail -20 "$ROOT.apt.log" >&2; die "apt-get install failed (log: $ROOT.apt.log)"; }
	in_root apt-get clean
	echo "$PACKAGES" >"$ROOT/.phone-pg17-packages"
	say "packages done after $(( $(date +%s) - start ))s"
fi
[ -x "$ROOT$PG_CONFIG" ] || die "$PG_CONFIG missing in the tree"
say "PostgreSQL $(in_root "$PG_CONFIG" --version | sed 's/^PostgreSQL //'), $(in_root gcc --version | head -1)"

# ---------------------------------------------------------------------
# 3. Copy the source: the files git knows of plus untracked files that are
# not ignored, or, outside a git checkout, everything but build output.
# ---------------------------------------------------------------------
rm -rf --one-file-system "$ROOT$BUILD"
mkdir -p "$ROOT$BUILD"
if git -C "$SRC" -c safe.directory="$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$SRC" -c safe.directory="$SRC" ls-files -z --cached --others --exclude-standard |
		tr '\0' '\n' |
		grep -v -E '(^|/)node_modules/|^test/build/|^results/|(^|/)regression\.(diffs|out)$|\.(o|so|bc)$' |
		while IFS= read -r f; do
			# skip files deleted from the working tree but still in the index
			[ -f "$SRC/$f" ] || [ -L "$SRC/$f" ] && printf '%s\0' "$f"
		done |
		(cd "$SRC" && tar --null -T - -cf -) |
		tar -C "$ROOT$BUILD" -xf -
else
	(cd "$SRC" && tar --exclude=./.git --exclude=node_modules --exclude=./test/build \
		--exclude=./results --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
		--exclude=regression.diffs --exclude=regression.out -cf - .) |
		tar -C "$ROOT$BUILD" -xf -
fi
say "copied $(find "$ROOT$BUILD" -type f | wc -l) files from $SRC"

# ---------------------------------------------------------------------
# 4. Build with warnings as errors, install, and run the regression suite
# against a throwaway PostgreSQL 17 cluster.
# ---------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"

say "make (PROFILE=$PROFILE)"
if ! in_root make -C "$BUILD" PG_CONFIG="$PG_CONFIG" PROFILE="$PROFILE" \
	>"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	die "build failed on PostgreSQL 17"
fi
grep -E 'warning:' "$OUT/build.log" >&2 || true
in_root make -C "$BUILD" PG_CONFIG="$PG_CONFIG" install >"$OUT/install.log" 2>&1 ||
	{ cat "$OUT/install.log" >&2; die "make install failed"; }

say "installcheck against a temporary PostgreSQL 17 cluster"
set +e
in_root sh -c "cd $BUILD && pg_virtualenv -v 17 make PG_CONFIG=$PG_CONFIG installcheck" \
	>"$OUT/installcheck.log" 2>&1
rc=$?
set -e

# pg_regress's per-test lines and its summary
grep -E '^(ok|not ok|test |     |\+\+\+|# |[ ]*[0-9]+ of [0-9]+|All [0-9]+|=+$|[ ]+.*\.\.\. )' \
	"$OUT/installcheck.log" || cat "$OUT/installcheck.log"
for f in regression.diffs regression.out; do
	if [ -f "$ROOT$BUILD/$f" ]; then
		cp "$ROOT$BUILD/$f" "$OUT/$f"
	fi
done
if [ $rc -ne 0 ]; then
	if [ -f "$OUT/regression.diffs" ]; then
		head -200 "$OUT/regression.diffs" >&2
		say "differences: $OUT/regression.diffs" >&2
	else
		tail -30 "$OUT/installcheck.log" >&2
	fi
	say "FAILED on PostgreSQL 17 (log: $OUT/installcheck.log) after $(( $(date +%s) - start ))s" >&2
	exit 1
fi
say "passed on PostgreSQL 17 in $(( $(date +%s) - start ))s"
