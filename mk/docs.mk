#-------------------------------------------------------------------------
#
# mk/docs.mk
#	  The documentation is a contract: every SQL block of README.md and
#	  doc/*.md runs as written, as the role it names, and shows the
#	  results it gets (test/docs/README.md has the conventions).
#
#	make test-docs    stage the extension (make install DESTDIR=...),
#	                  start a throwaway server that reads it through
#	                  extension_destdir (Debian's PostgreSQL packages), and
#	                  run test/docs/run.sh; the installation is not touched
#
#-------------------------------------------------------------------------

docs_saved_goal := $(.DEFAULT_GOAL)

DOCS_STAGE = $(CURDIR)/test/build/docs-stage

.PHONY: test-docs
test-docs: all
	rm -rf $(DOCS_STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(DOCS_STAGE) >/dev/null
	chmod -R a+rX $(CURDIR)/test/build
	PG_CONFIG=$(PG_CONFIG) EXTENSION_DESTDIR=$(DOCS_STAGE) bash test/docs/run.sh

.DEFAULT_GOAL := $(docs_saved_goal)
