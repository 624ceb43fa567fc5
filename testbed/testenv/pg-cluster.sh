#!/usr/bin/env bash
# The integration tests' database: a real PostgreSQL 15 primary on 127.0.0.11:15432 and a real
# streaming standby on 127.0.0.12:15432, TLS-only replication, scram passwords.
#
#   pg-cluster.sh up | down | status
#   pg-cluster.sh promote NODE            pg_ctl promote, wait until NODE is primary
#   pg-cluster.sh stop NODE [fast|immediate]   immediate = crash without a shutdown checkpoint
#   pg-cluster.sh start NODE
#   pg-cluster.sh rejoin NODE             make NODE a standby of the other node (pg_rewind)
#
# NODE is 127.0.0.11 or 127.0.0.12 (or a / b). Data lives under $FW_TESTENV_DIR
# (default /tmp/fw-testenv); the servers run as the postgres OS user.
set -euo pipefail

dir=$(realpath -m "${FW_TESTENV_DIR:-/tmp/fw-testenv}")
port=15432
nodes=(127.0.0.11 127.0.0.12)
pgbin=/usr/lib/postgresql/15/bin
marker=$dir/.fw-testenv
passfile=$dir/pgpass
pgpool_pwfile=$dir/pgpool-passwords
repl_passfile=$dir/replication.pgpass
start_timeout=${FW_TESTENV_TIMEOUT_S:-60}
apt_install=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/apt-install

die() { echo "pg-cluster: $*" >&2; exit 1; }
log() { echo "pg-cluster: $*" >&2; }
# runuser keeps the environment; postgres cannot enter root's cwd, so work from /.
cd /

need_pkgs() {
  local p missing=()
  for p; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  # Debian would create and start a default cluster on 5432; the tests want none.
  if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
    mkdir -p /etc/postgresql-common
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
  fi
  "$apt_install" "${missing[@]}"
}

node_of() { # normalises a NODE argument
  case ${1:-} in
    a | A | 127.0.0.11) echo 127.0.0.11 ;;
    b | B | 127.0.0.12) echo 127.0.0.12 ;;
    *) die "unknown node '${1:-}' (use 127.0.0.11 or 127.0.0.12)" ;;
  esac
}
peer_of() { [[ $1 == 127.0.0.11 ]] && echo 127.0.0.12 || echo 127.0.0.11; }
data_of() { echo "$dir/$1/data"; }
sock_of() { echo "$dir/$1/sock"; }
as_pg() { runuser -u postgres -- "$@"; }

# Local superuser access over the node's own unix socket (peer authentication).
pg_sql() { # pg_sql NODE SQL
  as_pg "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$(sock_of "$1")" -p "$port" -d postgres -c "$2"
}

