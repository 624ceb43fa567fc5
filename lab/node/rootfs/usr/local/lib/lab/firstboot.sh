#!/bin/bash
# First boot of a node: identity that must differ between nodes (an image ships none).
set -euo pipefail
ssh-keygen -A
# A fresh cluster gets its own system identifier (two equal ones break repmgr).
if [[ ! -d /etc/postgresql/15/main ]]; then
  pg_createcluster 15 main >/dev/null
fi
touch /var/lib/lab/firstboot.done
