#!/usr/bin/env bash
# Renders pgpool.conf, pool_hba.conf and pool_passwd from the environment and a mounted password
# file, then runs pgpool in the foreground with -D (a stale pgpool_status must never keep a
# backend down), or with a status file written at start when a backend does not accept TCP. Environment (see docs/CONTRACTS.md):
#   PGPOOL_BACKENDS        host:port,host:port (required; order = backend ids 0,1,...)
#   BIND_IP, PGPOOL_PORT   listen address and port (0.0.0.0, 9999)
#   PCP_PORT               pcp listener on BIND_IP (9898)
#   PGPOOL_SR_CHECK_USER   user for streaming-replication and health checks (watchdog)
#   PGPOOL_PASSWORD_FILE   mounted 0600 file (/run/secrets/pgpool-passwords): lines "user:password",
#                          or a libpq passfile (host:port:db:user:password)
#   PGPOOL_START_DELAY_S   optional delay before pgpool starts (proves the promote gate waits)
#   PGPOOL_SSL             on|off: TLS towards clients and backends, self-signed cert (on)
#   PGPOOL_BACKEND_APPLICATION_NAMES  name0,name1: each standby's application_name in
#                          pg_stat_replication, which auto_failback matches (default: backend host)
set -euo pipefail

die() { echo "fw-pgpool: $*" >&2; exit 1; }

: "${PGPOOL_BACKENDS:?fw-pgpool: PGPOOL_BACKENDS=host:port,host:port is required}"
bind_ip=${BIND_IP:-0.0.0.0}
port=${PGPOOL_PORT:-9999}
pcp_port=${PCP_PORT:-9898}
check_user=${PGPOOL_SR_CHECK_USER:-watchdog}
pwfile=${PGPOOL_PASSWORD_FILE:-/run/secrets/pgpool-passwords}
ssl=${PGPOOL_SSL:-on}
delay=${PGPOOL_START_DELAY_S:-0}
conf=/run/pgpool

