# mk/test.mk: the tests and the benchmarks, included by the Makefile
#
#   test                    every test below but the last paragraph's
#   test-core               C unit tests of the core (test/test_*.c)
#   test-symbols            the library exports only what SQL calls
#   test-differential       the core against libphonenumber (test/data/)
#   installcheck-throwaway  install, then the regression suite on a
#                           throwaway server; installcheck-encodings the
#                           same in LATIN1 and SQL_ASCII databases
#   test-complexity test-dump test-consent-dump test-scaleout test-trusted
#   test-memory test-upgrade test-upgrade-selftest test-drift test-docs
#   test-clients test-recipes
#                           one script each, test/NAME/run.sh (its head
#                           says what it checks and what it needs)
#
# Not in `make test`: test-core-sanitize and fuzz (clang, ASan, UBSan,
# libFuzzer), test-pg17 and test-i386 (a Debian tree each, as root), the
# unit tests one by one (test-format, test-numplan, test-tz),
# check-released, bench-* (bench/README.md), update-corpus.

test: test-core test-symbols test-differential installcheck-throwaway installcheck-encodings \
	test-complexity test-dump test-consent-dump test-scaleout \
	test-trusted test-memory test-upgrade test-upgrade-selftest test-drift \
	test-docs test-clients test-recipes

# make installcheck: tools/installcheck-preflight.sh says what is missing
# (a server, a superuser, the installed extension) before pg_regress
# starts.  Results go to the top of the tree when it is writable, as PGXS
# has it, else to a new temporary directory (REGRESS_OUTPUTDIR chooses):
# `sudo -u postgres make installcheck` works in a tree of another user.
ifneq ($(filter installcheck,$(MAKECMDGOALS)),)
ifeq ($(REGRESS_OUTPUTDIR),)
REGRESS_OUTPUTDIR := $(shell if [ -w . ]; then echo .; else mktemp -d "$${TMPDIR:-/tmp}/phone-installcheck.XXXXXX"; fi)
endif
REGRESS_OPTS += --outputdir=$(REGRESS_OUTPUTDIR)
ISOLATION_OPTS += --outputdir=$(REGRESS_OUTPUTDIR)/output_iso
# A server whose new databases are SQL_ASCII (initdb without --encoding in
# the C locale, or in any locale with -E SQL_ASCII) gets the suite in a
# UTF8 database in the C locale, which goes with every encoding: its tests
# read what people type in every script.  A run that names an encoding
# (installcheck-encodings) keeps it.  psql -w: never a password prompt here
# (the preflight says what is missing).
ifeq ($(findstring --encoding,$(EXTRA_REGRESS_OPTS)),)
ifeq ($(shell $(bindir)/psql -X -w -At -d "$${PGDATABASE:-postgres}" -c "SELECT pg_catalog.pg_encoding_to_char(encoding) FROM pg_catalog.pg_database WHERE datname = 'template0'" 2>/dev/null),SQL_ASCII)
REGRESS_OPTS += --encoding=UTF8 --no-locale
ISOLATION_OPTS += --encoding=UTF8 --no-locale
endif
endif
endif
installcheck: installcheck-preflight
installcheck-preflight:
	@sh tools/installcheck-preflight.sh $(bindir)/psql $(PG_CONFIG) "$(REGRESS_OUTPUTDIR)"

#-------------------------------------------------------------------------
# C tests: programs built from the core alone (not the PostgreSQL glue).
# Each flavour compiles the core once into DIR/obj/ and links its programs
# DIR/PROGRAM from test/PROGRAM.c against it.
#-------------------------------------------------------------------------

