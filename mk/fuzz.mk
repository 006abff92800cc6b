#-------------------------------------------------------------------------
#
# mk/fuzz.mk
#	  Fuzzing of the core (libFuzzer) and the C unit tests under
#	  AddressSanitizer and UndefinedBehaviorSanitizer.
#
#	make fuzz                 build test/fuzz/fuzz_*.c with libFuzzer, ASan
#	                          and UBSan into test/build/fuzz/, replay the
#	                          inputs in test/fuzz/regressions/NAME/, then
#	                          fuzz each target for FUZZ_SECONDS (default 60)
#	                          starting from a scratch copy of the seeds in
#	                          test/fuzz/corpus/NAME/ (and the dictionary
#	                          test/fuzz/NAME.dict if there is one); fails
#	                          on any crash
#	make fuzz-build           only build the fuzz targets
#	make test-core-sanitize   build every test/test_*.c with ASan + UBSan
#	                          into test/build/asan/ and run them all
#
# NAME is the target's name without "fuzz_" (parse, recv, format, long).
# fuzz_long runs with inputs of up to 64 KB and a time limit per input
# (FUZZ_LONG_FLAGS, FUZZ_LONG_TIMEOUT): it fails on any input the core
# does not read in about linear time.  Crash
# inputs are written to test/build/fuzz/crashes/; every crash belongs in
# test/fuzz/regressions/NAME/ (see the README there).  Needs clang and its
# runtimes (Debian: clang, libclang-rt-14-dev).
#
# Knobs: FUZZ_SECONDS; FUZZ_NAMES="parse" to run some targets only;
# FUZZ_FLAGS for libFuzzer options; FUZZ_EXTRA_CFLAGS with FUZZ_DIR to
# build a variant elsewhere, e.g. FUZZ_EXTRA_CFLAGS=-DFUZZ_TOLERATE_REPARSE
# FUZZ_DIR=test/build/fuzz-tolerant to fuzz on past a known round-trip bug.
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
fuzz_saved_goal := $(.DEFAULT_GOAL)

FUZZ_CORE_SRCS = $(if $(CORE_SRCS),$(CORE_SRCS),$(wildcard src/core/*.c src/data/*.c))
FUZZ_CORE_HEADERS = $(wildcard src/core/*.h src/data/*.h)

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SANITIZE = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS ?= -g -O1 -std=c99 -Wall -Wextra -Isrc/core -Isrc/data
# -timeout: an input that takes seconds is a hang (the core is linear)
FUZZ_FLAGS ?= -max_len=512 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
# fuzz_long: inputs of up to 64 KB, long from the start (-len_control=0),
# seeded with the pathological shapes of test/fuzz/long_seeds.sh; an input
# that takes more than FUZZ_LONG_TIMEOUT seconds fails (linear parsing of
# 64 KB takes milliseconds, even under the sanitizers)
FUZZ_LONG_TIMEOUT ?= 5
FUZZ_LONG_FLAGS ?= -max_len=65536 -len_control=0 -timeout=$(FUZZ_LONG_TIMEOUT) \
	-rss_limit_mb=2048 -print_final_stats=1
FUZZ_DIR ?= test/build/fuzz
FUZZ_NAMES ?= $(patsubst test/fuzz/fuzz_%.c,%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS = $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_NAMES))

$(FUZZ_DIR)/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/fuzz_common.h $(FUZZ_CORE_SRCS) $(FUZZ_CORE_HEADERS)
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_EXTRA_CFLAGS) $(FUZZ_SANITIZE) -o $@ $< $(FUZZ_CORE_SRCS)

fuzz-build: $(FUZZ_BINS)

# For each target: replay the regression inputs (each must run clean), then
# fuzz from a scratch copy of the seeds, so no new corpus file lands in the
# source tree.  The libFuzzer log goes to test/build/fuzz/NAME.log; its end
# is shown, all of it when the target failed.
fuzz: $(FUZZ_BINS)
	@status=0; \
	for n in $(FUZZ_NAMES); do \
		bin=$(FUZZ_DIR)/fuzz_$$n; log=$(FUZZ_DIR)/$$n.log; \
		regs=$$(find test/fuzz/regressions/$$n -type f 2>/dev/null | sort); \
		if [ -n "$$regs" ]; then \
			echo "== fuzz_$$n: replaying $$(echo "$$regs" | wc -l) regression inputs"; \
			failed=0; \
			for r in $$regs; do \
				if ! $$bin $$r >$(FUZZ_DIR)/$$n-regression.log 2>&1; then \
					echo "   FAILED: $$r"; \
					grep -E 'fuzz check failed|^SUMMARY|^[[:space:]]+#[0-3] ' $(FUZZ_DIR)/$$n-regression.log | sed 's/^/      /'; \
					failed=1; \
				fi; \
			done; \
			if [ $$failed = 1 ]; then \
				echo "== fuzz_$$n: FAILED on a regression input; not fuzzed"; \
				status=1; continue; \
			fi; \
		fi; \
		rm -rf $(FUZZ_DIR)/corpus/$$n; mkdir -p $(FUZZ_DIR)/corpus/$$n $(FUZZ_DIR)/crashes; \
		if [ -d test/fuzz/corpus/$$n ]; then cp test/fuzz/corpus/$$n/* $(FUZZ_DIR)/corpus/$$n/; fi; \
		flags='$(FUZZ_FLAGS)'; \
		if [ $$n = long ]; then \
			sh test/fuzz/long_seeds.sh $(FUZZ_DIR)/corpus/$$n; flags='$(FUZZ_LONG_FLAGS)'; \
		fi; \
		echo "== fuzz_$$n: fuzzing for $(FUZZ_SECONDS)s"; \
		dict=; if [ -f test/fuzz/$$n.dict ]; then dict=-dict=test/fuzz/$$n.dict; fi; \
		if [ $$n = long ]; then dict=-dict=test/fuzz/parse.dict; fi; \
		if $$bin $$flags $$dict -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_DIR)/crashes/$$n- $(FUZZ_DIR)/corpus/$$n >$$log 2>&1; then \
			grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|Done )' $$log; \
		else \
			cat $$log; \
			echo "== fuzz_$$n: FAILED (crash input in $(FUZZ_DIR)/crashes/)"; \
			status=1; \
		fi; \
	done; \
	exit $$status

# The C unit tests under AddressSanitizer and UndefinedBehaviorSanitizer
SANITIZE_CC ?= clang
SANITIZE_CFLAGS ?= -std=c99 -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Isrc/core -Isrc/data
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
SANITIZE_TESTS = $(patsubst test/%.c,test/build/asan/%,$(wildcard test/test_*.c))

test/build/asan/test_%: test/test_%.c $(FUZZ_CORE_SRCS) $(FUZZ_CORE_HEADERS)
	@mkdir -p test/build/asan
	$(SANITIZE_CC) $(SANITIZE_CFLAGS) $(SANITIZE_FLAGS) -o $@ $< $(FUZZ_CORE_SRCS)

test-core-sanitize: $(SANITIZE_TESTS)
	@status=0; \
	for t in $(SANITIZE_TESTS); do \
		echo "== $$t"; $(SANITIZE_ENV) ./$$t || { echo "== $$t: FAILED"; status=1; }; \
	done; \
	exit $$status

.PHONY: fuzz fuzz-build test-core-sanitize

.DEFAULT_GOAL := $(fuzz_saved_goal)
