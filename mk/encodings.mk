#-------------------------------------------------------------------------
#
# mk/encodings.mk
#	  The regression suite in databases of other server encodings.
#
#	make installcheck-encodings
#	          install, then on a throwaway cluster run the regression
#	          tests in a LATIN1 database, and phone_encoding in a
#	          SQL_ASCII database (whose expected output is
#	          expected/phone_encoding_1.out)
#
# Every function that reads text converts it from the server encoding
# (src/pg/pg_phone.c, phone_text_utf8); phone_encoding holds each of them to
# the same results in UTF8 and LATIN1.  The tests in ENCODING_UTF8_ONLY
# are left out of the LATIN1 run: they hold characters that LATIN1 has no
# code for (full-width and Arabic-Indic digits, symbols), or read what
# such a test wrote (phone_consent_time reads phone_consent's ledger), or
# show non-ASCII text in aligned output, whose width psql counts otherwise
# (phone_consent_chain's evidence).
# The client encoding is UTF8, as the test files are.
#
#-------------------------------------------------------------------------

ENCODING_UTF8_ONLY = phone_input phone_prefix phone_consent phone_consent_time \
	phone_hostile phone_reports phone_consent_chain
ENCODING_LATIN1_REGRESS = $(filter-out $(ENCODING_UTF8_ONLY),$(REGRESS))
ENCODING_SQL_ASCII_REGRESS = phone_opclass phone_encoding

.PHONY: installcheck-encodings
installcheck-encodings: all
	$(MAKE) install
	$(PHONE_VIRTUALENV) -v $(MAJORVERSION) env PGCLIENTENCODING=UTF8 sh -c '\
		status=0; \
		$(MAKE) installcheck REGRESS="$(ENCODING_LATIN1_REGRESS)" \
			EXTRA_REGRESS_OPTS="--encoding=LATIN1 --no-locale" || { \
			echo "== FAILED in a LATIN1 database"; cat regression.diffs; status=1; }; \
		$(MAKE) installcheck REGRESS="$(ENCODING_SQL_ASCII_REGRESS)" \
			EXTRA_REGRESS_OPTS="--encoding=SQL_ASCII --no-locale" || { \
			echo "== FAILED in a SQL_ASCII database"; cat regression.diffs; status=1; }; \
		exit $$status'