UNIT_TESTS = $(basename $(notdir $(wildcard test/test_*.c)))
TEST_CC ?= $(CC)
TEST_CFLAGS = -std=c99 -g -Wall -Wextra -Werror -Isrc/core -Isrc/data
# ASan + UBSan (test-core-sanitize) and libFuzzer (fuzz): clang
SANITIZE_CC ?= clang
SANITIZE_FLAGS = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
FUZZ_NAMES ?= $(patsubst test/fuzz/fuzz_%.c,%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_CC ?= clang
FUZZ_DIR ?= test/build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SANITIZE = -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# -timeout: an input that takes seconds is a hang (the core is linear).
# fuzz_long: inputs of up to 64 KB, long from the start, seeded with the
# pathological shapes of test/fuzz/long_seeds.sh; linear parsing of 64 KB
# takes milliseconds, even under the sanitizers.
FUZZ_FLAGS ?= -max_len=512 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_LONG_TIMEOUT ?= 5
FUZZ_LONG_FLAGS ?= -max_len=65536 -len_control=0 -timeout=$(FUZZ_LONG_TIMEOUT) \
	-rss_limit_mb=2048 -print_final_stats=1

# $(call core_programs,DIR,COMPILER AND FLAGS,PROGRAM PREFIX,HEADER)
define core_programs
$(1)/obj/%.o: %.c $$(CORE_HEADERS)
	@mkdir -p $$(@D)
	$(2) -c -o $$@ $$<
$(1)/$(notdir $(3))%: test/$(3)%.c $(4) $$(CORE_SRCS:%.c=$(1)/obj/%.o)
	$(2) -o $$@ $$< $$(CORE_SRCS:%.c=$(1)/obj/%.o)
endef
$(eval $(call core_programs,test/build,$$(TEST_CC) $$(TEST_CFLAGS) -O2,test_,test/harness.h))
$(eval $(call core_programs,test/build/asan,$$(SANITIZE_CC) $$(TEST_CFLAGS) $$(SANITIZE_FLAGS),test_,test/harness.h))
# test_format includes the patterns' compiler, which is not in the core,
# to check every precompiled program against it
test/build/test_format test/build/asan/test_format: src/core/digit_regex_compile.c
$(eval $(call core_programs,$(FUZZ_DIR),$$(FUZZ_CC) $$(TEST_CFLAGS) $$(FUZZ_EXTRA_CFLAGS) $$(FUZZ_SANITIZE),fuzz/fuzz_,test/fuzz/fuzz_common.h))

# Every unit test but the differential test, which reads a corpus
test-core: $(addprefix test/build/,$(filter-out test_differential,$(UNIT_TESTS)))
	@sh test/unit.sh $^
test-core-sanitize: $(addprefix test/build/asan/,$(UNIT_TESTS))
	@$(SANITIZE_ENV) sh test/unit.sh $^
test-format test-numplan test-tz: test-%: test/build/test_%
	test/build/test_$*
bench-format bench-numplan: bench-%: test/build/test_%
	test/build/test_$* --bench
# the older names of test-numplan and bench-numplan
test-plan: test-numplan
bench-plan: bench-numplan
# The committed corpus (deliberate differences in known_differences.tsv)
# and the holdout (only the differences doc/phone.md names, -c)
test-differential: test/build/test_differential
	test/build/test_differential test/data/corpus.tsv
	test/build/test_differential -c -k /dev/null/none test/data/holdout.tsv
# Regenerate the corpus and the holdout from libphonenumber (node, npm)
update-corpus:
	cd test/oracle && npm ci --no-audit --no-fund
	cd test/oracle && node gen_corpus.js ../data/corpus.tsv
	cd test/oracle && node gen_holdout.js ../data/holdout.tsv
	$(MAKE) test-differential

fuzz-build: $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_NAMES))
# Crash inputs go to $(FUZZ_DIR)/crashes/; each belongs in
# test/fuzz/regressions/NAME/ (see the README there)
fuzz: fuzz-build
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_FLAGS='$(FUZZ_FLAGS)' \
		FUZZ_LONG_FLAGS='$(FUZZ_LONG_FLAGS)' sh test/fuzz/run.sh $(FUZZ_NAMES)

test-symbols: all
	sh test/symbols.sh $(shlib) $(DATA) $(DATA_built)

#-------------------------------------------------------------------------
# Suites on throwaway servers
#-------------------------------------------------------------------------

# Clusters in UTF-8 with the C.UTF-8 locale (which every Debian system
# has), whatever LANG says
PHONE_INITDB_OPTS = --encoding=UTF8 --locale=C.UTF-8
PHONE_VIRTUALENV = env LC_ALL=C.UTF-8 pg_virtualenv -i '$(PHONE_INITDB_OPTS)' -v $(MAJORVERSION)
# Left out of the LATIN1 run of installcheck-encodings: they hold
# characters LATIN1 has no code for, read what such a test wrote
# (phone_consent_time), or align non-ASCII text (phone_consent_chain);
# and the slow comparisons, which read no text of their own
ENCODING_UTF8_ONLY = phone_input phone_prefix phone_consent phone_consent_time \
	phone_hostile phone_reports phone_consent_chain $(REGRESS_SLOW)

