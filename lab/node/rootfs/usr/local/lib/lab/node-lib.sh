# Shared helpers of the node scripts (sourced). Node settings: /etc/lab/node.env.
# shellcheck disable=SC2034  # PGDATA_DIR/PGCONF_DIR are used by the scripts that source this
# shellcheck shell=bash
# shellcheck source=/dev/null  # node.env is written by lab up (lab/lab), not in the repository
[[ -r /etc/lab/node.env ]] && source /etc/lab/node.env
PGDATA_DIR=/var/lib/postgresql/15/main
PGCONF_DIR=/etc/postgresql/15/main
PASSFILE=/var/lib/postgresql/.pgpass

log() { echo "lab[$(hostname)]: $*" >&2; }

# conninfo for the repmgr user on host $1 (TLS verified against the lab CA).
repmgr_conninfo() {
  echo "host=$1 port=5432 user=repmgr dbname=repmgr sslmode=verify-full sslrootcert=/etc/lab/tls/ca.crt ${CONNINFO_OPTS:-}"
}

# psql as postgres over the local socket; SQL on stdin or -c.
psql_local() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
# psql as repmgr to host $1 through TLS; bounded by connect_timeout in the conninfo.
psql_remote() {
  local host=$1; shift
  runuser -u postgres -- env PGPASSFILE="$PASSFILE" psql -X -q -v ON_ERROR_STOP=1 -At -d "$(repmgr_conninfo "$host")" "$@"
}

# Poll until the local PostgreSQL accepts connections or the deadline (s) passes.
wait_pg_ready() {
  local deadline=$((SECONDS + ${1:-60}))
  until runuser -u postgres -- pg_isready -q -h /var/run/postgresql; do
    (( SECONDS < deadline )) || { log "PostgreSQL not ready after ${1:-60}s"; return 1; }
    sleep 0.5
  done
}

# "t" standby, "f" primary, "" unreachable.
recovery_of() { psql_remote "$1" -c 'SELECT pg_is_in_recovery()' 2>/dev/null || true; }
# Timeline a primary writes on (decimal), "" if unknown.
timeline_of() {
  local hex
  hex=$(psql_remote "$1" -c "SELECT substr(pg_walfile_name(pg_current_wal_lsn()),1,8)" 2>/dev/null || true)
  [[ $hex =~ ^[0-9A-F]{8}$ ]] && echo $((16#$hex))
}
