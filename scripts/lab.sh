#!/usr/bin/env bash
# The test lab: N Linux "nodes" on this machine, each its own network, mount, UTS, IPC and PID
# namespace with a real OpenSSH sshd, on one bridge in 10.211.0.0/24. Needs root.
#
#   scripts/lab.sh [--name NAME] up N        start N nodes (stops a stale lab of the same name first)
#   scripts/lab.sh [--name NAME] down        stop the nodes, remove netns/veths/bridge and the state
#   scripts/lab.sh [--name NAME] status      nodes, addresses and whether they run
#   scripts/lab.sh [--name NAME] ssh NODE [CMD...]   ssh as root into node1 / 1
#   scripts/lab.sh gc                        take down labs whose owning process is gone
#
# Several labs can run at once: each takes a free "slot" S (0-7) and uses the /27 at
# 10.211.0.(32*S): the host side of its bridge is .1, node N is .(10+N). All of a lab's state is in
# /tmp/bootstrap-lab-NAME (keys, known_hosts, PIDs, per-node copy-on-write upper dirs).
# Nothing is routed: no ip_forward, no NAT, no default route in the nodes.
set -euo pipefail

NAME=${LAB_NAME:-default}
OWNER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --name) NAME=$2; shift 2 ;;
    --owner) OWNER=$2; shift 2 ;;   # a PID: when it is gone, `gc` may take the lab down
    *) break ;;
  esac
done
[[ "$NAME" =~ ^[a-zA-Z0-9_-]{1,40}$ ]] || { echo "lab: --name must be 1-40 of [a-zA-Z0-9_-], got '$NAME'" >&2; exit 2; }
STATE=/tmp/bootstrap-lab-$NAME
LOCK=/tmp/bootstrap-lab.lock
MAX_NODES=20
LABPW_PASSWORD=labpw-sudo-secret

die() { echo "lab: $*" >&2; exit 1; }
need_root() { [ "$(id -u)" -eq 0 ] || die "needs root (network and mount namespaces)"; }

slot_base() { echo $((32 * $1)); }
bridge() { echo "blab$1"; }
netns() { echo "blab$1node$2"; }
node_addr() { echo "10.211.0.$(( $(slot_base "$1") + 10 + $2 ))"; }

# A PID is ours only if its command line still names this lab's init script.
is_ours() {
  local pid=$1
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$STATE/init.sh"
}

lab_down() {
  [ -d "$STATE" ] || return 0
  local slot; slot=$(cat "$STATE/slot" 2>/dev/null || echo "")
  if [ -f "$STATE/pids" ]; then
    # Gracefully first (TERM the node inits), then KILL the unshare holders: --kill-child ends
    # each PID namespace and with it every process a node started.
    while read -r _ holder init; do
      if [ -n "$init" ] && is_ours "$init"; then kill -TERM "$init" 2>/dev/null || true; fi
    done <"$STATE/pids"
    sleep 0.2
    while read -r _ holder _; do
      if is_ours "$holder"; then kill -KILL "$holder" 2>/dev/null || true; fi
    done <"$STATE/pids"
  fi
  if [ -n "$slot" ]; then
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^blab${slot}node[0-9]+$" || true); do
      ip netns del "$ns" 2>/dev/null || true
    done
    for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^blab${slot}n[0-9]+$" || true); do
      ip link del "$link" 2>/dev/null || true
    done
    ip link del "$(bridge "$slot")" 2>/dev/null || true
  fi
  rm -rf "$STATE"
}

pick_slot() {
  local s
  for s in 0 1 2 3 4 5 6 7; do
    if ! ip link show "$(bridge "$s")" >/dev/null 2>&1 && ! grep -qx "$s" /tmp/bootstrap-lab-*/slot 2>/dev/null; then
      echo "$s"; return 0
    fi
  done
  die "all 8 lab slots are in use; take one down with: scripts/lab.sh --name NAME down (or scripts/lab.sh gc)"
}

