# mk/dump.mk: dump and restore of a database holding phone data
#
#   make test-dump    pg_dump / pg_restore on a throwaway cluster and a
#                     row-by-row comparison (test/dump/run.sh); needs the
#                     extension installed

.PHONY: test-dump
test-dump:
	pg_virtualenv -v $(MAJORVERSION) sh test/dump/run.sh
