#-------------------------------------------------------------------------
#
# mk/recipes.mk
#	  The recipes of doc/recipes.md with Debian's pgaudit and pg_cron
#	  (postgresql-15-pgaudit, postgresql-15-cron).
#
#	make test-recipes   stage the extension (make install DESTDIR=...),
#	                    start a throwaway server that preloads pgaudit and
#	                    pg_cron and reads the extension through
#	                    extension_destdir, run test/recipes/run.sh (about a
#	                    minute: it waits for pg_cron to run a job)
#
#-------------------------------------------------------------------------

recipes_saved_goal := $(.DEFAULT_GOAL)

RECIPES_STAGE = $(CURDIR)/test/build/recipes-stage

.PHONY: test-recipes
test-recipes: all
	rm -rf $(RECIPES_STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(RECIPES_STAGE) >/dev/null
	chmod -R a+rX $(CURDIR)/test/build
	PG_CONFIG=$(PG_CONFIG) EXTENSION_DESTDIR=$(RECIPES_STAGE) bash test/recipes/run.sh

.DEFAULT_GOAL := $(recipes_saved_goal)
