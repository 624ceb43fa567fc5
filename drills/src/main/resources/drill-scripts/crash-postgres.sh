# shellcheck shell=bash
# kill -9 of the postmaster (drills' Operations.crashPostgres): PostgreSQL is gone without a
# shutdown checkpoint, as in a crash. No inputs.
set -e
cd /tmp
dd=$(runuser -u postgres -- psql -X -At -c 'SHOW data_directory')
pid=$(head -1 "$dd/postmaster.pid")
[ "$pid" -gt 0 ]
kill -9 "$pid"
