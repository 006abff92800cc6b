#-------------------------------------------------------------------------
#
# mk/differential.mk
#	  Differential test of the phone core against Google's libphonenumber
#	  (test/test_differential.c, data in test/data/, see its README.md).
#
#	make test-differential   build test/build/test_differential from the
#	                         core sources and compare it with the committed
#	                         test/data/corpus.tsv (deliberate differences
#	                         listed in known_differences.tsv) and
#	                         test/data/holdout.tsv (no list: only the
#	                         deliberate differences doc/phone.md names are
#	                         left out, recognised by -c); needs only a C
#	                         compiler
#	make update-corpus       regenerate both with the pinned
#	                         google-libphonenumber (needs node and npm), then
#	                         run the test; not part of "all"
#
#-------------------------------------------------------------------------

# keep whatever goal the including Makefile has as its default
differential_saved_goal := $(.DEFAULT_GOAL)

DIFFERENTIAL_SRCS = $(if $(CORE_SRCS),$(CORE_SRCS),$(wildcard src/core/*.c src/data/*.c))
DIFFERENTIAL_CFLAGS = -std=c99 -Wall -Wextra -Werror -O2 -Isrc/core -Isrc/data
DIFFERENTIAL_CORPUS = test/data/corpus.tsv
DIFFERENTIAL_HOLDOUT = test/data/holdout.tsv

test/build/test_differential: test/test_differential.c $(DIFFERENTIAL_SRCS) $(wildcard src/core/*.h src/data/*.h)
	@mkdir -p test/build
	$(CC) $(DIFFERENTIAL_CFLAGS) -o $@ test/test_differential.c $(DIFFERENTIAL_SRCS)

test-differential: test/build/test_differential
	test/build/test_differential $(DIFFERENTIAL_CORPUS)
	test/build/test_differential -c -k /dev/null/none $(DIFFERENTIAL_HOLDOUT)

update-corpus:
	cd test/oracle && npm ci --no-audit --no-fund
	cd test/oracle && node gen_corpus.js ../data/corpus.tsv
	cd test/oracle && node gen_holdout.js ../data/holdout.tsv
	$(MAKE) -f $(firstword $(MAKEFILE_LIST)) test-differential

.PHONY: test-differential update-corpus

.DEFAULT_GOAL := $(differential_saved_goal)
