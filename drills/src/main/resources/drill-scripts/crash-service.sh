# shellcheck shell=bash
# kill -9 of a service container's main process (drills' Operations.crashService): Docker sees a
# crash and the restart policy applies (docker kill would disable it).
# Inputs, set as shell variables before this text: STACK_PROJECT SERVICE.
set -e
c=$(docker ps -q --filter "label=com.docker.compose.project=$STACK_PROJECT" --filter "label=com.docker.compose.service=$SERVICE" | head -1)
[ -n "$c" ] || { echo "no running $SERVICE container" >&2; exit 1; }
pid=$(docker inspect -f '{{.State.Pid}}' "$c")
[ "$pid" -gt 0 ] || { echo 'container has no process' >&2; exit 1; }
kill -9 "$pid"
