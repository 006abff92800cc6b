# mk/deb.mk -- Debian package: build it from a clean copy, install and test it
#
# Included by the top-level Makefile. Targets:
#
#   make deb        build the packages postgresql-<major>-phone (one per
#                   installed PostgreSQL server that debian/pgversions selects)
#                   with dpkg-buildpackage -us -uc in a clean copy of the
#                   committed HEAD (git archive; DEB_REV=<rev> for another
#                   commit or tag), so uncommitted changes are not built. The
#                   build runs the regression suite against the built files
#                   on a throwaway server (dh_pgxs_test). The results (.deb,
#                   .dsc, source tarballs, .changes, .buildinfo) go to
#                   build/deb/, which git ignores.
#   make test-deb   install the postgresql-*-phone packages from build/deb/
#                   with apt-get (as root) and run the package's autopkgtest,
#                   debian/tests/installcheck (pg_buildext installcheck),
#                   against the installed files on a throwaway server, in a
#                   clean copy of the same commit.
#
# test-deb installs into this machine's PostgreSQL, replacing a phone
# extension installed there by `make install`: run it in CI or in a throwaway
# chroot (tools/deb-chroot-test.sh), not on a machine where the extension is
# being developed. The packages stay installed; `apt-get purge
# 'postgresql-*-phone'` removes them.
#
# Needs: git, dpkg-dev, debhelper, postgresql-all (the build dependencies in
# debian/control), apt. DEB_BUILD_OPTIONS is passed on (e.g. nocheck,
# parallel=2); DPKG_BUILDPACKAGE_FLAGS (default -us -uc) replaces the flags.

# Keep whatever default goal the including Makefile has (see mk/dist.mk).
phone_deb_saved_goal := $(.DEFAULT_GOAL)

phone_deb_topdir := $(patsubst %/,%,$(dir $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))))

DEB_OUTDIR ?= build/deb
DEB_REV ?= HEAD
DPKG_BUILDPACKAGE_FLAGS ?= -us -uc

# Export the commit DEB_REV into directory $$tmp/phone-<upstream version>,
# with the orig tarball next to it (source format 3.0 (quilt)); sets $$src.
define phone_deb_export
	git -C $(phone_deb_topdir) rev-parse --verify --quiet $(DEB_REV)^{commit} >/dev/null || \
		{ echo "deb: $(DEB_REV) is not a commit; the package is built from git, commit first" >&2; exit 1; }; \
	upstream="$$(git -C $(phone_deb_topdir) show $(DEB_REV):debian/changelog | \
		sed -n '1s/^[^ ]* (\([0-9]*:\)\{0,1\}\([^)]*\)-[^)-]*).*/\2/p')"; \
	[ -n "$$upstream" ] || { echo "deb: cannot read the upstream version in debian/changelog" >&2; exit 1; }; \
	git -C $(phone_deb_topdir) archive --format=tar --prefix=phone-$$upstream/ $(DEB_REV) | \
		gzip -n -9 > "$$tmp/phone_$$upstream.orig.tar.gz"; \
	tar -xzf "$$tmp/phone_$$upstream.orig.tar.gz" -C "$$tmp"; \
	src="$$tmp/phone-$$upstream"
endef

.PHONY: deb test-deb

deb:
	@set -e; \
	out="$(abspath $(DEB_OUTDIR))"; \
	tmp="$$(mktemp -d -t phone-deb.XXXXXX)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	chmod 755 "$$tmp"; \
	$(phone_deb_export); \
	if [ "$(DEB_REV)" = HEAD ] && [ -n "$$(git -C $(phone_deb_topdir) status --porcelain --untracked-files=no)" ]; then \
		echo "deb: note: uncommitted changes are not in the package, it is built from the committed HEAD" >&2; fi; \
	echo "deb: building in $$src"; \
	( cd "$$src" && PG_UPDATECONTROL=yes dpkg-buildpackage $(DPKG_BUILDPACKAGE_FLAGS) ) || \
		{ echo "deb: dpkg-buildpackage FAILED" >&2; exit 1; }; \
	rm -rf "$$out"; \
	mkdir -p "$$out"; \
	find "$$tmp" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.ddeb' -o -name '*.dsc' \
		-o -name '*.tar.*' -o -name '*.changes' -o -name '*.buildinfo' \) -exec cp {} "$$out"/ \; ; \
	echo "deb: packages in $(DEB_OUTDIR):"; \
	ls -1 "$$out"

test-deb:
	@set -e; \
	debs="$$(ls $(abspath $(DEB_OUTDIR))/postgresql-*-phone_*.deb 2>/dev/null || true)"; \
	[ -n "$$debs" ] || { echo "test-deb: no postgresql-*-phone package in $(DEB_OUTDIR); run make deb first" >&2; exit 1; }; \
	[ "$$(id -u)" = 0 ] || { echo "test-deb: installing the packages needs root" >&2; exit 1; }; \
	echo "test-deb: installing" $$debs; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends --reinstall $$debs; \
	tmp="$$(mktemp -d -t phone-test-deb.XXXXXX)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	chmod 755 "$$tmp"; \
	$(phone_deb_export); \
	cd "$$src"; \
	echo "test-deb: running debian/tests/installcheck against the installed package(s)"; \
	if ! debian/tests/installcheck; then \
		echo "test-deb: installcheck against the installed package FAILED" >&2; exit 1; fi; \
	echo "test-deb: installed package(s) pass installcheck:" \
		$$(dpkg-query -W -f '$${Package}=$${Version} ' 'postgresql-*-phone' 2>/dev/null)

.DEFAULT_GOAL := $(phone_deb_saved_goal)
