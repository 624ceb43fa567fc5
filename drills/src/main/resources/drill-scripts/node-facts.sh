# shellcheck shell=bash
# One look at a data node for the drills (observe/NodeFactsReader), in one SSH round trip: key=value
# lines (db, read_only, wal_receiver, profile, router_ip, node_ip, containers, router, registry,
# repmgr_rc, watchdog). Always exits 0: a missing fact is an empty or absent line.
# Inputs, set as shell variables before this text: STACK_DIR STACK_PROJECT ROUTER_PORT APP_DB
# REPMGR_CONFIG WATCHDOG_SERVICE FULL (1: also run `repmgr cluster show`, slow).
# shellcheck disable=SC2164  # only so runuser's postgres does not start in root's home; /tmp is always there
cd /tmp
r=$(timeout 4 runuser -u postgres -- psql -X -At -c 'SELECT pg_is_in_recovery()' 2>/dev/null)
case $r in f) echo db=PRIMARY ;; t) echo db=STANDBY ;; *) echo db=DOWN ;; esac
# as the app sees it: a fence may be set for the database (ALTER DATABASE) as well as system-wide
[ -n "$r" ] && echo "read_only=$(timeout 4 runuser -u postgres -- psql -X -At -d "$APP_DB" -c 'SHOW default_transaction_read_only' 2>/dev/null)"
[ "$r" = t ] && echo "wal_receiver=$(timeout 4 runuser -u postgres -- psql -X -At -c 'SELECT status FROM pg_stat_wal_receiver' 2>/dev/null)"
env_of() { sed -n "s/^$1=//p" "$STACK_DIR/.env" 2>/dev/null | tail -1; }
echo "profile=$(env_of COMPOSE_PROFILES)"
echo "router_ip=$(env_of HA_ROUTER_IP)"
nip=$(env_of NODE_IP); echo "node_ip=$nip"
echo "containers=$(timeout 5 docker ps -a --filter "label=com.docker.compose.project=$STACK_PROJECT" \
  --format '{{.Label "com.docker.compose.service"}}={{.State}}/{{.Status}}' 2>/dev/null | tr '\n' ';')"
if timeout 5 docker ps -q --filter "label=com.docker.compose.project=$STACK_PROJECT" --filter label=com.docker.compose.service=router \
     --filter status=running 2>/dev/null | grep -q .; then
  echo router=running
  echo "registry=$(curl -s --max-time 2 "http://${nip:-127.0.0.1}:$ROUTER_PORT/router/rest/status" | tr -d '\n')"
else
  echo router=none
fi
if [ "$FULL" = 1 ]; then
  timeout 15 runuser -u postgres -- repmgr -f "$REPMGR_CONFIG" cluster show >/dev/null 2>&1; echo "repmgr_rc=$?"
fi
echo "watchdog=$(systemctl is-active "$WATCHDOG_SERVICE" 2>/dev/null)"
exit 0
