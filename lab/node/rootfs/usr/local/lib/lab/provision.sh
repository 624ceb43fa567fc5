#!/bin/bash
# Idempotent database provisioning of one node, run by `lab up` through docker exec.
#   provision.sh config    PostgreSQL settings, TLS, passfile, repmgr.conf, (re)start
#   provision.sh db        roles, standby clone, repmgr registration
#   provision.sh repmgrd   (re)start repmgrd when its configuration changed
# Inputs put in place by `lab up`: /etc/lab/node.env, /etc/lab/secrets/*, /etc/lab/tls/*.
set -euo pipefail
shopt -s inherit_errexit
# shellcheck source=node-lib.sh  # installed at /usr/local/lib/lab/ beside this script
source /usr/local/lib/lab/node-lib.sh
phase=${1:?phase}

install_file() { # install_file SRC DEST MODE OWNER -> returns 0 if DEST changed
  if [[ -f $2 ]] && cmp -s "$1" "$2"; then rm -f "$1"; return 1; fi
  install -m "$3" -o "$4" -g "$4" "$1" "$2"; rm -f "$1"; return 0
}
escape_pgpass() { sed -e 's/\\/\\\\/g' -e 's/:/\\:/g'; }

write_pg_config() {
  local changed=0 tmp
  # TLS material for the server and the CA that clients (libpq as postgres) verify against.
  tmp=$(mktemp); cp /etc/lab/tls/server.key "$tmp"; install_file "$tmp" "$PGCONF_DIR/server.key" 0600 postgres && changed=1
  tmp=$(mktemp); cp /etc/lab/tls/server.crt "$tmp"; install_file "$tmp" "$PGCONF_DIR/server.crt" 0644 postgres && changed=1
  tmp=$(mktemp); cp /etc/lab/tls/ca.crt "$tmp"; install_file "$tmp" /var/lib/postgresql/.postgresql/root.crt 0644 postgres || true

  # Passfile (0600, owner postgres): passwords never travel in arguments or environment.
  tmp=$(mktemp)
  {
    printf '*:*:*:repmgr:%s\n' "$(escape_pgpass </etc/lab/secrets/repmgr.pw)"
    printf '*:*:*:%s:%s\n' "$APP_USER" "$(escape_pgpass </etc/lab/secrets/app.pw)"
    printf '*:*:*:%s:%s\n' "$CHECK_USER" "$(escape_pgpass </etc/lab/secrets/watchdog.pw)"
  } >"$tmp"
  install_file "$tmp" "$PASSFILE" 0600 postgres || true

  tmp=$(mktemp)
  cat >"$tmp" <<CONF
# Written by lab provisioning.
listen_addresses = '*'
ssl = on
ssl_cert_file = '$PGCONF_DIR/server.crt'
ssl_key_file = '$PGCONF_DIR/server.key'
ssl_min_protocol_version = 'TLSv1.3'
password_encryption = 'scram-sha-256'
wal_level = replica
wal_log_hints = on              # lets repmgr node rejoin --force-rewind (pg_rewind) work
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = '256MB'
hot_standby = on
shared_preload_libraries = 'repmgr'
CONF
  install_file "$tmp" "$PGCONF_DIR/conf.d/lab.conf" 0644 postgres && changed=1

  # Replication and repmgr only over TLS; plaintext attempts are rejected outright.
  tmp=$(mktemp)
  cat >"$tmp" <<HBA
# Written by lab provisioning.
local   all          postgres                      peer
local   all          all                           peer
hostnossl replication all          0.0.0.0/0       reject
hostnossl all        repmgr        0.0.0.0/0       reject
hostssl replication  repmgr        $LAB_SUBNET      scram-sha-256
hostssl replication  repmgr        127.0.0.1/32    scram-sha-256
hostssl repmgr       repmgr        $LAB_SUBNET      scram-sha-256
hostssl repmgr       repmgr        127.0.0.1/32    scram-sha-256
host    all          $APP_USER     $LAB_SUBNET      ${APP_AUTH:-scram-sha-256}
host    all          $APP_USER     127.0.0.1/32    ${APP_AUTH:-scram-sha-256}
host    all          $CHECK_USER   $LAB_SUBNET      scram-sha-256
host    all          $CHECK_USER   127.0.0.1/32    scram-sha-256
host    postgres     $WITNESS_DB_USER $WITNESS_IP/32 scram-sha-256
HBA
  install_file "$tmp" "$PGCONF_DIR/pg_hba.conf" 0640 postgres && changed=1
  echo $changed
}

