#-------------------------------------------------------------------------
#
# mk/scaleout.mk
#	  Phone tables across several servers: sharding with postgres_fdw and
#	  logical replication (test/scaleout/run.sh, doc/scaling.md).
#
#	make test-scaleout   start three throwaway servers on loopback from
#	                     the PostgreSQL that PG_CONFIG names, into which
#	                     the extension must already be installed (make
#	                     install), and run the checks; prints
#	                     "N passed, M failed", fails on any failure.  As
#	                     root the servers run as the user postgres.  Needs
#	                     postgres_fdw (in Debian's postgresql-15 package).
#
# The hash partitioning on one server is part of the regression suite
# (sql/phone_scaleout.sql, and sql/phone_scaleout_consent.sql for a consent
# campaign over a partitioned table).
#
#-------------------------------------------------------------------------

.PHONY: test-scaleout
test-scaleout:
	PG_CONFIG=$(PG_CONFIG) bash test/scaleout/run.sh
