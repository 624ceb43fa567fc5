#!/bin/bash
# Boot-time stale-primary guard (until the watchdog takes this over).
# If the local PostgreSQL runs as primary while another registered node is primary on a
# newer timeline, this node missed a failover: rejoin it as a standby of that node.
set -euo pipefail
source /usr/local/lib/lab/node-lib.sh
[[ ${NODE_ROLE:-} != witness ]] || exit 0
wait_pg_ready 120
[[ $(psql_local -c 'SELECT pg_is_in_recovery()') == f ]] || { log "local DB is a standby: nothing to do"; exit 0; }
my_tl=$(timeline_of "$NODE_IP")
[[ -n $my_tl ]] || { log "cannot read local timeline: leaving the DB alone"; exit 0; }

# Registered data nodes other than this one (the local repmgr.nodes copy may be stale, but
# it lists who exists; their live answers decide).
peers=$(psql_local -d repmgr -c "SELECT substring(conninfo from 'host=([^ ]+)') FROM repmgr.nodes WHERE type <> 'witness' AND node_id <> ${NODE_ID}" 2>/dev/null || true)
[[ -n $peers ]] || peers=${PEER_IP:-}
for peer in $peers; do
  [[ $(recovery_of "$peer") == f ]] || continue
  peer_tl=$(timeline_of "$peer")
  if [[ -n $peer_tl ]] && (( peer_tl > my_tl )); then
    log "stale primary: local timeline $my_tl, $peer is primary on timeline $peer_tl; rejoining as its standby"
    # A freshly promoted peer has not checkpointed yet: its control file still names the old
    # timeline and pg_rewind would wrongly find "no rewind required".
    psql_remote "$peer" -c CHECKPOINT
    systemctl stop postgresql@15-main
    runuser -u postgres -- env PGPASSFILE="$PASSFILE" repmgr -f /etc/repmgr.conf node rejoin \
      -d "$(repmgr_conninfo "$peer")" --force-rewind --verbose
    wait_pg_ready 120
    log "rejoined: in recovery = $(psql_local -c 'SELECT pg_is_in_recovery()')"
    exit 0
  fi
done
log "local DB primary on timeline $my_tl and no peer primary on a newer one"