write_repmgr_conf() {
  local tmp; tmp=$(mktemp)
  cat >"$tmp" <<CONF
# Written by lab provisioning from lab/lab.conf.
node_id=$NODE_ID
node_name='$NODE_NAME'
conninfo='$(repmgr_conninfo "$NODE_IP")'
data_directory='$PGDATA_DIR'
config_directory='$PGCONF_DIR'
pg_bindir='/usr/lib/postgresql/15/bin'
passfile='$PASSFILE'
use_replication_slots=yes
location='lab'
priority=100

failover='automatic'
primary_visibility_consensus=true
promote_command='/usr/bin/repmgr standby promote -f /etc/repmgr.conf'
follow_command='/usr/bin/repmgr standby follow -f /etc/repmgr.conf --upstream-node-id=%n'
monitor_interval_secs=$MONITOR_INTERVAL_SECS
reconnect_attempts=$RECONNECT_ATTEMPTS
reconnect_interval=$RECONNECT_INTERVAL
connection_check_type='ping'

service_start_command='sudo /usr/bin/systemctl start postgresql@15-main'
service_stop_command='sudo /usr/bin/systemctl stop postgresql@15-main'
service_restart_command='sudo /usr/bin/systemctl restart postgresql@15-main'
service_reload_command='sudo /usr/bin/systemctl reload postgresql@15-main'
repmgrd_service_start_command='sudo /usr/bin/systemctl start repmgrd'
repmgrd_service_stop_command='sudo /usr/bin/systemctl stop repmgrd'
log_level='INFO'
CONF
  install_file "$tmp" /etc/repmgr.conf 0644 postgres && return 0 || return 1
}

# Roles and databases; run on the node that is primary (or the witness, for its own copy).
ensure_roles() {
  {
    echo "SELECT 'CREATE ROLE repmgr LOGIN SUPERUSER REPLICATION' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='repmgr')\\gexec"
    echo "SELECT 'CREATE DATABASE repmgr OWNER repmgr' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname='repmgr')\\gexec"
    printf "ALTER ROLE repmgr WITH PASSWORD '%s';\n" "$(sed "s/'/''/g" </etc/lab/secrets/repmgr.pw)"
    if [[ $NODE_ROLE != witness ]]; then
      echo "SELECT 'CREATE ROLE $APP_USER LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='$APP_USER')\\gexec"
      echo "SELECT 'CREATE DATABASE $APP_DB OWNER $APP_USER' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname='$APP_DB')\\gexec"
      printf "ALTER ROLE %s WITH PASSWORD '%s';\n" "$APP_USER" "$(sed "s/'/''/g" </etc/lab/secrets/app.pw)"
      # The watchdog's probes and pgpool's sr/health checks: read-only monitoring role.
      echo "SELECT 'CREATE ROLE $CHECK_USER LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='$CHECK_USER')\\gexec"
      printf "ALTER ROLE %s WITH PASSWORD '%s';\n" "$CHECK_USER" "$(sed "s/'/''/g" </etc/lab/secrets/watchdog.pw)"
      echo "GRANT pg_monitor TO $CHECK_USER;"
      # The witness's question "primary or standby, on which timeline?": login only, no grant.
      echo "SELECT 'CREATE ROLE $WITNESS_DB_USER LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='$WITNESS_DB_USER')\\gexec"
      printf "ALTER ROLE %s WITH PASSWORD '%s';\n" "$WITNESS_DB_USER" "$(sed "s/'/''/g" </etc/lab/secrets/witness-db.pw)"
    fi
  } | psql_local -d postgres
}

as_repmgr() { runuser -u postgres -- env PGPASSFILE="$PASSFILE" repmgr -f /etc/repmgr.conf "$@"; }

# The data node that is primary now (first one answering f), "" if none.
find_primary() {
  local h
  for h in $DATA_NODE_IPS; do
    [[ $h != "${EXCLUDE_IP:-}" ]] || continue
    [[ $(recovery_of "$h") == f ]] && { echo "$h"; return 0; }
  done
  return 0
}

wait_primary() {
  local deadline=$((SECONDS + ${1:-120})) p
  while :; do
    p=$(find_primary); [[ -n $p ]] && { echo "$p"; return 0; }
    (( SECONDS < deadline )) || { log "no primary reachable"; return 1; }
    sleep 1
  done
}

