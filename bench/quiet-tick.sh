#!/bin/bash
# The bash baseline of a quiet tick: the same observations the watchdog makes on a quiet tick, made
# with psql, curl, jq and bash, and the state file written atomically. Reads the watchdog's own
# config (the lab's layout) so both ask the same hosts the same questions, with the same TLS and
# SCRAM (libpq's sslmode=prefer, as pgjdbc's default). Run on a node: quiet-tick.sh [CONFIG]
set -uo pipefail
cfg=${1:-/etc/failover-watchdog/watchdog.yml}
val() { sed -n "s/^ *$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *$/\1/p" "$cfg" | head -n1; }
peer=$(sed -n 's/^peer: {name: [^,]*, ip: \([0-9.]*\)}.*/\1/p' "$cfg")
witness=$(sed -n '/^witness:/,/^[a-z]/s/^ *ip: *\([0-9.]*\)$/\1/p' "$cfg")
export PGPASSFILE PGCONNECT_TIMEOUT=2
PGPASSFILE=$(val passfile)
project_dir=$(val project_dir)
project=$(val project_name)
state=$(val state_dir)
url() { sed -n 's/^ *status_url: *"\(.*\)"/\1/p' "$cfg" | sed "s/{ip}/$1/"; }
role_sql="SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN (SELECT received_tli FROM pg_stat_wal_receiver)
  ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
  CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text ELSE pg_current_wal_lsn()::text END,
  current_setting('default_transaction_read_only')::bool, (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming')"
reach() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null && echo answers || echo silent; }

# The .env first (it names the active router), then everything else at once, as the watchdog does.
env_file=$project_dir/.env
router_ip=$(sed -n 's/^HA_ROUTER_IP=//p' "$env_file" | tail -n1)
profiles=$(sed -n 's/^COMPOSE_PROFILES=//p' "$env_file" | tail -n1)
tmp=$(mktemp -d)
# The local database also gives the pair's pause, on the same connection (one more query).
psql -X -At -F' ' -d "$(val local)" -c "$role_sql" \
  -c "SELECT paused_by, paused_on, paused_at, reason FROM failover_watchdog.pause" >"$tmp/db" 2>&1 &
psql -X -At -d "$(val pooler)" -c 'SELECT 1' >"$tmp/pooler" 2>&1 &
psql -X -At -F' ' -d "$(val peer)" -c "$role_sql" >"$tmp/peerdb" 2>&1 &
curl -s -m 2 "$(url "$router_ip")" >"$tmp/active" 2>&1 &
[[ $router_ip == "$peer" ]] || curl -s -m 2 "$(url "$peer")" >"$tmp/peer" 2>&1 &
reach "$peer" 22 >"$tmp/peerreach" &
[[ -z $witness ]] || reach "$witness" 22 >"$tmp/witnessreach" &
curl -s -m 2 --unix-socket /var/run/docker.sock -G "http://docker/containers/json" --data-urlencode all=1 \
  --data-urlencode "filters={\"label\":[\"com.docker.compose.project=$project\"]}" >"$tmp/containers" 2>&1 &
wait
# Parse what the rules need: the registry by type and node, the containers by service and state.
jq -r '.. | objects | select(has("type")) | [.type, .ip // .nodeIp // "", .role // "", .status // ""] | @tsv' "$tmp/active" >/dev/null 2>&1
jq -r '.[] | [.Labels["com.docker.compose.service"], .State, .Status] | @tsv' "$tmp/containers" >/dev/null 2>&1
read -r in_recovery timeline lsn read_only replicas <"$tmp/db"
printf '{"version":1,"observed":"%s","profiles":"%s","routerIp":"%s","db":"%s %s %s %s %s"}\n' "$(date -u +%FT%TZ)" \
  "$profiles" "$router_ip" "$in_recovery" "$timeline" "$lsn" "$read_only" "$replicas" >"$state/bench-state.json.tmp"
mv -f "$state/bench-state.json.tmp" "$state/bench-state.json"
rm -rf "$tmp"
