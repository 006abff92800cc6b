#-------------------------------------------------------------------------
#
# mk/release.mk
#	  Releasing: the version check, the PGXN archive and the Debian
#	  package, each with its test (doc/packaging.md).  Included by the
#	  Makefile, after PGXS.
#
#-------------------------------------------------------------------------
#
# The version check and the PGXN archive:
#
#   make check-versions  fail unless every place that names the version agrees
#                        (tools/check-versions.sh says which do not)
#   make test-check-versions
#                        the check's own test: each version changed in turn on
#                        copies of the files must make it fail
#   make dist            phone-<version>.zip for PGXN, from git: it archives the
#                        committed HEAD (git archive), so uncommitted changes and
#                        untracked files are not in it; DIST_REV=<rev> archives
#                        another commit or tag; fails when a file META.json
#                        names (install script, docfile) is neither in the
#                        commit nor built by its Makefile
#   make test-dist       make dist, unpack the archive in a temporary directory,
#                        build it there, install it into a staging directory in
#                        that temporary directory and run `make installcheck`
#                        against it on a throwaway server (pg_virtualenv)
#
# test-dist leaves the PostgreSQL installation of this machine alone: it runs
# the server with extension_destdir pointing at the staging directory (a
# setting of Debian's PostgreSQL packages, the one pg_buildext uses for its
# build-time tests). Where the server lacks that setting, or with
# DIST_INSTALL=system, it runs `make install` for real, which replaces the
# installed phone extension of the PostgreSQL that PG_CONFIG names.
#
# Needs: git, unzip, perl (JSON::PP), and pg_virtualenv (postgresql-common).

# The directory holding the top-level Makefile (the parent of mk/)
phone_topdir := $(patsubst %/,%,$(dir $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))))

# Release version (META.json "version"), e.g. 1.0.0; read only when needed.
DIST_VERSION = $(shell perl -MJSON::PP -e 'local $$/; open my $$f, "<", "$(phone_topdir)/META.json" or die "META.json: $$!\n"; print decode_json(<$$f>)->{version}')
DIST_NAME = phone-$(DIST_VERSION)
DIST_ZIP = $(DIST_NAME).zip
DIST_REV ?= HEAD
# staged: install under the temporary directory (default); system: make install
DIST_INSTALL ?= staged

.PHONY: check-versions test-check-versions dist test-dist

check-versions:
	sh $(phone_topdir)/tools/check-versions.sh $(phone_topdir)

test-check-versions:
	sh $(phone_topdir)/tools/check-versions.sh --self-test $(phone_topdir)

dist: check-versions
	@git -C $(phone_topdir) rev-parse --verify --quiet $(DIST_REV)^{commit} >/dev/null || \
		{ echo "dist: $(DIST_REV) is not a commit; the archive is made from git, commit first" >&2; exit 1; }
	@if [ "$(DIST_REV)" = HEAD ] && [ -n "$$(git -C $(phone_topdir) status --porcelain --untracked-files=no)" ]; then \
		echo "dist: note: uncommitted changes are not in $(DIST_ZIP), it holds the committed HEAD" >&2; fi
	@for f in $$(perl -MJSON::PP -e 'local $$/; open my $$f, "<", "$(phone_topdir)/META.json" or die; my $$m = decode_json(<$$f>); print join(" ", map { grep { defined } @$$_{qw(file docfile)} } values %{$$m->{provides}})'); do \
		git -C $(phone_topdir) cat-file -e $(DIST_REV):$$f 2>/dev/null || \
		git -C $(phone_topdir) show $(DIST_REV):Makefile 2>/dev/null | grep -qF "$$f" || \
			{ echo "dist: META.json names $$f, which is neither in $(DIST_REV) nor built by its Makefile" >&2; exit 1; }; done
	git -C $(phone_topdir) archive --format zip --prefix=$(DIST_NAME)/ -o $(CURDIR)/$(DIST_ZIP) $(DIST_REV)
	@echo "dist: wrote $(DIST_ZIP) ($(DIST_REV) = $$(git -C $(phone_topdir) rev-parse --short $(DIST_REV)))"

test-dist: dist
	@set -e; \
	pgc="$$(command -v $(PG_CONFIG))"; \
	[ -n "$$pgc" ] || { echo "test-dist: $(PG_CONFIG) not found" >&2; exit 1; }; \
	major="$$($$pgc --version | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')"; \
	tmp="$$(mktemp -d -t phone-test-dist.XXXXXX)"; \
	trap 'rm -rf "$$tmp"' EXIT; \
	chmod 755 "$$tmp"; \
	cd "$$tmp"; \
	unzip -q "$(CURDIR)/$(DIST_ZIP)"; \
	cd $(DIST_NAME); \
	echo "test-dist: building $(DIST_ZIP) in $$tmp for PostgreSQL $$major"; \
	$(MAKE) PG_CONFIG="$$pgc"; \
	mode="$(DIST_INSTALL)"; \
	if [ "$$mode" = staged ] && ! grep -q extension_destdir "$$($$pgc --sharedir)/postgresql.conf.sample"; then \
		echo "test-dist: this PostgreSQL has no extension_destdir, installing for real"; mode=system; fi; \
	if [ "$$mode" = staged ]; then \
		stage="$$tmp/stage"; \
		$(MAKE) install PG_CONFIG="$$pgc" DESTDIR="$$stage"; \
		set -- -o "extension_destdir=$$stage" \
			-o "dynamic_library_path=$$stage$$($$pgc --pkglibdir):$$($$pgc --pkglibdir)"; \
	else \
		$(MAKE) install PG_CONFIG="$$pgc"; \
		set --; \
	fi; \
	if ! pg_virtualenv -t -v "$$major" "$$@" $(MAKE) installcheck PG_CONFIG="$$pgc"; then \
		[ ! -f regression.diffs ] || cat regression.diffs; \
		echo "test-dist: installcheck of $(DIST_ZIP) FAILED" >&2; exit 1; \
	fi; \
	echo "test-dist: $(DIST_ZIP) builds, installs and passes installcheck"

#-------------------------------------------------------------------------
# The Debian package:
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


DEB_OUTDIR ?= build/deb
DEB_REV ?= HEAD
DPKG_BUILDPACKAGE_FLAGS ?= -us -uc

# Export the commit DEB_REV into directory $$tmp/phone-<upstream version>,
# with the orig tarball next to it (source format 3.0 (quilt)); sets $$src.
define phone_deb_export
	git -C $(phone_topdir) rev-parse --verify --quiet $(DEB_REV)^{commit} >/dev/null || \
		{ echo "deb: $(DEB_REV) is not a commit; the package is built from git, commit first" >&2; exit 1; }; \
	upstream="$$(git -C $(phone_topdir) show $(DEB_REV):debian/changelog | \
		sed -n '1s/^[^ ]* (\([0-9]*:\)\{0,1\}\([^)]*\)-[^)-]*).*/\2/p')"; \
	[ -n "$$upstream" ] || { echo "deb: cannot read the upstream version in debian/changelog" >&2; exit 1; }; \
	git -C $(phone_topdir) archive --format=tar --prefix=phone-$$upstream/ $(DEB_REV) | \
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
	if [ "$(DEB_REV)" = HEAD ] && [ -n "$$(git -C $(phone_topdir) status --porcelain --untracked-files=no)" ]; then \
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
