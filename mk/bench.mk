#-------------------------------------------------------------------------
#
# mk/bench.mk
#	  Benchmarks (bench/README.md).
#
#	make bench         1,000,000 numbers, medians of 5 runs: writes
#	                   bench/results.md and bench/results.svg
#	make bench-quick   100,000 numbers, medians of 3 runs, in under two
#	                   minutes: writes bench/results-quick.md (not kept in
#	                   git); the smoke test CI runs
#
# Both need the extension installed into the PostgreSQL that PG_CONFIG
# names (make install); bench/run.sh starts its own throwaway server from
# that installation.  libphonenumber-dev gives the core's baseline and
# gnuplot the chart; without them those parts are skipped.
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
bench_saved_goal := $(.DEFAULT_GOAL)

BENCH_ENV = PG_CONFIG="$(PG_CONFIG)" CORE_SRCS="$(CORE_SRCS)"

bench:
	$(BENCH_ENV) bench/run.sh

bench-quick:
	$(BENCH_ENV) QUICK=1 bench/run.sh

.PHONY: bench bench-quick

.DEFAULT_GOAL := $(bench_saved_goal)
