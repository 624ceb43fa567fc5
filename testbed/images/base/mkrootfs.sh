#!/usr/bin/env bash
# Makes a Debian bookworm root file system with debootstrap, installs images/base/packages in
# it and imports it as a Docker image. Usage: mkrootfs.sh IMAGE LABEL=VALUE
# Called by images/build.sh, which decides whether a rebuild is needed.
set -euo pipefail

image=$1 label=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /var/tmp/fw-rootfs.XXXXXX)
root=$work/root
mounted=()

cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || true
  done
  # Never delete while anything is still mounted below the root: a bound /dev would go too.
  if grep -q " $root/" /proc/self/mounts; then
    echo "mkrootfs: mounts remain under $root; not removing $work" >&2
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT

mount_in() { # mount_in TARGET mount-args...
  local target=$root$1; shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}

# The mirror is whatever the machine's own apt uses (a dated snapshot, no other source reachable).
mirror_from_apt() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -e $f ]] || continue
    # deb822: the URIs of the stanza whose Suites include plain "bookworm".
    uri=$(awk 'BEGIN{RS=""} /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ {
                 if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) {
                   s = substr($0, RSTART, RLENGTH); sub(/.*URIs:[ \t]*/, "", s); print s; exit } }' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -e $f ]] || continue
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $(i+1) == "bookworm") { print $i; exit } }' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  echo http://deb.debian.org/debian
}

mirror=$(mirror_from_apt)
echo "mkrootfs: debootstrap bookworm from $mirror" >&2
debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
  bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

# Same sources and apt settings as the machine (the snapshot needs Check-Valid-Until "false").
shopt -s nullglob
host_sources=(/etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list)
if ((${#host_sources[@]})); then
  rm -f "$root/etc/apt/sources.list"
  cp "${host_sources[@]}" "$root/etc/apt/sources.list.d/"
  # Keyrings named by Signed-By that the chroot lacks.
  while read -r key; do
    [[ -e $key && ! -e $root$key ]] && install -D -m 0644 "$key" "$root$key"
  done < <(sed -n 's/^Signed-By:[[:space:]]*\(\/[^[:space:]]*\).*/\1/p' "${host_sources[@]}" | sort -u)
fi
[[ -s /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
cp /etc/apt/apt.conf.d/* "$root/etc/apt/apt.conf.d/"
shopt -u nullglob

# No daemon may start inside the chroot while packages install.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

mount_in /proc -t proc proc
mount_in /sys -t sysfs sysfs
mount_in /dev --bind /dev
mount_in /dev/pts --bind /dev/pts

cp "$here/packages" "$root/tmp/fw-packages"
cp "$here/chroot-install.sh" "$root/tmp/fw-chroot-install.sh"
chroot "$root" /bin/bash /tmp/fw-chroot-install.sh >"$work/install.log" 2>&1 || {
  tail -n 30 "$work/install.log" >&2; exit 1; }
rm -f "$root/tmp/fw-chroot-install.sh" "$root/usr/sbin/policy-rc.d"

# Unmount before tar; --one-file-system keeps anything still mounted out of the image anyway.
for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[i]}"; done
mounted=()

tar -C "$root" --numeric-owner --one-file-system -cf - . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "LABEL $label" \
    --change 'CMD ["/bin/bash"]' \
    - "$image" >/dev/null
