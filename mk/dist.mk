# mk/dist.mk -- release archive for PGXN, its test, and the version check
#
# Included by the top-level Makefile. Targets:
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

# Keep whatever default goal the including Makefile has (normally PGXS's
# `all`): a fragment included before PGXS must not become the default.
phone_dist_saved_goal := $(.DEFAULT_GOAL)

# The directory holding the top-level Makefile and this fragment.
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

.DEFAULT_GOAL := $(phone_dist_saved_goal)
