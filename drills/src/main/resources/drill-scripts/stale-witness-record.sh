# shellcheck shell=bash
# The witness's repmgr record made stale on the primary (drills' Operations.staleWitnessRecord): its
# upstream set to UPSTREAM, the standby, as a witness registered while UPSTREAM was primary keeps
# after a switchover back. `repmgr witness register` cannot leave this: it refuses a standby as -h
# and records the primary it finds. With it, the standby's repmgrd counts no sibling of the primary
# to ask, so it promotes itself on a cut although the witness still sees the primary.
# Inputs: REPMGR_CONFIG, WITNESS and UPSTREAM (repmgr node names). Prints the changed record.
set -euo pipefail
cd /tmp
# repmgr's metadata database, as this node's conninfo names it (repmgr's default when it does not).
db=$(sed -n "s/^[[:space:]]*conninfo[[:space:]]*=.*dbname=\([^[:space:]'\"]*\).*/\1/p" "$REPMGR_CONFIG" | head -1)
sql() { runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -d "${db:-repmgr}" "$@"; }

changed=$(sql -v witness="$WITNESS" -v upstream="$UPSTREAM" <<'SQL'
UPDATE repmgr.nodes w SET upstream_node_id = u.node_id
  FROM repmgr.nodes u
 WHERE w.type = 'witness' AND w.node_name = :'witness' AND u.node_name = :'upstream'
RETURNING w.node_name || ' upstream ' || u.node_name;
SQL
)
if [[ -z $changed ]]; then
  echo "no witness '$WITNESS' or no node '$UPSTREAM' in repmgr.nodes (the inventory's names must be repmgr's node_name)" >&2
  exit 1
fi

# The standby's repmgrd reads its own copy when it decides: the cut must not come before it has it.
lsn=$(sql -c 'SELECT pg_current_wal_lsn()')
for _ in $(seq 80); do
  if [[ $(sql -v lsn="$lsn" <<<"SELECT count(*) FROM pg_stat_replication WHERE replay_lsn >= :'lsn'") -ge 1 ]]; then
    echo "$changed"
    exit 0
  fi
  sleep 0.25
done
echo "$changed, but no standby replayed it within 20 s" >&2
exit 1
