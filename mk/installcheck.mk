#-------------------------------------------------------------------------
#
# mk/installcheck.mk
#	  make installcheck says what it needs, and runs from a tree that the
#	  user running it cannot write to.
#
#	  Before pg_regress starts, installcheck-preflight connects with psql
#	  (PGHOST, PGPORT, PGUSER, PGDATABASE as libpq reads them) and stops
#	  with a message that says what to do when there is no server, the
#	  role is no superuser (the suite creates databases and roles and
#	  changes settings), or the extension is not installed.
#
#	  pg_regress writes results/, regression.diffs and output_iso/ into
#	  REGRESS_OUTPUTDIR: the top of the tree when it is writable (as
#	  PGXS does), else a new temporary directory, which it names.  So
#	  `sudo -u postgres make installcheck` works in a tree owned by
#	  another user.
#
#-------------------------------------------------------------------------

installcheck_saved_goal := $(.DEFAULT_GOAL)

ifneq ($(filter installcheck,$(MAKECMDGOALS)),)
ifeq ($(REGRESS_OUTPUTDIR),)
REGRESS_OUTPUTDIR := $(shell if [ -w . ]; then echo .; else mktemp -d "$${TMPDIR:-/tmp}/phone-installcheck.XXXXXX"; fi)
endif
REGRESS_OPTS += --outputdir=$(REGRESS_OUTPUTDIR)
ISOLATION_OPTS += --outputdir=$(REGRESS_OUTPUTDIR)/output_iso
endif

.PHONY: installcheck-preflight
installcheck: installcheck-preflight
installcheck-preflight:
	@need="make installcheck needs a running PostgreSQL server, a superuser connection to it, and the extension installed (sudo make install)"; \
	how="Run it as the server's superuser (sudo -u postgres make installcheck), set PGUSER (and PGHOST, PGPORT) to reach one, or use a throwaway server: pg_virtualenv make installcheck"; \
	out=$$($(bindir)/psql -X -At -d "$${PGDATABASE:-postgres}" -c "SELECT rolsuper, EXISTS (SELECT FROM pg_available_extensions WHERE name = 'phone') FROM pg_roles WHERE rolname = current_user" 2>&1); \
	case $$out in \
	t\|t) ;; \
	t\|f) echo "$$need."; echo "The server has no extension phone: run make install into the PostgreSQL that PG_CONFIG names ($(PG_CONFIG))."; exit 2 ;; \
	f\|*) echo "$$need."; echo "The role $$($(bindir)/psql -X -At -d "$${PGDATABASE:-postgres}" -c 'SELECT current_user') is no superuser."; echo "$$how"; exit 2 ;; \
	*) echo "$$need."; echo "psql says: $$out"; echo "$$how"; exit 2 ;; \
	esac
	@if [ "$(REGRESS_OUTPUTDIR)" != . ]; then \
		echo "installcheck: this tree is not writable; results go to $(REGRESS_OUTPUTDIR)"; fi

.DEFAULT_GOAL := $(installcheck_saved_goal)
