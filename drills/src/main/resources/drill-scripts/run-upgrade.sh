# shellcheck shell=bash
# The rolling-upgrade drill's upgrade, on the drill host: UPGRADE_COMMAND (the deployment's
# playbook) in WORKDIR, stopped with everything it started once DEADLINE_S have passed (timeout
# runs it in a process group of its own and signals the group).
# Inputs, set as shell variables before this text: WORKDIR UPGRADE_COMMAND DEADLINE_S.
set -uo pipefail
cd "$WORKDIR" || exit 2
timeout -k 30 "$DEADLINE_S" bash -c "$UPGRADE_COMMAND"
rc=$?
if ((rc == 124 || rc == 137)); then
  echo "the upgrade did not end within ${DEADLINE_S} s: stopped" >&2
fi
exit "$rc"
