#-------------------------------------------------------------------------
#
# mk/i386.mk
#	  The regression suite on a 32-bit system (i386), in a Debian bookworm
#	  tree.
#
#	make test-i386    build this tree with -Werror against PostgreSQL 15
#	                  on i386 and run the regression suite on a throwaway
#	                  cluster there (test/i386/run.sh; needs root and
#	                  debootstrap; the first run builds the tree in a few
#	                  minutes, later runs reuse it)
#
# PHONE_I386_ROOT chooses where the tree lives (see test/i386/run.sh).
#
#-------------------------------------------------------------------------

.PHONY: test-i386
test-i386:
	sh test/i386/run.sh $(CURDIR)
