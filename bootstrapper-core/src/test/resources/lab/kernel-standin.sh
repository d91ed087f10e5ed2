#!/bin/sh
# A node's kernel as prepare sees it, for the lab (whose nodes share this machine's kernel: its swap and
# modules are not a node's to change). Installed once per node ("install"), it puts the node's own files
# over /proc/swaps, /sys/module and /proc/sys/net, and puts modprobe, swapoff and swapon stand-ins first on
# PATH that change those files as the kernel would (a loaded module has its /sys/module directory; this
# machine's kernel may have no /proc/modules at all). Each seed is set separately:
#   swap-on DEVICE            the device is an active swap and an fstab entry of type swap
#   bridge-keys-missing       br_netfilter not loaded: no net.bridge keys, ip_forward 0
# It also mounts the machine's cgroup hierarchies into the node's /sys/fs/cgroup, so runc can run containers.
set -eu
K=/run/lab-kernel
case "$1" in
  install)
    mkdir -p "$K/net/ipv4" "$K/net/ipv6/conf/default" "$K/module"
    printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$K/swaps"
    echo 0 >"$K/net/ipv4/ip_forward"; echo 0 >"$K/net/ipv6/conf/default/forwarding"
    mount --bind "$K/swaps" /proc/swaps
    mount --bind "$K/module" /sys/module
    mount --bind "$K/net" /proc/sys/net
    mkdir -p /usr/local/sbin
    cat >/usr/local/sbin/modprobe <<'STANDIN'
#!/bin/sh
K=/run/lab-kernel
if [ "$1" = -r ]; then
  m=$2; rmdir "$K/module/$m" 2>/dev/null || true
  [ "$m" = br_netfilter ] && rm -rf "$K/net/bridge"
  exit 0
fi
m=$1
mkdir -p "$K/module/$m"
if [ "$m" = br_netfilter ]; then
  mkdir -p "$K/net/bridge"
  for k in bridge-nf-call-iptables bridge-nf-call-ip6tables bridge-nf-call-arptables; do
    [ -e "$K/net/bridge/$k" ] || echo 0 >"$K/net/bridge/$k"
  done
fi
STANDIN
    cat >/usr/local/sbin/swapoff <<'STANDIN'
#!/bin/sh
head -n 1 /run/lab-kernel/swaps >/run/lab-kernel/swaps.new; cat /run/lab-kernel/swaps.new >/run/lab-kernel/swaps
STANDIN
    cat >/usr/local/sbin/swapon <<'STANDIN'
#!/bin/sh
[ "$1" = -- ] && shift
printf '%s\tfile\t\t1048572\t\t0\t\t-2\n' "$1" >>/run/lab-kernel/swaps
STANDIN
    chmod 755 /usr/local/sbin/modprobe /usr/local/sbin/swapoff /usr/local/sbin/swapon
    if grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts; then
      mount -t cgroup2 lab-cgroup /sys/fs/cgroup
    else
      mount -t tmpfs lab-cgroup /sys/fs/cgroup
      awk '$3 == "cgroup" && $2 ~ "^/sys/fs/cgroup/" {print $2, $4}' /proc/mounts | while read -r dir opts; do
        mkdir -p "$dir"
        mount -t cgroup -o "$(echo "$opts" | sed 's/^rw,//; s/relatime,//; s/^name=/none,name=/')" cgroup "$dir"
      done
    fi ;;
  swap-on)
    /usr/local/sbin/swapon "$2"
    printf '%s none swap sw 0 0\n' "$2" >>/etc/fstab ;;
  *) echo "usage: kernel-standin install | swap-on DEVICE" >&2; exit 2 ;;
esac
