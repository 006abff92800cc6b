#-------------------------------------------------------------------------
#
# mk/upgrade.mk
#	  Update paths between extension versions, and released install
#	  scripts that must never change (doc/packaging.md, "Releasing a new
#	  extension version").
#
#	make check-released         the install script of every version in
#	                            test/upgrade/released.sha256 has the hash
#	                            recorded there (test/upgrade/check-released.sh)
#	make test-upgrade           check-released, then for every released
#	                            version installed next to the newest: install
#	                            it on a throwaway server, ALTER EXTENSION
#	                            phone UPDATE, and compare schema dump and
#	                            member listing with a fresh install of the
#	                            newest (test/upgrade/run.sh); the extension
#	                            must be installed (make install) into the
#	                            PostgreSQL that PG_CONFIG names
#	make test-upgrade-selftest  the same comparison on fabricated versions
#	                            in a temporary extension directory: a
#	                            correct update script passes, an incomplete
#	                            or missing one fails; and check-released
#	                            fails for a changed script
#	                            (test/upgrade/selftest.sh; needs Debian's
#	                            extension_destdir setting)
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
upgrade_saved_goal := $(.DEFAULT_GOAL)

.PHONY: check-released test-upgrade test-upgrade-selftest
check-released: $(DATA_built)
	sh test/upgrade/check-released.sh

test-upgrade: $(DATA_built)
	PG_CONFIG=$(PG_CONFIG) CHECK_RELEASED=1 bash test/upgrade/run.sh

test-upgrade-selftest:
	PG_CONFIG=$(PG_CONFIG) bash test/upgrade/selftest.sh

.DEFAULT_GOAL := $(upgrade_saved_goal)
