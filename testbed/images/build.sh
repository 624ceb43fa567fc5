#!/usr/bin/env bash
# Builds the project's local images (no registry is reachable here):
#   fw-base:bookworm  debootstrap minbase + JRE 17, pgpool2, psql, haproxy, openssl, curl
#   fw-app:latest     fw-base + refapp.jar
#   fw-pgpool:latest  fw-base + an entry point that renders pgpool.conf from env
#   fw-haproxy:latest fw-base + a node-local TLS front end
# Each image carries a label with a hash of its inputs; when the label already matches, the
# image is reused, so a second run takes seconds. Usage: build.sh [--force] [base|app|pgpool|haproxy ...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
label_key=org.failoverwatchdog.inputs-hash
jar=$repo/testbed/refapp/target/refapp.jar
# The docker CLI on PATH has no buildx; the classic builder needs no plugin.
export DOCKER_BUILDKIT=0

force=false
targets=()
for arg in "$@"; do
  case $arg in
    --force) force=true ;;
    base | app | pgpool | haproxy) targets+=("$arg") ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--force] [base|app|pgpool|haproxy ...]" >&2; exit 2 ;;
  esac
done
((${#targets[@]})) || targets=(base pgpool haproxy app)

log() { printf '[images] %s\n' "$*"; }


# hash_inputs FILE... : one hash over the names and contents of the files, plus extra strings
# given on stdin (e.g. the base image id), so any change of an input changes the label.
hash_inputs() {
  local f
  {
    cat
    for f; do printf '%s\n' "${f#"$repo"/}"; sha256sum <"$f"; done
  } | sha256sum | cut -c1-24
}

image_label() { docker image inspect -f "{{ index .Config.Labels \"$label_key\" }}" "$1" 2>/dev/null || true; }

# Serialise concurrent runs (two helpers building at once would race on the tags).
exec 9>/tmp/fw-images-build.lock
flock -w 900 9

"$repo/scripts/apt-install" debootstrap
"$repo/scripts/dockerd-up.sh"

status=0
summary=()

build_base() {
  local image=fw-base:bookworm hash start
  local apt_files=(/etc/apt/apt.conf.d/*)
  local f src_files=()
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [[ -e $f ]] && src_files+=("$f")
  done
  # The machine's mirror and apt settings are inputs: a new snapshot means new packages.
  hash=$(hash_inputs "$here/base/packages" "$here/base/chroot-install.sh" "$here/base/mkrootfs.sh" \
    "${apt_files[@]}" "${src_files[@]}" </dev/null)
  start=$SECONDS
  if ! $force && [[ $(image_label "$image") == "$hash" ]]; then
    summary+=("$image reused (inputs $hash) in $((SECONDS - start)) s"); return
  fi
  log "building $image (debootstrap + apt-get, 1-2 min)"
  local blog=/var/tmp/fw-base-build.log
  if ! "$here/base/mkrootfs.sh" "$image" "$label_key=$hash" >"$blog" 2>&1; then
    tail -n 30 "$blog" >&2
    echo "[images] $image failed; full log in $blog" >&2
    exit 1
  fi
  summary+=("$image built (inputs $hash) in $((SECONDS - start)) s")
}

# build_derived NAME IMAGE [EXTRA_FILE...]: docker build of images/NAME on top of fw-base.
build_derived() {
  local name=$1 image=$2; shift 2
  local ctx base_id hash start files
  start=$SECONDS
  if ! base_id=$(docker image inspect -f '{{.Id}}' fw-base:bookworm 2>/dev/null); then
    echo "[images] $image needs fw-base:bookworm; build it first" >&2; status=1; return
  fi
  mapfile -t files < <(find "$here/$name" -type f | LC_ALL=C sort)
  hash=$(hash_inputs "${files[@]}" "$@" <<<"$base_id")
  if ! $force && [[ $(image_label "$image") == "$hash" ]]; then
    summary+=("$image reused (inputs $hash) in $((SECONDS - start)) s"); return
  fi
  log "building $image"
  # A small private context: only the image's own files and the extras (not the whole repo).
  ctx=$(mktemp -d /var/tmp/fw-ctx.XXXXXX)
  cp -a "$here/$name/." "$ctx/"
  local extra; for extra; do cp "$extra" "$ctx/"; done
  if docker build --label "$label_key=$hash" -t "$image" "$ctx" >"$ctx.log" 2>&1; then
    summary+=("$image built (inputs $hash) in $((SECONDS - start)) s")
    rm -f "$ctx.log"
  else
    tail -n 30 "$ctx.log" >&2
    echo "[images] $image failed; full log in $ctx.log" >&2
    status=1
  fi
  rm -rf "$ctx"
}

build_app() {
  if [[ ! -f $jar ]]; then
    log "refapp.jar missing: mvn -q -pl testbed/refapp -am package -DskipTests"
    if ! (cd "$repo" && mvn -q -pl testbed/refapp -am package -DskipTests); then
      echo "[images] fw-app:latest not built: refapp does not build yet" >&2; status=1; return
    fi
  fi
  build_derived app fw-app:latest "$jar"
}

total=$SECONDS
for t in base pgpool haproxy app; do
  [[ " ${targets[*]} " == *" $t "* ]] || continue
  case $t in
    base) build_base ;;
    pgpool) build_derived pgpool fw-pgpool:latest ;;
    haproxy) build_derived haproxy fw-haproxy:latest ;;
    app) build_app ;;
  esac
done
for line in "${summary[@]}"; do log "$line"; done
log "done in $((SECONDS - total)) s"
exit "$status"
