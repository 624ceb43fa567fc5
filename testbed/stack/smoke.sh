#!/usr/bin/env bash
# Brings the whole stack up once as node A (NODE_IP=BIND_IP=127.0.0.11, profile ha-primary)
# against the test PostgreSQL of testenv/pg-cluster.sh, checks that the router lists GATEWAY,
# DATASERVICE, EDGE and BASTION as ACTIVE and that /edge/rest/health answers 200 (directly and
# through haproxy), then tears everything down. --keep leaves it running.
# Ends with "N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cluster=$repo/testbed/testenv/pg-cluster.sh
export FW_TESTENV_DIR=${FW_TESTENV_DIR:-/tmp/fw-testenv}
project=${FW_SMOKE_PROJECT:-fw-smoke-a}
node=127.0.0.11
keep=false
[[ ${1:-} == --keep ]] && keep=true
passed=0 failed=0 started_cluster=false
work=$(mktemp -d /tmp/fw-smoke.XXXXXX)

ok() { echo "PASS $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# Compose v2 when the docker CLI has it, else Debian's docker-compose v1.
if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi
compose() { "${compose_cmd[@]}" -p "$project" -f "$here/docker-compose.yml" --env-file "$work/.env" "$@"; }

cleanup() {
  if ! $keep; then
    compose down --remove-orphans -t 5 >/dev/null 2>&1 || true
    # Whatever an inactive profile left behind: only this project's containers, by label.
    local ids
    mapfile -t ids < <(docker ps -aq --filter "label=com.docker.compose.project=$project")
    ((${#ids[@]} == 0)) || docker rm -f "${ids[@]}" >/dev/null || true
    if $started_cluster; then "$cluster" down >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT

poll_until() { # poll_until SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# all_active: the router lists every service type, from this node, ACTIVE.
router_status() { curl -fsS -m 2 "http://$node:9000/router/rest/status" 2>/dev/null; }
all_active() {
  local doc
  doc=$(router_status) || return 1
  python3 -c '
import json, sys
doc = json.load(sys.stdin)
active = {s["type"] for s in doc.get("services", []) if s.get("status") == "ACTIVE" and s.get("nodeIp") == sys.argv[1]}
sys.exit(0 if {"GATEWAY", "DATASERVICE", "EDGE", "BASTION"} <= active else 1)' "$node" <<<"$doc"
}
http_code() { curl -ks -m 3 -o /dev/null -w '%{http_code}' "$1" || true; }
answers_200() { [[ $(http_code "$1") == 200 ]]; }
service_healthy() { # service_healthy SERVICE: its container reports healthy
  local id
  id=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1")
  [[ -n $id && $(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$id") == healthy ]]
}
all_healthy() {
  local id bad_count=0
  for id in $(docker ps -aq --filter "label=com.docker.compose.project=$project"); do
    [[ $(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id") == healthy ]] ||
      bad_count=$((bad_count + 1))
  done
  ((bad_count == 0))
}

"$repo/scripts/dockerd-up.sh"
"$repo/testbed/images/build.sh"
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || {
  "$repo/scripts/apt-install" docker-compose; }

if [[ ! -e $FW_TESTENV_DIR/testenv.env ]]; then
  "$cluster" up
  started_cluster=true
fi
# shellcheck source=/dev/null  # written by testenv/pg-cluster.sh up, not in the repository
source "$FW_TESTENV_DIR/testenv.env"

cat >"$work/.env" <<ENV
COMPOSE_PROFILES=ha-primary
HA_ROUTER_IP=$node
NODE_IP=$node
BIND_IP=$node
PEER_IP=127.0.0.12
PGPOOL_BACKENDS=$PGPOOL_BACKENDS
PGPOOL_PORT=19999
PCP_PORT=19898
PGPOOL_SR_CHECK_USER=watchdog
DB_NAME=app
DB_USER=app
DB_PASSFILE=$DB_PASSFILE
PGPOOL_PASSWORD_FILE=$PGPOOL_PASSWORD_FILE
JAVA_OPTS=-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
ENV

# The convergence order of the watchdog: pgpool first and gated, because dataservice's pool
# breaks for good when its first connection fails (docs/DESIGN.md); then the rest.
t=$SECONDS
compose up -d pgpool
if poll_until 60 service_healthy pgpool; then ok "pgpool healthy: SELECT 1 through it ($((SECONDS - t)) s)"
else bad "pgpool not healthy"; docker logs --tail 20 "$(docker ps -q --filter "label=com.docker.compose.project=$project")"; fi
t=$SECONDS
compose up -d
ok "${compose_cmd[*]} up -d ($((SECONDS - t)) s)"

t=$SECONDS
if poll_until 90 all_active; then ok "router lists GATEWAY DATASERVICE EDGE BASTION ACTIVE on $node ($((SECONDS - t)) s)"
else bad "router does not list all four services ACTIVE"; fi
router_status | python3 -c '
import json, sys
for s in json.load(sys.stdin)["services"]:
    print("   ", s["type"], s["nodeIp"], s["role"], s["status"])' || true
if poll_until 30 answers_200 "http://$node:8083/edge/rest/health"; then ok "edge /edge/rest/health is 200"
else bad "edge /edge/rest/health is $(http_code "http://$node:8083/edge/rest/health")"; fi
if poll_until 30 answers_200 "https://$node/edge/rest/health"; then ok "haproxy https://$node/edge/rest/health is 200"
else bad "haproxy https /edge/rest/health is $(http_code "https://$node/edge/rest/health")"; fi
if poll_until 30 answers_200 "https://$node/"; then ok "haproxy https://$node/ (ui) is 200"
else bad "haproxy https://$node/ is $(http_code "https://$node/")"; fi
if poll_until 60 all_healthy; then ok "every container of $project is healthy"
else bad "unhealthy containers:"; docker ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}} {{.Status}}'; fi
n=$(docker ps -q --filter "label=com.docker.compose.project=$project" | wc -l)
if ((n == 8)); then ok "8 containers running (router included: profile ha-primary)"; else bad "$n containers running, want 8"; fi
# The real secret values must not show in docker inspect (env, args, labels) nor in any process's
# arguments; -f reads the patterns from the 0600 file, so they never reach an argument either.
if { docker ps -q --filter "label=com.docker.compose.project=$project" | xargs docker inspect; ps -eo args; } |
  grep -qF -f <(cut -d: -f2- "$PGPOOL_PASSWORD_FILE"); then bad "a password is visible in docker inspect or ps"
else ok "no password in docker inspect or process arguments"; fi

echo "$passed passed, $failed failed"
((failed == 0))
