#-------------------------------------------------------------------------
#
# mk/trusted.mk
#	  Installation by a role that is no superuser (trusted = true in
#	  phone.control; the audit is in doc/security.md).
#
#	make test-trusted   start a throwaway server from the PostgreSQL that
#	                    PG_CONFIG names, into which the extension must be
#	                    installed (make install), and check that a role
#	                    with only CREATE on a database installs it, owns
#	                    none of its objects, cannot change the ledger, its
#	                    triggers or functions, cannot read the pseudonym
#	                    key, and cannot capture a call with look-alike
#	                    functions, nor with overloads planted in the
#	                    extension's schema, and what a writer may learn
#	                    (test/trusted/run.sh); then the pseudonym key in
#	                    postgresql.conf with shared_preload_libraries,
#	                    session_preload_libraries and no preloading, one
#	                    throwaway server each (test/trusted/key.sh); each
#	                    prints "N passed, M failed"
#
#-------------------------------------------------------------------------

.PHONY: test-trusted
test-trusted:
	PG_CONFIG=$(PG_CONFIG) bash test/trusted/run.sh
	PG_CONFIG=$(PG_CONFIG) bash test/trusted/key.sh
