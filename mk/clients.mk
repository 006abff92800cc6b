#-------------------------------------------------------------------------
#
# mk/clients.mk
#	  The client guide (doc/clients.md) against the real drivers: psql's
#	  \copy and COPY (FORMAT binary), psycopg 3 and JDBC from Debian,
#	  node-postgres from npm (pinned in test/clients/node/package-lock.json,
#	  installed there by npm ci), and the reference encoder and decoder of
#	  the binary format.
#
#	make test-clients   stage the extension (make install DESTDIR=...),
#	                    start a throwaway server that reads it through
#	                    extension_destdir, run test/clients/run.sh; the
#	                    installation is not touched
#
#-------------------------------------------------------------------------

clients_saved_goal := $(.DEFAULT_GOAL)

CLIENTS_STAGE = $(CURDIR)/test/build/clients-stage

.PHONY: test-clients
test-clients: all
	rm -rf $(CLIENTS_STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(CLIENTS_STAGE) >/dev/null
	chmod -R a+rX $(CURDIR)/test/build
	PG_CONFIG=$(PG_CONFIG) EXTENSION_DESTDIR=$(CLIENTS_STAGE) bash test/clients/run.sh

.DEFAULT_GOAL := $(clients_saved_goal)
