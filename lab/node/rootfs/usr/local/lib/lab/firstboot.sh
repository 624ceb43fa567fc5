#!/bin/bash
# First boot of a node: identity that must differ between nodes (an image ships none).
set -euo pipefail
# ed25519 and ecdsa only: an RSA host key costs ~3 s of boot and nothing here needs it.
for t in ed25519 ecdsa; do
  [[ -f /etc/ssh/ssh_host_${t}_key ]] || ssh-keygen -q -t "$t" -N '' -f "/etc/ssh/ssh_host_${t}_key"
done
# A fresh cluster gets its own system identifier (two equal ones break repmgr).
if [[ ! -d /etc/postgresql/15/main ]]; then
  # --no-sync: a lab cluster made at first boot can be redone; saves ~3 s of fsync.
  pg_createcluster 15 main -- --no-sync >/dev/null
fi
touch /var/lib/lab/firstboot.done
