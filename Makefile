# Makefile for the extensions phone and phone_consent (PGXS)
#
#   make                    build the library and the install scripts
#   make install            install into the PostgreSQL that PG_CONFIG names
#   make installcheck       the regression suite against a running server
#   make test               every test below (as root: it installs the
#                           extension and starts throwaway servers)
#
# Tests, each also a target of its own:
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
# Not in `make test`: test-core-sanitize and fuzz (clang, ASan, UBSan,
# libFuzzer), test-pg17 and test-i386 (a Debian tree each, as root), the
# unit tests one by one (test-format, test-numplan, test-tz), bench-* (bench/
# and bench-format, bench-numplan of the unit tests),
# update-metadata, update-timezones and update-corpus (regenerate the
# committed data), and the release targets of mk/release.mk.

#-------------------------------------------------------------------------
# Sources: every list of files is here
#-------------------------------------------------------------------------

EXTENSION = phone phone_consent
MODULE_big = phone

# The core: plain C, no PostgreSQL headers (src/core/phone_core.h), and
# the tables generated from pinned data (src/data/)
CORE_SRCS = $(addprefix src/core/,phone_encoding.c phone_lex.c phone_parse.c \
	phone_resolve.c phone_error.c numplan.c numplan_history.c digit_regex.c \
	phone_format.c phone_match.c phone_tz.c phone_mask.c phone_sms.c) \
	$(addprefix src/data/,numplan_data.c tz_data.c tz_region_data.c)
CORE_HEADERS = $(addprefix src/core/,phone_core.h numplan.h phone_lex.h \
	phone_resolve.h phone_tz.h digit_regex.h) \
	src/data/unicode_digits.h
# The PostgreSQL glue
GLUE_SRCS = $(addprefix src/pg/,pg_phone.c pg_phone_ops.c pg_phone_numplan.c \
	pg_phone_tz.c pg_phone_privacy.c pg_phone_reports.c pg_phone_restore.c \
	pg_phone_metadata.c pg_phone_sms.c pg_phone_chain.c)
GLUE_HEADERS = src/pg/pg_phone.h src/pg/pg_phone_restore.h

OBJS = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

# The install scripts are built from their parts, in this order: phone,
# the type and everything that needs no table of its own (it has none);
# phone_consent (needs phone), the consent ledger and all that writes or
# reads it.
SQL_PARTS = $(addprefix src/sql/phone/,header.sql type.sql numplan.sql metadata.sql \
	privacy.sql reports.sql)
CONSENT_SQL_PARTS = $(addprefix src/sql/phone_consent/,header.sql consent.sql \
	holidays.sql erasure.sql reports.sql grants.sql)