clone_standby() {
  local primary=$1
  log "cloning from $primary (fast checkpoint)"
  systemctl stop postgresql@15-main
  rm -rf "$PGDATA_DIR"; install -d -m 0700 -o postgres -g postgres "$PGDATA_DIR"
  as_repmgr -d "$(repmgr_conninfo "$primary")" standby clone --fast-checkpoint
  systemctl start postgresql@15-main
  wait_pg_ready "$DB_DEADLINE_S"
}

# SSH between nodes as postgres (repmgr standby switchover / node rejoin run remote commands).
install_postgres_ssh() {
  local d=/var/lib/postgresql/.ssh tmp
  install -d -m 0700 -o postgres -g postgres "$d"
  tmp=$(mktemp); cp /etc/lab/ssh/postgres_ed25519 "$tmp"; install_file "$tmp" "$d/id_ed25519" 0600 postgres || true
  tmp=$(mktemp); cp /etc/lab/ssh/postgres_ed25519.pub "$tmp"; install_file "$tmp" "$d/authorized_keys" 0600 postgres || true
  tmp=$(mktemp)
  printf 'Host *\n  StrictHostKeyChecking accept-new\n  ConnectTimeout 5\n  IdentityFile ~/.ssh/id_ed25519\n' >"$tmp"
  install_file "$tmp" "$d/config" 0600 postgres || true
}

# Settings, TLS, passfile, repmgr.conf; (re)start PostgreSQL when they changed. Runs on all
# nodes in parallel (the restarts are the slow part).
phase_config() {
  [[ -f /var/lib/lab/firstboot.done && -d $PGCONF_DIR ]] || { log "first boot not finished"; exit 1; }
  install_postgres_ssh
  local changed; changed=$(write_pg_config)
  write_repmgr_conf || true
  systemctl enable -q postgresql@15-main
  if (( changed )) && systemctl is-active -q postgresql@15-main; then
    systemctl restart postgresql@15-main   # shared_preload_libraries/ssl need a restart
  else
    systemctl start postgresql@15-main
  fi
  wait_pg_ready "$DB_DEADLINE_S"
}

# Roles, clone and repmgr registration; in order: primary, standby, witness.
phase_db() {
  wait_pg_ready "$DB_DEADLINE_S"
  local in_rec; in_rec=$(psql_local -c 'SELECT pg_is_in_recovery()')

  if [[ ! -f /var/lib/lab/db-initialized ]]; then
    case $NODE_ROLE in
      primary) ensure_roles; as_repmgr primary register --force ;;
      # Never "clone" from itself: its fresh cluster is a primary too.
      standby) local p; p=$(EXCLUDE_IP=$NODE_IP wait_primary "$DB_DEADLINE_S"); clone_standby "$p"; as_repmgr standby register --force ;;
      witness) ensure_roles; local p; p=$(wait_primary "$DB_DEADLINE_S")
               as_repmgr -d "$(repmgr_conninfo "$p")" witness register --force ;;
    esac
    touch /var/lib/lab/db-initialized
  else
    # Re-run: keep whatever role repmgr gave the node since, refresh its registration
    # (repmgrd reads conninfo from repmgr.nodes, so a changed conninfo needs --force).
    case $NODE_ROLE:$in_rec in
      witness:*) ensure_roles; local p; p=$(wait_primary "$DB_DEADLINE_S")
                 as_repmgr -d "$(repmgr_conninfo "$p")" witness register --force ;;
      *:f) ensure_roles; as_repmgr primary register --force ;;
      *:t) as_repmgr standby register --force ;;
    esac
  fi
}

phase_repmgrd() {
  local sum; sum=$(sha256sum /etc/repmgr.conf | cut -d' ' -f1)
  systemctl enable -q repmgrd
  if [[ $(cat /var/lib/lab/repmgrd.sum 2>/dev/null) != "$sum" ]] || ! systemctl is-active -q repmgrd; then
    systemctl restart repmgrd
    echo "$sum" >/var/lib/lab/repmgrd.sum
  fi
}

case $phase in
  config) phase_config 2>&1 | sed -u "s/^/[$NODE_NAME] /" >&2 ;;
  db) phase_db 2>&1 | sed -u "s/^/[$NODE_NAME] /" >&2 ;;
  repmgrd) phase_repmgrd ;;
  *) echo "unknown phase $phase" >&2; exit 2 ;;
esac
