# Makefile for the extensions phone and phone_consent (PGXS)
#
#   make                 build the library and the install scripts
#   make install         install into the PostgreSQL that PG_CONFIG names
#   make installcheck    the regression suite against a running server
#   make test            every test (as root: it installs the extension and
#                        starts throwaway servers); mk/test.mk lists them
#   make dist, deb ...   releasing: mk/release.mk

EXTENSION = phone phone_consent
MODULE_big = phone

# The core: plain C, no PostgreSQL headers, and the tables generated from
# pinned data (src/data/, make update-metadata, update-timezones)
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

# The install scripts are their parts put together, in this order: phone
# (the type and all that needs no table of its own), then phone_consent
# (the consent ledger and all that writes or reads it)
SQL_PARTS = $(addprefix src/sql/phone/,header.sql type.sql numplan.sql metadata.sql \
	privacy.sql reports.sql)
CONSENT_SQL_PARTS = $(addprefix src/sql/phone_consent/,header.sql consent.sql \
	holidays.sql erasure.sql reports.sql grants.sql)
# The update scripts, from the parts in their directory, in name order.
# phone_consent--unpackaged--1.1.sql adopts the consent objects that an
# update of phone from 1.0 leaves behind (doc/operations.md, "Upgrading
# from 1.0"): the adoption first (00-adopt.sql), then what changed since,
# with the generated public holidays right after the part that makes
# their table.
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
	phone_settings phone_plan phone_cost phone_consent \
	phone_consent_time phone_consent_ledger phone_consent_read phone_consent_program phone_scaleout phone_scaleout_consent phone_hostile \
	phone_encoding phone_encoding_text phone_mask phone_pseudonym phone_erasure phone_purge phone_reports \
	phone_roles phone_restore phone_consent_meaning phone_consent_chain \
	phone_contact_decisions phone_contact_window
# The tests that compare whole computations in SQL and prove nothing about
# the machine they run on: PHONE_REGRESS_QUICK=1 leaves them out (test-i386
# runs the suite under emulation, where phone_contact_decisions alone would
# take about ten minutes)
REGRESS_SLOW = phone_contact_decisions
ifdef PHONE_REGRESS_QUICK
REGRESS := $(filter-out $(REGRESS_SLOW),$(REGRESS))
endif
# Concurrency: specs/NAME.spec against expected/NAME.out (isolation tester)
ISOLATION := $(basename $(notdir $(wildcard specs/*.spec)))
ISOLATION_OPTS = --load-extension=phone --load-extension=phone_consent

EXTRA_CLEAN = test/build

PG_CONFIG ?= pg_config
PG_CFLAGS += -Wextra
# PostgreSQL's own headers are not clean under -Wextra: read them as system
# headers so that the warnings we enable are about our code only.
PG_CPPFLAGS += -Isrc/core -Isrc/data -isystem $(shell $(PG_CONFIG) --includedir-server)
# With GCC, link-time optimisation: the fast path of text input runs through
# phone_parse.c, phone_resolve.c and numplan.c, and inlining across them
# takes about 2.5% off a COPY of E.164 numbers (bench/findings.md).  Other
# compilers (clang needs an LTO-aware linker) build without it, as does
# PHONE_LTO=no.
PHONE_LTO ?= $(if $(findstring gcc version,$(shell $(CC) -v 2>&1)),yes,no)
ifeq ($(PHONE_LTO),yes)
PG_CFLAGS += -flto=auto
endif
# Export only what the server looks up: the SQL-callable functions (which
# PG_FUNCTION_INFO_V1 declares PGDLLEXPORT), _PG_init and the magic block.
# PGXS hides the rest from PostgreSQL 16 on; src/pg/pg_phone.h marks them on
# 15 (make test-symbols checks the list).
ifeq ($(shell $(CC) -fvisibility=hidden -Werror -x c -c -o /dev/null /dev/null 2>/dev/null && echo yes),yes)
PG_CFLAGS += -fvisibility=hidden
endif

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# A test of what only newer servers have runs only on them, so that each
# version has one expected output: soft input errors from PostgreSQL 16 on
ifeq ($(shell test $(VERSION_NUM) -ge 160000 && echo yes),yes)
REGRESS += phone_soft_errors
endif

$(CORE_SRCS:.c=.o): $(CORE_HEADERS)
$(GLUE_SRCS:.c=.o): $(CORE_HEADERS) $(GLUE_HEADERS)

phone--1.1.sql: $(SQL_PARTS)
phone_consent--1.1.sql: $(CONSENT_SQL_PARTS)
phone--1.0--1.1.sql: $(UPDATE_1_1_PARTS)
phone--1.1.sql phone_consent--1.1.sql phone--1.0--1.1.sql: Makefile
	cat $(filter-out Makefile,$^) > $@
phone_consent--unpackaged--1.1.sql: $(CONSENT_ADOPT_PARTS) src/sql/phone_consent/holidays.sql Makefile
	for f in $(CONSENT_ADOPT_PARTS); do \
		cat $$f; \
		case $$f in */83-windows.sql) cat src/sql/phone_consent/holidays.sql;; esac; \
	done > $@

# Regenerate the committed data from pinned packages (node, npm); not in `all`
ZONEINFO ?= /usr/share/zoneinfo
update-metadata:
	tools/update-metadata.sh
update-timezones:
	cd tools/tz && npm ci --no-audit --no-fund
	node tools/tz/gen_tz_data.js src/data/tz_data.c.new $(ZONEINFO)
	node tools/tz/gen_tz_regions.js src/data/tz_region_data.c.new $(ZONEINFO)
	mv src/data/tz_data.c.new src/data/tz_data.c
	mv src/data/tz_region_data.c.new src/data/tz_region_data.c
	$(MAKE) test-tz
.PHONY: update-metadata update-timezones

include mk/test.mk mk/release.mk
