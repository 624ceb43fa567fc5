# shellcheck shell=bash
# What an operator would look at when a drill fails (drills' Operations.evidence): failover-watchdog status
# and history, its log since the iteration began, the units, the .env, the containers, repmgr.
# Always exits 0. Inputs, set as shell variables before this text: WATCHDOG_CMD WATCHDOG_SERVICE
# WATCHDOG_TIMER SINCE (epoch seconds) STACK_DIR STACK_PROJECT REPMGR_CONFIG.
# shellcheck disable=SC2086  # WATCHDOG_CMD is a command with its options, as the inventory writes it: split on purpose
{
echo "== $WATCHDOG_CMD status --json"; timeout 20 $WATCHDOG_CMD status --json 2>&1
echo "== $WATCHDOG_CMD history --limit 10"; timeout 20 $WATCHDOG_CMD history --limit 10 2>&1
}
echo "== journalctl -u $WATCHDOG_SERVICE"; journalctl -u "$WATCHDOG_SERVICE" --since "@$SINCE" --no-pager -o short-iso 2>&1 | tail -n 150
echo '== systemctl status'; systemctl status --no-pager "$WATCHDOG_TIMER" "$WATCHDOG_SERVICE" 2>&1 | head -30
echo '== .env'; grep -E '^(COMPOSE_PROFILES|HA_ROUTER_IP)=' "$STACK_DIR/.env"
echo '== containers'; docker ps -a --filter "label=com.docker.compose.project=$STACK_PROJECT" --format '{{.Label "com.docker.compose.service"}} {{.Status}}'
echo '== repmgr'
# shellcheck disable=SC2164  # only so runuser's postgres does not start in root's home; /tmp is always there
cd /tmp
runuser -u postgres -- repmgr -f "$REPMGR_CONFIG" cluster show 2>&1
exit 0
