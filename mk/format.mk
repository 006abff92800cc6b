# mk/format.mk: unit tests of number resolution, formatting, matching and
# the regular-expression matcher (test/test_format.c).
#
#   make test-format         build test/build/test_format and run it
#   make bench-format        time parse + validate + E.164 output
#
# The binary is built by the test/build/test_% rule of mk/core.mk, from
# $(CORE_SRCS) alone (no PostgreSQL), and is also run by `make test-core`.

.PHONY: test-format bench-format
test-format: test/build/test_format
	./test/build/test_format

bench-format: test/build/test_format
	./test/build/test_format --bench
