#!/usr/bin/env bash
# systemd-analyze verify on systemd/watchdog.{service,timer}: any message is a failure.
# verify checks that ExecStart's program exists: if /usr/local/bin/watchdog is absent, the
# repository's launcher stands there (a symlink) during the check and is removed afterwards.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v systemd-analyze >/dev/null || {
  apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null; }
link=""
if [[ ! -e /usr/local/bin/watchdog ]]; then
  ln -s "$repo/bin/watchdog" /usr/local/bin/watchdog
  link=/usr/local/bin/watchdog
fi
trap '[[ -z $link ]] || rm -f "$link"' EXIT
out=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify "$repo/systemd/watchdog.service" "$repo/systemd/watchdog.timer" 2>&1) || {
  echo "$out"; echo "verify-units: systemd-analyze verify failed" >&2; exit 1; }
# Other units of the machine may draw warnings of their own (verify loads their dependencies): ours must draw none.
ours=$(grep -i 'watchdog' <<<"$out" || true)
[[ -z $out || $out == "$ours" ]] || printf 'verify-units: (other units, ignored)\n%s\n' "$(grep -vi watchdog <<<"$out")"
if [[ -n $ours ]]; then echo "$ours"; echo "verify-units: systemd-analyze verify warns about the watchdog's units" >&2; exit 1; fi
echo "verify-units: systemd-analyze verify: watchdog.service, watchdog.timer clean ($(systemd-analyze --version | head -1))"
