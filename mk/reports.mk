#-------------------------------------------------------------------------
#
# mk/reports.mk
#	  Benchmark of the data-quality and consent reports (doc/reports.md).
#
#	make bench-reports   phone_audit, phone_duplicates and
#	                     phone_without_consent on a 1,000,000-row contact
#	                     table, medians of 3 runs, on a throwaway server
#	                     started from the PostgreSQL that PG_CONFIG names
#	                     (install the extension there first: make install)
#
# To run it against a server of your own instead, name it with PGHOST,
# PGPORT and PGUSER and run bench/reports_bench.sh.
#
#-------------------------------------------------------------------------

reports_saved_goal := $(.DEFAULT_GOAL)

.PHONY: bench-reports
bench-reports:
	THROWAWAY=1 PG_CONFIG="$(PG_CONFIG)" bench/reports_bench.sh

.DEFAULT_GOAL := $(reports_saved_goal)
