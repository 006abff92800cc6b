#!/bin/sh
# demo/run.sh: run demo/demo.sql on a throwaway PostgreSQL server (created
# and dropped by pg_virtualenv from postgresql-common).  The extension must
# be installed (tools/quickstart.sh does that).
set -eu
cd "$(dirname "$0")"
major=$(pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
exec pg_virtualenv -v "$major" sh -c "psql -X -q -v ON_ERROR_STOP=1 -f demo.sql && psql -X -q -v ON_ERROR_STOP=1 -f consent.sql"