write_init() {
  # Runs inside a node's fresh namespaces as its PID 1: private filesystem, hostname, users, sshd.
  cat >"$STATE/init.sh" <<'INIT'
#!/usr/bin/env bash
set -eu
STATE=$1; N=$2; NODE=$STATE/node$N
hostname "node$N"
mount --make-rprivate /
for d in etc var opt usr home srv; do
  mkdir -p "$NODE/upper/$d" "$NODE/work/$d"
  mount -t overlay "lab-$d" -o "lowerdir=/$d,upperdir=$NODE/upper/$d,workdir=$NODE/work/$d" "/$d"
done
AUTH_KEY=$(cat "$STATE/id_ed25519.pub")
LABPW_HASH=$(cat "$STATE/labpw.hash")
cp "$NODE/ssh_host_ed25519_key" "$NODE/ssh_host_ecdsa_key" /etc/ssh/
cp "$NODE/ssh_host_ed25519_key.pub" "$NODE/ssh_host_ecdsa_key.pub" /etc/ssh/
cp "$STATE/sshd_config" /etc/ssh/lab_sshd_config
cp "$STATE/hosts" /etc/hosts
echo "node$N" >/etc/hostname
echo "nameserver 127.0.0.1" >/etc/resolv.conf
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >/etc/machine-id
for d in /root /tmp /run /dev/shm; do mount -t tmpfs -o mode=0755 "lab-tmp" "$d"; done
chmod 1777 /tmp /dev/shm; chmod 0700 /root
mount -t sysfs sysfs /sys
mount -o bind,remount,ro /
mount --bind -o ro /proc/sys /proc/sys 2>/dev/null || true
mount --bind /proc/sys/net /proc/sys/net 2>/dev/null || true
mkdir -p /run/sshd /root/.ssh && chmod 0755 /run/sshd
echo "$AUTH_KEY" >/root/.ssh/authorized_keys && chmod 0600 /root/.ssh/authorized_keys
# "lab": passwordless sudo; "labpw": sudo with a password. '*' (not '!'): pubkey login allowed.
for u in lab labpw; do
  id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
  install -d -m 0700 -o "$u" -g "$u" "/home/$u/.ssh"
  echo "$AUTH_KEY" >"/home/$u/.ssh/authorized_keys"
  chown "$u:$u" "/home/$u/.ssh/authorized_keys"; chmod 0600 "/home/$u/.ssh/authorized_keys"
done
usermod -p '*' lab
usermod -p "$LABPW_HASH" labpw
printf 'lab ALL=(ALL) NOPASSWD:ALL\nlabpw ALL=(ALL) ALL\n' >/etc/sudoers.d/lab && chmod 0440 /etc/sudoers.d/lab
ip link set lo up
SSHD=""
trap '[ -n "$SSHD" ] && kill "$SSHD" 2>/dev/null; exit 0' TERM INT
# PID 1: keep sshd running; bash reaps orphaned children as they are reparented to it.
while true; do
  /usr/sbin/sshd -D -f /etc/ssh/lab_sshd_config -E /var/log/lab-sshd.log &
  SSHD=$!
  wait "$SSHD" || true
  sleep 0.2
done
INIT
  chmod 0755 "$STATE/init.sh"
}

