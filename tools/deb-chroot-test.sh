#!/bin/sh
# tools/deb-chroot-test.sh -- build, install and test the packages in a throwaway chroot
#
# Usage (as root):  tools/deb-chroot-test.sh [-s SUITE] [-m MIRROR] [-t "TARGETS"] DIR
#
#   SUITE    Debian release: bookworm (PostgreSQL 15, the default) or trixie
#            (PostgreSQL 17); debian/pgversions selects the servers to build for
#   MIRROR   Debian mirror (default http://deb.debian.org/debian); the
#            security archive is MIRROR with "-security" appended
#   TARGETS  make targets to run in the chroot (default "deb test-deb test-dist")
#   DIR      the chroot; made with debootstrap --variant=minbase when it does
#            not hold a system yet, kept afterwards (rm -rf DIR removes it)
#
# Clones the committed HEAD of this repository into DIR/root/phone, installs
# what CI installs to build and test the packages (the list below), and runs
# the targets there as CI would on a clean machine: `make deb` builds
# postgresql-<major>-phone, `make test-deb` installs it with apt-get and runs
# the autopkgtest (pg_buildext installcheck) against it, `make test-dist`
# checks the PGXN archive. Nothing is installed on the machine outside DIR.
# Prints how long each step took. The throwaway servers in the chroot listen
# on the first free port from 55432 on (CHROOT_PGPORT=N to choose).

set -eu

suite=bookworm
mirror=http://deb.debian.org/debian
targets="deb test-deb test-dist"
while getopts "s:m:t:" opt; do
	case $opt in
	s) suite=$OPTARG ;;
	m) mirror=$OPTARG ;;
	t) targets=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-s SUITE] [-m MIRROR] [-t TARGETS] DIR" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: must run as root (debootstrap, chroot, mount)" >&2; exit 2; }

# Packages CI installs to run make deb, test-deb and test-dist.
packages="build-essential debhelper postgresql-all git unzip ca-certificates"

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

now() { date +%s; }
report=""
step()
{
	report="$report$(printf '%-28s %5s s' "$1" "$2")
"
	echo "deb-chroot-test: $1: $2 s"
}

t0=$(now)
if [ ! -x "$dir/usr/bin/apt-get" ]; then
	debootstrap --variant=minbase "$suite" "$dir" "$mirror"
	step "debootstrap $suite" $(($(now) - t0))
fi

# Mount what PostgreSQL and apt need; unmount on exit.
mounted=""
cleanup()
{
	for m in $mounted; do
		umount -l "$m" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM
domount()
{
	target=$1
	shift
	if ! mountpoint -q "$target"; then
		mount "$@" "$target"
		mounted="$target $mounted"
	fi
}
domount "$dir/proc" -t proc proc
domount "$dir/dev" --bind /dev
domount "$dir/dev/pts" --bind /dev/pts
domount "$dir/dev/shm" -t tmpfs tmpfs

# No services started by package scripts, no default cluster.
printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
chmod 755 "$dir/usr/sbin/policy-rc.d"
mkdir -p "$dir/etc/postgresql-common"
echo 'create_main_cluster = false' > "$dir/etc/postgresql-common/createcluster.conf"
cat > "$dir/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $mirror-security $suite-security main
EOF
cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true

# The chroot shares the machine's network, but its pg_virtualenv cannot see
# servers running outside it: give its throwaway servers a port that is free.
port=${CHROOT_PGPORT:-}
if [ -z "$port" ] && command -v ss >/dev/null; then
	port=55432
	while ss -Hltn "sport = :$port" | grep -q .; do
		port=$((port + 1))
	done
fi

in_chroot()
{
	chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive ${port:+PGPORT=$port} \
		DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=2}" sh -ec "$1"
}

t0=$(now)
in_chroot "apt-get update -q && apt-get install -y -q --no-install-recommends $packages"
step "install build packages" $(($(now) - t0))

rm -rf "$dir/root/phone"
git clone -q "$top" "$dir/root/phone"
echo "deb-chroot-test: testing commit $(git -C "$dir/root/phone" rev-parse --short HEAD) on $suite"

for target in $targets; do
	t0=$(now)
	in_chroot "cd /root/phone && make $target"
	step "make $target" $(($(now) - t0))
done

echo "deb-chroot-test: all passed on $suite:"
printf '%s' "$report"
in_chroot "dpkg-query -W -f '\${db:Status-Status} \${Package} \${Version}\n' 'postgresql-*-phone' 'postgresql-[0-9]*' 2>/dev/null | sed -n 's/^installed //p' | grep -v -- '-dbgsym' || true"
