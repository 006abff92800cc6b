#-------------------------------------------------------------------------
#
# mk/pg17.mk
#	  The regression suite on PostgreSQL 17, in a Debian trixie tree.
#
#	make test-pg17    build this tree with -Werror against PostgreSQL 17
#	                  and run the regression suite on a throwaway 17
#	                  cluster (test/pg17/run.sh; needs root and
#	                  debootstrap; the first run builds the trixie tree
#	                  in about a minute, later runs reuse it)
#
# PHONE_PG17_ROOT chooses where the tree lives (see test/pg17/run.sh).
#
#-------------------------------------------------------------------------

.PHONY: test-pg17
test-pg17:
	sh test/pg17/run.sh $(CURDIR)
