#-------------------------------------------------------------------------
#
# mk/tz.mk
#	  The number -> time-zone table (src/data/tz_data.c).
#
#	make test-tz           build test/build/test_tz (the lookup and the
#	                       table, with the core) and run it
#	make update-timezones  regenerate src/data/tz_data.c from the npm package
#	                       pinned in tools/tz/package.json (needs node, npm
#	                       and tzdata), and src/data/tz_region_data.c (the zones
#	                       of each region) from tzdata's zone.tab; not part
#	                       of "all": a normal build compiles the committed
#	                       files
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
tz_saved_goal := $(.DEFAULT_GOAL)

ZONEINFO ?= /usr/share/zoneinfo

src/core/phone_tz.o src/data/tz_data.o src/data/tz_region_data.o src/pg/pg_phone_tz.o: src/core/phone_tz.h

TZ_TEST_CC ?= $(CC)
TZ_TEST_CFLAGS = -std=c99 -Wall -Wextra -Werror -O2 -Isrc/core -Isrc/data
TZ_TEST_SRCS = $(filter-out src/core/phone_tz.c src/data/tz_data.c src/data/tz_region_data.c,$(CORE_SRCS)) \
	src/core/phone_tz.c src/data/tz_data.c src/data/tz_region_data.c

test/build/test_tz: test/test_tz.c $(TZ_TEST_SRCS) src/core/phone_tz.h src/core/phone_core.h
	@mkdir -p test/build
	$(TZ_TEST_CC) $(TZ_TEST_CFLAGS) -o $@ test/test_tz.c $(TZ_TEST_SRCS)

.PHONY: test-tz
test-tz: test/build/test_tz
	test/build/test_tz

.PHONY: update-timezones
update-timezones:
	cd tools/tz && npm ci --no-audit --no-fund
	node tools/tz/gen_tz_data.js src/data/tz_data.c.new $(ZONEINFO)
	node tools/tz/gen_tz_regions.js src/data/tz_region_data.c.new $(ZONEINFO)
	mv src/data/tz_data.c.new src/data/tz_data.c
	mv src/data/tz_region_data.c.new src/data/tz_region_data.c
	$(MAKE) test-tz

.DEFAULT_GOAL := $(tz_saved_goal)
