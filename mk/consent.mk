#-------------------------------------------------------------------------
#
# mk/consent.mk
#	  Tests and benchmark of the consent ledger that pg_regress cannot run.
#
#	make test-consent-dump   dump a database with a ledger, restore it into
#	                         another and compare, on a throwaway cluster
#	                         (the extension must be installed)
#	make bench-consent       decisions for 100,000 contacts against
#	                         1,000,000 ledger events (needs a running server
#	                         with the extension installed: PGHOST, PGPORT,
#	                         PGUSER)
#
#-------------------------------------------------------------------------

consent_saved_goal := $(.DEFAULT_GOAL)

.PHONY: test-consent-dump bench-consent
test-consent-dump:
	pg_virtualenv -v $(MAJORVERSION) env PG_BINDIR="$(shell $(PG_CONFIG) --bindir)" sh test/consent_dump.sh

bench-consent:
	PG_BINDIR="$(shell $(PG_CONFIG) --bindir)" bench/consent_bench.sh

.DEFAULT_GOAL := $(consent_saved_goal)
