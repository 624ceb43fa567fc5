#!/usr/bin/env bash
# Renders haproxy.cfg from the environment and runs haproxy in the foreground.
#   BIND_IP              listen address (0.0.0.0)
#   HAPROXY_HTTPS_PORT   TLS listener (443), self-signed certificate made at first start
#   HAPROXY_HTTP_PORT    plain listener (80); GET /health here is haproxy's own health
#   NODE_IP              upstream address of edge and ui (127.0.0.1 when unset)
#   EDGE_PORT, UI_PORT   upstream ports (8083, 8080)
set -euo pipefail

bind_ip=${BIND_IP:-0.0.0.0}
https_port=${HAPROXY_HTTPS_PORT:-443}
http_port=${HAPROXY_HTTP_PORT:-80}
upstream=${NODE_IP:-127.0.0.1}
edge_port=${EDGE_PORT:-8083}
ui_port=${UI_PORT:-8080}
state=/var/lib/fw-haproxy
pem=$state/node.pem
cfg=/run/fw-haproxy/haproxy.cfg

for p in "$https_port" "$http_port" "$edge_port" "$ui_port"; do
  [[ $p =~ ^[0-9]+$ ]] || { echo "fw-haproxy: port '$p' is not a number" >&2; exit 1; }
done

install -d -m 0700 "$state" /run/fw-haproxy
if [[ ! -s $pem ]]; then
  # First start of this container: a self-signed certificate for the node's address.
  cn=${NODE_IP:-$(hostname)}
  san=DNS:localhost
  [[ $cn =~ ^[0-9.]+$ ]] && san="IP:$cn,$san"
  umask 077
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$cn" \
    -addext "subjectAltName=$san" -keyout "$state/node.key" -out "$state/node.crt" 2>/dev/null
  cat "$state/node.crt" "$state/node.key" >"$pem.tmp"
  mv "$pem.tmp" "$pem"
  rm -f "$state/node.key"
fi

cat >"$cfg" <<CFG
global
  log stdout format raw local0 notice
  maxconn 2000
  user haproxy
  group haproxy

defaults
  mode http
  log global
  option dontlognull
  timeout connect 3s
  timeout client 30s
  timeout server 30s
  timeout http-request 10s

frontend fe_https
  bind $bind_ip:$https_port ssl crt $pem
  use_backend be_edge if { path_beg /edge/ }
  default_backend be_ui

frontend fe_http
  bind $bind_ip:$http_port
  monitor-uri /health
  use_backend be_edge if { path_beg /edge/ }
  default_backend be_ui

backend be_edge
  server edge $upstream:$edge_port

backend be_ui
  server ui $upstream:$ui_port
CFG

haproxy -c -q -f "$cfg"
echo "fw-haproxy: https $bind_ip:$https_port, http $bind_ip:$http_port -> edge $upstream:$edge_port, ui $upstream:$ui_port" >&2
exec haproxy -W -db -f "$cfg"
