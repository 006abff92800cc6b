# mk/release.mk: releasing (doc/packaging.md), included by the Makefile;
# the recipes are tools/check-versions.sh and tools/release.sh.
#
#   check-versions       fail unless every place that names the version agrees
#   test-check-versions  the check's own test: each version changed in turn on
#                        copies of the files must make it fail
#   dist                 phone-<version>.zip for PGXN: git archive of the
#                        committed HEAD (DIST_REV=<rev> for another commit or
#                        tag), so uncommitted changes and untracked files are
#                        not in it; fails when a file META.json names is
#                        neither in the commit nor built by its Makefile
#   test-dist            make dist, then build the archive in a temporary
#                        directory, install it into a staging directory there
#                        and run `make installcheck` on a throwaway server
#                        (pg_virtualenv, extension_destdir).  Where the server
#                        lacks extension_destdir, or with DIST_INSTALL=system,
#                        it runs `make install` for real.
#   deb                  the packages postgresql-<major>-phone (debian/pgversions)
#                        with dpkg-buildpackage in a clean copy of the committed
#                        HEAD (DEB_REV=<rev>); the build runs the suite
#                        (dh_pgxs_test); the results go to build/deb/
#   test-deb             install those packages with apt-get (root) and run
#                        their autopkgtest, debian/tests/installcheck.  It
#                        replaces a phone installed by `make install`: run it
#                        in CI or a throwaway chroot (tools/deb-chroot-test.sh).
#                        `apt-get purge 'postgresql-*-phone'` removes them.
#
# Needs: git, unzip, perl (JSON::PP), pg_virtualenv (postgresql-common); for
# the packages dpkg-dev, debhelper, postgresql-all, apt.  DEB_BUILD_OPTIONS is
# passed on (e.g. nocheck, parallel=2); DPKG_BUILDPACKAGE_FLAGS (default -us
# -uc) replaces the flags.

# The directory holding the top-level Makefile (the parent of mk/)
phone_topdir := $(patsubst %/,%,$(dir $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))))

# Release version (META.json "version"), e.g. 1.0.0; read only when needed.
DIST_VERSION = $(shell perl -MJSON::PP -e 'local $$/; open my $$f, "<", "$(phone_topdir)/META.json" or die "META.json: $$!\n"; print decode_json(<$$f>)->{version}')
DIST_NAME = phone-$(DIST_VERSION)
DIST_REV ?= HEAD
# staged: install under the temporary directory (default); system: make install
DIST_INSTALL ?= staged
DEB_OUTDIR ?= build/deb
DEB_REV ?= HEAD
DPKG_BUILDPACKAGE_FLAGS ?= -us -uc
RELEASE = DPKG_BUILDPACKAGE_FLAGS='$(DPKG_BUILDPACKAGE_FLAGS)' PG_CONFIG=$(PG_CONFIG) \
	sh $(phone_topdir)/tools/release.sh

check-versions:
	sh $(phone_topdir)/tools/check-versions.sh $(phone_topdir)
test-check-versions:
	sh $(phone_topdir)/tools/check-versions.sh --self-test $(phone_topdir)
dist: check-versions
	@$(RELEASE) dist $(phone_topdir) $(DIST_REV) $(DIST_NAME)
test-dist: dist
	@$(RELEASE) test-dist $(DIST_NAME) $(DIST_INSTALL)
deb test-deb:
	@$(RELEASE) $@ $(phone_topdir) $(DEB_REV) $(abspath $(DEB_OUTDIR))

.PHONY: check-versions test-check-versions dist test-dist deb test-deb
