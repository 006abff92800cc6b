#-------------------------------------------------------------------------
#
# mk/memory.mk
#	  Memory of a backend calling the extension's functions over many rows
#	  (doc/security.md, "Memory").
#
#	make test-memory   start a throwaway server from the PostgreSQL that
#	                   PG_CONFIG names, into which the extension must be
#	                   installed (make install), and evaluate every
#	                   function with phone or text arguments (from the
#	                   catalog), I/O, casts, operators, aggregates and
#	                   consent decisions over 100,000 and 1,000,000 rows in
#	                   one query each (functions in SQL or PL/pgSQL over
#	                   a tenth of that); the backend's peak memory (VmHWM)
#	                   must grow by less than 8 MB (a tenth) between the two
#	                   (test/memory/run.sh; about 35 s on two
#	                   cores).  MEMORY_OPTS passes SMALL=, LARGE=,
#	                   LIMIT_KB=, ONLY= to it
#
#-------------------------------------------------------------------------

.PHONY: test-memory
test-memory:
	PG_CONFIG=$(PG_CONFIG) $(MEMORY_OPTS) bash test/memory/run.sh
