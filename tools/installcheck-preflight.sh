#!/bin/sh
# tools/installcheck-preflight.sh PSQL PG_CONFIG OUTPUTDIR  (make installcheck)
#	Before pg_regress starts: connect with psql (PGHOST, PGPORT, PGUSER,
#	PGDATABASE as libpq reads them) and stop with a message that says what
#	to do when there is no server, the role is no superuser (the suite
#	creates databases and roles and changes settings), or the extension is
#	not installed.  Says where the results go when that is not the tree.
psql=$1
pg_config=$2
outputdir=$3
need="make installcheck needs a running PostgreSQL server, a superuser connection to it, and the extension installed (sudo make install)"
how="Run it as the server's superuser (sudo -u postgres make installcheck), set PGUSER (and PGHOST, PGPORT) to reach one, or use a throwaway server: pg_virtualenv make installcheck"
out=$("$psql" -X -At -d "${PGDATABASE:-postgres}" -c "SELECT rolsuper, EXISTS (SELECT FROM pg_available_extensions WHERE name = 'phone') FROM pg_roles WHERE rolname = current_user" 2>&1)
case $out in
	t\|t) ;;
	t\|f) echo "$need."; echo "The server has no extension phone: run make install into the PostgreSQL that PG_CONFIG names ($pg_config)."; exit 2 ;;
	f\|*) echo "$need."; echo "The role $("$psql" -X -At -d "${PGDATABASE:-postgres}" -c 'SELECT current_user') is no superuser."; echo "$how"; exit 2 ;;
	*) echo "$need."; echo "psql says: $out"; echo "$how"; exit 2 ;;
esac
if [ "$outputdir" != . ]; then
	echo "installcheck: this tree is not writable; results go to $outputdir"
fi
