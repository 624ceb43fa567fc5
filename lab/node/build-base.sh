#!/usr/bin/env bash
# Builds the node base image from debootstrap: bookworm minbase + node packages.
# Usage: build-base.sh IMAGE_TAG HASH WORKDIR
# Needs root, debootstrap and a Docker engine. Mirror and apt settings come from the host.
set -euo pipefail
tag=$1 hash=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)

# The mirror is whatever the host's apt uses (deb822 or one-line format).
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[[ -n $mirror ]] || mirror=$(awk '$1=="deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[[ -n $mirror ]] || { echo "build-base: no Debian mirror found in host apt sources" >&2; exit 1; }

mkdir -p "$work"
root=$(realpath "$work")/rootfs   # absolute: matched against /proc/self/mounts
mounts_below() { awk -v r="$root/" 'index($2, r) == 1 {print $2}' /proc/self/mounts | sort -r; }
unmount_all() { local m; for m in $(mounts_below); do umount -l "$m" || true; done; }
cleanup() {
  unmount_all
  # Never delete through a mount (a bind-mounted /dev would take the host's with it).
  if [[ -n $(mounts_below) ]]; then echo "build-base: mounts left below $root, not deleting it" >&2; return; fi
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
cleanup
mkdir -p "$root"

echo "build-base: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

# Host apt sources and settings (the mirror is a dated snapshot: Check-Valid-Until false).
rm -f "$root/etc/apt/sources.list"
mkdir -p "$root/etc/apt/sources.list.d" "$root/etc/apt/apt.conf.d"
for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  [[ -f $f ]] && cp "$f" "$root/etc/apt/sources.list.d/"
done
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
for f in /etc/apt/apt.conf.d/*; do
  case $(basename "$f") in 99needrestart|20packagekit|50appstream) continue ;; esac
  cp "$f" "$root/etc/apt/apt.conf.d/"
done
# Services must not start inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"


mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts" -o newinstance,ptmxmode=0666 || true

pkgs=$(grep -v '^#' "$here/packages.txt" | xargs)
echo "build-base: apt-get install $pkgs"
chroot "$root" /bin/sh -c '
  set -e
  export DEBIAN_FRONTEND=noninteractive LC_ALL=C
  apt-get update -qq
  # postgresql-common reads createcluster.conf on install: keep it from creating "main".
  apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
  sed -i "s/^#\?\s*create_main_cluster.*/create_main_cluster = false/" /etc/postgresql-common/createcluster.conf
  apt-get install -y -qq --no-install-recommends '"$pkgs"' >/dev/null
  apt-get clean
' >"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log" >&2; exit 1; }

# Per-node identity is made at first boot: no host keys, machine-id or cluster in the image.
rm -f "$root"/etc/ssh/ssh_host_*
: >"$root/etc/machine-id"; rm -f "$root/var/lib/dbus/machine-id"
rm -rf "$root/etc/postgresql/15" "$root/var/lib/postgresql/15"
rm -f "$root/usr/sbin/policy-rc.d"
# apt caches and lists would add ~77 MB per layer.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/log/*.log

unmount_all
[[ -z $(mounts_below) ]] || { echo "build-base: cannot unmount below $root" >&2; exit 1; }
echo "build-base: importing $tag"
tar -C "$root" --numeric-owner --one-file-system -c . | docker import \
  --change "LABEL fw.lab.hash=$hash" --change 'ENV container=docker' - "$tag" >/dev/null