# The update scripts, from the parts in their directory, in name order.
# phone_consent--unpackaged--1.1.sql adopts the consent objects that an
# update of phone from 1.0 leaves behind (doc/operations.md, "Upgrading
# from 1.0"): the adoption first (00-adopt.sql), then what changed since;
# the generated public holidays (src/sql/phone_consent/holidays.sql, as the
# install script has them) right after the part that makes their table.
UPDATE_1_1_PARTS = $(sort $(wildcard src/sql/phone/update/1.0--1.1/*.sql))
CONSENT_ADOPT_PARTS = $(sort $(wildcard src/sql/phone_consent/update/unpackaged--1.1/*.sql))

# phone--1.0.sql is the released 1.0 script, frozen (doc/packaging.md);
# phone_consent--unpackaged.sql has no objects.
DATA = phone--1.0.sql phone_consent--unpackaged.sql
DATA_built = phone--1.1.sql phone--1.0--1.1.sql phone_consent--1.1.sql \
	phone_consent--unpackaged--1.1.sql
DOCS = $(wildcard doc/*.md)

# The regression suite: sql/NAME.sql against expected/NAME.out, in order
REGRESS = phone_opclass phone_alone phone_input phone_output phone_binary \
	phone_operators phone_index phone_prefix phone_casts phone_partition \
	phone_settings phone_plan phone_cost phone_soft_errors phone_consent \
	phone_consent_time phone_consent_ledger phone_consent_read phone_consent_program phone_scaleout phone_scaleout_consent phone_hostile \
	phone_encoding phone_mask phone_pseudonym phone_erasure phone_purge phone_reports \
	phone_roles phone_restore phone_consent_meaning phone_consent_chain \
	phone_contact_decisions phone_contact_window
# Concurrency: specs/NAME.spec against expected/NAME.out (isolation tester)
# PHONE_REGRESS_QUICK=1 leaves out the tests that compare whole
# computations in SQL and prove nothing about the machine they run on
# (test-i386 runs the suite under emulation, where phone_contact_decisions
# alone would take about ten minutes)
REGRESS_SLOW = phone_contact_decisions
ifdef PHONE_REGRESS_QUICK
REGRESS := $(filter-out $(REGRESS_SLOW),$(REGRESS))
endif
ISOLATION := $(basename $(notdir $(wildcard specs/*.spec)))
ISOLATION_OPTS = --load-extension=phone --load-extension=phone_consent
# Left out of the LATIN1 run of installcheck-encodings: they hold
# characters LATIN1 has no code for, read what such a test wrote
# (phone_consent_time), or align non-ASCII text (phone_consent_chain);
# and the slow comparisons, which read no text of their own
ENCODING_UTF8_ONLY = phone_input phone_prefix phone_consent phone_consent_time \
	phone_hostile phone_reports phone_consent_chain $(REGRESS_SLOW)

# The C tests: test/test_NAME.c (test/harness.h), and the fuzz targets
# test/fuzz/fuzz_NAME.c, each a program built from the core alone
UNIT_TESTS = $(basename $(notdir $(wildcard test/test_*.c)))
FUZZ_NAMES ?= $(patsubst test/fuzz/fuzz_%.c,%,$(wildcard test/fuzz/fuzz_*.c))

EXTRA_CLEAN = test/build

#-------------------------------------------------------------------------
# Build
#-------------------------------------------------------------------------

PG_CONFIG ?= pg_config
PG_CFLAGS += -Wextra
# PostgreSQL's own headers are not clean under -Wextra: read them as system
# headers so that the warnings we enable are about our code only.
PG_CPPFLAGS += -Isrc/core -Isrc/data -isystem $(shell $(PG_CONFIG) --includedir-server)
# With GCC, link-time optimisation: the fast path of text input runs through
# src/core/phone_parse.c, src/core/phone_resolve.c and src/core/numplan.c, and inlining across
# them takes about 2.5% off a COPY of E.164 numbers (bench/findings.md).
# Other compilers (clang needs an LTO-aware linker) build without it, as
# does PHONE_LTO=no.
PHONE_LTO ?= $(if $(findstring gcc version,$(shell $(CC) -v 2>&1)),yes,no)
ifeq ($(PHONE_LTO),yes)
PG_CFLAGS += -flto=auto
endif
# Export only what the server looks up: the SQL-callable functions (which
# PG_FUNCTION_INFO_V1 declares PGDLLEXPORT), _PG_init and the magic block.
# PGXS hides the rest from PostgreSQL 16 on; src/pg/pg_phone.h marks them on 15
# (test/symbols.sh checks the list).
ifeq ($(shell $(CC) -fvisibility=hidden -Werror -x c -c -o /dev/null /dev/null 2>/dev/null && echo yes),yes)
PG_CFLAGS += -fvisibility=hidden
endif

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(CORE_SRCS:.c=.o): $(CORE_HEADERS)
$(GLUE_SRCS:.c=.o): $(CORE_HEADERS) $(GLUE_HEADERS)

phone--1.1.sql: $(SQL_PARTS) Makefile
	cat $(SQL_PARTS) > $@
phone_consent--1.1.sql: $(CONSENT_SQL_PARTS) Makefile
	cat $(CONSENT_SQL_PARTS) > $@
phone--1.0--1.1.sql: $(UPDATE_1_1_PARTS) Makefile
	cat $(UPDATE_1_1_PARTS) > $@
phone_consent--unpackaged--1.1.sql: $(CONSENT_ADOPT_PARTS) src/sql/phone_consent/holidays.sql Makefile
	for f in $(CONSENT_ADOPT_PARTS); do \
		cat $$f; \
		case $$f in */83-windows.sql) cat src/sql/phone_consent/holidays.sql;; esac; \
	done > $@

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
endif
installcheck: installcheck-preflight
installcheck-preflight:
	@sh tools/installcheck-preflight.sh $(bindir)/psql $(PG_CONFIG) "$(REGRESS_OUTPUTDIR)"

#-------------------------------------------------------------------------
# C tests.  Each flavour compiles the core once and links every program
# of its own against it: the unit tests in test/build/obj/, the sanitized
# ones in test/build/asan/obj/, the fuzz targets in $(FUZZ_DIR)/obj/.
#-------------------------------------------------------------------------

TEST_CC ?= $(CC)
TEST_CFLAGS = -std=c99 -g -Wall -Wextra -Werror -Isrc/core -Isrc/data
# ASan + UBSan (test-core-sanitize) and libFuzzer (fuzz): clang
SANITIZE_CC ?= clang
SANITIZE_FLAGS = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
SANITIZE_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
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

UNIT_OBJS = $(CORE_SRCS:%.c=test/build/obj/%.o)
SANITIZE_OBJS = $(CORE_SRCS:%.c=test/build/asan/obj/%.o)
FUZZ_OBJS = $(CORE_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)

test/build/obj/%.o: %.c $(CORE_HEADERS)
	@mkdir -p $(@D)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -c -o $@ $<
test/build/test_%: test/test_%.c test/harness.h $(UNIT_OBJS)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -o $@ $< $(UNIT_OBJS)

test/build/asan/obj/%.o: %.c $(CORE_HEADERS)
	@mkdir -p $(@D)
	$(SANITIZE_CC) $(TEST_CFLAGS) $(SANITIZE_FLAGS) -c -o $@ $<
test/build/asan/test_%: test/test_%.c test/harness.h $(SANITIZE_OBJS)
	$(SANITIZE_CC) $(TEST_CFLAGS) $(SANITIZE_FLAGS) -o $@ $< $(SANITIZE_OBJS)

$(FUZZ_DIR)/obj/%.o: %.c $(CORE_HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(TEST_CFLAGS) $(FUZZ_EXTRA_CFLAGS) $(FUZZ_SANITIZE) -c -o $@ $<
$(FUZZ_DIR)/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/fuzz_common.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(TEST_CFLAGS) $(FUZZ_EXTRA_CFLAGS) $(FUZZ_SANITIZE) -o $@ $< $(FUZZ_OBJS)

# Every unit test but the differential test, which reads a corpus
test-core: $(addprefix test/build/,$(filter-out test_differential,$(UNIT_TESTS)))
	@sh test/unit.sh $^
test-core-sanitize: $(addprefix test/build/asan/,$(UNIT_TESTS))
	@$(SANITIZE_ENV) sh test/unit.sh $^
test-format test-tz: test-%: test/build/test_%
	test/build/test_$*
# test-plan and bench-plan: the older names of test-numplan and bench-numplan
test-numplan test-plan: test/build/test_numplan
	test/build/test_numplan
bench-format: test/build/test_format
	test/build/test_format --bench
bench-numplan bench-plan: test/build/test_numplan
	test/build/test_numplan --bench
# The committed corpus (deliberate differences in known_differences.tsv)
# and the holdout (only the differences doc/phone.md names, -c)
test-differential: test/build/test_differential
	test/build/test_differential test/data/corpus.tsv
	test/build/test_differential -c -k /dev/null/none test/data/holdout.tsv

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
PHONE_VIRTUALENV = env LC_ALL=C.UTF-8 pg_virtualenv -i '$(PHONE_INITDB_OPTS)'

test: test-core test-symbols test-differential installcheck-throwaway installcheck-encodings \
	test-complexity test-dump test-consent-dump test-scaleout \
	test-trusted test-memory test-upgrade test-upgrade-selftest test-drift \
	test-docs test-clients test-recipes

installcheck-throwaway: all
	$(MAKE) install
	@out=$$($(PHONE_VIRTUALENV) -v $(MAJORVERSION) $(MAKE) installcheck 2>&1); status=$$?; echo "$$out"; \
	[ $$status = 0 ] || { test -f regression.diffs && cat regression.diffs; }; \
	p=$$(echo "$$out" | grep -c ' \.\.\. ok '); f=$$(echo "$$out" | grep -c ' \.\.\. FAILED'); \
	[ $$status = 0 ] || [ $$f -gt 0 ] || f=1; \
	echo "$$p passed, $$f failed"; exit $$status

installcheck-encodings: all
	$(MAKE) install
	$(PHONE_VIRTUALENV) -v $(MAJORVERSION) env PGCLIENTENCODING=UTF8 sh -c '\
		status=0; \
		$(MAKE) installcheck REGRESS="$(filter-out $(ENCODING_UTF8_ONLY),$(REGRESS))" \
			EXTRA_REGRESS_OPTS="--encoding=LATIN1 --no-locale" || { \
			echo "== FAILED in a LATIN1 database"; cat regression.diffs; status=1; }; \
		$(MAKE) installcheck REGRESS="phone_opclass phone_encoding" \
			EXTRA_REGRESS_OPTS="--encoding=SQL_ASCII --no-locale" || { \
			echo "== FAILED in a SQL_ASCII database"; cat regression.diffs; status=1; }; \
		exit $$status'

test-complexity: all
	$(MAKE) install
	$(PHONE_VIRTUALENV) -v $(MAJORVERSION) sh test/complexity/run.sh

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

#-------------------------------------------------------------------------
# Benchmarks (bench/README.md; the extension installed) and the data
#-------------------------------------------------------------------------

bench:
	PG_CONFIG="$(PG_CONFIG)" CORE_SRCS="$(CORE_SRCS)" bench/run.sh
bench-quick:
	PG_CONFIG="$(PG_CONFIG)" CORE_SRCS="$(CORE_SRCS)" QUICK=1 bench/run.sh
bench-consent:
	PG_BINDIR="$(bindir)" bench/consent_bench.sh
bench-reports:
	THROWAWAY=1 PG_CONFIG="$(PG_CONFIG)" bench/reports_bench.sh

# Regenerate committed data from pinned packages (node, npm); not in `all`
update-metadata:
	tools/update-metadata.sh
update-timezones:
	cd tools/tz && npm ci --no-audit --no-fund
	node tools/tz/gen_tz_data.js src/data/tz_data.c.new $(ZONEINFO)
	node tools/tz/gen_tz_regions.js src/data/tz_region_data.c.new $(ZONEINFO)
	mv src/data/tz_data.c.new src/data/tz_data.c
	mv src/data/tz_region_data.c.new src/data/tz_region_data.c
	$(MAKE) test-tz
update-corpus:
	cd test/oracle && npm ci --no-audit --no-fund
	cd test/oracle && node gen_corpus.js ../data/corpus.tsv
	cd test/oracle && node gen_holdout.js ../data/holdout.tsv
	$(MAKE) test-differential
ZONEINFO ?= /usr/share/zoneinfo

.PHONY: installcheck-preflight test-core test-core-sanitize test-format test-numplan test-plan \
	test-tz bench-format bench-numplan bench-plan test-differential fuzz-build fuzz test-symbols test \
	installcheck-throwaway installcheck-encodings test-complexity test-dump \
	test-consent-dump test-scaleout test-trusted test-memory check-released \
	test-upgrade test-upgrade-selftest test-drift test-docs test-clients \
	test-recipes test-pg17 test-i386 bench bench-quick bench-consent \
	bench-reports update-metadata update-timezones update-corpus

# Releasing: check-versions, dist, test-dist, deb, test-deb
include mk/release.mk
