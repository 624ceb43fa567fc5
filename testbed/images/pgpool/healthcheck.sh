#!/usr/bin/env bash
# Docker health check: a real SELECT 1 through this pgpool (a hung primary search fails it).
# Without TLS: pgpool logs a warning for every TLS client that leaves, every 2 s here.
set -euo pipefail
host=${BIND_IP:-0.0.0.0}
[[ $host == 0.0.0.0 || $host == '*' ]] && host=127.0.0.1
user=$(cat /run/fw-pgpool-healthcheck.user)
PGPASSFILE=/run/fw-pgpool-healthcheck.pgpass PGCONNECT_TIMEOUT=2 PGSSLMODE=disable \
  timeout 4 psql -X -q -At -h "$host" -p "${PGPOOL_PORT:-9999}" -U "$user" -d postgres -c 'SELECT 1' >/dev/null
