#-------------------------------------------------------------------------
#
# mk/plan.mk
#	  The numbering-plan tables (src/data/numplan_data.c) and their unit test.
#
#	make test-plan         build test/build/test_numplan from src/core/numplan.c,
#	                       src/data/numplan_data.c and src/core/numplan_history.c alone
#	                       and run it
#	make bench-plan        the same program timing the type and region
#	                       lookups over every example number
#	make update-metadata   regenerate src/data/numplan_data.c from the metadata
#	                       pinned in tools/package.json (needs node and
#	                       npm; see doc/metadata.md); not part of "all"
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
plan_saved_goal := $(.DEFAULT_GOAL)

PLAN_TEST_CC ?= $(CC)
PLAN_TEST_CFLAGS = -std=c99 -Wall -Wextra -Werror -O2 -Isrc/core -Isrc/data
PLAN_TEST_SRCS = src/core/numplan.c src/data/numplan_data.c src/core/numplan_history.c

test/build/test_numplan: test/test_numplan.c $(PLAN_TEST_SRCS) src/core/numplan.h src/core/phone_core.h
	@mkdir -p test/build
	$(PLAN_TEST_CC) $(PLAN_TEST_CFLAGS) -o $@ test/test_numplan.c $(PLAN_TEST_SRCS)

.PHONY: test-plan bench-plan update-metadata
test-plan: test/build/test_numplan
	test/build/test_numplan

bench-plan: test/build/test_numplan
	test/build/test_numplan --bench

update-metadata:
	tools/update-metadata.sh

.DEFAULT_GOAL := $(plan_saved_goal)
