#!/bin/bash
# Database credentials of the Compose stack, as files (0600) in DIR: never in .env,
# environment or arguments. Written from /etc/lab/secrets (put there by `lab up`).
#   DIR/pgpass            libpq passfile for the services (PGPASSFILE) and the watchdog
#   DIR/pgpool-passwords  the same lines for fw-pgpool's pool_passwd
set -euo pipefail
# shellcheck source=node-lib.sh  # installed at /usr/local/lib/lab/ beside this script
source /usr/local/lib/lab/node-lib.sh
dir=${1:?usage: stack-secrets.sh DIR}
install -d -m 0700 "$dir"
esc() { sed -e 's/\\/\\\\/g' -e 's/:/\\:/g' <"$1"; }
tmp=$(mktemp "$dir/.new.XXXXXX")   # mktemp makes it 0600
{
  printf '*:*:*:%s:%s\n' "$APP_USER" "$(esc /etc/lab/secrets/app.pw)"
  printf '*:*:*:%s:%s\n' "$CHECK_USER" "$(esc /etc/lab/secrets/watchdog.pw)"
} >"$tmp"
cp "$tmp" "$dir/pgpool-passwords.new"; chmod 0600 "$dir/pgpool-passwords.new"
mv "$dir/pgpool-passwords.new" "$dir/pgpool-passwords"
mv "$tmp" "$dir/pgpass"
