# Makefile for the phone extension (PGXS)
#
#   make                 build
#   make install         install into the server named by PG_CONFIG
#   make installcheck    regression tests against a running server
#   make test            every test: C unit tests, differential test, the
#                        regression suite on a throwaway server, and the
#                        suites of the mk/*.mk fragments (see README.md)

EXTENSION = phone phone_consent
MODULE_big = phone

# The core: plain C, no PostgreSQL headers (src/core/phone_core.h), and
# the tables generated from pinned data (src/data/)
CORE_SRCS = $(addprefix src/core/,phone_encoding.c phone_lex.c phone_parse.c \
	phone_resolve.c phone_error.c numplan.c numplan_history.c digit_regex.c \
	phone_format.c phone_match.c phone_tz.c phone_mask.c phone_sms.c) \
	$(addprefix src/data/,numplan_data.c tz_data.c tz_region_data.c)
# The PostgreSQL glue
GLUE_SRCS = $(addprefix src/pg/,pg_phone.c pg_phone_ops.c pg_phone_numplan.c \
	pg_phone_tz.c pg_phone_privacy.c pg_phone_reports.c pg_phone_restore.c \
	pg_phone_metadata.c pg_phone_sms.c)

OBJS = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

# The install scripts are built from their parts, in this order: phone,
# the type and everything that needs no table of its own (it has none);
# phone_consent (phone_consent.control, needs
# phone), the consent ledger and all that writes or reads it
SQL_PARTS = src/sql/header.sql src/sql/type.sql src/sql/numplan.sql src/sql/metadata.sql \
	src/sql/privacy.sql src/sql/reports.sql
CONSENT_SQL_PARTS = src/sql/consent_header.sql src/sql/consent.sql \
	src/sql/erasure.sql src/sql/consent_reports.sql src/sql/grants.sql
# phone--1.0.sql is the released 1.0 script, frozen (doc/packaging.md); the
# install script of the current version is built from src/sql/, and the
# update script from the parts in src/sql/update/1.0--1.1/, in name order.
# phone_consent--unpackaged.sql (no objects) and the update from it adopt
# the consent objects that an update of phone from 1.0 leaves behind
# (doc/operations.md, "Upgrading from 1.0").
DATA = phone--1.0.sql phone_consent--unpackaged.sql
DATA_built = phone--1.1.sql phone--1.0--1.1.sql phone_consent--1.1.sql \
	phone_consent--unpackaged--1.1.sql
DOCS = $(wildcard doc/*.md)

REGRESS = phone_opclass phone_alone phone_input phone_output phone_binary \
	phone_operators phone_index phone_prefix phone_casts phone_partition \
	phone_settings phone_plan phone_soft_errors phone_consent \
	phone_consent_time phone_consent_ledger phone_consent_read phone_scaleout phone_scaleout_consent phone_hostile \
	phone_encoding phone_mask phone_pseudonym phone_erasure phone_purge phone_reports \
	phone_roles phone_restore phone_consent_meaning phone_consent_chain \
	phone_contact_decisions
ISOLATION := $(basename $(notdir $(wildcard specs/*.spec)))
ISOLATION_OPTS = --load-extension=phone --load-extension=phone_consent

EXTRA_CLEAN = test/build

PG_CONFIG ?= pg_config
PG_CFLAGS += -Wextra
# With GCC, link-time optimisation: the fast path of text input runs through
# src/core/phone_parse.c, src/core/phone_resolve.c and src/core/numplan.c, and inlining across
# them takes about 2.5% off a COPY of E.164 numbers (bench/findings.md).
# Other compilers (clang needs an LTO-aware linker) build without it, as
# does PHONE_LTO=no.
PHONE_LTO ?= $(if $(findstring gcc version,$(shell $(CC) -v 2>&1)),yes,no)
ifeq ($(PHONE_LTO),yes)
PG_CFLAGS += -flto=auto
endif
# PostgreSQL's own headers are not clean under -Wextra: read them as system
# headers so that the warnings we enable are about our code only.
PG_CPPFLAGS += -Isrc/core -Isrc/data -isystem $(shell $(PG_CONFIG) --includedir-server)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

phone--1.1.sql: $(SQL_PARTS) Makefile
	cat $(SQL_PARTS) > $@

phone_consent--1.1.sql: $(CONSENT_SQL_PARTS) Makefile
	cat $(CONSENT_SQL_PARTS) > $@

UPDATE_1_1_PARTS = $(sort $(wildcard src/sql/update/1.0--1.1/*.sql))
phone--1.0--1.1.sql: $(UPDATE_1_1_PARTS) Makefile
	cat $(UPDATE_1_1_PARTS) > $@

# The adoption first (00-adopt.sql), then what changed in the consent
# objects since phone 1.0 that the parts of phone's update do not bring
CONSENT_ADOPT_PARTS = $(sort $(wildcard src/sql/update/consent-unpackaged--1.1/*.sql))
phone_consent--unpackaged--1.1.sql: $(CONSENT_ADOPT_PARTS) Makefile
	cat $(CONSENT_ADOPT_PARTS) > $@

# Header dependencies
CORE_HEADERS = $(addprefix src/core/,phone_core.h numplan.h phone_lex.h \
	phone_resolve.h phone_tz.h phone_privacy.h phone_sms.h digit_regex.h) \
	src/data/unicode_digits.h
$(CORE_SRCS:.c=.o): $(CORE_HEADERS)
$(GLUE_SRCS:.c=.o): $(CORE_HEADERS) src/pg/pg_phone.h src/pg/pg_phone_restore.h

# Test and maintenance targets live in mk/, one fragment per job
include $(sort $(wildcard mk/*.mk))
