# shellcheck shell=bash
# What the watchdog is doing on a node right now, in one round trip (drills' Operations.tickSnapshot):
#   pid=      the process holding the tick lock (from /proc/locks and the lock file's inode), empty if none
#   profile=  COMPOSE_PROFILES of the stack's .env
#   promote=  the start time of the journal's last PROMOTE entry
# Inputs, set as shell variables before this text: LOCK_FILE STACK_DIR JOURNAL.
echo "pid=$(ino=$(stat -c %i "$LOCK_FILE" 2>/dev/null)
[ -n "$ino" ] && awk -v ino="$ino" '$6 ~ (":" ino "$") {print $5; exit}' /proc/locks)"
echo "profile=$(sed -n 's/^COMPOSE_PROFILES=//p' "$STACK_DIR/.env" | tail -1)"
echo "promote=$(grep '"kind":"PROMOTE"' "$JOURNAL" 2>/dev/null | tail -1 | sed 's/^{"time":"\([^"]*\)".*/\1/')"