# The SQL_ASCII run: the tests that read text in any encoding, and
# phone_encoding_sql_ascii, which is not in REGRESS (it expects SQL_ASCII)
SQL_ASCII_TESTS = phone_opclass phone_encoding phone_encoding_sql_ascii

installcheck-throwaway: all
	$(MAKE) install
	@$(PHONE_VIRTUALENV) sh test/installcheck.sh "$(MAKE)"
installcheck-encodings: all
	$(MAKE) install
	$(PHONE_VIRTUALENV) env PGCLIENTENCODING=UTF8 sh test/installcheck.sh "$(MAKE)" \
		LATIN1 "$(filter-out $(ENCODING_UTF8_ONLY),$(REGRESS))" \
		SQL_ASCII "$(SQL_ASCII_TESTS)"
test-complexity: all
	$(MAKE) install
	$(PHONE_VIRTUALENV) sh test/complexity/run.sh

# These need the extension installed (make install)
test-dump:
	pg_virtualenv -v $(MAJORVERSION) sh test/dump/run.sh
test-consent-dump:
	pg_virtualenv -v $(MAJORVERSION) env PG_BINDIR="$(bindir)" sh test/consent_dump.sh
test-scaleout:
	PG_CONFIG=$(PG_CONFIG) bash test/scaleout/run.sh
test-trusted:
	PG_CONFIG=$(PG_CONFIG) bash test/trusted/run.sh
	PG_CONFIG=$(PG_CONFIG) bash test/trusted/key.sh
test-memory:
	PG_CONFIG=$(PG_CONFIG) $(MEMORY_OPTS) bash test/memory/run.sh
check-released: $(DATA_built)
	sh test/upgrade/check-released.sh
test-upgrade: $(DATA_built)
	PG_CONFIG=$(PG_CONFIG) CHECK_RELEASED=1 bash test/upgrade/run.sh
test-upgrade-selftest:
	PG_CONFIG=$(PG_CONFIG) bash test/upgrade/selftest.sh

# These install nothing: the plan data changed under a running server, and
# the documentation, the client drivers and the recipes against a staged
# install (extension_destdir)
test-drift: all
	PG_CONFIG=$(PG_CONFIG) sh test/drift/run.sh
test-docs test-clients test-recipes: test-%: all
	rm -rf $(CURDIR)/test/build/$*-stage
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/test/build/$*-stage >/dev/null
	chmod -R a+rX $(CURDIR)/test/build
	PG_CONFIG=$(PG_CONFIG) EXTENSION_DESTDIR=$(CURDIR)/test/build/$*-stage bash test/$*/run.sh

# The suite on PostgreSQL 17 (Debian trixie) and on i386 (bookworm), in a
# Debian tree each (PHONE_PG17_ROOT, PHONE_I386_ROOT; root, debootstrap)
test-pg17 test-i386: test-%:
	sh test/$*/run.sh $(CURDIR)

# Benchmarks (bench/README.md; the extension installed)
bench:
	PG_CONFIG="$(PG_CONFIG)" CORE_SRCS="$(CORE_SRCS)" bench/run.sh
bench-quick:
	PG_CONFIG="$(PG_CONFIG)" CORE_SRCS="$(CORE_SRCS)" QUICK=1 bench/run.sh
bench-consent:
	PG_BINDIR="$(bindir)" bench/consent_bench.sh
bench-reports:
	THROWAWAY=1 PG_CONFIG="$(PG_CONFIG)" bench/reports_bench.sh

.PHONY: test installcheck-preflight test-core test-core-sanitize test-format test-numplan \
	test-plan test-tz bench-format bench-numplan bench-plan test-differential update-corpus \
	fuzz-build fuzz test-symbols installcheck-throwaway installcheck-encodings \
	test-complexity test-dump test-consent-dump test-scaleout test-trusted test-memory \
	check-released test-upgrade test-upgrade-selftest test-drift test-docs test-clients \
	test-recipes test-pg17 test-i386 bench bench-quick bench-consent bench-reports
