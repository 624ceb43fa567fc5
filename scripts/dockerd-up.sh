#!/usr/bin/env bash
# Starts a Docker engine if none answers (machines here have no systemd as PID 1).
# Idempotent: does nothing when /var/run/docker.sock already answers.
set -euo pipefail
if docker version >/dev/null 2>&1; then exit 0; fi
command -v dockerd >/dev/null 2>&1 || "$(dirname "${BASH_SOURCE[0]}")/apt-install" docker.io
log=/var/log/watchdog-dockerd.log
nohup dockerd >"$log" 2>&1 &
echo $! > /run/watchdog-dockerd.pid
for _ in $(seq 1 120); do
  docker version >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "dockerd did not answer within 60 s; see $log" >&2
exit 1
