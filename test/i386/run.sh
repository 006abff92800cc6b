#!/bin/sh
#
# test/i386/run.sh
#	  Build the extension and run its regression suite on a 32-bit system:
#	  PostgreSQL 15 in a Debian bookworm i386 tree made with debootstrap.
#
# Usage: test/i386/run.sh [SOURCE_DIR]
#
# On i386 a Datum is 4 bytes, so int8 and with it phone (declared LIKE
# int8) are passed by reference, and what PostgreSQL offers only where a
# Datum holds 8 bytes (ssup_datum_signed_cmp) is not there.  SOURCE_DIR is
# the source tree to test (default: the tree this script is in); it is
# only read: its files are copied into the tree, built there with -Werror,
# installed there, and the regression suite runs there against a throwaway
# PostgreSQL 15 cluster (pg_virtualenv).  The suite's expected hash values
# are the same as on 64-bit systems: hashing is PostgreSQL's hashint8.
#
# The script is idempotent: the first run creates the tree (debootstrap,
# then apt-get install of PostgreSQL 15 and the build tools, a few minutes);
# later runs reuse it and only copy, build and test (about a minute).
# Must run as root (debootstrap, chroot, mount).  On a kernel that does
# not run 32-bit x86 programs, they run under qemu-user-static (see
# runs_i386 below), which makes the suite slower but no different.
#
# Environment:
#	PHONE_I386_ROOT		the tree (default /var/cache/phone-i386/bookworm)
#	PHONE_I386_MIRROR	Debian mirror (default http://deb.debian.org/debian)
#	PHONE_I386_OUT		where regression.diffs and the logs are copied
#						(default SOURCE_DIR/test/build/i386)
#	PHONE_I386_PROFILE	compiler flags for the build
#						(default "-Wall -Wextra -Werror")
#	PHONE_I386_UPGRADE	set to 1 to apt-get upgrade the tree first
#	PHONE_I386_QEMU		set to no to fail rather than emulate i386
#
# Exit status: 0 when the build and every regression test pass, non-zero
# otherwise.
#

set -eu

ROOT=${PHONE_I386_ROOT:-/var/cache/phone-i386/bookworm}
MIRROR=${PHONE_I386_MIRROR:-http://deb.debian.org/debian}
PROFILE=${PHONE_I386_PROFILE:-"-Wall -Wextra -Werror"}
PACKAGES="postgresql-15 postgresql-server-dev-15 postgresql-common make gcc libc6-dev"
PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
BUILD=/build/phone			# inside the tree

say()
{
	echo "i386: $*"
}

die()
{
	echo "i386: error: $*" >&2
	exit 1
}

here=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "${1:-$here/../..}" && pwd)
OUT=${PHONE_I386_OUT:-$SRC/test/build/i386}

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, mount)"
[ -f "$SRC/Makefile" ] || die "no Makefile in $SRC"

