#-------------------------------------------------------------------------
#
# mk/format.mk
#	  Unit tests of number resolution, formatting, matching and the
#	  regular-expression matcher of the core (test/test_format.c).
#
#	make test-format    build test/build/test_format and run it
#	make bench-format   time parse + validate + E.164 output, and the
#	                    other output styles
#
# The binary is built by the test/build/test_% rule of mk/core.mk from
# $(CORE_SRCS) alone (no PostgreSQL, -std=c99 -Wall -Wextra -Werror), so
# `make test-core` runs it too.
#
#-------------------------------------------------------------------------

.PHONY: test-format bench-format
test-format: test/build/test_format
	./test/build/test_format

bench-format: test/build/test_format
	./test/build/test_format --bench
