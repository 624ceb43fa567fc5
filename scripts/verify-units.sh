#!/usr/bin/env bash
# systemd-analyze verify on every unit in systemd/: any message about them is a failure.
# verify checks that ExecStart's program exists: if /usr/local/bin/failover-watchdog is absent, the
# repository's launcher stands there (a symlink) during the check and is removed afterwards.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v systemd-analyze >/dev/null || "$repo/scripts/apt-install" systemd
links=()
if [[ ! -e /usr/local/bin/failover-watchdog ]]; then
  ln -s "$repo/bin/failover-watchdog" /usr/local/bin/failover-watchdog
  links+=(/usr/local/bin/failover-watchdog)
fi
[[ -d /usr/local/lib/failover-watchdog ]] || { mkdir -p /usr/local/lib/failover-watchdog; links+=(/usr/local/lib/failover-watchdog); }
for prog in failover-watchdog-rejoin failover-watchdog-guard-stale; do
  if [[ ! -e /usr/local/lib/failover-watchdog/$prog ]]; then
    ln -s "$repo/bin/$prog" "/usr/local/lib/failover-watchdog/$prog"
    links=("/usr/local/lib/failover-watchdog/$prog" "${links[@]}")
  fi
done
cleanup() { local l; for l in "${links[@]}"; do if [[ -L $l ]]; then rm -f "$l"; else rmdir "$l"; fi; done; }
trap cleanup EXIT
units=("$repo"/systemd/*.service "$repo"/systemd/*.timer)
out=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify "${units[@]}" 2>&1) || {
  echo "$out"; echo "verify-units: systemd-analyze verify failed" >&2; exit 1; }
# Other units of the machine may draw warnings of their own (verify loads their dependencies): ours must draw none.
ours=$(grep -i 'watchdog' <<<"$out" || true)
[[ -z $out || $out == "$ours" ]] || printf 'verify-units: (other units, ignored)\n%s\n' "$(grep -vi watchdog <<<"$out")"
if [[ -n $ours ]]; then echo "$ours"; echo "verify-units: systemd-analyze verify warns about the watchdog's units" >&2; exit 1; fi
echo "verify-units: systemd-analyze verify: $(basename -a "${units[@]}" | tr '\n' ' ')clean ($(systemd-analyze --version | head -1))"
