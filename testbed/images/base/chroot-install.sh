#!/usr/bin/env bash
# Runs inside the debootstrap chroot (called by images/build.sh): installs the base
# packages and strips what only bloats the image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C
mapfile -t pkgs < <(grep -vE '^\s*(#|$)' /tmp/fw-packages)
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
apt-get clean
# Package caches and lists would add ~77 MB to the single imported layer.
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb \
  /var/log/apt/* /var/log/dpkg.log /usr/share/doc/* /usr/share/man/* /tmp/fw-packages
# Every container must not share one machine identity.
rm -f /etc/machine-id /var/lib/dbus/machine-id
