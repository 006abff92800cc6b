#-------------------------------------------------------------------------
#
# mk/drift.mk
#	  The numbering plans change under a running server.
#
#	make test-drift   build the extension a second time from a copy of the
#	                  plan data with a range and a calling code withdrawn
#	                  (test/drift/make-drift-data.sh), replace the library
#	                  under a throwaway cluster that reads a staged install
#	                  (extension_destdir, so nothing is installed), and
#	                  check the version warning, phone_metadata_dependents,
#	                  phone_metadata_refresh, opt-outs, restore and logical
#	                  replication (test/drift/run.sh)
#
#-------------------------------------------------------------------------

drift_saved_goal := $(.DEFAULT_GOAL)

.PHONY: test-drift
test-drift: all
	PG_CONFIG=$(PG_CONFIG) sh test/drift/run.sh

.DEFAULT_GOAL := $(drift_saved_goal)