[[ $port =~ ^[0-9]+$ && $pcp_port =~ ^[0-9]+$ ]] || die "PGPOOL_PORT/PCP_PORT must be numbers"
[[ $delay =~ ^[0-9]+$ ]] || die "PGPOOL_START_DELAY_S must be a whole number of seconds"
[[ $ssl == on || $ssl == off ]] || die "PGPOOL_SSL must be on or off"
[[ -r $pwfile ]] || die "password file $pwfile is not mounted"
# Same rule as libpq: a secret readable by group or others is refused, not used.
mode=$(stat -L -c %a "$pwfile")
((8#$mode & 8#077)) && die "password file $pwfile has mode $mode; it must be 0600 or stricter"

run_user=postgres
id "$run_user" >/dev/null 2>&1 || run_user=root

rm -rf "$conf"
install -d -m 0700 -o "$run_user" "$conf"

# split_passfile_line LINE: prints the fields of a libpq passfile line, one per line,
# honouring the \: and \\ escapes.
split_passfile_line() {
  local line=$1 field="" i c
  for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [[ $c == "\\" && $((i + 1)) -lt ${#line} ]]; then field+=${line:i+1:1}; ((i++)) || true
    elif [[ $c == ':' ]]; then printf '%s\n' "$field"; field=""
    else field+=$c; fi
  done
  printf '%s\n' "$field"
}

# pool_passwd needs the clear password (TEXT prefix) for scram on both sides; it lives only in
# this container's private 0600 file, never in env or args.
declare -A passwords=()
while IFS= read -r line || [[ -n $line ]]; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  mapfile -t f < <(split_passfile_line "$line")
  if ((${#f[@]} >= 5)); then
    user=${f[3]}; pw=$(IFS=:; printf "%s" "${f[*]:4}")
  else
    user=${line%%:*}; pw=${line#*:}
  fi
  [[ -n $user && $user != '*' && -z ${passwords[$user]+x} ]] && passwords[$user]=$pw
done <"$pwfile"
((${#passwords[@]})) || die "no user:password entries in $pwfile"
[[ -n ${passwords[$check_user]+x} ]] || die "no password for PGPOOL_SR_CHECK_USER=$check_user in $pwfile"

umask 077
for user in "${!passwords[@]}"; do printf '%s:TEXT%s\n' "$user" "${passwords[$user]}"; done >"$conf/pool_passwd"
# A private passfile for the container's health check (run as root by docker exec).
pw_escaped=${passwords[$check_user]//\\/\\\\}; pw_escaped=${pw_escaped//:/\\:}
printf '*:*:*:%s:%s\n' "$check_user" "$pw_escaped" >/run/fw-pgpool-healthcheck.pgpass
printf '%s\n' "$check_user" >/run/fw-pgpool-healthcheck.user
unset passwords pw pw_escaped line f

cat >"$conf/pool_hba.conf" <<HBA
# every client authenticates with scram against pool_passwd
host all all 0.0.0.0/0 scram-sha-256
host all all ::/0 scram-sha-256
HBA
: >"$conf/pcp.conf"

{
  cat <<CONF
# rendered by fw-pgpool-entrypoint at container start; edits are lost on restart
backend_clustering_mode = 'streaming_replication'
listen_addresses = '$bind_ip'
port = $port
socket_dir = '$conf'
pcp_listen_addresses = '$bind_ip'
pcp_port = $pcp_port
pcp_socket_dir = '$conf'
enable_pool_hba = on
pool_passwd = 'pool_passwd'
allow_clear_text_frontend_auth = off
num_init_children = ${PGPOOL_NUM_INIT_CHILDREN:-32}
max_pool = 2
load_balance_mode = off
sr_check_period = 1
sr_check_user = '$check_user'
sr_check_password = ''
sr_check_database = 'postgres'
health_check_period = 1
health_check_timeout = ${PGPOOL_HEALTH_CHECK_TIMEOUT_S:-5}
health_check_user = '$check_user'
health_check_password = ''
health_check_database = 'postgres'
health_check_max_retries = 0
connect_timeout = ${PGPOOL_CONNECT_TIMEOUT_MS:-3000}
# repmgr promotes; pgpool only follows whichever backend is primary
failover_command = ''
failback_command = ''
follow_primary_command = ''
search_primary_node_timeout = 120
auto_failback = on
auto_failback_interval = ${PGPOOL_AUTO_FAILBACK_INTERVAL_S:-10}
use_watchdog = off
memory_cache_enabled = off
pid_file_name = '$conf/pgpool.pid'
logdir = '$conf'
log_destination = 'stderr'
log_min_messages = '${PGPOOL_LOG_MIN_MESSAGES:-warning}'
ssl = $ssl
CONF
  if [[ $ssl == on ]]; then
    printf "ssl_cert = '%s/server.crt'\nssl_key = '%s/server.key'\n" "$conf" "$conf"
  fi
  i=0
  IFS=, read -r -a backends <<<"$PGPOOL_BACKENDS"
  IFS=, read -r -a app_names <<<"${PGPOOL_BACKEND_APPLICATION_NAMES:-}"
  for b in "${backends[@]}"; do
    host=${b%:*} bport=${b##*:}
    [[ -n $host && $bport =~ ^[0-9]+$ && $b == *:* ]] || die "bad backend '$b' in PGPOOL_BACKENDS"
    printf "backend_hostname%d = '%s'\nbackend_port%d = %s\nbackend_weight%d = 1\n" "$i" "$host" "$i" "$bport" "$i"
    printf "backend_flag%d = 'ALLOW_TO_FAILOVER'\nbackend_application_name%d = '%s'\n" "$i" "$i" "${app_names[i]:-$host}"
    i=$((i + 1))
  done
} >"$conf/pgpool.conf"

if [[ $ssl == on ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=${NODE_IP:-$bind_ip}" \
    -keyout "$conf/server.key" -out "$conf/server.crt" 2>/dev/null
fi
chown -R "$run_user:" "$conf"

if ((delay > 0)); then
  echo "fw-pgpool: PGPOOL_START_DELAY_S=$delay, delaying start" >&2
  sleep "$delay"
fi
# A backend that does not even accept TCP now (a powered-off node) would stall pgpool's start for
# ~30 s of connect retries before it is detached. Probe each (2 tries, 1 s each): when some answer
# and some do not, start from a status file written this moment marking the silent ones down
# (auto_failback re-attaches a node once it streams from the primary again). Otherwise -D: a status
# file from an earlier run must never keep a backend down.
reachable() { timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null || { sleep 0.2; timeout 1 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }; }
status=() up=0
for b in "${backends[@]}"; do
  if reachable "${b%:*}" "${b##*:}"; then status+=(up); up=$((up + 1)); else status+=(down); fi
done
discard=(-D)
if ((up > 0 && up < ${#backends[@]})); then
  printf '%s\n' "${status[@]}" >"$conf/pgpool_status"
  chown "$run_user:" "$conf/pgpool_status"
  discard=()
  echo "fw-pgpool: backends not accepting connections at start, marked down: $(for i in "${!backends[@]}"; do [[ ${status[i]} == down ]] && printf '%s ' "${backends[i]}"; done)" >&2
fi
echo "fw-pgpool: listening on $bind_ip:$port, backends $PGPOOL_BACKENDS" >&2
cmd=(pgpool -n "${discard[@]}" -f "$conf/pgpool.conf" -a "$conf/pool_hba.conf" -F "$conf/pcp.conf")
if [[ $run_user == root ]]; then exec "${cmd[@]}"; fi
exec setpriv --reuid="$run_user" --regid="$run_user" --init-groups "${cmd[@]}"