lab_up() {
  local count=$1
  [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 1 ] && [ "$count" -le $MAX_NODES ] \
    || die "up needs a node count from 1 to $MAX_NODES, got '$count'"
  need_root
  for tool in ip unshare nsenter setsid ssh-keygen /usr/sbin/sshd openssl; do
    command -v "$tool" >/dev/null || die "missing '$tool' (run scripts/install-test-deps.sh as root)"
  done
  exec 9>"$LOCK"
  flock 9
  lab_down
  local slot; slot=$(pick_slot)
  mkdir -p "$STATE" && chmod 0700 "$STATE"
  echo "$slot" >"$STATE/slot"
  echo "${OWNER:-}" >"$STATE/owner"
  flock -u 9

  local base br; base=$(slot_base "$slot"); br=$(bridge "$slot")
  ssh-keygen -q -t ed25519 -N '' -C "bootstrap-lab-$NAME" -f "$STATE/id_ed25519"
  openssl passwd -6 "$LABPW_PASSWORD" >"$STATE/labpw.hash"
  echo "$LABPW_PASSWORD" >"$STATE/labpw.password"; chmod 0600 "$STATE/labpw.password"
  cat >"$STATE/sshd_config" <<EOF
Port 22
ListenAddress 0.0.0.0
HostKey /etc/ssh/ssh_host_ed25519_key
HostKey /etc/ssh/ssh_host_ecdsa_key
KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
PidFile /run/sshd.pid
LogLevel VERBOSE
MaxSessions 64
MaxStartups 64:30:128
Subsystem sftp internal-sftp
EOF
  { echo "127.0.0.1 localhost"; for n in $(seq 1 "$count"); do echo "$(node_addr "$slot" "$n") node$n"; done; } >"$STATE/hosts"
  : >"$STATE/known_hosts"; : >"$STATE/nodes"; : >"$STATE/pids"; : >"$STATE/ssh_config"
  for n in $(seq 1 "$count"); do
    mkdir -p "$STATE/node$n"
    ssh-keygen -q -t ed25519 -N '' -C "node$n" -f "$STATE/node$n/ssh_host_ed25519_key" &
    ssh-keygen -q -t ecdsa -N '' -C "node$n" -f "$STATE/node$n/ssh_host_ecdsa_key" &
  done
  wait
  write_init

  ip link add "$br" type bridge
  ip addr add "10.211.0.$((base + 1))/27" dev "$br"
  ip link set "$br" up
  ip route replace "10.211.0.$base/27" dev "$br" proto kernel scope link src "10.211.0.$((base + 1))" quickack 1
  for n in $(seq 1 "$count"); do
    local ns addr; ns=$(netns "$slot" "$n"); addr=$(node_addr "$slot" "$n")
    ip netns add "$ns"
    ip link add "blab${slot}n$n" type veth peer name "blab${slot}p$n"
    ip link set "blab${slot}p$n" netns "$ns"
    ip link set "blab${slot}n$n" master "$br" up
    ip -n "$ns" link set "blab${slot}p$n" name eth0
    ip -n "$ns" addr add "$addr/27" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" route replace "10.211.0.$base/27" dev eth0 proto kernel scope link src "$addr" quickack 1
    for t in ed25519 ecdsa; do
      echo "$addr $(cut -d' ' -f1,2 "$STATE/node$n/ssh_host_${t}_key.pub")" >>"$STATE/known_hosts"
    done
    echo "node$n $addr" >>"$STATE/nodes"
    printf 'Host node%s\n    HostName %s\n    User root\n    IdentityFile %s\n    IdentitiesOnly yes\n    UserKnownHostsFile %s\n    StrictHostKeyChecking yes\n    KexAlgorithms curve25519-sha256\n' \
      "$n" "$addr" "$STATE/id_ed25519" "$STATE/known_hosts" >>"$STATE/ssh_config"
    setsid nsenter --net="/run/netns/$ns" unshare --mount --uts --ipc --pid --fork --kill-child --mount-proc \
      -- "$STATE/init.sh" "$STATE" "$n" </dev/null >"$STATE/node$n/init.log" 2>&1 &
    echo "node$n $!" >>"$STATE/pids.tmp"
  done
  # Record each holder with its init (the holder's only child) for `down`.
  while read -r node holder; do
    local init="" i
    for i in $(seq 1 50); do
      init=$(cat "/proc/$holder/task/$holder/children" 2>/dev/null | awk '{print $1}')
      [ -n "$init" ] && break
      sleep 0.02
    done
    echo "$node $holder $init" >>"$STATE/pids"
  done <"$STATE/pids.tmp"
  rm -f "$STATE/pids.tmp"
  # Ready when every sshd accepts connections.
  for n in $(seq 1 "$count"); do
    local addr; addr=$(node_addr "$slot" "$n")
    local ok=""
    for i in $(seq 1 250); do
      if timeout 0.5 bash -c "exec 3<>/dev/tcp/$addr/22" 2>/dev/null; then ok=1; break; fi
      sleep 0.02
    done
    [ -n "$ok" ] || { cat "$STATE/node$n/init.log" >&2; lab_down; die "node$n ($addr) did not start sshd; lab taken down"; }
  done
  echo "lab $NAME: $count nodes up in $STATE (slot $slot)"
}

lab_status() {
  [ -d "$STATE" ] || { echo "lab $NAME: not up"; return 0; }
  echo "lab $NAME: state $STATE, slot $(cat "$STATE/slot")"
  while read -r node holder init; do
    local addr state=down
    addr=$(awk -v n="$node" '$1 == n {print $2}' "$STATE/nodes")
    is_ours "$holder" && state=running
    echo "$node $addr $state"
  done <"$STATE/pids"
}

lab_ssh() {
  local node=${1:?ssh needs a node (node1 or 1)}; shift
  [[ "$node" =~ ^[0-9]+$ ]] && node="node$node"
  [[ "$node" =~ ^node[0-9]+$ ]] || die "node must be nodeN or N, got '$node'"
  grep -qx "$node [0-9.]*" "$STATE/nodes" 2>/dev/null || die "no node '$node' in lab $NAME (see: scripts/lab.sh --name $NAME status)"
  exec ssh -q -F "$STATE/ssh_config" "$node" "$@"
}

lab_gc() {
  need_root
  local dir owner
  for dir in /tmp/bootstrap-lab-*/; do
    [ -d "$dir" ] || continue
    owner=$(cat "$dir/owner" 2>/dev/null || true)
    if [ -n "$owner" ] && [ ! -d "/proc/$owner" ]; then
      NAME=${dir%/}; NAME=${NAME#/tmp/bootstrap-lab-}; STATE=/tmp/bootstrap-lab-$NAME
      echo "lab: taking down $NAME (owner $owner is gone)" >&2
      lab_down
    fi
  done
}

cmd=${1:-}
shift || true
case "$cmd" in
  up) lab_up "${1:-}" ;;
  down) need_root; lab_down ;;
  status) lab_status ;;
  ssh) lab_ssh "$@" ;;
  gc) lab_gc ;;
  *) echo "usage: scripts/lab.sh [--name NAME] up N | down | status | ssh NODE [CMD...] | gc" >&2; exit 2 ;;
esac
