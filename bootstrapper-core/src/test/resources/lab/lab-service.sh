#!/bin/sh
# The lab's "commands" service manager for two services, by $SERVICE: containerd (the REAL containerd, started
# as systemd would start its unit, in the node's own mount and network namespaces) and anything else, which is
# the kubelet stand-in's. "start", "stop", "status" as kubelet-standin.sh takes them.
set -eu
[ "${SERVICE:-kubelet}" = containerd ] || exec /usr/local/bin/kubelet-standin "$@"
PID=/run/lab-containerd.pid
running() { [ -f "$PID" ] && kill -0 "$(cat "$PID")" 2>/dev/null; }
case "$1" in
  start)
    running && exit 0
    # containerd's snapshots cannot live on the node's overlayfs /var.
    mkdir -p /var/lib/containerd
    mountpoint -q /var/lib/containerd || mount -t tmpfs lab-containerd /var/lib/containerd
    containerd=$(command -v containerd)
    setsid "$containerd" --config /etc/containerd/config.toml >>/run/lab-containerd.log 2>&1 </dev/null &
    echo $! >"$PID" ;;
  stop)
    if running; then
      pid=$(cat "$PID"); kill "$pid"
      i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    fi
    rm -f "$PID" ;;
  status) running ;;
  *) echo "usage: SERVICE=NAME lab-service start|stop|status" >&2; exit 2 ;;
esac
