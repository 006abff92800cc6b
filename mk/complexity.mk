#-------------------------------------------------------------------------
#
# mk/complexity.mk
#	  Linear time on every input, through SQL.
#
#	make test-complexity   install, then on a throwaway cluster time each
#	                       SQL entry point that reads text (type input,
#	                       casts, COPY, the functions, the reports over a
#	                       text column) on pathological inputs of 8 KB and
#	                       64 KB, and check that a long statement over such
#	                       inputs is cancelled by statement_timeout
#	                       (test/complexity/run.sh)
#
#-------------------------------------------------------------------------

.PHONY: test-complexity
test-complexity: all
	$(MAKE) install
	$(PHONE_VIRTUALENV) -v $(MAJORVERSION) sh test/complexity/run.sh
