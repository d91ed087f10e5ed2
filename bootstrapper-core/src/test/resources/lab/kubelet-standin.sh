#!/bin/sh
# Lab stand-in for the kubelet (no kubelet or container runtime can run in the lab). Like a kubelet it
# runs the static pods of /etc/kubernetes/manifests, as far as real parts exist:
#   - etcd: the REAL etcd (Debian's 3.4), with the exact command line of etcd.yaml except the two etcd 3.6
#     flag names kubeadm writes, given in 3.4's spelling (the stand-in's part; EtcdProcess maps the same);
#   - kube-apiserver: a TLS terminator (socat) on --advertise-address:--secure-port with the generated
#     apiserver certificate, forwarding to the API stand-in (fabric8 CRUD mock) at $API_UPSTREAM;
#   - controller-manager / scheduler health: a threaded python3 HTTPS server answering /healthz and /livez;
#   - the kubelet's own healthz on 127.0.0.1:10248 (socat, cheaper to start than python on every node),
#     also on a worker (no manifests).
# "start" starts what the manifests hold now and a watcher that, like a kubelet, starts a component
# once its manifest appears (control-plane join writes etcd.yaml after the kubelet started), restarts it
# when its manifest changes or it died, and stops it when its manifest is removed.
# "stop" ends the watcher, then everything else, by the PIDs recorded under /run/kubelet-standin;
# "status" succeeds while all recorded processes run.
set -eu
STATE=/run/kubelet-standin
MANIFESTS=/etc/kubernetes/manifests
PKI=/etc/kubernetes/pki
COMPONENTS="etcd kube-apiserver kube-controller-manager kube-scheduler"

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
    setsid "$@" >>"$STATE/$name.log" 2>&1 </dev/null &
    echo $! >"$STATE/$name.pid"
}

running() { # running NAME: its recorded process is alive
    [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null
}

end() { # end NAME: ends its recorded process and waits until it is gone (its ports are free again)
    [ -f "$STATE/$1.pid" ] || return 0
    pid=$(cat "$STATE/$1.pid")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    rm -f "$STATE/$1.pid" "$STATE/$1.sum"
}

run_pod() { # run_pod NAME MANIFEST: what the kubelet's container would run
    case $1 in
        etcd)
            # shellcheck disable=SC2046
            set -- $(command_of "$2" | sed -e 's/^--feature-gates=InitialCorruptCheck=true$/--experimental-initial-corrupt-check=true/' \
                -e 's/^--watch-progress-notify-interval=/--experimental-watch-progress-notify-interval=/')
            shift
            spawn etcd etcd "$@" --logger=zap --log-outputs=stderr ;;
        kube-apiserver)
            adv=$(flag_of "$2" advertise-address)
            port=$(flag_of "$2" secure-port)
            if [ -n "${API_UPSTREAM:-}" ]; then
                spawn kube-apiserver socat "OPENSSL-LISTEN:$port,bind=$adv,reuseaddr,fork,backlog=128,cert=$PKI/apiserver.crt,key=$PKI/apiserver.key,cafile=$PKI/ca.crt,verify=0" "TCP:$API_UPSTREAM"
            else
                spawn kube-apiserver /usr/bin/python3 -c "$HTTPS_HEALTH" "$adv" "$port" "$PKI/apiserver.crt" "$PKI/apiserver.key" "$STATE/www"
            fi ;;
        kube-controller-manager) health_pod "$1" 10257 ;;
        kube-scheduler) health_pod "$1" 10259 ;;
    esac
}

health_pod() { # health_pod NAME PORT
    spawn "$1" /usr/bin/python3 -c "$HTTPS_HEALTH" 127.0.0.1 "$2" "$PKI/apiserver.crt" "$PKI/apiserver.key" "$STATE/www"
}

# One pass of the kubelet's static pod sync: the running pods match the manifests.
sync_pods() {
    for name in $COMPONENTS; do
        manifest=$MANIFESTS/$name.yaml
        if [ ! -f "$manifest" ]; then
            end "$name"
            continue
        fi
        sum=$(cksum <"$manifest")
        if running "$name" && [ "$sum" = "$(cat "$STATE/$name.sum" 2>/dev/null)" ]; then
            continue
        fi
        end "$name"
        run_pod "$name" "$manifest"
        echo "$sum" >"$STATE/$name.sum"
    done
}

watch() {
    while true; do
        sync_pods || true  # a manifest replaced mid-pass is seen in the next one
        sleep 0.5
    done
}

start() {
    mkdir -p "$STATE/www"
    printf ok >"$STATE/www/healthz"; printf ok >"$STATE/www/livez"; printf ok >"$STATE/www/readyz"
    sync_pods
    # A second start (a restart without stop) leaves the running watcher and healthz alone.
    running watcher || spawn watcher "$0" watch
    # Answers one request: skips the request head (lines end in CR LF), then 200 "ok".
    cat >"$STATE/healthz" <<'HEALTHZ'
#!/bin/sh
while IFS= read -r line && [ -n "${line%?}" ]; do :; done
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok'
HEALTHZ
    chmod 0755 "$STATE/healthz"
    if ! running kubelet; then
        spawn kubelet socat TCP-LISTEN:10248,bind=127.0.0.1,reuseaddr,fork,backlog=128 EXEC:"$STATE/healthz"
        i=0  # listening when start returns, as a kubelet's healthz soon after its unit started
        while ! ss -Hltn 'sport = :10248' | grep -q . && [ $i -lt 50 ]; do sleep 0.05; i=$((i + 1)); done
    fi
}

stop() {
    # The watcher first, or it would start again what is being stopped.
    end watcher
    for f in "$STATE"/*.pid; do
        [ -f "$f" ] || continue
        name=${f##*/}
        end "${name%.pid}"
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
    watch) watch ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
