# mk/core.mk: C unit tests of the core, the regression suite on a throwaway
# server, and the umbrella target `make test`.
#
# Every test/test_*.c (but the differential test, which has its own
# target in mk/differential.mk) is a standalone program built from the core
# sources alone, without PostgreSQL, run from the top of the tree, printing
# "N passed, M failed" and exiting non-zero on failure.

CORE_TEST_CC ?= cc
CORE_TEST_CFLAGS ?= -std=c99 -O2 -g -Wall -Wextra -Werror -Isrc/core -Isrc/data
CORE_TESTS = $(patsubst test/%.c,test/build/%,$(filter-out test/test_differential.c,$(wildcard test/test_*.c)))

test/build/test_%: test/test_%.c $(CORE_SRCS) $(CORE_HEADERS)
	@mkdir -p test/build
	$(CORE_TEST_CC) $(CORE_TEST_CFLAGS) -o $@ $< $(CORE_SRCS)

.PHONY: test-core installcheck-throwaway test
test-core: $(CORE_TESTS)
	@status=0; p=0; f=0; for t in $(CORE_TESTS); do \
		echo "== $$t"; out=$$(./$$t 2>&1) || status=1; echo "$$out"; \
		v=$$(echo "$$out" | sed -n 's/^\(.*: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed$$/\2 \3/p' | tail -1); \
		[ -n "$$v" ] || { v="0 1"; status=1; }; \
		p=$$((p + $${v% *})); f=$$((f + $${v#* })); \
	done; echo "$$p passed, $$f failed"; exit $$status

# Throwaway clusters are created in UTF-8 with the C.UTF-8 locale (which
# every Debian system has), whatever LANG says: with LANG unset initdb
# would pick SQL_ASCII, and with a LANG naming a locale that is not
# generated pg_createcluster refuses to run.  The other fragments that
# start pg_virtualenv use PHONE_VIRTUALENV too.
PHONE_INITDB_OPTS = --encoding=UTF8 --locale=C.UTF-8
PHONE_VIRTUALENV = env LC_ALL=C.UTF-8 pg_virtualenv -i '$(PHONE_INITDB_OPTS)'

# Install, then run the regression suite on a throwaway cluster of the
# server version PG_CONFIG names (pg_virtualenv, from postgresql-common).
installcheck-throwaway: all
	$(MAKE) install
	@out=$$($(PHONE_VIRTUALENV) -v $(MAJORVERSION) $(MAKE) installcheck 2>&1); status=$$?; echo "$$out"; \
	[ $$status = 0 ] || { test -f regression.diffs && cat regression.diffs; }; \
	p=$$(echo "$$out" | grep -c ' \.\.\. ok '); f=$$(echo "$$out" | grep -c ' \.\.\. FAILED'); \
	[ $$status = 0 ] || [ $$f -gt 0 ] || f=1; \
	echo "$$p passed, $$f failed"; exit $$status

# Every test.  Needs root (it installs the extension and starts servers).
test: test-core test-differential installcheck-throwaway installcheck-encodings \
	test-complexity test-dump test-consent-dump test-scaleout \
	test-trusted test-memory test-upgrade test-upgrade-selftest test-drift \
	test-docs test-clients test-recipes
