#!/bin/sh
# Lab stand-in for the kubelet (no kubelet or container runtime can run in the lab). "start" runs
# what the kubelet would run from /etc/kubernetes/manifests, as far as real parts exist:
#   - etcd: the REAL etcd, with the exact command line of etcd.yaml;
#   - kube-apiserver: a TLS terminator (socat) on --advertise-address:--secure-port with the generated
#     apiserver certificate, forwarding to the API stand-in (fabric8 CRUD mock) at $API_UPSTREAM;
#   - controller-manager / scheduler health: a threaded python3 HTTPS server answering /healthz and /livez;
#   - the kubelet's own healthz on 127.0.0.1:10248 (python3 http.server).
# "stop" ends them by the PIDs recorded under /run/kubelet-standin; "status" succeeds while all run.
set -eu
STATE=/run/kubelet-standin
MANIFESTS=/etc/kubernetes/manifests
PKI=/etc/kubernetes/pki

# The container command of a static pod manifest, one argument per line.
command_of() {
    awk '/^ *- command:/ {c=1; next} c && /^ *- / {sub(/^ *- /, ""); print; next} c {exit}' "$1"
}

flag_of() { # flag_of FILE NAME -> value of --NAME= in the manifest's command
    command_of "$1" | sed -n "s/^--$2=//p" | head -n 1
}

# A threaded HTTPS server for health files (openssl s_server serves one connection at a time and
# stalls behind a client that keeps its connection open).
HTTPS_HEALTH='
import functools, http.server, ssl, sys
addr, port, cert, key, root = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
server = http.server.ThreadingHTTPServer((addr, port), handler)
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain(cert, key)
server.socket = tls.wrap_socket(server.socket, server_side=True)
server.serve_forever()
'

spawn() { # spawn NAME COMMAND... : start detached, record the PID
    name=$1; shift
    setsid "$@" >"$STATE/$name.log" 2>&1 </dev/null &
    echo $! >"$STATE/$name.pid"
}

start() {
    mkdir -p "$STATE/www"
    printf ok >"$STATE/www/healthz"; printf ok >"$STATE/www/livez"; printf ok >"$STATE/www/readyz"
    if [ -f "$MANIFESTS/etcd.yaml" ]; then
        # shellcheck disable=SC2046
        set -- $(command_of "$MANIFESTS/etcd.yaml")
        shift
        spawn etcd etcd "$@" --logger=zap --log-outputs=stderr
    fi
    if [ -f "$MANIFESTS/kube-apiserver.yaml" ]; then
        adv=$(flag_of "$MANIFESTS/kube-apiserver.yaml" advertise-address)
        port=$(flag_of "$MANIFESTS/kube-apiserver.yaml" secure-port)
        if [ -n "${API_UPSTREAM:-}" ]; then
            spawn kube-apiserver socat "OPENSSL-LISTEN:$port,bind=$adv,reuseaddr,fork,backlog=128,cert=$PKI/apiserver.crt,key=$PKI/apiserver.key,cafile=$PKI/ca.crt,verify=0" "TCP:$API_UPSTREAM"
        else
            spawn kube-apiserver /usr/bin/python3 -c "$HTTPS_HEALTH" "$adv" "$port" "$PKI/apiserver.crt" "$PKI/apiserver.key" "$STATE/www"
        fi
    fi
    for pair in kube-controller-manager:10257 kube-scheduler:10259; do
        name=${pair%%:*}; port=${pair##*:}
        if [ -f "$MANIFESTS/$name.yaml" ]; then
            spawn "$name" /usr/bin/python3 -c "$HTTPS_HEALTH" 127.0.0.1 "$port" "$PKI/apiserver.crt" "$PKI/apiserver.key" "$STATE/www"
        fi
    done
    spawn kubelet /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$STATE/www" 10248
}

stop() {
    for f in "$STATE"/*.pid; do
        [ -f "$f" ] || continue
        kill "$(cat "$f")" 2>/dev/null || true
        rm -f "$f"
    done
}

status() {
    found=0
    for f in "$STATE"/*.pid; do
        [ -f "$f" ] || continue
        found=1
        kill -0 "$(cat "$f")" 2>/dev/null || return 1
    done
    [ "$found" = 1 ]
}

mkdir -p "$STATE"
case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
