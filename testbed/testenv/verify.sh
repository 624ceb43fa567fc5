#!/usr/bin/env bash
# End-to-end check of the test database with two pgpools, one per "node":
#   pg-cluster up; both nodes answer; standby in recovery; replication over TLS;
#   fw-pgpool on 127.0.0.11:19999 and 127.0.0.12:19999; SELECT 1 as app through both;
#   failover (stop 127.0.0.11, promote 127.0.0.12): both pgpools route to the new primary;
#   rejoin 127.0.0.11 as a standby (pg_rewind): pgpool re-attaches it (auto_failback).
# Tears everything down at the end (--keep leaves it running). Ends with "N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cluster=$here/pg-cluster.sh
dir=$(realpath -m "${FW_TESTENV_DIR:-/tmp/fw-testenv}")
export FW_TESTENV_DIR=$dir
keep=false
[[ ${1:-} == --keep ]] && keep=true
pool_port=19999
nodes=(127.0.0.11 127.0.0.12)
passed=0 failed=0
containers=()

ok() { echo "PASS $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
eq() { [[ $1 == "$2" ]]; }
at_least() { [[ $1 =~ ^[0-9]+$ ]] && (($1 >= $2)); }

cleanup() {
  $keep && return 0
  local c
  for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  "$cluster" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# q HOST PORT USER DB SQL: one query over TCP with the test passfile (never a password in args).
q() {
  PGPASSFILE=$dir/pgpass PGCONNECT_TIMEOUT=3 timeout 10 \
    psql -X -q -At -h "$1" -p "$2" -U "$3" -d "$4" -c "$5" 2>/dev/null
}

# poll_until SECONDS COMMAND...: true once COMMAND succeeds, false at the deadline.
poll_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

routes_to() { # routes_to POOL_HOST EXPECTED_PRIMARY: pgpool sends app sessions to that primary
  [[ $(q "$1" "$pool_port" app app 'SELECT inet_server_addr(), pg_is_in_recovery()') == "$2|f" ]]
}
pool_sees_standby() { # pool_sees_standby POOL_HOST NODE_ID: backend attached (up) as standby
  q "$1" "$pool_port" watchdog postgres 'SHOW pool_nodes' | grep -q "^$2|.*|up|up|[^|]*|standby|"
}

"$repo/scripts/dockerd-up.sh"
"$repo/testbed/images/build.sh" base pgpool
if [[ -e $dir ]]; then "$cluster" down; fi

t=$SECONDS
"$cluster" up
ok "pg-cluster up in $((SECONDS - t)) s"

for n in "${nodes[@]}"; do
  if pg_isready -q -h "$n" -p 15432 -t 2; then ok "$n:15432 answers"; else bad "$n:15432 does not answer"; fi
done
check "127.0.0.12 is in recovery" eq "$(q 127.0.0.12 15432 watchdog postgres 'SELECT pg_is_in_recovery()')" t
check "replication streams with ssl=t (pg_stat_replication JOIN pg_stat_ssl)" eq "$(q 127.0.0.11 15432 watchdog postgres \
  "SELECT count(*) FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid) WHERE r.state = 'streaming' AND s.ssl")" 1
# What the watchdog's probes read: role, timeline, LSN (pg_monitor).
if out=$(q 127.0.0.11 15432 watchdog postgres "SELECT pg_is_in_recovery(), timeline_id, pg_current_wal_lsn()
      FROM pg_control_checkpoint()") && [[ -n $out ]]; then ok "watchdog reads role/timeline/LSN ($out)"
else bad "watchdog cannot read role/timeline/LSN"; fi
check "app logs in to its database" eq "$(q 127.0.0.11 15432 app app 'SELECT current_user')" app
# pg_hba's own refusals (not a missing password): no superuser over TCP, no plain-text replication.
err=$(PGSSLMODE=disable timeout 10 psql -X -w -h 127.0.0.11 -p 15432 -U postgres -d postgres -c 'SELECT 1' 2>&1 || true)
check "pg_hba refuses the superuser over TCP" grep -q 'no pg_hba.conf entry' <<<"$err"
err=$(PGPASSFILE=$dir/replication.pgpass timeout 10 psql -X -w \
  "host=127.0.0.11 port=15432 user=replicator sslmode=disable replication=true" -c 'IDENTIFY_SYSTEM' 2>&1 || true)
check "pg_hba rejects replication without TLS" grep -q 'rejects replication connection' <<<"$err"

for n in "${nodes[@]}"; do
  c=fw-testenv-pgpool-$n
  docker rm -f "$c" >/dev/null 2>&1 || true
  containers+=("$c")
  docker run -d --name "$c" --network host --label org.failoverwatchdog.testenv=pgpool \
    -e BIND_IP="$n" -e NODE_IP="$n" -e PGPOOL_PORT="$pool_port" -e PCP_PORT=19898 \
    -e PGPOOL_BACKENDS=127.0.0.11:15432,127.0.0.12:15432 \
    -v "$dir/pgpool-passwords:/run/secrets/pgpool-passwords:ro" fw-pgpool:latest >/dev/null
done
for n in "${nodes[@]}"; do
  t=$SECONDS
  if poll_until 30 routes_to "$n" 127.0.0.11; then ok "SELECT 1 as app through pgpool $n:$pool_port ($((SECONDS - t)) s)"
  else bad "pgpool $n:$pool_port does not answer"; docker logs --tail 20 "fw-testenv-pgpool-$n"; fi
done
# The real secret values must not show in docker inspect nor in any process's arguments; -f reads
# the patterns from the 0600 file, so they never reach an argument either.
if { docker inspect "${containers[@]}"; ps -eo args; } | grep -qF -f <(cut -d: -f2- "$dir/pgpool-passwords"); then
  bad "a password is visible in docker inspect or ps"
else ok "no password in docker inspect or process arguments"; fi

t=$SECONDS
"$cluster" stop 127.0.0.11
"$cluster" promote 127.0.0.12
for n in "${nodes[@]}"; do
  if poll_until 60 routes_to "$n" 127.0.0.12; then ok "pgpool $n routes to the new primary 127.0.0.12 ($((SECONDS - t)) s after stop)"
  else bad "pgpool $n does not route to 127.0.0.12"; fi
done
check "writes through pgpool after failover" at_least "$(q 127.0.0.11 "$pool_port" app app \
  'CREATE TABLE IF NOT EXISTS t(x int); INSERT INTO t VALUES (1); SELECT count(*) FROM t')" 1

t=$SECONDS
"$cluster" rejoin 127.0.0.11
for n in "${nodes[@]}"; do
  if poll_until 60 pool_sees_standby "$n" 0; then ok "pgpool $n re-attached 127.0.0.11 as standby ($((SECONDS - t)) s)"
  else bad "pgpool $n did not re-attach 127.0.0.11"; fi
done
"$cluster" status || true

echo "$passed passed, $failed failed"
((failed == 0))