# wait_for DESCRIPTION TIMEOUT_S COMMAND...: polls COMMAND until it succeeds or the deadline passes.
wait_for() {
  local what=$1 timeout=$2 deadline; shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { log "timed out after ${timeout}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

is_ready() { "$pgbin/pg_isready" -q -h "$1" -p "$port" -t 1; }
is_primary() { [[ $(pg_sql "$1" 'SELECT pg_is_in_recovery()') == f ]]; }
is_streaming() { # is_streaming PRIMARY STANDBY
  [[ $(pg_sql "$1" "SELECT count(*) FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid)
                    WHERE r.state = 'streaming' AND s.ssl AND r.application_name = '$(app_name "$2")'") == 1 ]]
}
# The current timeline of a primary: pg_control_checkpoint() lags until the first checkpoint
# after a promotion, the WAL file name does not.
primary_tli_sql="SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int"
# application_name = the node's address: fw-pgpool's default backend_application_name, which
# its auto_failback matches against pg_stat_replication.
app_name() { echo "$1"; }

# postmaster_pid NODE: the PID from postmaster.pid when that process is our postmaster, else empty.
postmaster_pid() {
  local data pidfile pid
  data=$(data_of "$1"); pidfile=$data/postmaster.pid
  [[ -f $pidfile ]] || return 0
  pid=$(head -n 1 "$pidfile")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 0
  # Guard against a recycled PID: the process must be a postgres serving this data directory.
  if tr '\0' ' ' </proc/"$pid"/cmdline | grep -q "postgres" &&
    [[ $(sed -n 2p "$pidfile") == "$data" ]]; then
    echo "$pid"
  fi
}

write_node_conf() { # per-node settings; rewritten after pg_basebackup/pg_rewind copied the peer's
  local node=$1 data
  data=$(data_of "$node")
  cat >"$data/fw-node.conf" <<CONF
# written by testenv/pg-cluster.sh for $node
listen_addresses = '$node'
port = $port
unix_socket_directories = '$(sock_of "$node")'
cluster_name = '$(app_name "$node")'
ssl = on
ssl_cert_file = '$dir/$node/tls/server.crt'
ssl_key_file = '$dir/$node/tls/server.key'
CONF
  chown postgres: "$data/fw-node.conf"
}

make_standby_of() { # make_standby_of NODE PRIMARY: recovery settings without any password in them
  local node=$1 primary=$2 data auto
  data=$(data_of "$node"); auto=$data/postgresql.auto.conf
  # pg_basebackup -R copies the password it read from the passfile into primary_conninfo;
  # keep only our own line, which names the passfile instead.
  touch "$auto"
  sed -i '/^primary_conninfo/d' "$auto"
  printf "primary_conninfo = 'host=%s port=%s user=replicator sslmode=require passfile=%s application_name=%s connect_timeout=2'\n" \
    "$primary" "$port" "$repl_passfile" "$(app_name "$node")" >>"$auto"
  chown postgres: "$auto"
  as_pg touch "$data/standby.signal"
  write_node_conf "$node"
}

start_node() {
  local node=$1 data
  data=$(data_of "$node")
  [[ -d $data ]] || die "no data directory for $node; run up first"
  if [[ -n $(postmaster_pid "$node") ]]; then log "$node already running"; return 0; fi
  as_pg "$pgbin/pg_ctl" -D "$data" -l "$dir/$node/postgres.log" -W -s start
  local deadline=$((SECONDS + start_timeout)) gone_since=$SECONDS
  until is_ready "$node"; do
    # A postmaster that died at start-up (bad config) fails at once instead of at the deadline.
    [[ -n $(postmaster_pid "$node") ]] && gone_since=$SECONDS
    if ((SECONDS >= deadline || SECONDS - gone_since >= 3)); then
      log "$node did not start; end of $dir/$node/postgres.log:"
      tail -n 20 "$dir/$node/postgres.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

stop_node() { # stop_node NODE [fast|immediate]
  local node=$1 mode=${2:-fast} pid
  [[ $mode == fast || $mode == immediate ]] || die "stop mode must be fast or immediate"
  pid=$(postmaster_pid "$node")
  [[ -n $pid ]] || { log "$node not running"; return 0; }
  as_pg "$pgbin/pg_ctl" -D "$(data_of "$node")" -m "$mode" -W -s stop
  wait_for "$node (pid $pid) to exit" 30 test ! -e "/proc/$pid"
}

make_certs() { # self-signed server certificate per node, outside the data directory
  local node=$1 tls=$dir/$1/tls
  install -d -m 0700 -o postgres -g postgres "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$node" \
    -addext "subjectAltName=IP:$node" -keyout "$tls/server.key" -out "$tls/server.crt" 2>/dev/null
  chown postgres: "$tls/server.key" "$tls/server.crt"
  chmod 0600 "$tls/server.key"
}

write_secrets() { # random passwords; they go only into 0600 files, never into args or output
  local repl watchdog app
  repl=$(openssl rand -hex 24); watchdog=$(openssl rand -hex 24); app=$(openssl rand -hex 24)
  (
    umask 077
    printf '*:*:*:watchdog:%s\n*:*:*:app:%s\n' "$watchdog" "$app" >"$passfile"
    printf 'watchdog:%s\napp:%s\n' "$watchdog" "$app" >"$pgpool_pwfile"
    printf '*:*:*:replicator:%s\n' "$repl" >"$repl_passfile"
  )
  chown postgres: "$repl_passfile"
  # SQL goes to psql on stdin, so the passwords never show in a process list.
  as_pg "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$(sock_of 127.0.0.11)" -p "$port" -d postgres >/dev/null <<SQL
CREATE ROLE replicator WITH LOGIN REPLICATION PASSWORD '$repl';
CREATE ROLE watchdog WITH LOGIN PASSWORD '$watchdog';
GRANT pg_monitor TO watchdog;
GRANT EXECUTE ON FUNCTION pg_control_checkpoint() TO watchdog;
CREATE ROLE app WITH LOGIN PASSWORD '$app';
CREATE DATABASE app OWNER app;
SQL
}

# Replication only over TLS; the app users (and roles a test makes in fw_test_login) may connect
# either way from loopback.
hba() {
  cat <<'HBA'
# TYPE     DATABASE     USER                         ADDRESS       METHOD
local      all          postgres                                   peer
hostnossl  replication  all                          all           reject
hostssl    replication  replicator                   127.0.0.0/8   scram-sha-256
host       all          watchdog,app,+fw_test_login  127.0.0.0/8   scram-sha-256
HBA
}
write_hba() { # write_hba NODE: true when the file changed (a running node then needs a reload)
  local f; f=$(data_of "$1")/pg_hba.conf
  [[ $(cat "$f" 2>/dev/null) != "$(hba)" ]] || return 1
  hba >"$f"; chown postgres: "$f"; chmod 0600 "$f"
}

# What the watchdog's write fence needs (convergence DatabaseFence: ALTER SYSTEM of that one
# parameter, pg_reload_conf(), ending the app's sessions), the pair's pause table (as the Ansible
# role makes it: probes PairPauseTable) and the group of roles the tests make.
# Every statement is idempotent, so `up` of a cluster made before them adds them too.
ensure_grants() { # ensure_grants NODE: NODE is the running primary
  as_pg "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$(sock_of "$1")" -p "$port" -d postgres >/dev/null <<'SQL'
SET client_min_messages = warning;
GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only TO watchdog;
GRANT EXECUTE ON FUNCTION pg_reload_conf() TO watchdog;
GRANT pg_signal_backend TO watchdog;
CREATE SCHEMA IF NOT EXISTS failover_watchdog;
CREATE TABLE IF NOT EXISTS failover_watchdog.pause (
    pair boolean PRIMARY KEY DEFAULT true CHECK (pair),
    paused_by text NOT NULL,
    paused_on text NOT NULL,
    paused_at timestamptz NOT NULL DEFAULT now(),
    reason text NOT NULL);
GRANT USAGE ON SCHEMA failover_watchdog TO "watchdog";
GRANT SELECT, INSERT, UPDATE, DELETE ON failover_watchdog.pause TO "watchdog";
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fw_test_login') THEN CREATE ROLE fw_test_login NOLOGIN; END IF;
END $$;
SQL
}

print_paths() {
  cat <<OUT
nodes    127.0.0.11:$port 127.0.0.12:$port
passfile $passfile
pgpool password file $pgpool_pwfile
env file $dir/testenv.env
OUT
}

cmd_up() {
  need_pkgs postgresql-15 openssl
  local a=127.0.0.11 b=127.0.0.12 start=$SECONDS
  if [[ -e $marker ]]; then
    log "already set up in $dir; starting any stopped node"
    start_node "$a"; start_node "$b"
    for n in "${nodes[@]}"; do
      if write_hba "$n"; then pg_sql "$n" 'SELECT pg_reload_conf()' >/dev/null; fi
      if is_primary "$n"; then ensure_grants "$n"; fi
    done
    print_paths; return 0
  fi
  [[ ! -e $dir ]] || die "$dir exists but was not made by pg-cluster.sh; not touching it"
  install -d -m 0755 "$dir"
  touch "$marker"
  for n in "${nodes[@]}"; do
    install -d -m 0755 -o postgres -g postgres "$dir/$n"
    install -d -m 0700 -o postgres -g postgres "$(sock_of "$n")"
    install -d -m 0700 -o postgres -g postgres "$(data_of "$n")"
    make_certs "$n"
  done

  local data_a; data_a=$(data_of "$a")
  as_pg "$pgbin/initdb" -D "$data_a" -U postgres -E UTF8 --no-locale \
    --auth-local=peer --auth-host=scram-sha-256 >"$dir/$a/initdb.log"
  cat >>"$data_a/postgresql.conf" <<'CONF'

# testenv/pg-cluster.sh: settings shared by both nodes, then the node's own
wal_level = replica
wal_log_hints = on
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = 256MB
hot_standby = on
password_encryption = scram-sha-256
max_connections = 200
shared_buffers = 32MB
include = 'fw-node.conf'
CONF
  write_hba "$a" || true
  write_node_conf "$a"
  start_node "$a"
  write_secrets
  ensure_grants "$a"

  local data_b; data_b=$(data_of "$b")
  as_pg env PGPASSFILE="$repl_passfile" "$pgbin/pg_basebackup" \
    -d "host=$a port=$port user=replicator sslmode=require application_name=$(app_name "$b")" \
    -D "$data_b" -R -X stream -c fast
  make_standby_of "$b" "$a"
  start_node "$b"
  wait_for "$b to stream from $a over TLS" "$start_timeout" is_streaming "$a" "$b"

  cat >"$dir/testenv.env" <<ENV
PGPOOL_BACKENDS=127.0.0.11:$port,127.0.0.12:$port
DB_PASSFILE=$passfile
PGPOOL_PASSWORD_FILE=$pgpool_pwfile
ENV
  log "up in $((SECONDS - start)) s"
  print_paths
}

cmd_down() {
  local n pid
  [[ -e $dir ]] || { log "nothing to do ($dir does not exist)"; return 0; }
  [[ -e $marker ]] || die "$dir was not made by pg-cluster.sh; not touching it"
  for n in "${nodes[@]}"; do
    pid=$(postmaster_pid "$n")
    [[ -n $pid ]] || continue
    as_pg "$pgbin/pg_ctl" -D "$(data_of "$n")" -m fast -W -s stop || true
    if ! wait_for "$n (pid $pid) to exit" 30 test ! -e "/proc/$pid"; then
      as_pg "$pgbin/pg_ctl" -D "$(data_of "$n")" -m immediate -W -s stop || true
      wait_for "$n (pid $pid) to exit" 10 test ! -e "/proc/$pid"
    fi
    log "stopped $n (pid $pid)"
  done
  rm -rf --one-file-system "$dir"
  log "removed $dir"
}

cmd_status() {
  local n pid role tl lsn rc=0
  [[ -e $marker ]] || { echo "not set up ($dir)"; return 3; }
  for n in "${nodes[@]}"; do
    pid=$(postmaster_pid "$n")
    if [[ -z $pid ]]; then echo "$n:$port stopped"; rc=1; continue; fi
    if ! is_ready "$n"; then echo "$n:$port running (pid $pid) not ready"; rc=1; continue; fi
    role=$(pg_sql "$n" "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END")
    if [[ $role == primary ]]; then
      lsn=$(pg_sql "$n" 'SELECT pg_current_wal_lsn()')
      tl=$(pg_sql "$n" "$primary_tli_sql")
    else
      lsn=$(pg_sql "$n" 'SELECT pg_last_wal_replay_lsn()')
      tl=$(pg_sql "$n" 'SELECT coalesce(received_tli, 0) FROM pg_stat_wal_receiver UNION ALL SELECT 0 LIMIT 1')
    fi
    echo "$n:$port running (pid $pid) $role timeline=$tl lsn=$lsn"
    if [[ $role == primary ]]; then
      pg_sql "$n" "SELECT 'replication $n -> ' || r.application_name || ' (' || r.client_addr || ') state=' || r.state
                     || ' ssl=' || CASE WHEN s.ssl THEN 't' ELSE 'f' END
                   FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid) ORDER BY 1"
    fi
  done
  print_paths
  return "$rc"
}

cmd_promote() {
  local node; node=$(node_of "${1:-}")
  [[ -n $(postmaster_pid "$node") ]] || die "$node is not running"
  if is_primary "$node"; then log "$node is already primary"; return 0; fi
  as_pg "$pgbin/pg_ctl" -D "$(data_of "$node")" -W -s promote
  wait_for "$node to leave recovery" "$start_timeout" is_primary "$node"
  log "$node is primary (timeline $(pg_sql "$node" "$primary_tli_sql"))"
}

cmd_rejoin() {
  local node peer data
  node=$(node_of "${1:-}"); peer=$(peer_of "$node"); data=$(data_of "$node")
  if [[ -z $(postmaster_pid "$peer") ]] || ! is_primary "$peer"; then die "$peer must be a running primary"; fi
  # A freshly promoted peer may not have checkpointed yet: its control file would still name the old
  # timeline, and pg_rewind would find "no rewind required" and leave the diverged WAL in place.
  pg_sql "$peer" CHECKPOINT >/dev/null
  stop_node "$node" fast
  # pg_rewind runs crash recovery itself when the node was not shut down cleanly.
  as_pg "$pgbin/pg_rewind" -D "$data" \
    --source-server="host=$(sock_of "$peer") port=$port user=postgres dbname=postgres" >"$dir/$node/rewind.log" 2>&1 ||
    { tail -n 20 "$dir/$node/rewind.log" >&2; exit 1; }
  # pg_rewind copied the peer's configuration files; make them this node's again.
  make_standby_of "$node" "$peer"
  start_node "$node"
  wait_for "$node to stream from $peer over TLS" "$start_timeout" is_streaming "$peer" "$node"
  log "$node is a standby of $peer"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  promote) cmd_promote "${2:-}" ;;
  stop) stop_node "$(node_of "${2:-}")" "${3:-fast}" ;;
  start) start_node "$(node_of "${2:-}")" ;;
  rejoin) cmd_rejoin "${2:-}" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
