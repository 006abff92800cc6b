#-------------------------------------------------------------------------
#
# mk/plan.mk
#	  The numbering-plan tables (src/plan_data.c) and their unit test.
#
#	make test-plan         build test/build/test_plan from src/plan.c,
#	                       src/plan_data.c and src/plan_history.c alone
#	                       and run it
#	make bench-plan        the same program timing the type and region
#	                       lookups over every example number
#	make update-metadata   regenerate src/plan_data.c from the metadata
#	                       pinned in tools/package.json (needs node and
#	                       npm; see doc/metadata.md); not part of "all"
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
plan_saved_goal := $(.DEFAULT_GOAL)

PLAN_TEST_CC ?= $(CC)
PLAN_TEST_CFLAGS = -std=c99 -Wall -Wextra -Werror -O2 -Isrc
PLAN_TEST_SRCS = src/plan.c src/plan_data.c src/plan_history.c

test/build/test_plan: test/test_plan.c $(PLAN_TEST_SRCS) src/plan.h src/phone_core.h
	@mkdir -p test/build
	$(PLAN_TEST_CC) $(PLAN_TEST_CFLAGS) -o $@ test/test_plan.c $(PLAN_TEST_SRCS)

.PHONY: test-plan bench-plan update-metadata
test-plan: test/build/test_plan
	test/build/test_plan

bench-plan: test/build/test_plan
	test/build/test_plan --bench

update-metadata:
	tools/update-metadata.sh

.DEFAULT_GOAL := $(plan_saved_goal)