case "$ROOT" in
	/*) ;;
	*) die "PHONE_I386_ROOT must be an absolute path" ;;
esac

# runs_i386 TREE: true when the programs of TREE run.  A kernel without
# 32-bit support (CONFIG_IA32_EMULATION off, or ia32_emulation=0) runs none;
# then, unless PHONE_I386_QEMU=no, run them through qemu-user-static
# (installed with apt when missing) by registering a binfmt_misc handler
# for i386 programs.  That handler is global to the machine and stays
# registered; it is used only for programs the kernel cannot run.
runs_i386()
{
	chroot "$1" /bin/true 2>/dev/null && return 0
	[ "${PHONE_I386_QEMU:-yes}" != no ] || return 1
	say "the kernel runs no i386 programs: emulating them with qemu-i386-static"
	[ -x /usr/bin/qemu-i386-static ] ||
		apt-get install -y -q qemu-user-static >/dev/null 2>&1 || return 1
	[ -f /proc/sys/fs/binfmt_misc/register ] ||
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || return 1
	if [ ! -f /proc/sys/fs/binfmt_misc/phone-qemu-i386 ]; then
		# ELF 32-bit little-endian, machine 3 (i386); F: the kernel keeps
		# the emulator open, so it works inside the chroot
		printf '%s' ':phone-qemu-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-i386-static:F' \
			>/proc/sys/fs/binfmt_misc/register || return 1
	fi
	chroot "$1" /bin/true
}

start=$(date +%s)
mkdir -p "$(dirname "$ROOT")"

# One run at a time per tree: a second run waits for the first.
exec 9>"$ROOT.lock"
flock 9

# ---------------------------------------------------------------------
# 1. The bookworm i386 tree.  Built in ROOT.new and renamed when complete, so an
# interrupted debootstrap never leaves a half tree that looks finished.
# ---------------------------------------------------------------------
if [ ! -f "$ROOT/.phone-i386-base" ]; then
	command -v debootstrap >/dev/null 2>&1 ||
		{ say "installing debootstrap"; apt-get install -y debootstrap >/dev/null; }
	say "debootstrap bookworm i386 into $ROOT (first run only)"
	# never delete through a mount left behind by a killed run
	if grep -q -E " ($ROOT|$ROOT\.new)(/| )" /proc/mounts; then
		die "something is still mounted under $ROOT; unmount it first"
	fi
	rm -rf --one-file-system "$ROOT.new" "$ROOT"
	# first stage: download and unpack, nothing run inside the tree yet
	debootstrap --foreign --arch=i386 --variant=minbase bookworm "$ROOT.new" "$MIRROR" \
		>"$ROOT.debootstrap.log" 2>&1 ||
		{ tail -20 "$ROOT.debootstrap.log" >&2; die "debootstrap failed (log: $ROOT.debootstrap.log)"; }
	runs_i386 "$ROOT.new" ||
		die "this kernel runs no i386 programs, and no emulator could be set up (see PHONE_I386_QEMU above)"
	chroot "$ROOT.new" /debootstrap/debootstrap --second-stage >>"$ROOT.debootstrap.log" 2>&1 ||
		{ tail -20 "$ROOT.debootstrap.log" >&2; die "debootstrap failed (log: $ROOT.debootstrap.log)"; }
	touch "$ROOT.new/.phone-i386-base"
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
# 2. PostgreSQL 15 and the build tools.  The stamp holds the package list,
# so changing the list reinstalls.
# ---------------------------------------------------------------------
if [ "$(cat "$ROOT/.phone-i386-packages" 2>/dev/null)" != "$PACKAGES" ] ||
	[ "${PHONE_I386_UPGRADE:-0}" = 1 ]; then
	say "installing $PACKAGES"
	# no daemons may start inside the tree while packages install
	printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
	chmod 755 "$ROOT/usr/sbin/policy-rc.d"
	# no default cluster: tests make their own
	mkdir -p "$ROOT/etc/postgresql-common/createcluster.d"
	echo "create_main_cluster = false" \
		>"$ROOT/etc/postgresql-common/createcluster.d/phone-i386.conf"
	in_root apt-get -q update >/dev/null
	if [ "${PHONE_I386_UPGRADE:-0}" = 1 ]; then
		in_root apt-get -q -y upgrade >/dev/null
	fi
	# shellcheck disable=SC2086 # PACKAGES is a list
	in_root apt-get -q -y --no-install-recommends install $PACKAGES \
		>"$ROOT.apt.log" 2>&1 ||
		{ tail -20 "$ROOT.apt.log" >&2; die "apt-get install failed (log: $ROOT.apt.log)"; }
	in_root apt-get clean
	echo "$PACKAGES" >"$ROOT/.phone-i386-packages"
	say "packages done after $(( $(date +%s) - start ))s"
fi
[ -x "$ROOT$PG_CONFIG" ] || die "$PG_CONFIG missing in the tree"
runs_i386 "$ROOT" || die "the programs of $ROOT do not run"
[ "$(in_root dpkg --print-architecture)" = i386 ] || die "the tree in $ROOT is not i386"
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
# against a throwaway PostgreSQL 15 cluster.
# ---------------------------------------------------------------------
rm -rf "$OUT"
mkdir -p "$OUT"

say "make (PROFILE=$PROFILE)"
if ! in_root make -C "$BUILD" PG_CONFIG="$PG_CONFIG" PROFILE="$PROFILE" \
	>"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	die "build failed on i386"
fi
grep -E 'warning:' "$OUT/build.log" >&2 || true
in_root make -C "$BUILD" PG_CONFIG="$PG_CONFIG" install >"$OUT/install.log" 2>&1 ||
	{ cat "$OUT/install.log" >&2; die "make install failed"; }

say "installcheck against a temporary PostgreSQL 15 cluster on i386"
set +e
# (PHONE_REGRESS_QUICK: without the whole-computation comparisons, which
# test nothing of 32 bits and take minutes under emulation)
in_root sh -c "cd $BUILD && pg_virtualenv -i '--encoding=UTF8 --locale=C.UTF-8' -v 15 make PG_CONFIG=$PG_CONFIG PHONE_REGRESS_QUICK=1 installcheck" \
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
	say "FAILED on i386 (log: $OUT/installcheck.log) after $(( $(date +%s) - start ))s" >&2
	exit 1
fi
say "passed on i386 in $(( $(date +%s) - start ))s"
